// The small coverage answer the editor asks for (`limit`), the full lists of one criterion or
// system on demand (`attest/coverageEntries`), and that both follow edits.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { tempWorkspace } from '../helpers/workspaces.mjs';
import { TestClient, uriOf } from '../helpers/lsp.mjs';

const control = (id, criteria, extra = '') => `id: ${id}\ntitle: Control ${id}\nowner: sec\nstatus: implemented\ncriteria: [${criteria.join(', ')}]\n${extra}`;
const criterion = (cov, id) => cov.categories.flatMap((c) => c.criteria).find((x) => x.id === id);

describe('attest/coverage with a limit, and attest/coverageEntries', () => {
  let root;
  let c;
  before(async () => {
    const files = {
      'attest.yaml': 'framework: tsc-2017\nsystems:\n  - id: api\n    name: Public API\n',
      'policies/access.md': '---\nid: POL-ACCESS\ntitle: Access\nowner: sec\ncriteria: [CC6.1]\n---\n# Access\n',
    };
    // Seven controls map CC6.1 (one planned); ids out of order on disk, so "first by id" is tested.
    for (const n of [7, 3, 5, 1, 6, 2]) files[`controls/ac-${n}.yaml`] = control(`AC-0${n}`, ['CC6.1'], n <= 2 ? 'systems: [api]\n' : '');
    files['controls/pl-1.yaml'] = control('PL-01', ['CC6.1'], 'systems: [api]\n').replace('implemented', 'planned');
    root = tempWorkspace(files);
    c = await TestClient.indexed(root);
  });
  after(() => c.shutdown());

  test('a limited answer lists the first controls by id and says how many there are', async () => {
    const cov = await c.request('attest/coverage', { limit: 3 });
    const cc61 = criterion(cov, 'CC6.1');
    assert.deepEqual(cc61.controls.map((x) => x.id), ['AC-01', 'AC-02', 'AC-03']);
    assert.equal(cc61.controlCount, 7);
    assert.equal(cc61.policyCount, 1);
    assert.deepEqual(cc61.policies.map((x) => x.id), ['POL-ACCESS']);
    assert.equal(cc61.status, 'covered');
    // Totals are the same as in the full answer.
    const full = await c.coverage();
    assert.deepEqual(cov.totals, full.totals);
    assert.equal(criterion(full, 'CC6.1').controls.length, 7);
    assert.equal(criterion(full, 'CC6.1').controlCount, 7);
    const api = cov.systems.find((s) => s.id === 'api');
    assert.equal(api.controlCount, 3);
    assert.equal(api.implementedCount, 2);
    assert.deepEqual(api.controls.map((x) => [x.id, x.status]), [['AC-01', 'implemented'], ['AC-02', 'implemented'], ['PL-01', 'planned']]);
    const none = await c.request('attest/coverage', { limit: 0 });
    assert.deepEqual(criterion(none, 'CC6.1').controls, []);
    assert.equal(criterion(none, 'CC6.1').controlCount, 7);
  });

  test('attest/coverageEntries gives every control and policy of one criterion or system', async () => {
    const e = await c.request('attest/coverageEntries', { criterion: 'CC6.1' });
    assert.deepEqual(e.controls.map((x) => x.id), ['AC-01', 'AC-02', 'AC-03', 'AC-05', 'AC-06', 'AC-07', 'PL-01']);
    assert.equal(e.controls.find((x) => x.id === 'PL-01').status, 'planned');
    assert.equal(e.controls[0].uri, uriOf(path.join(root, 'controls/ac-1.yaml')));
    assert.deepEqual(e.controls[0].range, { start: { line: 0, character: 4 }, end: { line: 0, character: 9 } });
    assert.deepEqual(e.policies.map((x) => x.id), ['POL-ACCESS']);
    const s = await c.request('attest/coverageEntries', { system: 'api' });
    assert.deepEqual(s.controls.map((x) => x.id), ['AC-01', 'AC-02', 'PL-01']);
    assert.deepEqual(await c.request('attest/coverageEntries', { criterion: 'CC99.9' }), { controls: [], policies: [] });
  });

  test('bad parameters are refused with a clear error, and the server goes on', async () => {
    await assert.rejects(c.request('attest/coverage', { limit: -1 }), /limit must be a whole number/);
    await assert.rejects(c.request('attest/coverage', { limit: 'ten' }), /limit must be a whole number/);
    await assert.rejects(c.request('attest/coverageEntries', {}), /needs a criterion or a system/);
    assert.equal(criterion(await c.request('attest/coverage', { limit: 1 }), 'CC6.1').controls.length, 1);
  });

  test('after an edit, both answers show the change where it happened and keep the rest', async () => {
    const file = path.join(root, 'controls/ac-1.yaml');
    c.open(file, control('AC-01', ['CC6.1']));
    const changed = c.waitForNotification('attest/coverageChanged');
    c.change(file, control('AA-00', ['CC6.1', 'CC7.2']));
    await changed;
    const cov = await c.request('attest/coverage', { limit: 2 });
    assert.deepEqual(criterion(cov, 'CC6.1').controls.map((x) => x.id), ['AA-00', 'AC-02']);
    assert.deepEqual(criterion(cov, 'CC7.2').controls.map((x) => x.id), ['AA-00']);
    assert.equal(criterion(cov, 'CC7.2').status, 'covered');
    assert.deepEqual(cov.systems.find((s) => s.id === 'api').controls.map((x) => x.id), ['AC-02', 'PL-01']);
    const e = await c.request('attest/coverageEntries', { criterion: 'CC6.1' });
    assert.equal(e.controls.length, 7);
    assert.equal(e.controls[0].id, 'AA-00');
    // Back as it was: the memoized entries are rebuilt, not stale.
    const back = c.waitForNotification('attest/coverageChanged');
    c.change(file, control('AC-01', ['CC6.1'], 'systems: [api]\n'));
    await back;
    const again = await c.request('attest/coverage', { limit: 2 });
    assert.deepEqual(criterion(again, 'CC6.1').controls.map((x) => x.id), ['AC-01', 'AC-02']);
    assert.equal(criterion(again, 'CC7.2').status, 'uncovered');
    assert.equal(again.systems.find((s) => s.id === 'api').controlCount, 3);
  });
});
