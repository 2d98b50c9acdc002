// Cross-file findings stay true in every affected file after edits, creates, deletes and renames,
// whether the change comes from the editor or from disk (workspace/didChangeWatchedFiles).
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pos } from '../helpers/positions.mjs';
import { tempWorkspace } from '../helpers/workspaces.mjs';
import { TestClient, codes, uriOf } from '../helpers/lsp.mjs';
import { SMALL } from './fixtures.mjs';

const CREATED = 1;
const CHANGED = 2;
const DELETED = 3;

const has = (code, text) => (d) => d.some((x) => x.code === code && (!text || x.message.includes(text)));
const hasNot = (code, text) => (d) => !has(code, text)(d);

describe('cross-file diagnostics', () => {
  let root;
  let c;
  const file = (rel) => path.join(root, rel);

  before(async () => {
    root = tempWorkspace(SMALL);
    c = await TestClient.indexed(root);
    await c.waitForDiagnostics(file('attest.yaml'), has('uncovered-criterion'));
  });
  after(() => c.shutdown());

  test('a duplicate control id typed in one file appears on both files, and disappears from both when removed', async () => {
    const f = file('controls/c.yaml');
    const text = SMALL['controls/c.yaml'];
    c.open(f, text);
    const dup = text.replace('id: CTL-C', 'id: CTL-A');
    c.change(f, dup);
    const here = await c.nextDiagnostics(f, has('duplicate-id'));
    assert.deepEqual(here.find((d) => d.code === 'duplicate-id').range, { start: pos(dup, 'CTL-A'), end: pos(dup, 'CTL-A', { shift: 5 }) });
    // a.yaml is not open: its diagnostics come from the index.
    const there = await c.nextDiagnostics(file('controls/a.yaml'), has('duplicate-id'));
    assert.deepEqual(there.find((d) => d.code === 'duplicate-id').range, { start: pos(SMALL['controls/a.yaml'], 'CTL-A'), end: pos(SMALL['controls/a.yaml'], 'CTL-A', { shift: 5 }) });
    c.change(f, text);
    await c.nextDiagnostics(f, hasNot('duplicate-id'));
    await c.nextDiagnostics(file('controls/a.yaml'), hasNot('duplicate-id'));
    c.close(f);
  });

  test('unknown-policy appears on every referring control when the policy file is deleted on disk, and disappears when it is created again', async () => {
    const pol = file('policies/one.md');
    fs.rmSync(pol);
    c.watched([[pol, DELETED]]);
    for (const rel of ['controls/a.yaml', 'controls/b.yaml']) {
      const d = await c.nextDiagnostics(file(rel), has('unknown-policy', 'POL-ONE'));
      const text = SMALL[rel];
      assert.deepEqual(d.find((x) => x.code === 'unknown-policy').range, { start: pos(text, 'POL-ONE'), end: pos(text, 'POL-ONE', { shift: 7 }) });
    }
    // CC6.1 lost its policy but keeps its controls; the deleted file's own diagnostics are cleared.
    fs.writeFileSync(pol, SMALL['policies/one.md']);
    c.watched([[pol, CREATED]]);
    await c.nextDiagnostics(file('controls/a.yaml'), hasNot('unknown-policy'));
    await c.nextDiagnostics(file('controls/b.yaml'), hasNot('unknown-policy'));
  });

  test('editing the id of an open policy makes its referrers unknown-policy at once, with the new id suggested', async () => {
    const pol = file('policies/one.md');
    const text = SMALL['policies/one.md'];
    c.open(pol, text);
    c.change(pol, text.replace('id: POL-ONE', 'id: POL-UNO'));
    const d = await c.nextDiagnostics(file('controls/b.yaml'), has('unknown-policy', 'POL-ONE'));
    assert.match(d.find((x) => x.code === 'unknown-policy').message, /POL-UNO/);
    await c.nextDiagnostics(file('controls/a.yaml'), has('unknown-policy', 'POL-ONE'));
    c.change(pol, text);
    await c.nextDiagnostics(file('controls/a.yaml'), hasNot('unknown-policy'));
    await c.nextDiagnostics(file('controls/b.yaml'), hasNot('unknown-policy'));
    c.close(pol);
  });

  test('an open document wins over disk: a watched-file change for it is ignored until it is closed', async () => {
    const pol = file('policies/one.md');
    const text = SMALL['policies/one.md'];
    c.open(pol, text);
    fs.writeFileSync(pol, text.replace('id: POL-ONE', 'id: POL-DISK'));
    c.watched([[pol, CHANGED]]);
    await c.barrier(root);
    assert.ok(!codes(c.diagnostics.get(uriOf(file('controls/a.yaml'))) ?? []).includes('unknown-policy'), 'the editor text of one.md still defines POL-ONE');
    // Closing hands the file back to the disk, where the id is POL-DISK.
    c.close(pol);
    await c.nextDiagnostics(file('controls/a.yaml'), has('unknown-policy', 'POL-ONE'));
    fs.writeFileSync(pol, text);
    c.watched([[pol, CHANGED]]);
    await c.nextDiagnostics(file('controls/a.yaml'), hasNot('unknown-policy'));
  });

  test('closing an unsaved document reverts its findings, and the cross-file ones it caused, to the disk version', async () => {
    const f = file('controls/c.yaml');
    const text = SMALL['controls/c.yaml'];
    c.open(f, text);
    c.change(f, text.replace('id: CTL-C', 'id: CTL-B').replace('[CC7.1]', '[CC7.1, CC7.77]'));
    await c.nextDiagnostics(f, (d) => has('duplicate-id')(d) && has('unknown-criterion')(d));
    await c.nextDiagnostics(file('controls/b.yaml'), has('duplicate-id'));
    c.close(f);
    await c.nextDiagnostics(f, (d) => d.length === 0);
    await c.nextDiagnostics(file('controls/b.yaml'), hasNot('duplicate-id'));
  });

  test('uncovered-criterion appears on attest.yaml when the last control mapping a criterion is removed, by edit or by delete', async () => {
    const cfg = file('attest.yaml');
    assert.ok(hasNot('uncovered-criterion', 'CC7.1 ')(c.diagnostics.get(uriOf(cfg))), 'CC7.1 is covered by CTL-C at first');
    const f = file('controls/c.yaml');
    const text = SMALL['controls/c.yaml'];
    c.open(f, text);
    c.change(f, text.replace('[CC7.1]', '[CC6.1]'));
    const d = await c.nextDiagnostics(cfg, has('uncovered-criterion', 'CC7.1 '));
    // On the category that brings the criterion into scope.
    assert.deepEqual(d.find((x) => x.message.includes('CC7.1 ')).range, { start: pos(SMALL['attest.yaml'], 'security'), end: pos(SMALL['attest.yaml'], 'security', { shift: 8 }) });
    c.change(f, text);
    await c.nextDiagnostics(cfg, hasNot('uncovered-criterion', 'CC7.1 '));
    c.close(f);
    // Deleted on disk.
    fs.rmSync(f);
    c.watched([[f, DELETED]]);
    await c.nextDiagnostics(cfg, has('uncovered-criterion', 'CC7.1 '));
    fs.writeFileSync(f, text);
    c.watched([[f, CREATED]]);
    await c.nextDiagnostics(cfg, hasNot('uncovered-criterion', 'CC7.1 '));
  });

  test('policy-only: when no control maps a criterion any more, the policy mapping it is flagged on that id', async () => {
    const pol = file('policies/one.md');
    const ptext = SMALL['policies/one.md'];
    assert.ok(hasNot('uncovered-criterion')(c.diagnostics.get(uriOf(pol)) ?? []));
    const a = file('controls/a.yaml');
    const b = file('controls/b.yaml');
    c.open(a, SMALL['controls/a.yaml']);
    c.open(b, SMALL['controls/b.yaml']);
    c.change(a, SMALL['controls/a.yaml'].replace('[CC6.1, CC6.2]', '[CC6.2]'));
    await c.barrier(root);
    assert.ok(hasNot('uncovered-criterion')(c.diagnostics.get(uriOf(pol)) ?? []), 'CTL-B still maps CC6.1');
    c.change(b, SMALL['controls/b.yaml'].replace('[CC6.1]', '[CC6.3]'));
    const d = await c.nextDiagnostics(pol, has('uncovered-criterion', 'policy-only'));
    assert.deepEqual(d.find((x) => x.code === 'uncovered-criterion').range, { start: pos(ptext, 'CC6.1'), end: pos(ptext, 'CC6.1', { shift: 5 }) });
    await c.nextDiagnostics(file('attest.yaml'), has('uncovered-criterion', 'CC6.1 '));
    // Retiring the control that maps it counts the same as removing it.
    c.change(b, SMALL['controls/b.yaml'].replace('owner: team', 'owner: team\nstatus: retired'));
    await c.barrier(root);
    assert.ok(has('uncovered-criterion', 'policy-only')(c.diagnostics.get(uriOf(pol))));
    c.change(b, SMALL['controls/b.yaml']);
    await c.nextDiagnostics(pol, hasNot('uncovered-criterion'));
    await c.nextDiagnostics(file('attest.yaml'), hasNot('uncovered-criterion', 'CC6.1 '));
    c.close(a);
    c.close(b);
  });

  test('a control file created, renamed and deleted on disk: its findings move with it and the other definition follows', async () => {
    const d1 = file('controls/d.yaml');
    const dText = 'id: CTL-A\ntitle: Copy of A\nowner: team\ncriteria: [CC6.1]\n';
    fs.writeFileSync(d1, dText);
    c.watched([[d1, CREATED]]);
    await c.nextDiagnostics(d1, has('duplicate-id'));
    await c.nextDiagnostics(file('controls/a.yaml'), has('duplicate-id', 'controls/d.yaml'));
    // Renamed: the client reports a delete of the old path and a create of the new one.
    const d2 = file('controls/moved/d2.yaml');
    fs.mkdirSync(path.dirname(d2), { recursive: true });
    fs.renameSync(d1, d2);
    c.watched([[d1, DELETED], [d2, CREATED]]);
    await c.nextDiagnostics(d1, (d) => d.length === 0);
    await c.nextDiagnostics(d2, has('duplicate-id'));
    await c.nextDiagnostics(file('controls/a.yaml'), has('duplicate-id', 'controls/moved/d2.yaml'));
    fs.rmSync(d2);
    c.watched([[d2, DELETED]]);
    await c.nextDiagnostics(d2, (d) => d.length === 0);
    await c.nextDiagnostics(file('controls/a.yaml'), hasNot('duplicate-id'));
  });

  test('only files whose findings changed are republished', async () => {
    const a = file('controls/a.yaml');
    const text = SMALL['controls/a.yaml'];
    c.open(a, text);
    await c.barrier(root);
    // A finding local to a.yaml: only a.yaml is republished.
    let from = c.publishLog.length;
    c.change(a, text.replace('[CC6.1, CC6.2]', '[CC6.1, CC6.2, CC6.1]'));
    await c.nextDiagnostics(a, has('duplicate-criterion'));
    await c.barrier(root);
    assert.deepEqual(c.publishCounts(from), { [uriOf(a)]: 1 });
    // An edit that changes nothing any file reports (a title) republishes nothing.
    from = c.publishLog.length;
    c.change(a, text.replace('[CC6.1, CC6.2]', '[CC6.1, CC6.2, CC6.1]').replace('Control A', 'Control A, renamed'));
    await c.barrier(root);
    assert.deepEqual(c.publishCounts(from), {});
    // A duplicate id with b.yaml: a.yaml and b.yaml, nothing else (not attest.yaml, c.yaml or the policy).
    from = c.publishLog.length;
    c.change(a, text.replace('id: CTL-A', 'id: CTL-B'));
    await c.nextDiagnostics(file('controls/b.yaml'), has('duplicate-id'));
    await c.barrier(root);
    assert.deepEqual(c.publishCounts(from), { [uriOf(a)]: 1, [uriOf(file('controls/b.yaml'))]: 1 });
    c.change(a, text);
    await c.nextDiagnostics(file('controls/b.yaml'), hasNot('duplicate-id'));
    c.close(a);
  });
});
