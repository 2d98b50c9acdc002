// Several frameworks on the command line: coverage per framework (--framework, JSON `frameworks`),
// the Statement of Applicability (`attest report --format soa`) and the new diagnostics in check.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCsv, rangeOf, removeDir, runCli, runJson, tempWorkspace, writeFiles } from '../helpers/attest.mjs';
import { FRAMEWORK_FILES, FRAMEWORKS_CONFIG } from '../helpers/frameworkFiles.mjs';

const CONFIG = FRAMEWORKS_CONFIG;
const FILES = {
  ...FRAMEWORK_FILES,
  'controls/mfa.yaml': 'id: AC-09\ntitle: MFA everywhere\nowner: it\ncriteria:\n  iso27001-2022: [A.8.5]\n',
};

describe('coverage per framework', () => {
  const root = tempWorkspace(FILES);
  after(() => removeDir(root));

  test('coverage JSON adds frameworks in the order of frameworks:, each shaped like the top level', () => {
    const { status, json } = runJson(['coverage', root, '--format', 'json']);
    assert.equal(status, 0);
    assert.equal(json.framework, 'tsc-2017');
    assert.deepEqual(json.frameworks.map((f) => f.id), ['tsc-2017', 'iso27001-2022', 'nist-csf-2.0']);
    const iso = json.frameworks[1];
    assert.equal(iso.title, 'ISO/IEC 27001:2022 Annex A');
    assert.deepEqual(iso.totals, { inScope: 93, covered: 2, planned: 1, policyOnly: 0, uncovered: 89, excluded: 1 });
    assert.deepEqual(iso.categories.map((c) => c.id), ['organizational', 'people', 'physical', 'technological']);
    const a85 = iso.categories.flatMap((c) => c.criteria).find((c) => c.id === 'A.8.5');
    assert.deepEqual(a85.controls.map((c) => c.id), ['AC-04', 'AC-09']);
    assert.deepEqual(json.frameworks[0].totals, json.totals, 'the primary entry is the top level');
    assert.equal(json.frameworks[2].totals.covered, 1);
  });

  test('--framework reports one framework in every format; exit 0', () => {
    const text = runCli(['coverage', root, '--framework', 'iso27001-2022']);
    assert.equal(text.status, 0, text.stderr);
    assert.match(text.stdout, /Coverage \(iso27001-2022, type1\): 2\/92 covered, 1 planned, 0 policy-only, 89 uncovered, 1 excluded\./);
    assert.match(text.stdout, /A\.7\.4 +excluded +Monitoring premises +\[excluded: No premises of our own\.\]/);
    const { json } = runJson(['coverage', root, '--format', 'json', '--framework', 'nist-csf-2.0']);
    assert.equal(json.framework, 'nist-csf-2.0');
    assert.equal(json.totals.inScope, 106);
    assert.equal(json.frameworks, undefined);
    assert.ok(json.categories.every((c) => c.series.length > 0), 'the CSF functions carry their categories as series');
    const rows = parseCsv(runCli(['coverage', root, '--format', 'csv', '--framework', 'iso27001-2022']).stdout);
    assert.equal(rows.length, 1 + 93);
    assert.deepEqual(rows.find((r) => r[1] === 'A.5.19').slice(3, 5), ['planned', 'AC-10']);
  });

  test('--framework with an id the project does not use exits 2 naming its frameworks', () => {
    const r = runCli(['coverage', root, '--framework', 'iso27001']);
    assert.equal(r.status, 2);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /the project does not use the framework `iso27001` \(its frameworks: tsc-2017, iso27001-2022, nist-csf-2\.0\)/);
    const other = runCli(['plan', root, '--framework', 'iso27001-2022']);
    assert.equal(other.status, 2);
    assert.match(other.stderr, /--framework applies to `attest coverage` only/);
  });
});

describe('Statement of Applicability', () => {
  const root = tempWorkspace(FILES);
  after(() => removeDir(root));

  test('one row per Annex A control: applicable, the exclusion as justification, the implemented controls', () => {
    const r = runCli(['report', root, '--format', 'soa']);
    assert.equal(r.status, 0, r.stderr);
    const rows = parseCsv(r.stdout);
    assert.deepEqual(rows[0], ['control', 'title', 'applicable', 'justification', 'implemented_by']);
    assert.equal(rows.length, 1 + 93);
    assert.equal(new Set(rows.slice(1).map((x) => x[0])).size, 93);
    assert.deepEqual(rows[1].slice(0, 3), ['A.5.1', 'Information security policy set', 'yes']);
    const row = (id) => rows.find((x) => x[0] === id);
    assert.deepEqual(row('A.7.4'), ['A.7.4', 'Monitoring premises', 'no', 'No premises of our own.', '']);
    assert.deepEqual(row('A.8.5').slice(2), ['yes', '', 'AC-04 AC-09']);
    assert.deepEqual(row('A.5.19').slice(2), ['yes', '', ''], 'a planned control implements nothing yet');
    assert.deepEqual(row('A.5.18'), ['A.5.18', 'Granting, reviewing and revoking access rights', 'yes', '', 'AC-04']);
    assert.equal(rows.at(-1)[0], 'A.8.34');
  });

  test('--out FILE.csv writes it; a project without iso27001-2022 exits 2 and says how to add it', () => {
    const out = runCli(['report', root, '--out', 'soa.csv'], { cwd: root });
    assert.equal(out.status, 0, out.stderr);
    const tsc = tempWorkspace({ 'attest.yaml': 'framework: tsc-2017\n', 'controls/a.yaml': 'id: A-1\ntitle: A\nowner: x\ncriteria: [CC6.1]\n' });
    try {
      const r = runCli(['report', tsc, '--format', 'soa']);
      assert.equal(r.status, 2);
      assert.equal(r.stdout, '');
      assert.match(r.stderr, /the project does not list iso27001-2022 among its frameworks: add it to `frameworks:` in attest\.yaml/);
    } finally {
      removeDir(tsc);
    }
  });
});

describe('attest check with several frameworks', () => {
  test('unknown-framework and per-framework unknown-criterion with their exact ranges', () => {
    const config = 'frameworks: [tsc-2017, iso27001-2022, nist-csf-2.1]\n';
    const ctl = 'id: A-1\ntitle: A\nowner: x\ncriteria:\n  tsc-2017: [CC6.1]\n  iso27001-2022: [A.5.99]\n  iso27001: [A.5.1]\n';
    const walk = 'from: tsc-2017\nto: iso27001-2022\nsource: ours\nlinks:\n  - { from: CC6.1, to: A.8.55, relationship: intersects-with }\n';
    const root = tempWorkspace({ 'attest.yaml': config, 'controls/a.yaml': ctl, 'crosswalks/x.yaml': walk });
    try {
      const { status, json } = runJson(['check', root, '--format', 'json']);
      assert.equal(status, 1);
      const pick = (file, code) => json.diagnostics.filter((d) => d.file === file && d.code === code).map((d) => [d.range, d.severity]);
      assert.deepEqual(pick('attest.yaml', 'unknown-framework'), [[rangeOf(config, 'nist-csf-2.1'), 'error']]);
      assert.deepEqual(pick('controls/a.yaml', 'unknown-framework'), [[rangeOf(ctl, 'iso27001', { nth: 1 }), 'error']]);
      assert.deepEqual(pick('controls/a.yaml', 'unknown-criterion'), [[rangeOf(ctl, 'A.5.99'), 'error']]);
      assert.deepEqual(pick('crosswalks/x.yaml', 'crosswalk-unknown-criterion'), [[rangeOf(walk, 'A.8.55'), 'warning']]);
    } finally {
      removeDir(root);
    }
  });
});

describe('--cache with several catalog files', () => {
  test('a change to a non-primary framework\'s catalog file is seen by the next cached run', () => {
    const catalog = (id, crit) => `id: ${id}\ntitle: ${id}\ncategories:\n  - id: core\n    title: Core\n    series:\n      - id: K\n        title: K\n        criteria:\n          - id: ${crit}\n            title: ${crit}\n`;
    const root = tempWorkspace({
      'attest.yaml': 'frameworks: [tsc-2017, cat/a.yaml, cat/b.yaml]\n',
      'cat/a.yaml': catalog('a', 'A.1'),
      'cat/b.yaml': catalog('b', 'B.1'),
      'controls/x.yaml': 'id: X-1\ntitle: X\nowner: o\ncriteria:\n  tsc-2017: [CC6.1]\n  cat/b.yaml: [B.1]\n',
    });
    try {
      const first = runJson(['check', root, '--format', 'json', '--cache']);
      assert.deepEqual(first.json.diagnostics.filter((d) => d.file === 'controls/x.yaml'), []);
      writeFiles(root, { 'cat/b.yaml': catalog('b', 'B.2') });
      const cached = runCli(['check', root, '--format', 'json', '--cache']);
      const fresh = runCli(['check', root, '--format', 'json']);
      assert.equal(cached.stdout, fresh.stdout);
      assert.ok(JSON.parse(cached.stdout).diagnostics.some((d) => d.file === 'controls/x.yaml' && d.code === 'unknown-criterion'));
    } finally {
      removeDir(root);
    }
  });
});
