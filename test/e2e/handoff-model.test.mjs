// Unit tests of the pure modules behind the hand-off and Type II commands (no VS Code): the readiness
// panel's Content-Security-Policy, the OSCAL export's models, file names and answer check, the
// remediation plan picker (overdue first) and the samples picker; the commands and YAML validation
// package.json contributes. Bundled with esbuild on the fly.
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { build } from 'esbuild';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import picomatch from 'picomatch';
import { runCli } from '../helpers/cli.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
let m;
before(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'attest-handoff-'));
  const out = join(dir, 'handoff.mjs');
  await build({
    stdin: {
      contents: ['webviewCsp', 'oscalModel', 'pickModel', 'planModel', 'samplesModel'].map((f) => `export * from './client/src/${f}';`).join(' '),
      resolveDir: root,
      loader: 'ts',
    },
    bundle: true, platform: 'node', format: 'esm', outfile: out, logLevel: 'warning',
  });
  m = await import(pathToFileURL(out).href);
  rmSync(dir, { recursive: true, force: true });
});

const range = (line, a, b) => ({ start: { line, character: a }, end: { line, character: b } });

describe('the readiness panel page', () => {
  test('a page without a policy gets the strict one first in its head', () => {
    const html = m.withStrictCsp('<!doctype html><html><head><title>r</title><style>p{}</style></head><body><p>x</p></body></html>');
    assert.match(html, /^<!doctype html><html><head><meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"><title>/);
    assert.deepEqual(m.declaredPolicies(html), [m.STRICT_CSP]);
  });

  test('a fragment, or a page without a head, gets it where the parser puts the head', () => {
    assert.match(m.withStrictCsp('<p>hi</p>'), /^<meta http-equiv="Content-Security-Policy"[^>]*>\n<p>hi<\/p>$/);
    assert.match(m.withStrictCsp('<!DOCTYPE html>\n<p>hi</p>'), /^<!DOCTYPE html><meta http-equiv="Content-Security-Policy"/);
    assert.match(m.withStrictCsp('<html lang="en"><body>x</body></html>'), /^<html lang="en"><meta http-equiv="Content-Security-Policy"/);
  });

  test("a page whose own policy is strict keeps it; a loose one gets the strict one added", () => {
    const strict = `<html><head><meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'"></head><body></body></html>`;
    assert.equal(m.withStrictCsp(strict), strict);
    for (const policy of ["default-src *", "default-src 'none'; script-src 'unsafe-inline'", "style-src 'unsafe-inline'"]) {
      const page = `<html><head><meta http-equiv="Content-Security-Policy" content="${policy}"></head><body></body></html>`;
      assert.deepEqual(m.declaredPolicies(m.withStrictCsp(page)), [m.STRICT_CSP, policy], policy);
    }
    // A policy in the body does not count (browsers ignore it there).
    const inBody = `<html><head></head><body><meta http-equiv="Content-Security-Policy" content="default-src 'none'"></body></html>`;
    assert.match(m.withStrictCsp(inBody), /<head><meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">/);
  });

  test("the server's report of a project whose files hold markup shows that markup as text, under a strict policy", (t) => {
    const r = runCli(['report', 'test/fixtures/readiness-hostile', '--format', 'html']);
    if (r.status !== 0) return t.skip(`attest report failed (exit ${r.status}): ${r.stderr.slice(0, 300)}`);
    const html = m.withStrictCsp(r.stdout);
    assert.ok(m.declaredPolicies(html).some(m.isStrict), 'a strict policy');
    assert.doesNotMatch(html, /<(script|img|iframe|b>)|href="javascript/i, 'no element from a file');
    assert.match(html, /&lt;script&gt;alert\(2\)&lt;\/script&gt;/);
    assert.match(html, /<td>&quot;&gt;&lt;img src=x onerror=alert\(5\)&gt; \[click\]\(javascript:alert\(6\)\)/);
  });

  test('a message page escapes what it says', () => {
    const html = m.messagePage('Readiness: <b>', 'No project "<script>"');
    assert.doesNotMatch(html, /<b>|<script>/);
    assert.match(html, /No project &quot;&lt;script&gt;&quot;/);
    assert.ok(m.declaredPolicies(html).every(m.isStrict));
  });
});

describe('the OSCAL export', () => {
  test('models by short name, format or root key; default file names in the project folder', () => {
    assert.deepEqual(m.OSCAL_MODELS.map((x) => x.root).sort(), ['catalog', 'component-definition', 'plan-of-action-and-milestones']);
    assert.equal(m.oscalModel('poam')?.format, 'oscal-poam');
    assert.equal(m.oscalModel('oscal-catalog')?.root, 'catalog');
    assert.equal(m.oscalModel('component-definition')?.suffix, 'component');
    assert.equal(m.oscalModel('ssp'), undefined);
    assert.equal(m.oscalFileName('acme-saas', m.oscalModel('component')), 'acme-saas-oscal-component.json');
    assert.equal(m.oscalFileName('Acme, Inc.', m.oscalModel('poam')), 'acme-inc-oscal-poam.json');
    assert.equal(m.oscalFileName('compliance/beta', m.oscalModel('catalog')), 'compliance-beta-oscal-catalog.json');
    assert.equal(m.oscalFileName('Société Générale', m.oscalModel('catalog')), 'societe-generale-oscal-catalog.json');
    assert.equal(m.oscalFileName('.', m.oscalModel('catalog')), 'attest-oscal-catalog.json');
  });

  test("only the model's JSON document passes the check before writing", () => {
    const poam = m.oscalModel('poam');
    assert.equal(m.oscalProblem('{"plan-of-action-and-milestones":{"uuid":"x"}}', poam), undefined);
    assert.match(m.oscalProblem('# Coverage', poam), /is not JSON/);
    assert.match(m.oscalProblem('[1]', poam), /not a JSON object/);
    assert.match(m.oscalProblem('{"catalog":{}}', poam), /the root "catalog", not "plan-of-action-and-milestones"/);
    assert.match(m.oscalProblem('{}', poam), /no root/);
  });
});

const item = (id, over = {}) => ({ kind: 'control', id, title: `${id} title`, owner: 'ops', due: null, overdue: false, file: `controls/${id}.yaml`, uri: `file:///ws/controls/${id}.yaml`, range: range(0, 4, 4 + id.length), ...over });

describe('the remediation plan picker', () => {
  test('overdue first, then by due date, items without one last', () => {
    const items = [item('A', { due: '2026-12-01' }), item('B'), item('C', { due: '2026-03-01', overdue: true }), item('D', { due: '2026-11-01' }), item('E', { due: '2026-01-01', overdue: true })];
    assert.deepEqual(m.sortPlan(items).map((i) => i.id), ['E', 'C', 'D', 'A', 'B']);
  });

  test('rows say the kind, due date, owner and file, and go to the item', () => {
    const items = [
      item('CC2.3', { kind: 'criterion', owner: null, file: 'attest.yaml', uri: 'file:///ws/attest.yaml', range: range(2, 0, 8) }),
      item('POL-VENDOR', { kind: 'policy-review', due: '2026-06-02', overdue: true, file: 'policies/vendor.md', uri: 'file:///ws/policies/vendor.md', range: range(6, 10, 20) }),
      item('AC-09', { due: '2026-12-01' }),
      item('WEB', { kind: 'system', file: null, uri: null, range: null }),
    ];
    const rows = m.planPicks(items, (u) => u.replace('file:///ws/', ''));
    assert.deepEqual(m.pickLines(rows), [
      '-- Overdue (1)',
      '$(warning) POL-VENDOR — policy review · overdue since 2026-06-02 · ops',
      '-- Open (3)',
      '$(checklist) AC-09 — planned control · due 2026-12-01 · ops',
      '$(shield) CC2.3 — uncovered criterion · no due date',
      '$(server) WEB — unprotected system · no due date · ops',
    ]);
    const vendor = rows[1];
    assert.equal(vendor.uri, 'file:///ws/policies/vendor.md');
    assert.deepEqual(vendor.range, range(6, 10, 20));
    assert.equal(vendor.detail, 'POL-VENDOR title (policies/vendor.md)');
    assert.equal(rows.at(-1).uri, undefined, 'an item without a file opens nothing');
    assert.equal(m.planSummary(items), '4 items to remediate, 1 overdue: type to filter by id, owner or title');
    assert.match(m.planSummary([]), /^Nothing to remediate/);
  });
});

describe('the samples picker', () => {
  const result = {
    seed: 7,
    controls: [
      { id: 'AC-03', frequency: 'quarterly', population: 3, size: 2, uri: 'file:///ws/controls/ac.yaml', range: range(1, 6, 11), selected: [
        { start: '2026-01-01', end: '2026-03-31', evidenced: true },
        { start: '2026-04-01', end: '2026-06-30', evidenced: false },
      ] },
      { id: 'OPS-09', frequency: 'daily', population: 250, size: 1, uri: 'file:///ws/controls/ac.yaml', range: range(9, 6, 12), selected: [{ start: '2026-05-04', end: '2026-05-04', evidenced: false }] },
      { id: 'GOV-04', frequency: 'annually', population: 0, size: 0, uri: 'file:///ws/controls/ac.yaml', range: range(20, 6, 12), selected: [] },
    ],
  };

  test('every drawn interval, evidenced or not, under its control; each goes to the control', () => {
    const rows = m.samplePicks(result);
    assert.deepEqual(m.pickLines(rows), [
      '-- AC-03: quarterly, 2 of 3 intervals drawn',
      '$(pass) 2026-01-01 to 2026-03-31 — AC-03 · evidenced',
      '$(error) 2026-04-01 to 2026-06-30 — AC-03 · no evidence: add an entry dated inside it',
      '-- OPS-09: daily, 1 of 250 intervals drawn',
      '$(error) 2026-05-04 — OPS-09 · no evidence: add an entry dated inside it',
      '-- GOV-04: annually, 0 of 0 intervals drawn',
      '$(info) GOV-04 — no annually interval of the period has ended yet: nothing to draw',
    ]);
    assert.deepEqual(rows[2].range, range(1, 6, 11));
    assert.deepEqual(rows[4].range, range(9, 6, 12));
    assert.equal(m.samplesTitle(result, 'controls/ac.yaml'), 'Attest: Type II samples of 3 controls in controls/ac.yaml (seed 7)');
    assert.equal(m.samplesTitle({ seed: 1, controls: [result.controls[0]] }, 'controls/ac.yaml'), 'Attest: Type II samples of AC-03 (seed 1)');
    assert.match(m.samplesSummary(result), /^2 of 3 drawn intervals have no evidence/);
    assert.match(m.samplesSummary({ seed: 1, controls: [{ ...result.controls[1], selected: [{ start: 'x', end: 'x', evidenced: true }] }] }), /^The drawn interval has evidence/);
  });

  test('no samples: says why (not Type II, nothing periodic, no project)', () => {
    assert.match(m.noSamplesReason({ report: 'type1' }, 'controls/a.yaml'), /need "report: type2" and a "period"/);
    assert.match(m.noSamplesReason({ report: 'type2', period: { start: '2026-01-01', end: '2026-12-31' } }, 'controls/a.yaml'), /^controls\/a\.yaml defines no implemented control with a periodic frequency/);
    assert.match(m.noSamplesReason(null, 'notes/a.yaml'), /not in an Attest project/);
  });
});

describe("package.json's contributions", () => {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).contributes;

  test('the hand-off and Type II commands are contributed, shown in the palette only when they can work', () => {
    const when = Object.fromEntries(pkg.menus.commandPalette.map((e) => [e.command, e.when]));
    for (const [id, title] of [['attest.openReadinessReport', 'Open Readiness Report'], ['attest.exportOscal', 'Export OSCAL…'], ['attest.showPlan', 'Show Remediation Plan'], ['attest.showSamples', 'Show Samples of This Control']]) {
      const c = pkg.commands.find((x) => x.command === id);
      assert.equal(c?.title, title, id);
      assert.equal(c.category, 'Attest');
      assert.match(when[id] ?? '', /attest\.hasCoverage/, id);
    }
    assert.match(when['attest.showSamples'], /editorLangId == yaml/);
    for (const view of ['attest.coverage', 'attest.explorerCoverage']) {
      const inTitle = pkg.menus['view/title'].filter((e) => e.when.startsWith(`view == ${view}`)).map((e) => e.command);
      for (const id of ['attest.openReadinessReport', 'attest.exportOscal', 'attest.showPlan']) assert.ok(inTitle.includes(id), `${id} in ${view}'s title menu`);
    }
  });

  test('JSON Schema validation applies to control files and attest.yaml at any depth', () => {
    const globs = (schema) => [pkg.yamlValidation.find((e) => e.url.endsWith(schema)).fileMatch].flat();
    const matches = (schema, path) => globs(schema).some((g) => picomatch(g, { dot: true })(path));
    for (const p of ['controls/AC-01.yaml', 'controls/access/AC-01.yml', 'compliance/acme/controls/access/AC-01.yaml']) assert.ok(matches('control.schema.json', p), p);
    for (const p of ['notes/AC-01.yaml', 'compliance/acme/attest.yaml', 'controls/readme.md']) assert.ok(!matches('control.schema.json', p), p);
    for (const p of ['attest.yaml', 'compliance/beta/attest.yaml']) assert.ok(matches('attest.schema.json', p), p);
    assert.ok(!matches('attest.schema.json', 'compliance/beta/not-attest.yaml'));
  });
});
