// `attest/coverage` with several frameworks: the default answer carries every framework's
// categories (contracts.md), and `frameworkCategories` asks for some of them only, the others'
// totals alone (what the editor sends while another framework's root is collapsed).
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { removeDir, tempWorkspace } from '../helpers/workspaces.mjs';
import { TestClient } from '../helpers/lsp.mjs';

const CONFIG = 'frameworks: [tsc-2017, iso27001-2022, nist-csf-2.0]\nreport: type2\nperiod:\n  start: 2026-01-01\n  end: 2026-12-31\n';
// Quarterly with no evidence: every criterion it alone covers has an evidence gap.
const REVIEW = 'id: AC-04\ntitle: Quarterly access review\nowner: security\nfrequency: quarterly\ncriteria:\n  tsc-2017: [CC6.2]\n  iso27001-2022: [A.5.18]\n  nist-csf-2.0: [PR.AA-05]\n';
const MFA = 'id: AC-09\ntitle: MFA everywhere\nowner: it\ncriteria:\n  iso27001-2022: [A.8.5]\n';
const IDS = ['tsc-2017', 'iso27001-2022', 'nist-csf-2.0'];

const criteriaOf = (entry) => entry.categories.flatMap((c) => c.criteria);

describe('attest/coverage: frameworkCategories', () => {
  let root;
  let c;
  const file = (rel) => path.join(root, rel);

  before(async () => {
    root = tempWorkspace({ 'attest.yaml': CONFIG, 'controls/review.yaml': REVIEW, 'controls/mfa.yaml': MFA });
    c = await TestClient.indexed(root);
  });
  after(async () => {
    await c.shutdown();
    removeDir(root);
  });

  test('without it: every framework with its categories, the primary\'s repeated (the contract\'s answer)', async () => {
    const cov = await c.request('attest/coverage', { limit: 25 });
    assert.deepEqual(cov.frameworks.map((f) => Object.keys(f).sort()), IDS.map(() => ['categories', 'id', 'title', 'totals']));
    assert.deepEqual(cov.frameworks[0].categories, cov.categories);
    assert.equal(criteriaOf(cov.frameworks[1]).length, 93);
    assert.equal(criteriaOf(cov.frameworks[2]).length, 106);
    assert.equal(criteriaOf(cov.frameworks[1]).find((x) => x.id === 'A.5.18').evidenceGap, true);
  });

  test('[]: the top level as before, each framework\'s totals and evidence gaps without categories', async () => {
    const full = await c.request('attest/coverage', { limit: 25 });
    const slim = await c.request('attest/coverage', { limit: 25, frameworkCategories: [] });
    const { frameworks: f1, ...top1 } = full;
    const { frameworks: f2, ...top2 } = slim;
    assert.deepEqual(top2, top1, 'the primary framework\'s fields are untouched');
    assert.deepEqual(f2, [
      { id: 'tsc-2017', title: f1[0].title, totals: f1[0].totals, evidenceGaps: 1 },
      { id: 'iso27001-2022', title: 'ISO/IEC 27001:2022 Annex A', totals: { inScope: 93, covered: 2, planned: 0, policyOnly: 0, uncovered: 91, excluded: 0 }, evidenceGaps: 1 },
      { id: 'nist-csf-2.0', title: f1[2].title, totals: f1[2].totals, evidenceGaps: 1 },
    ]);
    assert.equal(JSON.stringify(slim).length * 2 < JSON.stringify(full).length, true, 'the answer is a fraction of the whole');
  });

  test('named frameworks carry their categories, as in the default answer; unknown ids are ignored', async () => {
    const full = await c.request('attest/coverage', {});
    const some = await c.request('attest/coverage', { frameworkCategories: ['iso27001-2022', 'iso27001'] });
    assert.deepEqual(some.frameworks.map((f) => [f.id, 'categories' in f, 'evidenceGaps' in f]), [['tsc-2017', false, true], ['iso27001-2022', true, false], ['nist-csf-2.0', false, true]]);
    assert.deepEqual(some.frameworks[1], full.frameworks[1]);
    const primary = await c.request('attest/coverage', { frameworkCategories: ['tsc-2017'] });
    assert.deepEqual(primary.frameworks[0], full.frameworks[0], 'the primary entry when named');
  });

  test('a named framework\'s categories follow edits; the totals of the others too', async () => {
    const f = file('controls/mfa.yaml');
    c.open(f, MFA);
    try {
      c.change(f, MFA.replace('[A.8.5]', '[A.8.5, A.5.15]\n  nist-csf-2.0: [PR.AA-01]'));
      await c.barrier(root);
      const cov = await c.request('attest/coverage', { limit: 25, frameworkCategories: ['iso27001-2022'] });
      assert.equal(criteriaOf(cov.frameworks[1]).find((x) => x.id === 'A.5.15').status, 'covered');
      assert.equal(cov.frameworks[1].totals.covered, 3);
      assert.equal(cov.frameworks[2].totals.covered, 2);
      assert.equal(cov.frameworks[2].categories, undefined);
    } finally {
      c.close(f);
      await c.barrier(root);
    }
    const back = await c.request('attest/coverage', { limit: 25, frameworkCategories: ['iso27001-2022'] });
    assert.equal(criteriaOf(back.frameworks[1]).find((x) => x.id === 'A.5.15').status, 'uncovered', 'closed unsaved: as on disk');
  });

  test('anything but a list of ids is refused with a message', async () => {
    await assert.rejects(c.request('attest/coverage', { frameworkCategories: 'iso27001-2022' }), /frameworkCategories must be a list of framework ids, not "iso27001-2022"/);
    await assert.rejects(c.request('attest/coverage', { frameworkCategories: [1] }), /frameworkCategories must be a list of framework ids/);
  });
});

describe('attest/coverage: frameworkCategories with one framework', () => {
  test('changes nothing: there is no frameworks list', async () => {
    const root = tempWorkspace({ 'attest.yaml': 'framework: tsc-2017\n', 'controls/review.yaml': 'id: AC-04\ntitle: Review\nowner: security\ncriteria: [CC6.2]\n' });
    const c = await TestClient.indexed(root);
    try {
      const cov = await c.request('attest/coverage', { frameworkCategories: [] });
      assert.equal(cov.frameworks, undefined);
      assert.deepEqual(cov, await c.request('attest/coverage', {}));
    } finally {
      await c.shutdown();
      removeDir(root);
    }
  });
});
