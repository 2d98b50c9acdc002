// Evidence integrity in the editor: an evidence file changed on disk after its sha256 was recorded
// shows evidence-changed on the sha256 value once the editor reports the change (watched files,
// never polling); the quick fix records the new hash; a refactor records a missing one.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pos, rangeOf } from '../helpers/positions.mjs';
import { tempWorkspace } from '../helpers/workspaces.mjs';
import { applyWorkspaceEdit } from '../helpers/edits.mjs';
import { TestClient, codes, uriOf } from '../helpers/lsp.mjs';

const CHANGED = 2;
const sha = (s) => createHash('sha256').update(s).digest('hex');
const FILED = 'user,access\nalice,admin\n';
const control = (hash) => `id: AC-1\ntitle: Access review\nowner: sec\ncriteria: [CC6.1]\nevidence:\n  - title: Q1 export\n    collected: 2026-03-31\n    link: evidence/q1.csv\n    sha256: ${hash}\n  - title: Q2 export\n    collected: 2026-06-30\n    link: evidence/q2.csv\n`;
let root;
let c;
const file = (rel) => path.join(root, rel);
const has = (code) => (d) => codes(d).includes(code);

before(async () => {
  root = tempWorkspace({ 'controls/a.yaml': control(sha(FILED)), 'evidence/q1.csv': FILED, 'evidence/q2.csv': 'q2\n' });
  c = await TestClient.indexed(root);
});
after(() => c.shutdown());

test('the server watches changes of files of any kind (evidence is often .csv or .pdf)', () => {
  const watchers = c.registrations.filter((r) => r.method === 'workspace/didChangeWatchedFiles').flatMap((r) => r.registerOptions.watchers);
  assert.ok(watchers.some((w) => w.globPattern === '**/*' && (w.kind & CHANGED) !== 0), JSON.stringify(watchers));
});

test('changing the evidence file on disk: evidence-changed on the sha256 value, after the watched-file event', async () => {
  fs.writeFileSync(file('evidence/q1.csv'), `${FILED}mallory,admin\n`);
  c.watched([[file('evidence/q1.csv'), CHANGED]]);
  const d = await c.nextDiagnostics(file('controls/a.yaml'), has('evidence-changed'));
  const f = d.find((x) => x.code === 'evidence-changed');
  const text = fs.readFileSync(file('controls/a.yaml'), 'utf8');
  assert.deepEqual(f.range, rangeOf(text, sha(FILED)));
  assert.equal(f.severity, 2);
  assert.match(f.message, /evidence\/q1\.csv/);
});

test('the quick fix records the current hash, and the finding goes', async () => {
  const { actions } = await c.actionsFor(file('controls/a.yaml'), 'evidence-changed');
  const fix = actions.find((a) => /Record the current SHA-256/.test(a.title));
  assert.ok(fix, JSON.stringify(actions.map((a) => a.title)));
  assert.equal(fix.kind, 'quickfix');
  const uri = uriOf(file('controls/a.yaml'));
  const fixed = applyWorkspaceEdit(fix.edit, new Map()).get(uri);
  assert.ok(fixed.includes(`sha256: ${sha(`${FILED}mallory,admin\n`)}`));
  fs.writeFileSync(file('controls/a.yaml'), fixed);
  c.watched([[file('controls/a.yaml'), CHANGED]]);
  await c.nextDiagnostics(file('controls/a.yaml'), (d) => !has('evidence-changed')(d));
});

test('restoring the filed copy clears it as well', async () => {
  fs.writeFileSync(file('controls/a.yaml'), control(sha(FILED)));
  c.watched([[file('controls/a.yaml'), CHANGED]]);
  await c.nextDiagnostics(file('controls/a.yaml'), has('evidence-changed'));
  fs.writeFileSync(file('evidence/q1.csv'), FILED);
  c.watched([[file('evidence/q1.csv'), CHANGED]]);
  await c.nextDiagnostics(file('controls/a.yaml'), (d) => !has('evidence-changed')(d));
});

test('an entry linking to a project file without sha256: a refactor records it under the link', async () => {
  const text = fs.readFileSync(file('controls/a.yaml'), 'utf8');
  const at = pos(text, 'evidence/q2.csv');
  const actions = await c.request('textDocument/codeAction', { textDocument: { uri: uriOf(file('controls/a.yaml')) }, range: { start: at, end: at }, context: { diagnostics: [] } });
  const rec = actions.find((a) => a.title === 'Record the SHA-256 of evidence/q2.csv');
  assert.ok(rec, JSON.stringify(actions.map((a) => a.title)));
  const fixed = applyWorkspaceEdit(rec.edit, new Map([[uriOf(file('controls/a.yaml')), text]])).get(uriOf(file('controls/a.yaml')));
  assert.ok(fixed.endsWith(`    link: evidence/q2.csv\n    sha256: ${sha('q2\n')}\n`), fixed);
});
