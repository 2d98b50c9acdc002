// docs/diagnostics.md quotes the real messages of the Type II sample codes: each example block
// of evidence-gap and placeholder-evidence is run through the checks (the period its comment
// names) and the message Attest gives must appear in that block, word for word.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROOT, memoryWorkspace } from '../helpers/attest.mjs';

const DOC = fs.readFileSync(path.join(ROOT, 'docs/diagnostics.md'), 'utf8');

function section(code) {
  const start = DOC.indexOf(`\n## ${code}\n`);
  assert.ok(start >= 0, `a section for ${code}`);
  const end = DOC.indexOf('\n## ', start + 1);
  return DOC.slice(start, end < 0 ? DOC.length : end);
}
const yamlBlocks = (s) => [...s.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]);
const folded = (s) => s.replace(/\n#\s*/g, ' ').replace(/\s+/g, ' ');

for (const code of ['evidence-gap', 'placeholder-evidence']) {
  yamlBlocks(section(code)).forEach((block, i) => {
    test(`${code}, example ${i + 1}: the documented message is the real one`, () => {
      const period = /period (\d{4}-\d{2}-\d{2}) to (\d{4}-\d{2}-\d{2})/.exec(block);
      const config = period ? `report: type2\nperiod:\n  start: ${period[1]}\n  end: ${period[2]}\n` : undefined;
      const ws = memoryWorkspace({ config, files: { 'controls/x.yaml': block } });
      const messages = ws.findings('controls/x.yaml').filter((f) => f.code === code).map((f) => f.message);
      assert.ok(messages.length > 0, `the example gives ${code}`);
      for (const m of messages) assert.ok(folded(block).includes(folded(m)), `docs/diagnostics.md, ${code}, quotes: ${m}`);
    });
  });
}
