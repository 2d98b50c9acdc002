// docs/diagnostics.md quotes real messages: each example below is run through the checks and
// the message Attest gives must appear in that code's section, word for word.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memoryWorkspace } from '../helpers/attest.mjs';
import { diagnosticSection as section } from '../helpers/docs.mjs';

/** Comment continuations and line breaks folded into single spaces. */
const folded = (s) => s.replace(/\n#\s*/g, ' ').replace(/\s+/g, ' ');

/** The `n`th fenced block of a language in a section. */
function block(text, lang, n = 0) {
  const blocks = [...text.matchAll(new RegExp('```' + lang + '\\n([\\s\\S]*?)```', 'g'))].map((m) => m[1]);
  assert.ok(blocks[n] !== undefined, `block ${n} (${lang})`);
  return blocks[n];
}

const HEADER = 'id: DOC-1\ntitle: Doc\nowner: o\n';
const CASES = [
  { code: 'evidence-gap', config: 'report: type2\nperiod:\n  start: 2026-01-01\n  end: 2026-12-31\n', file: (s) => ['controls/x.yaml', block(s, 'yaml')] },
  { code: 'out-of-scope-criterion', config: 'categories: [security, availability]\n', file: (s) => ['controls/x.yaml', block(s, 'yaml')] },
  { code: 'out-of-scope-criterion', file: (s) => ['controls/x.yaml', block(s, 'yaml')] },
  { code: 'unknown-system', config: 'systems:\n  - id: okta\n    name: Okta\n  - id: vpn\n    name: VPN\n', file: (s) => ['controls/x.yaml', block(s, 'yaml')] },
  { code: 'unknown-criterion', file: (s) => ['controls/x.yaml', HEADER + block(s, 'yaml', 1)] },
  { code: 'numeric-version', file: (s) => ['policies/x.md', block(s, 'markdown')] },
  { code: 'unknown-rule', configFrom: (s) => block(s, 'yaml') },
  { code: 'schema', file: (s) => ['controls/x.yaml', block(s, 'yaml')], only: /`status`/ },
  { code: 'unknown-policy', file: (s) => ['controls/x.yaml', block(s, 'yaml')], extra: { 'policies/a.md': '---\nid: POL-ACCESS\ntitle: Access\nowner: o\n---\n' } },
  { code: 'unknown-framework', config: 'frameworks: [tsc-2017, iso27001-2022]\n', file: (s) => ['controls/x.yaml', block(s, 'yaml')] },
  { code: 'unknown-framework', configFrom: (s) => block(s, 'yaml', 1) },
  { code: 'crosswalk-unknown-criterion', config: 'frameworks: [tsc-2017, iso27001-2022]\n', file: (s) => ['crosswalks/x.yaml', block(s, 'yaml')] },
];

for (const c of CASES) {
  test(`${c.code}${c.config === undefined && !c.configFrom ? ' (no attest.yaml)' : ''}: the documented message is the real one`, () => {
    const s = section(c.code);
    const files = { ...(c.extra ?? {}) };
    let rel = 'attest.yaml';
    if (c.file) {
      const [r, text] = c.file(s);
      files[r] = text;
      rel = r;
    }
    const ws = memoryWorkspace({ config: c.configFrom ? c.configFrom(s) : c.config, files });
    const messages = ws.findings(rel).filter((f) => f.code === c.code && (!c.only || c.only.test(f.message))).map((f) => f.message);
    assert.ok(messages.length > 0, `the example gives ${c.code}`);
    for (const m of messages) assert.ok(folded(s).includes(folded(m)), `docs/diagnostics.md, ${c.code}, quotes: ${m}`);
  });
}
