// docs/diagnostics.md quotes the real messages of the Type II sample codes: each example block
// of evidence-gap and placeholder-evidence is run through the checks (the period its comment
// names) and the message Attest gives must appear in that block, word for word.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memoryWorkspace } from '../helpers/attest.mjs';
import { diagnosticSection as section } from '../helpers/docs.mjs';

const yamlBlocks = (s) => [...s.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]);
/** Comment continuations and line breaks folded into single spaces. */
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
