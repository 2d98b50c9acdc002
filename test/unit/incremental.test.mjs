// The incremental index: setFile / deleteFile return the affected files, and results never depend
// on the order or the history of updates.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { core, memoryWorkspace, withCode, findingsOf, rangeOf, day, control, policy } from '../helpers/attest.mjs';

function fresh(config) {
  const ws = new core.ProjectIndex({ readFile: () => undefined, today: day('2026-10-01') });
  if (config !== undefined) ws.setConfig(config);
  return ws;
}

/** Everything a user sees: findings of every file, coverage totals and statuses, the plan. */
function snapshot(ws) {
  const rels = [...ws.rels()].sort();
  if (ws.has('attest.yaml')) rels.unshift('attest.yaml');
  const findings = Object.fromEntries(rels.map((r) => [r, findingsOf(ws, r).map((f) => `${f.range.start.line}:${f.range.start.character}-${f.range.end.line}:${f.range.end.character} ${f.code} ${f.message}`)]));
  const cov = core.buildCoverage(ws);
  const statuses = cov.categories.flatMap((c) => c.criteria.map((x) => `${x.id}=${x.status}:${x.controls.map((y) => y.id).join(',')}:${x.policies.map((y) => y.id).join(',')}`));
  const plan = core.buildPlan(ws).map((p) => `${p.kind} ${p.id} ${p.due} ${p.overdue} ${p.rel}`);
  return { findings, totals: cov.totals, statuses, plan };
}

describe('affected files', () => {
  test('a duplicate id added in one file shows in the other file, and disappears after deletion', () => {
    const ws = fresh();
    const a = control('AC-04');
    ws.setFile('controls/a.yaml', a);
    assert.deepEqual(withCode(ws, 'controls/a.yaml', 'duplicate-id'), []);
    const affected = ws.setFile('controls/b.yaml', control('AC-04', { criteria: ['CC6.2'] }));
    assert.ok(affected.has('controls/a.yaml') && affected.has('controls/b.yaml'), [...affected].join(','));
    const dup = withCode(ws, 'controls/a.yaml', 'duplicate-id');
    assert.equal(dup.length, 1);
    assert.deepEqual(dup[0].range, rangeOf(a, 'AC-04'));
    const afterDelete = ws.deleteFile('controls/b.yaml');
    assert.ok(afterDelete.has('controls/a.yaml') && afterDelete.has('controls/b.yaml'), [...afterDelete].join(','));
    assert.deepEqual(withCode(ws, 'controls/a.yaml', 'duplicate-id'), []);
    assert.deepEqual(findingsOf(ws, 'controls/b.yaml'), [], 'a deleted file has no findings');
  });

  test('renaming the id in one file clears the duplicate in the other', () => {
    const ws = fresh();
    ws.setFile('controls/a.yaml', control('AC-04'));
    ws.setFile('controls/b.yaml', control('AC-04'));
    const affected = ws.setFile('controls/b.yaml', control('AC-05'));
    assert.ok(affected.has('controls/a.yaml'));
    assert.deepEqual(withCode(ws, 'controls/a.yaml', 'duplicate-id'), []);
  });

  test('adding the policy file clears unknown-policy in the control; deleting it brings it back', () => {
    const ws = fresh();
    ws.setFile('controls/a.yaml', control('AC-01', { extra: 'policies: [POL-ACCESS]\n' }));
    assert.equal(withCode(ws, 'controls/a.yaml', 'unknown-policy').length, 1);
    const added = ws.setFile('policies/access.md', policy('POL-ACCESS'));
    assert.ok(added.has('controls/a.yaml'), [...added].join(','));
    assert.deepEqual(withCode(ws, 'controls/a.yaml', 'unknown-policy'), []);
    const removed = ws.deleteFile('policies/access.md');
    assert.ok(removed.has('controls/a.yaml'));
    assert.equal(withCode(ws, 'controls/a.yaml', 'unknown-policy').length, 1);
  });

  test('a control covering a policy-only criterion updates the policy file and attest.yaml', () => {
    const ws = fresh('framework: tsc-2017\n');
    ws.setFile('policies/a.md', policy('POL-A', { criteria: ['CC6.3'] }));
    assert.equal(withCode(ws, 'policies/a.md', 'uncovered-criterion').length, 1);
    assert.ok(withCode(ws, 'attest.yaml', 'uncovered-criterion').some((f) => f.data.criterion === 'CC6.3'));
    const affected = ws.setFile('controls/c.yaml', control('C-1', { criteria: ['CC6.3'] }));
    assert.ok(affected.has('policies/a.md') && affected.has('attest.yaml'), [...affected].join(','));
    assert.deepEqual(withCode(ws, 'policies/a.md', 'uncovered-criterion'), []);
    assert.ok(!withCode(ws, 'attest.yaml', 'uncovered-criterion').some((f) => f.data.criterion === 'CC6.3'));
  });

  test('setting the same text again changes nothing; files outside the globs are ignored', () => {
    const ws = fresh();
    const t = control('AC-01');
    ws.setFile('controls/a.yaml', t);
    assert.equal(ws.setFile('controls/a.yaml', t).size, 0);
    assert.equal(ws.setFile('notes/readme.yaml', t).size, 0);
    assert.ok(!ws.has('notes/readme.yaml'));
    assert.equal(ws.deleteFile('controls/never.yaml').size, 0);
  });

  test('changing attest.yaml re-checks every file', () => {
    const ws = fresh();
    ws.setFile('controls/a.yaml', control('A-1', { criteria: ['A1.1'] }));
    assert.equal(withCode(ws, 'controls/a.yaml', 'out-of-scope-criterion').length, 1);
    const affected = ws.setFile('attest.yaml', 'categories: [availability]\n');
    assert.ok(affected.has('controls/a.yaml') && affected.has('attest.yaml'));
    assert.deepEqual(withCode(ws, 'controls/a.yaml', 'out-of-scope-criterion'), []);
  });
});

describe('history and order independence', () => {
  const config = 'framework: tsc-2017\ncategories: [availability]\n';
  const files = {
    'controls/a.yaml': control('AC-01', { criteria: ['CC6.1', 'A1.2'], extra: 'policies: [POL-A, POL-Z]\n' }),
    'controls/b.yaml': control('AC-01', { criteria: ['CC6.2'] }),
    'controls/reg.yaml': 'controls:\n  - id: R-1\n    title: r\n    owner: o\n    status: planned\n    due: 2026-01-01\n    criteria: [CC7.1]\n  - id: R-2\n    title: r2\n    owner: o\n    criteria: [CC7.1, CC6.1]\n',
    'policies/a.md': policy('POL-A', { criteria: ['CC6.3', 'A1.3'] }),
    'policies/b.md': policy('POL-B', { criteria: ['CC6.3'] }),
    'policies/dup.md': policy('POL-B', { criteria: ['CC1.1'] }),
  };

  test('results do not depend on file load order', () => {
    const rels = Object.keys(files);
    const orders = [rels, [...rels].reverse(), [rels[3], rels[0], rels[5], rels[2], rels[4], rels[1]]];
    const snaps = orders.map((order) => {
      const ws = fresh(config);
      for (const r of order) ws.setFile(r, files[r]);
      return snapshot(ws);
    });
    assert.deepEqual(snaps[1], snaps[0]);
    assert.deepEqual(snaps[2], snaps[0]);
  });

  test('attest.yaml loaded last gives the same results as loaded first', () => {
    const first = fresh(config);
    for (const [r, t] of Object.entries(files)) first.setFile(r, t);
    const last = fresh();
    for (const [r, t] of Object.entries(files)) last.setFile(r, t);
    last.setConfig(config);
    assert.deepEqual(snapshot(last), snapshot(first));
  });

  test('after edits and deletions, results equal a fresh load of the final files', () => {
    const ws = fresh(config);
    for (const [r, t] of Object.entries(files)) ws.findings(r); // nothing yet
    for (const [r, t] of Object.entries(files)) {
      ws.setFile(r, t);
      for (const x of ws.rels()) ws.findings(x); // let caches fill, as a host republishing would
      ws.findings('attest.yaml');
    }
    ws.setFile('controls/b.yaml', control('AC-02', { criteria: ['CC6.3'] }));
    ws.findings('controls/a.yaml');
    ws.deleteFile('policies/dup.md');
    ws.findings('policies/b.md');
    ws.setFile('policies/z.md', policy('POL-Z', { criteria: ['A1.1'] }));
    ws.setFile('controls/reg.yaml', files['controls/reg.yaml'].replace('status: planned', 'status: implemented'));
    for (const x of ws.rels()) ws.findings(x);
    ws.findings('attest.yaml');

    const final = { ...files, 'controls/b.yaml': control('AC-02', { criteria: ['CC6.3'] }), 'policies/z.md': policy('POL-Z', { criteria: ['A1.1'] }), 'controls/reg.yaml': files['controls/reg.yaml'].replace('status: planned', 'status: implemented') };
    delete final['policies/dup.md'];
    const f = fresh(config);
    for (const [r, t] of Object.entries(final)) f.setFile(r, t);
    assert.deepEqual(snapshot(ws), snapshot(f));
  });

  test('systems: a control that starts naming systems updates attest.yaml like a fresh load', () => {
    const cfg = 'systems:\n  - id: api\n    name: API\n  - id: db\n    name: DB\n';
    const covering = control('IM-1', { criteria: ['CC6.1'] });
    const planned = control('PL-1', { criteria: ['CC6.1'], extra: 'status: planned\ndue: 2027-01-01\nsystems: [api]\n' });
    const ws = fresh(cfg);
    ws.setFile('controls/im.yaml', covering);
    assert.deepEqual(withCode(ws, 'attest.yaml', 'unprotected-system'), []);
    const affected = ws.setFile('controls/pl.yaml', planned);
    const f = fresh(cfg);
    f.setFile('controls/im.yaml', covering);
    f.setFile('controls/pl.yaml', planned);
    assert.equal(withCode(f, 'attest.yaml', 'unprotected-system').length, 2, 'a fresh load reports api and db');
    assert.ok(affected.has('attest.yaml'), `affected: ${[...affected].join(',')}`);
    assert.deepEqual(withCode(ws, 'attest.yaml', 'unprotected-system'), withCode(f, 'attest.yaml', 'unprotected-system'));
    // and back: deleting the only control naming systems clears them
    ws.deleteFile('controls/pl.yaml');
    assert.deepEqual(withCode(ws, 'attest.yaml', 'unprotected-system'), []);
  });
});
