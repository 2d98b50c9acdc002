// Type II evidence in the editor: hover on a sample date, the broken-link finding and document links.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { pos } from '../helpers/positions.mjs';
import { tempWorkspace } from '../helpers/workspaces.mjs';
import { TestClient, uriOf, codes } from '../helpers/lsp.mjs';

const CONFIG = 'framework: tsc-2017\nreport: type2\nperiod:\n  start: 2026-01-01\n  end: 2026-12-31\n';
const CONTROL = [
  'id: EV-01',
  'title: Quarterly access review',
  'owner: security-team',
  'frequency: quarterly',
  'criteria: [CC6.1]',
  'evidence:',
  '  - title: Q1 review',
  '    collected: 2026-03-30',
  '    link: evidence/q1.csv',
  '  - title: Q2 review',
  '    collected: 2026-06-29',
  '    link: evidence/missing.csv',
  '  - title: Q3 review',
  '    collected: 2026-09-28',
  '    link: https://tickets.example.com/SEC-3',
  '',
].join('\n');

test('evidence: hover on a date says when the next sample is due; a link to a missing file is flagged; links are clickable', async () => {
  const root = tempWorkspace({ 'attest.yaml': CONFIG, 'controls/ev.yaml': CONTROL, 'evidence/q1.csv': 'user,removed\n' });
  const file = path.join(root, 'controls/ev.yaml');
  const c = new TestClient();
  try {
    await c.initialize(root);
    const diags = await c.waitForDiagnostics(file, (d) => codes(d).includes('broken-evidence-link'));
    const broken = diags.filter((d) => d.code === 'broken-evidence-link');
    assert.equal(broken.length, 1, 'only the missing file, not the existing one or the URL');
    assert.deepEqual(broken[0].range.start, pos(CONTROL, 'evidence/missing.csv'));
    const uri = c.open(file, CONTROL);
    const hover = await c.request('textDocument/hover', { textDocument: { uri }, position: pos(CONTROL, '2026-06-29', { shift: 2 }) });
    assert.match(hover.contents.value, /Inside the audit period/);
    assert.match(hover.contents.value, /due by 2026-09-29/); // 2026-06-29 + 92 days
    const idHover = await c.request('textDocument/hover', { textDocument: { uri }, position: pos(CONTROL, 'EV-01', { shift: 1 }) });
    assert.match(idHover.contents.value, /Evidence: \*\*current\*\*/);
    const links = await c.request('textDocument/documentLink', { textDocument: { uri } });
    const targets = links.map((l) => l.target);
    assert.ok(targets.includes(uriOf(path.join(root, 'evidence/q1.csv'))));
    assert.ok(targets.includes('https://tickets.example.com/SEC-3'));
    assert.ok(!targets.some((t) => t.endsWith('missing.csv')));
  } finally {
    await c.shutdown();
  }
});
