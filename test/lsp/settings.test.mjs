// Settings through workspace/configuration (per folder), and defaults for clients without it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { tempWorkspace } from '../helpers/workspaces.mjs';
import { TestClient, codes, uriOf } from '../helpers/lsp.mjs';
import { EVERY_CODE, SMALL } from './fixtures.mjs';

test('a client without workspace/configuration support still gets diagnostics, with the default settings', async () => {
  const root = tempWorkspace(EVERY_CODE);
  const c = new TestClient({ configuration: false });
  try {
    await c.initialize(root);
    const cfg = path.join(root, 'attest.yaml');
    // Default maxProblems (100) is far above attest.yaml's 26 findings: nothing is cut.
    const d = await c.waitForDiagnostics(cfg, (x) => codes(x).includes('exclusion-without-reason'));
    assert.ok(d.filter((x) => x.code === 'uncovered-criterion').length >= 20);
    assert.ok(!codes(d).includes('too-many-problems'));
    await c.waitForDiagnostics(path.join(root, 'controls/criteria.yaml'), (x) => codes(x).includes('unknown-criterion'));
    // Live diagnostics too.
    const f = path.join(root, 'controls/unmapped.yaml');
    c.open(f, EVERY_CODE['controls/unmapped.yaml'].replace('UNM-01', 'DUP-01'));
    await c.nextDiagnostics(f, (x) => codes(x).includes('duplicate-id'));
    assert.equal(c.configurationRequests, 0, 'the server must not ask a client that does not support workspace/configuration');
  } finally {
    await c.shutdown();
  }
});

test('maxProblems caps each file with a final note of how many more; a configuration change re-applies it', async () => {
  const root = tempWorkspace(EVERY_CODE);
  const settings = { maxProblems: 2 };
  const c = new TestClient({ settings });
  try {
    await c.initialize(root);
    const cfg = path.join(root, 'attest.yaml');
    const d = await c.waitForDiagnostics(cfg, (x) => x.length > 0);
    assert.equal(d.length, 3, `2 problems and the note: ${JSON.stringify(codes(d))}`);
    const note = d[d.length - 1];
    assert.match(note.message, /more/);
    assert.match(note.message, /\b24\b/, `26 findings, 2 shown: ${note.message}`);
    // The most severe are kept: the error (exclusion-without-reason) is among the two shown.
    assert.ok(codes(d.slice(0, 2)).includes('exclusion-without-reason'));
    // A file with fewer problems than the cap is untouched.
    const one = await c.waitForDiagnostics(path.join(root, 'controls/unmapped.yaml'), (x) => x.length > 0);
    assert.deepEqual(codes(one), ['unmapped-control']);
    // Raise the cap: everything is republished in full.
    settings.maxProblems = 50;
    c.notify('workspace/didChangeConfiguration', { settings: { attest: settings } });
    const all = await c.nextDiagnostics(cfg, (x) => x.length > 3);
    assert.equal(all.length, 26);
    assert.ok(!codes(all).includes('too-many-problems'));
  } finally {
    await c.shutdown();
  }
});

test('enable: false publishes nothing for that folder, while another folder with diagnostics enabled gets them; enabling later publishes', async () => {
  const off = tempWorkspace(SMALL, { name: 'off' });
  const on = tempWorkspace(SMALL, { name: 'on' });
  const enabled = new Map([[uriOf(off), false], [uriOf(on), true]]);
  const norm = (u) => (u ?? '').replace(/\/$/, '');
  const c = new TestClient({ settings: (scope) => ({ enable: enabled.get(norm(scope)) ?? true }) });
  try {
    await c.initialize([off, on]);
    await c.coverage(off);
    await c.coverage(on);
    const bad = 'id: CTL-A\ntitle: Duplicate\ncriteria: [CC6.77]\n';
    c.open(path.join(off, 'controls/new.yaml'), bad);
    c.open(path.join(on, 'controls/new.yaml'), bad);
    // The enabled folder's open file and its files on disk get diagnostics...
    await c.waitForDiagnostics(path.join(on, 'controls/new.yaml'), (x) => codes(x).includes('unknown-criterion'));
    await c.waitForDiagnostics(path.join(on, 'attest.yaml'), (x) => codes(x).includes('uncovered-criterion'));
    // ...the disabled folder's, sent before, got none.
    const offPublished = c.publishLog.filter((p) => p.uri.startsWith(uriOf(off) + '/') && p.diagnostics.length > 0);
    assert.deepEqual(offPublished.map((p) => p.uri), []);
    // Turned on: the whole folder is published, open and unopened files.
    enabled.set(uriOf(off), true);
    c.notify('workspace/didChangeConfiguration', { settings: {} });
    await c.nextDiagnostics(path.join(off, 'controls/new.yaml'), (x) => codes(x).includes('duplicate-id'));
    await c.nextDiagnostics(path.join(off, 'controls/a.yaml'), (x) => codes(x).includes('duplicate-id'));
    await c.nextDiagnostics(path.join(off, 'attest.yaml'), (x) => codes(x).includes('uncovered-criterion'));
    // Turned off again: the Problems panel is cleared.
    enabled.set(uriOf(off), false);
    c.notify('workspace/didChangeConfiguration', { settings: {} });
    await c.nextDiagnostics(path.join(off, 'controls/a.yaml'), (x) => x.length === 0);
    await c.nextDiagnostics(path.join(off, 'attest.yaml'), (x) => x.length === 0);
  } finally {
    await c.shutdown();
  }
});
