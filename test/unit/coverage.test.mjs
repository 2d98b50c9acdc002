// Coverage statuses exactly as formats.md defines them.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { core, memoryWorkspace, withCode, control, policy } from '../helpers/attest.mjs';

function statuses(ws) {
  const cov = core.buildCoverage(ws);
  const map = new Map();
  for (const cat of cov.categories) for (const c of cat.criteria) map.set(c.id, { ...c, category: cat.id, inScope: cat.inScope });
  return { cov, get: (id) => map.get(id) };
}

describe('coverage statuses', () => {
  const files = {
    'controls/impl.yaml': control('IMPL-1', { criteria: ['CC6.1', 'CC6.2'] }),
    'controls/plan.yaml': control('PLAN-1', { criteria: ['CC6.2', 'CC6.3', 'CC6.4'], extra: 'status: planned\ndue: 2027-01-31\n' }),
    'controls/ret.yaml': control('RET-1', { criteria: ['CC6.5', 'CC6.6'], extra: 'status: retired\n' }),
    'policies/a.md': policy('POL-A', { criteria: ['CC6.4', 'CC6.7', 'CC6.1'] }),
    'policies/draft.md': policy('POL-D', { criteria: ['CC7.1'], extra: 'status: draft\n' }),
    'policies/ret.md': policy('POL-R', { criteria: ['CC6.6', 'CC6.8'], extra: 'status: retired\n' }),
  };
  const config = 'framework: tsc-2017\ncategories: [security, availability]\nexclude:\n  - criterion: CC9.2\n    reason: No vendors handle customer data.\n  - criterion: CC9.1\n  - criterion: A1.3\n    reason: "  "\n  - criterion: P1.1\n    reason: Privacy is out of scope anyway.\n';
  const ws = memoryWorkspace({ config, files });
  const { cov, get } = statuses(ws);

  test('covered: at least one implemented control maps it (even if planned ones do too)', () => {
    assert.equal(get('CC6.1').status, 'covered');
    assert.equal(get('CC6.2').status, 'covered');
  });

  test('planned: only planned controls map it (a policy mapping it too does not change that)', () => {
    assert.equal(get('CC6.3').status, 'planned');
    assert.equal(get('CC6.4').status, 'planned');
  });

  test('policy-only: only policies map it (draft policies count)', () => {
    assert.equal(get('CC6.7').status, 'policy-only');
    assert.equal(get('CC7.1').status, 'policy-only');
  });

  test('retired controls and policies count for nothing', () => {
    assert.equal(get('CC6.5').status, 'uncovered');
    assert.equal(get('CC6.6').status, 'uncovered');
    assert.equal(get('CC6.8').status, 'uncovered');
    assert.deepEqual(get('CC6.6').controls, []);
    assert.deepEqual(get('CC6.6').policies, []);
  });

  test('uncovered: nothing maps it', () => {
    assert.equal(get('CC1.1').status, 'uncovered');
    assert.equal(get('A1.1').status, 'uncovered');
  });

  test('excluded: carved out with a reason, which coverage reports', () => {
    assert.equal(get('CC9.2').status, 'excluded');
    assert.equal(get('CC9.2').reason, 'No vendors handle customer data.');
  });

  test('an exclusion without a (non-blank) reason does not exclude', () => {
    assert.equal(get('CC9.1').status, 'uncovered');
    assert.equal(get('A1.3').status, 'uncovered');
    assert.equal(get('CC9.1').reason, undefined);
  });

  test('criteria of categories not in scope have no status and appear in no total', () => {
    for (const id of ['C1.1', 'PI1.1', 'P1.1', 'P6.1']) {
      assert.equal(get(id).inScope, false, id);
      assert.equal(get(id).status, undefined, id);
    }
    assert.equal(cov.totals.inScope, 33 + 3);
    assert.equal(cov.totals.excluded, 1, 'the out-of-scope exclusion of P1.1 is not counted');
  });

  test('totals add up to the number of in-scope criteria and match the statuses', () => {
    const t = cov.totals;
    assert.equal(t.covered + t.planned + t.policyOnly + t.uncovered + t.excluded, t.inScope);
    const count = (s) => cov.categories.flatMap((c) => c.criteria).filter((c) => c.status === s).length;
    assert.equal(t.covered, count('covered'));
    assert.equal(t.planned, count('planned'));
    assert.equal(t.policyOnly, count('policy-only'));
    assert.equal(t.uncovered, count('uncovered'));
    assert.equal(t.covered, 2);
    assert.equal(t.planned, 2);
    assert.equal(t.policyOnly, 2);
  });

  test('each criterion lists the controls and policies that map it, with their files', () => {
    assert.deepEqual(get('CC6.2').controls.map((c) => [c.id, c.rel, c.status]), [['IMPL-1', 'controls/impl.yaml', 'implemented'], ['PLAN-1', 'controls/plan.yaml', 'planned']]);
    assert.deepEqual(get('CC6.4').policies.map((p) => [p.id, p.rel]), [['POL-A', 'policies/a.md']]);
  });

  test('uncovered-criterion is not reported for covered or excluded criteria', () => {
    const crits = new Set(withCode(ws, 'attest.yaml', 'uncovered-criterion').map((f) => f.data.criterion));
    for (const id of ['CC6.1', 'CC6.2', 'CC9.2']) assert.ok(!crits.has(id), id);
    for (const id of ['CC6.3', 'CC6.7', 'CC6.5', 'CC9.1', 'A1.3']) assert.ok(crits.has(id), id);
    for (const id of ['C1.1', 'P1.1']) assert.ok(!crits.has(id), `${id} is out of scope`);
  });

  test('controls mapping out-of-scope criteria do not change the totals', () => {
    const base = memoryWorkspace({ files: { 'controls/a.yaml': control('A-1', { criteria: ['CC6.1'] }) } });
    const more = memoryWorkspace({ files: { 'controls/a.yaml': control('A-1', { criteria: ['CC6.1', 'C1.1', 'P6.1', 'A1.1'] }) } });
    assert.deepEqual(core.buildCoverage(more).totals, core.buildCoverage(base).totals);
  });
});

describe('scope', () => {
  test('security is in scope even when categories omit it', () => {
    const ws = memoryWorkspace({ config: 'categories: [privacy]\n' });
    const cov = core.buildCoverage(ws);
    assert.deepEqual(cov.categories.filter((c) => c.inScope).map((c) => c.id).sort(), ['privacy', 'security']);
    assert.equal(cov.totals.inScope, 33 + 18);
  });

  test('without attest.yaml only security is in scope (33 criteria)', () => {
    const ws = memoryWorkspace({});
    const cov = core.buildCoverage(ws);
    assert.equal(cov.framework, 'tsc-2017');
    assert.equal(cov.report, 'type1');
    assert.equal(cov.totals.inScope, 33);
    assert.equal(cov.totals.uncovered, 33);
  });

  test('all five categories: 61 criteria in scope', () => {
    const ws = memoryWorkspace({ config: 'categories: [security, availability, processing-integrity, confidentiality, privacy]\n' });
    assert.equal(core.buildCoverage(ws).totals.inScope, 61);
  });
});
