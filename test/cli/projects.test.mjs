// The CLI on a monorepo: several projects below the folder argument (one nested in another),
// run from the repository's root, so paths relative to the folder differ from paths relative to
// the current directory.
import { test, describe, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { runCli, runJson, parseCsv, removeDir } from '../helpers/attest.mjs';
import { writeMonorepo, ROOTS } from './monorepo.mjs';

const LINE = /^(\S+):(\d+):(\d+) (error|warning|information|hint) ([a-z-]+) (.+)$/;

describe('a monorepo: compliance/ holds three projects, run from the repository root', () => {
  const repo = writeMonorepo();
  after(() => removeDir(repo));
  const run = (args) => runCli(args, { cwd: repo });
  const json = (args) => runJson(args, { cwd: repo });
  const check = json(['check', 'compliance', '--format', 'json']);
  const byRoot = Object.fromEntries(check.json.projects.map((p) => [p.root, p.coverage]));
  const criterion = (cov, id) => cov.categories.flatMap((c) => c.criteria).find((c) => c.id === id);

  test('check json: one entry per project, sorted by root; no top-level coverage for several', () => {
    assert.equal(check.status, 1, 'acme has an error');
    assert.deepEqual(check.json.projects.map((p) => p.root), ROOTS);
    assert.deepEqual(Object.keys(check.json).sort(), ['diagnostics', 'projects']);
  });

  test('ids are per project: AC-01 in three projects is no duplicate-id', () => {
    assert.ok(!check.json.diagnostics.some((d) => d.code === 'duplicate-id'), JSON.stringify(check.json.diagnostics));
    for (const root of ROOTS) assert.deepEqual(criterion(byRoot[root], 'M1.1').controls.map((c) => c.id).filter((id) => id === 'AC-01'), ['AC-01'], root);
  });

  test("a nested project's files are its own: acme does not read controls/vendors/", () => {
    const acmeControls = criterion(byRoot.acme, 'M1.1').controls.map((c) => fileOf(c.uri));
    assert.deepEqual(acmeControls, ['compliance/acme/controls/access.YML', 'compliance/acme/controls/broken.yaml']);
    assert.deepEqual(criterion(byRoot['acme/controls/vendors'], 'M1.2').controls.map((c) => c.id), ['AC-01', 'VEN-9']);
  });

  test('.YML controls and .markdown policies are read', () => {
    assert.deepEqual(criterion(byRoot.acme, 'M1.2').policies.map((p) => p.id), ['POL-ACCESS']);
    assert.match(criterion(byRoot.acme, 'M1.2').policies[0].uri, /access\.markdown$/);
  });

  test('files under node_modules/ and dot folders belong to no project', () => {
    assert.ok(!check.json.diagnostics.some((d) => /node_modules|\.cache/.test(d.file)));
    const all = json(['check', '.', '--format', 'json']).json;
    assert.deepEqual(all.projects.map((p) => p.root), ROOTS.map((r) => `compliance/${r}`));
  });

  test('check json: files relative to the folder argument', () => {
    assert.ok(check.json.diagnostics.length >= 3);
    for (const d of check.json.diagnostics) {
      assert.ok(!d.file.startsWith('compliance/') && !path.isAbsolute(d.file), d.file);
      assert.ok(fs.existsSync(path.join(repo, 'compliance', d.file)), d.file);
    }
    assert.ok(check.json.diagnostics.some((d) => d.file === 'acme/controls/broken.yaml' && d.code === 'unknown-criterion'));
  });

  test('check text: file:line:col relative to the current directory, one section per project', () => {
    const r = run(['check', 'compliance']);
    assert.equal(r.status, 1);
    const lines = r.stdout.split('\n');
    const diag = lines.filter((l) => LINE.test(l));
    assert.equal(diag.length, check.json.diagnostics.length);
    diag.forEach((l, i) => {
      const [, file, line, col] = LINE.exec(l);
      const d = check.json.diagnostics[i];
      assert.equal(file, `compliance/${d.file}`);
      assert.ok(fs.existsSync(path.join(repo, file)), file);
      assert.equal(Number(line), d.range.start.line + 1);
      assert.equal(Number(col), d.range.start.character + 1);
    });
    const headings = lines.filter((l) => /^Project /.test(l));
    assert.deepEqual(headings, ROOTS.map((root) => `Project ${root}`));
    assert.equal(lines.filter((l) => /^Coverage/.test(l)).length, 3, 'a coverage line per project');
  });

  test('check sarif: uris relative to the current directory under %SRCROOT%, which is its file URI', () => {
    const sarif = json(['check', 'compliance', '--format', 'sarif']).json;
    const base = sarif.runs[0].originalUriBaseIds['%SRCROOT%'].uri;
    assert.equal(base, pathToFileURL(repo).href + '/');
    const results = sarif.runs[0].results;
    assert.equal(results.length, check.json.diagnostics.length);
    results.forEach((res, i) => {
      const loc = res.locations[0].physicalLocation.artifactLocation;
      assert.equal(loc.uriBaseId, '%SRCROOT%');
      assert.equal(decodeURI(loc.uri), `compliance/${check.json.diagnostics[i].file}`);
      assert.ok(fs.existsSync(new URL(loc.uri, base)), loc.uri);
    });
  });

  test('one project: check json keeps the top-level coverage, equal to its only entry (root ".")', () => {
    const one = json(['check', 'compliance/beta', '--format', 'json']).json;
    assert.deepEqual(one.projects.map((p) => p.root), ['.']);
    assert.deepEqual(one.coverage, one.projects[0].coverage);
    assert.deepEqual(one.coverage, byRoot.beta);
  });

  test('a project and its nested project, from inside it: roots "." and "controls/vendors"', () => {
    const r = runJson(['check', '--format', 'json'], { cwd: path.join(repo, 'compliance/acme') }).json;
    assert.deepEqual(r.projects.map((p) => p.root), ['.', 'controls/vendors']);
    assert.ok(r.diagnostics.some((d) => d.file === 'controls/broken.yaml'));
  });

  test('text output names files from the current directory, also from inside a project', () => {
    const fromRepo = runCli(['check', 'compliance/acme', '--fail-on', 'none'], { cwd: repo });
    assert.match(fromRepo.stdout, /^compliance\/acme\/controls\/broken\.yaml:\d+:\d+ /m);
    const fromControls = runCli(['check', '..', '--fail-on', 'none'], { cwd: path.join(repo, 'compliance/acme/controls') });
    assert.match(fromControls.stdout, /^broken\.yaml:\d+:\d+ /m);
    assert.match(fromControls.stdout, /^\.\.\/attest\.yaml:\d+:\d+ /m);
    const fromSibling = runCli(['check', '../acme', '--fail-on', 'none'], { cwd: path.join(repo, 'compliance/beta') });
    assert.match(fromSibling.stdout, /^\.\.\/acme\/controls\/broken\.yaml:\d+:\d+ /m);
  });

  test('coverage json: the result itself for one project, { projects } for several; filesWithErrors relative to the folder argument', () => {
    const several = json(['coverage', 'compliance', '--format', 'json']).json;
    assert.deepEqual(Object.keys(several), ['projects']);
    assert.deepEqual(several.projects.map((p) => p.root), ROOTS);
    assert.deepEqual(several.projects.map((p) => p.coverage.filesWithErrors), [['acme/controls/broken.yaml'], [], []]);
    assert.deepEqual(several.projects, check.json.projects, 'the same results as check');
    const one = json(['coverage', 'compliance/beta', '--format', 'json']).json;
    assert.deepEqual(one, byRoot.beta);
    assert.deepEqual(one.filesWithErrors, []);
    const acme = json(['coverage', 'compliance/acme', '--format', 'json']).json;
    assert.deepEqual(acme.projects.map((p) => [p.root, p.coverage.filesWithErrors]), [['.', ['controls/broken.yaml']], ['controls/vendors', []]]);
  });

  test('plan json: one items list, each item naming its project; file relative to the folder argument', () => {
    const { json: plan, status } = json(['plan', 'compliance', '--format', 'json']);
    assert.equal(status, 0);
    assert.deepEqual(Object.keys(plan), ['items']);
    assert.deepEqual([...new Set(plan.items.map((i) => i.project))].sort(), ROOTS);
    for (const it of plan.items) if (it.file) assert.ok(fs.existsSync(path.join(repo, 'compliance', it.file)), it.file);
    const ven = plan.items.find((i) => i.id === 'VEN-9');
    assert.equal(ven.project, 'acme/controls/vendors');
    assert.equal(ven.file, 'acme/controls/vendors/controls/later.yaml');
    assert.equal(ven.overdue, true);
  });

  test('plan text: item paths relative to the current directory, one section per project', () => {
    const r = run(['plan', 'compliance']);
    assert.equal(r.status, 0);
    const lines = r.stdout.split('\n');
    assert.deepEqual(lines.filter((l) => /^Project /.test(l)), ROOTS.map((root) => `Project ${root}`));
    const ven = lines.find((l) => l.includes('VEN-9'));
    assert.ok(ven.endsWith('  compliance/acme/controls/vendors/controls/later.yaml'), ven);
  });

  test('coverage csv and plan csv: a leading project column for several projects', () => {
    const rows = parseCsv(run(['coverage', 'compliance', '--format', 'csv']).stdout).filter((x) => x.length > 1);
    assert.equal(rows[0][0], 'project');
    assert.deepEqual([...new Set(rows.slice(1).map((x) => x[0]))], ROOTS);
    assert.equal(rows.length - 1, 6, 'two criteria per project');
    const plan = parseCsv(run(['plan', 'compliance', '--format', 'csv']).stdout).filter((x) => x.length > 1);
    assert.equal(plan[0][0], 'project');
    const ven = plan.find((x) => x.includes('VEN-9'));
    assert.equal(ven[0], 'acme/controls/vendors');
    assert.equal(ven[plan[0].indexOf('file')], 'acme/controls/vendors/controls/later.yaml');
  });

  test('coverage markdown and html: one report per project, titled with its root', () => {
    const md = run(['coverage', 'compliance', '--format', 'markdown']).stdout;
    assert.deepEqual(md.split('\n').filter((l) => l.startsWith('# ')), ROOTS.map((root) => `# SOC 2 readiness report: ${root}`));
    const html = run(['coverage', 'compliance', '--format', 'html']).stdout;
    assert.equal((html.match(/<html/g) ?? []).length, 1, 'one page');
    assert.deepEqual([...html.matchAll(/<h1>([^<]*)<\/h1>/g)].map((m) => m[1]), ROOTS.map((root) => `SOC 2 readiness report: ${root}`));
  });
});

/** A file URI as a path relative to the temp repository (the part after the temp folder). */
function fileOf(uri) {
  const p = new URL(uri).pathname;
  return p.slice(p.indexOf('/compliance/') + 1);
}
