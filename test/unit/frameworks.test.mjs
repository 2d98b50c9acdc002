// Several frameworks from one set of controls (formats.md): `frameworks:`, the mapping form of
// `criteria:`, coverage and exclusions per framework, and the findings that go with them.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { core, memoryWorkspace, findingsOf, withCode } from '../helpers/core.mjs';
import { rangeOf } from '../helpers/positions.mjs';

const THREE = 'frameworks: [tsc-2017, iso27001-2022, nist-csf-2.0]\ncategories: [availability]\n';

const statusIn = (cov, framework, id) => cov.frameworks.find((f) => f.id === framework).categories.flatMap((c) => c.criteria).find((c) => c.id === id).status;

describe('frameworks: in attest.yaml', () => {
  test('three frameworks: the first is primary, categories scope TSC only, every ISO and CSF criterion is in scope', () => {
    const ws = memoryWorkspace({ config: THREE });
    const cfg = ws.config;
    assert.deepEqual(cfg.frameworks.map((f) => f.id), ['tsc-2017', 'iso27001-2022', 'nist-csf-2.0']);
    assert.equal(cfg.framework, 'tsc-2017');
    const cov = core.buildCoverage(ws);
    assert.equal(cov.framework, 'tsc-2017');
    assert.deepEqual(cov.frameworks.map((f) => [f.id, f.totals.inScope]), [['tsc-2017', 33 + 3], ['iso27001-2022', 93], ['nist-csf-2.0', 106]]);
    assert.equal(cov.frameworks[1].title, 'ISO/IEC 27001:2022 Annex A');
    assert.equal(cov.totals.inScope, 36, 'the top-level fields stay the primary framework\'s');
    assert.deepEqual(withCode(ws, 'attest.yaml', 'schema'), []);
  });

  test('framework: keeps working, and names a built-in non-TSC catalog too', () => {
    const old = memoryWorkspace({ config: 'framework: tsc-2017\n', files: { 'controls/a.yaml': 'id: A-1\ntitle: A\nowner: x\ncriteria: [CC6.1]\n' } });
    assert.deepEqual(old.config.frameworks.map((f) => f.id), ['tsc-2017']);
    assert.equal(core.buildCoverage(old).frameworks, undefined, 'no frameworks array without `frameworks:`');
    const iso = memoryWorkspace({ config: 'framework: iso27001-2022\n', files: { 'controls/a.yaml': 'id: A-1\ntitle: A\nowner: x\ncriteria: [A.5.18]\n' } });
    assert.equal(iso.config.framework, 'iso27001-2022');
    assert.equal(iso.status('A.5.18'), 'covered');
    assert.equal(core.buildCoverage(iso).totals.inScope, 93, 'every Annex A control is in scope');
    assert.deepEqual(findingsOf(iso, 'controls/a.yaml'), []);
  });

  test('unknown-framework on the id in frameworks:, with the closest built-in suggested; the others still load', () => {
    const config = 'frameworks: [tsc-2017, iso27001-2023, nist-csf-2.0]\n';
    const ws = memoryWorkspace({ config });
    const f = withCode(ws, 'attest.yaml', 'unknown-framework');
    assert.equal(f.length, 1);
    assert.equal(f[0].severity, 'error');
    assert.deepEqual(f[0].range, rangeOf(config, 'iso27001-2023'));
    assert.match(f[0].message, /Unknown framework `iso27001-2023`.*Did you mean iso27001-2022\?/);
    assert.deepEqual(ws.config.frameworks.map((x) => x.id), ['tsc-2017', 'nist-csf-2.0']);
  });

  test('a catalog file as a framework, and both framework: and frameworks: (schema on framework:)', () => {
    const catalog = 'id: acme\ntitle: Acme\ncategories:\n  - id: core\n    title: Core\n    series:\n      - id: K1\n        title: Keys\n        criteria:\n          - id: K1.1\n            title: Keys are rotated\n';
    const config = 'framework: tsc-2017\nframeworks: [tsc-2017, catalogs/acme.yaml]\n';
    const ws = memoryWorkspace({ config, catalogs: { 'catalogs/acme.yaml': catalog }, files: { 'controls/k.yaml': 'id: K-1\ntitle: K\nowner: x\ncriteria:\n  tsc-2017: [CC6.1]\n  catalogs/acme.yaml: [K1.1]\n' } });
    assert.deepEqual(ws.config.frameworks.map((x) => x.id), ['tsc-2017', 'catalogs/acme.yaml']);
    assert.deepEqual(ws.config.catalogPaths, ['catalogs/acme.yaml']);
    const schema = withCode(ws, 'attest.yaml', 'schema');
    assert.equal(schema.length, 1);
    assert.deepEqual(schema[0].range, rangeOf(config, 'tsc-2017'));
    assert.equal(ws.status('K1.1', 'catalogs/acme.yaml'), 'covered');
    assert.deepEqual(findingsOf(ws, 'controls/k.yaml'), []);
  });
});

describe('the mapping form of criteria:', () => {
  const ctl = 'id: AC-04\ntitle: Quarterly access review\nowner: security\ncriteria:\n  tsc-2017: [CC6.2, CC6.3]\n  iso27001-2022: [A.5.18]\n  nist-csf-2.0: [PR.AA-05]\n';

  test('counts per framework; the list form is the primary framework', () => {
    const ws = memoryWorkspace({ config: THREE, files: { 'controls/ac.yaml': ctl, 'controls/b.yaml': 'id: B-1\ntitle: B\nowner: x\nstatus: planned\ncriteria: [CC6.1]\n' } });
    assert.deepEqual(findingsOf(ws, 'controls/ac.yaml'), []);
    const cov = core.buildCoverage(ws);
    assert.equal(statusIn(cov, 'tsc-2017', 'CC6.2'), 'covered');
    assert.equal(statusIn(cov, 'tsc-2017', 'CC6.1'), 'planned');
    assert.equal(statusIn(cov, 'iso27001-2022', 'A.5.18'), 'covered');
    assert.equal(statusIn(cov, 'nist-csf-2.0', 'PR.AA-05'), 'covered');
    assert.equal(statusIn(cov, 'iso27001-2022', 'A.5.15'), 'uncovered');
    assert.deepEqual(cov.frameworks[1].totals, { inScope: 93, covered: 1, planned: 0, policyOnly: 0, uncovered: 92, excluded: 0 });
    const entry = cov.frameworks[1].categories.flatMap((c) => c.criteria).find((c) => c.id === 'A.5.18');
    assert.deepEqual(entry.controls.map((c) => c.id), ['AC-04']);
  });

  test('ids of different catalogs are kept apart: an id mapped under one framework counts in that one only', () => {
    const catalog = (id) => `id: ${id}\ntitle: ${id}\ncategories:\n  - id: c\n    title: C\n    series:\n      - id: X\n        title: X\n        criteria:\n          - id: X.1\n            title: One\n`;
    const ws = memoryWorkspace({
      config: 'frameworks: [a.yaml, b.yaml]\n',
      catalogs: { 'a.yaml': catalog('a'), 'b.yaml': catalog('b') },
      files: { 'controls/x.yaml': 'id: X-1\ntitle: X\nowner: x\ncriteria:\n  b.yaml: [X.1]\n' },
    });
    assert.equal(ws.status('X.1', 'b.yaml'), 'covered');
    assert.equal(ws.status('X.1', 'a.yaml'), 'uncovered');
    assert.equal(ws.status('X.1'), 'uncovered', 'the primary framework is a.yaml');
  });

  test('unknown-criterion per framework, on the id, with that framework named and its ids suggested', () => {
    const text = 'id: A-1\ntitle: A\nowner: x\ncriteria:\n  tsc-2017: [CC6.1]\n  iso27001-2022: [A.5.99, CC6.2]\n';
    const ws = memoryWorkspace({ config: THREE, files: { 'controls/a.yaml': text } });
    const f = withCode(ws, 'controls/a.yaml', 'unknown-criterion');
    assert.deepEqual(f.map((x) => x.range), [rangeOf(text, 'A.5.99'), rangeOf(text, 'CC6.2')]);
    assert.match(f[0].message, /^Unknown criterion `A\.5\.99` in iso27001-2022\./);
    assert.ok(f[0].data.suggestions.every((id) => id.startsWith('A.')), f[0].data.suggestions.join(','));
  });

  test('unknown-framework on the key; the ids under it are not checked further', () => {
    const text = 'id: A-1\ntitle: A\nowner: x\ncriteria:\n  tsc-2017: [CC6.1]\n  iso27001: [A.5.99, whatever]\n';
    const ws = memoryWorkspace({ config: THREE, files: { 'controls/a.yaml': text } });
    const f = findingsOf(ws, 'controls/a.yaml');
    assert.deepEqual(f.map((x) => x.code), ['unknown-framework']);
    assert.deepEqual(f[0].range, rangeOf(text, 'iso27001'));
    assert.match(f[0].message, /Did you mean iso27001-2022\?/);
    assert.deepEqual(f[0].data.suggestions, ['iso27001-2022']);
  });

  test('a built-in framework the project does not list: its ids are checked, nothing counts (information on the key)', () => {
    const text = 'id: A-1\ntitle: A\nowner: x\ncriteria:\n  tsc-2017: [CC6.1]\n  nist-csf-2.0: [PR.AA-05, PR.ZZ-01]\n';
    const ws = memoryWorkspace({ config: 'frameworks: [tsc-2017, iso27001-2022]\n', files: { 'controls/a.yaml': text } });
    const f = findingsOf(ws, 'controls/a.yaml');
    assert.deepEqual(f.map((x) => [x.code, x.text]), [['out-of-scope-criterion', 'nist-csf-2.0'], ['unknown-criterion', 'PR.ZZ-01']]);
  });

  test('a control mapping only another framework is not unmapped; one with an empty mapping is', () => {
    const ws = memoryWorkspace({
      config: THREE,
      files: { 'controls/a.yaml': 'id: A-1\ntitle: A\nowner: x\ncriteria:\n  iso27001-2022: [A.8.5]\n', 'controls/b.yaml': 'id: B-1\ntitle: B\nowner: x\ncriteria: {}\n' },
    });
    assert.deepEqual(findingsOf(ws, 'controls/a.yaml'), []);
    assert.deepEqual(withCode(ws, 'controls/b.yaml', 'unmapped-control').map((f) => f.text), ['B-1']);
  });

  test('a bad value inside the mapping is a schema finding on that value', () => {
    const text = 'id: A-1\ntitle: A\nowner: x\ncriteria:\n  tsc-2017: [CC6.1]\n  iso27001-2022: A.5.18\n';
    const ws = memoryWorkspace({ config: THREE, files: { 'controls/a.yaml': text } });
    const f = withCode(ws, 'controls/a.yaml', 'schema');
    assert.equal(f.length, 1);
    assert.equal(f[0].text, 'A.5.18');
  });

  test('policies: the mapping form counts per framework; policy-only sits on the id under its key', () => {
    const pol = '---\nid: POL-A\ntitle: Access\nowner: CISO\ncriteria:\n  tsc-2017: [CC6.1]\n  iso27001-2022: [A.5.15]\n---\n# Access\n';
    const ws = memoryWorkspace({ config: THREE, files: { 'policies/a.md': pol } });
    assert.equal(ws.status('A.5.15', 'iso27001-2022'), 'policy-only');
    const f = withCode(ws, 'policies/a.md', 'uncovered-criterion');
    assert.deepEqual(f.map((x) => x.range), [rangeOf(pol, 'CC6.1'), rangeOf(pol, 'A.5.15')]);
    assert.match(f[1].message, /^A\.5\.15 \(iso27001-2022\) is policy-only/);
  });
});

describe('coverage findings and exclusions per framework', () => {
  test('the gaps of a non-primary framework: one uncovered-criterion on its id in frameworks:, naming them', () => {
    const ws = memoryWorkspace({ config: THREE, files: { 'controls/a.yaml': 'id: A-1\ntitle: A\nowner: x\ncriteria:\n  iso27001-2022: [A.5.1]\n', 'controls/b.yaml': 'id: B-1\ntitle: B\nowner: x\nstatus: planned\ncriteria:\n  iso27001-2022: [A.5.2]\n' } });
    const f = withCode(ws, 'attest.yaml', 'uncovered-criterion');
    const on = (needle) => f.filter((x) => x.text === needle);
    assert.equal(on('iso27001-2022').length, 1);
    assert.equal(on('nist-csf-2.0').length, 1);
    const iso = on('iso27001-2022')[0];
    assert.deepEqual(iso.range, rangeOf(THREE, 'iso27001-2022'));
    assert.equal(iso.severity, 'warning');
    assert.equal(iso.message, '92 of the 93 in-scope criteria of iso27001-2022 are not covered (91 uncovered, 1 planned): A.5.2, A.5.3, A.5.4, A.5.5, A.5.6, A.5.7, A.5.8, A.5.9, A.5.10, A.5.11 and 82 more. `attest coverage --framework iso27001-2022` lists them.');
    assert.equal(iso.data.framework, 'iso27001-2022');
    assert.equal(iso.data.criteria.length, 92);
    assert.ok(!iso.data.criteria.includes('A.5.1'));
    assert.equal(on('tsc-2017').length, 33, 'the primary\'s gaps stay one per criterion (security on the primary framework)');
    assert.equal(on('availability').length, 3);
  });

  test('exclude: works for any framework\'s id; the reason is the justification', () => {
    const config = `${THREE}exclude:\n  - criterion: A.7.4\n    reason: No premises of our own.\n  - criterion: CC9.2\n    reason: No vendors.\n  - criterion: A.7.99\n    reason: typo\n  - criterion: PR.AA-06\n`;
    const ws = memoryWorkspace({ config });
    assert.equal(ws.status('A.7.4', 'iso27001-2022'), 'excluded');
    assert.equal(ws.status('CC9.2'), 'excluded');
    const cov = core.buildCoverage(ws);
    const a74 = cov.frameworks[1].categories.flatMap((c) => c.criteria).find((c) => c.id === 'A.7.4');
    assert.equal(a74.reason, 'No premises of our own.');
    assert.equal(cov.frameworks[1].totals.excluded, 1);
    const unknown = withCode(ws, 'attest.yaml', 'unknown-criterion');
    assert.deepEqual(unknown.map((x) => x.range), [rangeOf(config, 'A.7.99')]);
    assert.match(unknown[0].message, /in tsc-2017, iso27001-2022 or nist-csf-2\.0\./);
    assert.deepEqual(withCode(ws, 'attest.yaml', 'exclusion-without-reason').map((x) => x.text), ['PR.AA-06']);
  });

  test('an exclusion may name its framework; an unknown one is unknown-framework on that value', () => {
    const config = `${THREE}exclude:\n  - criterion: A.7.4\n    framework: iso27001-2022\n    reason: No premises.\n  - criterion: A.7.5\n    framework: iso27001\n    reason: x\n`;
    const ws = memoryWorkspace({ config });
    assert.equal(ws.status('A.7.4', 'iso27001-2022'), 'excluded');
    const f = withCode(ws, 'attest.yaml', 'unknown-framework');
    assert.deepEqual(f.map((x) => x.range), [rangeOf(config, 'iso27001', { nth: 2 })]);
    assert.deepEqual(withCode(ws, 'attest.yaml', 'unknown-field'), []);
  });

  test('an edit moves the status of the framework it maps, and only that one', () => {
    const ws = memoryWorkspace({ config: THREE, files: { 'controls/a.yaml': 'id: A-1\ntitle: A\nowner: x\ncriteria: [CC6.1]\n' } });
    assert.equal(ws.status('A.5.15', 'iso27001-2022'), 'uncovered');
    const affected = ws.setFile('controls/a.yaml', 'id: A-1\ntitle: A\nowner: x\ncriteria:\n  tsc-2017: [CC6.1]\n  iso27001-2022: [A.5.15]\n');
    assert.ok(affected.has('attest.yaml'), 'attest.yaml\'s uncovered-criterion findings change');
    assert.equal(ws.status('A.5.15', 'iso27001-2022'), 'covered');
    assert.equal(ws.status('CC6.1'), 'covered');
    assert.ok(!withCode(ws, 'attest.yaml', 'uncovered-criterion').some((f) => f.data.criteria?.includes('A.5.15')));
    ws.setFile('controls/a.yaml', 'id: A-1\ntitle: A\nowner: x\nstatus: retired\ncriteria:\n  iso27001-2022: [A.5.15]\n');
    assert.equal(ws.status('A.5.15', 'iso27001-2022'), 'uncovered');
    assert.equal(ws.status('CC6.1'), 'uncovered');
  });

  test('a large register in the mapping form gives the same facts chunked as whole', () => {
    const item = (i) => `  - id: C-${i}\n    title: Control ${i}\n    owner: x\n    criteria:\n      tsc-2017: [CC6.${(i % 8) + 1}]\n      iso27001-2022: [A.5.${(i % 37) + 1}]\n`;
    const text = `controls:\n${Array.from({ length: 400 }, (_, i) => item(i)).join('')}`;
    const ws = memoryWorkspace({ config: THREE, files: { 'controls/r.yaml': text } });
    const edited = text.replace('title: Control 3\n', 'title: Control three\n');
    ws.setFile('controls/r.yaml', edited);
    const whole = memoryWorkspace({ config: THREE, files: { 'controls/r.yaml': `# whole\n${edited}` } });
    const shift = 8;
    const a = ws.facts('controls/r.yaml').controls.map((c) => c.criteriaByFramework.map((e) => [e.framework, e.key.span.start, e.refs.map((r) => [r.value, r.span.start])]));
    const b = whole.facts('controls/r.yaml').controls.map((c) => c.criteriaByFramework.map((e) => [e.framework, e.key.span.start - shift, e.refs.map((r) => [r.value, r.span.start - shift])]));
    assert.deepEqual(a, b);
    assert.equal(ws.status('A.5.37', 'iso27001-2022'), 'covered');
  });
});
