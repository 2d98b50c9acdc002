// `attest plan` with several frameworks: the uncovered, planned and policy-only criteria of every
// framework in `frameworks:` are plan items, another framework's named with its id.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { rangeOf, removeDir, runCli, runJson, tempWorkspace } from '../helpers/attest.mjs';
import { FRAMEWORK_FILES, FRAMEWORKS_CONFIG } from '../helpers/frameworkFiles.mjs';

const CONFIG = FRAMEWORKS_CONFIG;
const FILES = {
  ...FRAMEWORK_FILES,
  'policies/access.md': '---\nid: POL-ACCESS\ntitle: Access Control Policy\nowner: security\nstatus: approved\napproved: 2026-01-15\ncriteria:\n  nist-csf-2.0: [GV.PO-01]\n---\n# Access\n',
};

describe('attest plan with several frameworks', () => {
  const root = tempWorkspace(FILES);
  after(() => removeDir(root));
  const criteria = (items, prefix) => items.filter((x) => x.kind === 'criterion' && (prefix === '' ? !x.title.includes(': ') : x.title.startsWith(prefix)));

  test('every framework\'s gaps are criterion items; another framework\'s title names it, its range is its id in frameworks:', () => {
    const { status, json } = runJson(['plan', root, '--format', 'json']);
    assert.equal(status, 0);
    const iso = criteria(json.items, 'iso27001-2022: ');
    const csf = criteria(json.items, 'nist-csf-2.0: ');
    assert.equal(iso.length, 93 - 2 - 1, 'every ISO control but the covered A.5.18 and A.8.5 and the excluded A.7.4');
    assert.equal(csf.length, 106 - 1);
    const a515 = iso.find((x) => x.id === 'A.5.15');
    assert.deepEqual(a515, { kind: 'criterion', id: 'A.5.15', title: 'iso27001-2022: Access control rules', owner: null, due: null, overdue: false, file: 'attest.yaml', range: rangeOf(CONFIG, 'iso27001-2022'), project: '.' });
    assert.deepEqual(iso.find((x) => x.id === 'A.5.19').due, '2026-12-01', 'a planned ISO criterion is due when its planned control is');
    assert.deepEqual(csf.find((x) => x.id === 'GV.PO-01').range, rangeOf(CONFIG, 'nist-csf-2.0'), 'a policy-only CSF criterion');
    for (const id of ['A.5.18', 'A.8.5', 'A.7.4', 'PR.AA-05']) assert.ok(!json.items.some((x) => x.id === id), `${id} is covered or excluded`);
    assert.ok(criteria(json.items, '').some((x) => x.id === 'CC6.1'), 'the primary\'s gaps as before, titles without a framework');
  });

  test('among items of the same due date, the primary\'s criteria first, then each framework in the order of frameworks:', () => {
    const { json } = runJson(['plan', root, '--format', 'json']);
    const undated = json.items.filter((x) => x.kind === 'criterion' && x.due === null).map((x) => (x.title.match(/^([a-z0-9.-]+): /)?.[1] ?? 'tsc-2017'));
    const firstOf = (fw) => undated.indexOf(fw);
    const lastOf = (fw) => undated.lastIndexOf(fw);
    assert.ok(lastOf('tsc-2017') < firstOf('iso27001-2022') && lastOf('iso27001-2022') < firstOf('nist-csf-2.0'), undated.join(' '));
  });

  test('text and CSV name the framework with each of its criteria', () => {
    const text = runCli(['plan', root]);
    assert.equal(text.status, 0, text.stderr);
    assert.match(text.stdout, /^no due date +criterion +A\.5\.15 +iso27001-2022: Access control rules \(no owner\)/m);
    assert.match(text.stdout, /^2026-12-01 +criterion +A\.5\.19 +iso27001-2022: Supplier security risk/m);
    const csv = runCli(['plan', root, '--format', 'csv']).stdout;
    assert.match(csv, /^criterion,GV\.PO-01,nist-csf-2\.0: [^,\n]+,,,false,attest\.yaml$/m);
  });

  test('the OSCAL POA&M keeps one item per plan item', () => {
    const { json: plan } = runJson(['plan', root, '--format', 'json']);
    const { json: poam } = runJson(['export', root, '--format', 'oscal-poam']);
    const items = poam['plan-of-action-and-milestones']['poam-items'];
    assert.equal(items.length, plan.items.length);
    assert.ok(items.some((x) => x.title === 'iso27001-2022: Access control rules'));
  });
});
