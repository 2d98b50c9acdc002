// Evidence files are an input, not something analysis looks up once: creating a missing evidence
// file clears broken-evidence-link, deleting it (or its folder) brings it back, without an edit.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { tempWorkspace } from '../helpers/workspaces.mjs';
import { TestClient, codes } from '../helpers/lsp.mjs';

const CREATED = 1;
const DELETED = 3;
let root;
let c;
const file = (rel) => path.join(root, rel);
const has = (code) => (d) => codes(d).includes(code);
const hasNot = (code) => (d) => !codes(d).includes(code);

before(async () => {
  root = tempWorkspace({
    'controls/a.yaml': 'id: A-1\ntitle: A\nowner: sec\ncriteria: [CC6.1]\nevidence:\n  - title: Export\n    collected: 2026-03-31\n    link: evidence/q1/export.csv\n',
  });
  c = await TestClient.indexed(root);
  await c.waitForDiagnostics(file('controls/a.yaml'), has('broken-evidence-link'));
});
after(() => c.shutdown());

test('creating the missing evidence file clears broken-evidence-link', async () => {
  fs.mkdirSync(file('evidence/q1'), { recursive: true });
  fs.writeFileSync(file('evidence/q1/export.csv'), 'user,access\n');
  c.watched([[file('evidence/q1/export.csv'), CREATED]]);
  await c.nextDiagnostics(file('controls/a.yaml'), hasNot('broken-evidence-link'));
});

test('deleting the folder that holds it brings broken-evidence-link back', async () => {
  fs.rmSync(file('evidence'), { recursive: true });
  c.watched([[file('evidence'), DELETED]]);
  const d = await c.nextDiagnostics(file('controls/a.yaml'), has('broken-evidence-link'));
  assert.match(d.find((x) => x.code === 'broken-evidence-link').message, /evidence\/q1\/export\.csv/);
});

test('the server asks the editor to report created files of any kind (evidence is often .csv or .pdf)', () => {
  const watchers = c.registrations.filter((r) => r.method === 'workspace/didChangeWatchedFiles').flatMap((r) => r.registerOptions.watchers);
  assert.ok(watchers.some((w) => w.globPattern === '**/*' && (w.kind & CREATED) !== 0), JSON.stringify(watchers));
});
