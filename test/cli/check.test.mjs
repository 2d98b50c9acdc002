// `attest check` as a real process: text, json and sarif formats, exit codes, bad usage.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runCliOnce as runCli, runJsonOnce as runJson, EXAMPLE, FIXTURES, ROOT, tempWorkspace, removeDir, rangeOf, control } from '../helpers/attest.mjs';

const ERRORS = path.join(FIXTURES, 'cli-errors');
const CLEAN = path.join(FIXTURES, 'cli-clean');
const LINE = /^(\S+):(\d+):(\d+) (error|warning|information|hint) ([a-z-]+) (.+)$/;
const SEVERITIES = new Set(['error', 'warning', 'information', 'hint']);

/** A file of `folder` named as the CLI's text output names it when run from the repository root. */
function fromRoot(folder, file) {
  return path.relative(ROOT, path.join(folder, file)).split(path.sep).join('/');
}

function count(diags, sev) {
  return diags.filter((d) => d.severity === sev).length;
}

function checkRange(r) {
  for (const p of [r.start, r.end]) {
    assert.ok(Number.isInteger(p.line) && p.line >= 0 && Number.isInteger(p.character) && p.character >= 0, JSON.stringify(r));
  }
  assert.ok(r.start.line < r.end.line || (r.start.line === r.end.line && r.start.character <= r.end.character), JSON.stringify(r));
}

describe('check --format text', () => {
  for (const [name, folder] of [['acme-saas', EXAMPLE], ['cli-errors fixture', ERRORS]]) {
    test(`${name}: one "file:line:col severity code message" line per diagnostic (path from the current directory), then the summary`, () => {
      const text = runCli(['check', folder, '--fail-on', 'none']);
      const { json } = runJson(['check', folder, '--format', 'json', '--fail-on', 'none']);
      assert.equal(text.status, 0);
      const lines = text.stdout.split('\n');
      const diagLines = lines.filter((l) => LINE.test(l));
      assert.equal(diagLines.length, json.diagnostics.length);
      assert.ok(json.diagnostics.length > 0);
      diagLines.forEach((l, i) => {
        const [, file, line, col, sev, code, msg] = LINE.exec(l);
        const d = json.diagnostics[i];
        assert.equal(file, fromRoot(folder, d.file));
        assert.equal(Number(line), d.range.start.line + 1, l);
        assert.equal(Number(col), d.range.start.character + 1, l);
        assert.equal(sev, d.severity);
        assert.equal(code, d.code);
        assert.equal(msg, d.message);
      });
      const summary = lines.find((l) => /\d+ problems?/.test(l) && !LINE.test(l));
      assert.ok(summary, 'a summary line');
      const n = (re) => Number(re.exec(summary)?.[1]);
      assert.equal(n(/(\d+) problems?/), json.diagnostics.length);
      assert.equal(n(/(\d+) errors?/), count(json.diagnostics, 'error'));
      assert.equal(n(/(\d+) warnings?/), count(json.diagnostics, 'warning'));
      const cov = lines.find((l) => /^Coverage/.test(l));
      assert.ok(cov, 'a coverage summary line');
      assert.ok(cov.includes(`${json.coverage.totals.covered}/`), cov);
    });
  }

  test('a workspace without problems says so, exit 0 even with --fail-on warning', () => {
    const r = runCli(['check', CLEAN, '--fail-on', 'warning']);
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.ok(!r.stdout.split('\n').some((l) => LINE.test(l)));
    assert.match(r.stdout, /no problems/i);
  });

  test('folder defaults to the current directory', () => {
    const a = runCli(['check', '--format', 'json', '--fail-on', 'none'], { cwd: ERRORS });
    const b = runCli(['check', ERRORS, '--format', 'json', '--fail-on', 'none']);
    assert.equal(a.status, 0);
    assert.deepEqual(JSON.parse(a.stdout).diagnostics, JSON.parse(b.stdout).diagnostics);
  });
});

describe('check --format json', () => {
  const { json, status } = runJson(['check', ERRORS, '--format', 'json']);

  test('exit 1: errors reach the default --fail-on error', () => {
    assert.equal(status, 1);
  });

  test('top level is { diagnostics, coverage, projects }: one project, at the folder itself', () => {
    assert.deepEqual(Object.keys(json).sort(), ['coverage', 'diagnostics', 'projects']);
    assert.deepEqual(json.projects.map((p) => p.root), ['.']);
    assert.deepEqual(json.projects[0].coverage, json.coverage);
  });

  test('each diagnostic has exactly file, range, severity, code, message; file is workspace-relative', () => {
    for (const d of json.diagnostics) {
      assert.deepEqual(Object.keys(d).sort(), ['code', 'file', 'message', 'range', 'severity']);
      assert.ok(SEVERITIES.has(d.severity), d.severity);
      assert.ok(!path.isAbsolute(d.file) && !d.file.includes('\\') && !d.file.startsWith('.'), d.file);
      assert.ok(fs.existsSync(path.join(ERRORS, d.file)), d.file);
      checkRange(d.range);
      assert.ok(d.message.length > 0);
    }
  });

  test('ranges cover exactly the offending text, in UTF-16 units, in CRLF and non-ASCII files', () => {
    const text = (rel) => fs.readFileSync(path.join(ERRORS, rel), 'utf8');
    const one = (file, code) => {
      const ds = json.diagnostics.filter((d) => d.file === file && d.code === code);
      assert.equal(ds.length, 1, `${file} ${code}: ${JSON.stringify(ds)}`);
      return ds[0];
    };
    assert.deepEqual(one('controls/unicode.yaml', 'unknown-criterion').range, rangeOf(text('controls/unicode.yaml'), 'CC66.2'));
    assert.deepEqual(one('controls/crlf.yaml', 'unknown-criterion').range, rangeOf(text('controls/crlf.yaml'), 'CC7.9'));
    assert.deepEqual(one('controls/crlf.yaml', 'schema').range, rangeOf(text('controls/crlf.yaml'), 'bogus'));
    assert.deepEqual(one('controls/access.yaml', 'duplicate-criterion').range, rangeOf(text('controls/access.yaml'), 'CC6.1', { nth: 1 }));
    assert.deepEqual(one('controls/access.yaml', 'unknown-policy').range, rangeOf(text('controls/access.yaml'), 'POL-MISSING'));
    assert.deepEqual(one('attest.yaml', 'exclusion-without-reason').range, rangeOf(text('attest.yaml'), 'CC6.4'));
    assert.deepEqual(one('policies/comply.md', 'missing-owner').range, rangeOf(text('policies/comply.md'), 'IRP'));
  });

  test('coverage is the attest/coverage shape', () => {
    const c = json.coverage;
    assert.equal(c.framework, 'tsc-2017');
    assert.equal(c.report, 'type1');
    assert.deepEqual(Object.keys(c.totals).sort(), ['covered', 'excluded', 'inScope', 'planned', 'policyOnly', 'uncovered']);
    assert.equal(c.totals.inScope, 33 + 3);
    for (const cat of c.categories) {
      assert.equal(typeof cat.id, 'string');
      assert.equal(typeof cat.title, 'string');
      assert.equal(typeof cat.inScope, 'boolean');
      for (const crit of cat.criteria) {
        assert.equal(typeof crit.id, 'string');
        assert.equal(typeof crit.title, 'string');
        if (cat.inScope) assert.ok(['covered', 'planned', 'policy-only', 'uncovered', 'excluded'].includes(crit.status), crit.id);
        else assert.equal(crit.status, undefined, `${crit.id} is out of scope`);
        for (const x of [...crit.controls, ...crit.policies]) {
          assert.equal(typeof x.id, 'string');
          assert.equal(typeof x.title, 'string');
          assert.match(x.uri, /^file:\/\//);
          assert.ok(fs.existsSync(new URL(x.uri)), x.uri);
          checkRange(x.range);
        }
        if (crit.status === 'excluded') assert.ok(crit.reason.length > 0);
        else assert.equal(crit.reason, undefined);
      }
    }
    const all = c.categories.flatMap((x) => x.criteria);
    const cc61 = all.find((x) => x.id === 'CC6.1');
    assert.equal(cc61.status, 'covered');
    assert.deepEqual(cc61.controls.map((x) => x.id), ['AC-01']);
    assert.deepEqual(cc61.policies.map((x) => x.id), ['POL-ACCESS']);
    const ctlText = fs.readFileSync(path.join(ERRORS, 'controls/access.yaml'), 'utf8');
    assert.deepEqual(cc61.controls[0].range, rangeOf(ctlText, 'AC-01'));
    assert.equal(all.find((x) => x.id === 'CC9.2').reason, 'No vendors, partners or suppliers handle customer data.');
    assert.equal(all.find((x) => x.id === 'CC6.4').status, 'uncovered', 'an exclusion without reason does not exclude');
    assert.equal(all.find((x) => x.id === 'CC7.3').status, 'policy-only');
  });

  test('acme-saas: Type II coverage with systems; attest/coverage adds the inventory', () => {
    const { json: acme } = runJson(['check', EXAMPLE, '--format', 'json']);
    assert.equal(acme.coverage.report, 'type2');
    assert.ok(Array.isArray(acme.coverage.systems));
    for (const s of acme.coverage.systems) {
      assert.equal(typeof s.id, 'string');
      assert.equal(typeof s.name, 'string');
      assert.ok(['in', 'out'].includes(s.scope));
      for (const c of s.controls) {
        assert.match(c.uri, /^file:\/\//);
        checkRange(c.range);
      }
    }
    assert.equal(acme.coverage.systems.find((s) => s.id === 'marketing-site').scope, 'out');
    const cc64 = acme.coverage.categories.flatMap((c) => c.criteria).find((c) => c.id === 'CC6.4');
    assert.equal(cc64.status, 'excluded');
    assert.match(cc64.reason, /AWS/);
  });
});

describe('check --format sarif', () => {
  const sarif = runJson(['check', ERRORS, '--format', 'sarif', '--fail-on', 'none']).json;
  const { json } = runJson(['check', ERRORS, '--format', 'json', '--fail-on', 'none']);

  test('SARIF 2.1.0 with one run of the attest driver', () => {
    assert.equal(sarif.version, '2.1.0');
    assert.match(sarif.$schema, /sarif/i);
    assert.equal(sarif.runs.length, 1);
    assert.equal(sarif.runs[0].tool.driver.name, 'attest');
  });

  test('rules have ids and help text; every result names a rule', () => {
    const rules = sarif.runs[0].tool.driver.rules;
    const ids = rules.map((r) => r.id);
    assert.equal(new Set(ids).size, ids.length, 'rule ids are unique');
    for (const r of rules) {
      assert.ok(r.help?.text?.length > 10, r.id);
      assert.ok(r.shortDescription?.text?.length > 0, r.id);
    }
    for (const res of sarif.runs[0].results) {
      assert.ok(ids.includes(res.ruleId), res.ruleId);
      if (res.ruleIndex !== undefined) assert.equal(rules[res.ruleIndex].id, res.ruleId);
    }
    for (const code of ['unknown-criterion', 'schema', 'duplicate-criterion', 'exclusion-without-reason']) assert.ok(ids.includes(code), code);
  });

  test('results match the json diagnostics: 1-based regions = json ranges + 1, uris relative to the current directory, levels', () => {
    const results = sarif.runs[0].results;
    assert.equal(results.length, json.diagnostics.length);
    const level = { error: 'error', warning: 'warning', information: 'note', hint: 'note' };
    results.forEach((res, i) => {
      const d = json.diagnostics[i];
      assert.equal(res.ruleId, d.code);
      assert.equal(res.message.text, d.message);
      assert.equal(res.level, level[d.severity]);
      const loc = res.locations[0].physicalLocation;
      assert.equal(decodeURI(loc.artifactLocation.uri), fromRoot(ERRORS, d.file));
      assert.equal(loc.artifactLocation.uriBaseId, '%SRCROOT%');
      assert.deepEqual(loc.region, {
        startLine: d.range.start.line + 1,
        startColumn: d.range.start.character + 1,
        endLine: d.range.end.line + 1,
        endColumn: d.range.end.character + 1,
      });
    });
  });

  test('sarif exit codes follow --fail-on like the other formats', () => {
    assert.equal(runCli(['check', ERRORS, '--format', 'sarif']).status, 1);
    assert.equal(runCli(['check', CLEAN, '--format', 'sarif']).status, 0);
  });
});

describe('exit codes', () => {
  test('--fail-on: errors → 1 by default; none → 0', () => {
    assert.equal(runCli(['check', ERRORS]).status, 1);
    assert.equal(runCli(['check', ERRORS, '--fail-on', 'error']).status, 1);
    assert.equal(runCli(['check', ERRORS, '--fail-on=none']).status, 0);
  });

  test('acme-saas (warnings, no errors): 0 by default, 1 with --fail-on warning', () => {
    const { json } = runJson(['check', EXAMPLE, '--format', 'json']);
    assert.equal(count(json.diagnostics, 'error'), 0);
    assert.ok(count(json.diagnostics, 'warning') > 0);
    assert.equal(runCli(['check', EXAMPLE]).status, 0);
    assert.equal(runCli(['check', EXAMPLE, '--fail-on', 'warning']).status, 1);
  });

  test('only information findings: 0 even with --fail-on warning', () => {
    const dir = tempWorkspace({ 'attest.yaml': 'framework: cat.yaml\n', 'cat.yaml': fs.readFileSync(path.join(CLEAN, 'catalog/mini.yaml'), 'utf8'), 'controls/a.yaml': 'id: A-1\ntitle: t\nowner: o\nstatus: planned\ncriteria: [M1.1]\n', 'controls/b.yaml': control('B-1', { criteria: ['M1.1'] }) });
    try {
      const { json } = runJson(['check', dir, '--format', 'json']);
      assert.deepEqual(json.diagnostics.map((d) => d.code), ['missing-due']);
      assert.equal(runCli(['check', dir, '--fail-on', 'warning']).status, 0);
    } finally {
      removeDir(dir);
    }
  });

  const usage = [
    ['an unknown option', ['check', EXAMPLE, '--frobnicate']],
    ['a bad --format value', ['check', EXAMPLE, '--format', 'xml']],
    ['a bad --fail-on value', ['check', EXAMPLE, '--fail-on', 'sometimes']],
    ['--format without a value', ['check', EXAMPLE, '--format']],
    ['an unknown command', ['audit', EXAMPLE]],
    ['two folders', ['check', EXAMPLE, ERRORS]],
    ['a missing folder', ['check', path.join(FIXTURES, 'no-such-folder')]],
    ['a file instead of a folder', ['check', path.join(EXAMPLE, 'attest.yaml')]],
    ['--fail-on on coverage', ['coverage', EXAMPLE, '--fail-on', 'error']],
    ['a check-only format on coverage', ['coverage', EXAMPLE, '--format', 'sarif']],
    ['html on plan', ['plan', EXAMPLE, '--format', 'html']],
    ['a missing folder for plan', ['plan', path.join(FIXTURES, 'no-such-folder')]],
    ['a missing folder for coverage', ['coverage', path.join(FIXTURES, 'no-such-folder')]],
  ];
  for (const [what, args] of usage) {
    test(`exit 2 for ${what}, with a message on stderr and nothing on stdout`, () => {
      const r = runCli(args);
      assert.equal(r.status, 2, r.stdout + r.stderr);
      assert.ok(r.stderr.trim().length > 0);
      assert.equal(r.stdout, '');
    });
  }
});

describe('byte order mark and CRLF through the CLI', () => {
  test('a BOM is not a column: line 1 positions match the editor', () => {
    const dir = tempWorkspace({ 'controls/bom.yaml': '\ufeffcriteria: [CC6.1, CC6.42]\nid: BOM-1\ntitle: t\nowner: o\n' });
    try {
      const { json } = runJson(['check', dir, '--format', 'json', '--fail-on', 'none']);
      const d = json.diagnostics.find((x) => x.code === 'unknown-criterion');
      assert.ok(d);
      const withoutBom = 'criteria: [CC6.1, CC6.42]\nid: BOM-1\ntitle: t\nowner: o\n';
      assert.deepEqual(d.range, rangeOf(withoutBom, 'CC6.42'));
    } finally {
      removeDir(dir);
    }
  });

  test('a CRLF policy: line numbers count each CRLF once', () => {
    const text = '---\r\nid: POL-CR\r\ntitle: CRLF\r\nowner: o\r\ncriteria:\r\n  - CC6.1\r\n  - CC6.01\r\n---\r\n# Body\r\n';
    const dir = tempWorkspace({ 'policies/cr.md': text });
    try {
      const r = runCli(['check', '--fail-on', 'none'], { cwd: dir });
      const line = r.stdout.split('\n').find((l) => l.includes('unknown-criterion'));
      const p = rangeOf(text, 'CC6.01').start;
      assert.ok(line.startsWith(`policies/cr.md:${p.line + 1}:${p.character + 1} error unknown-criterion`), line);
    } finally {
      removeDir(dir);
    }
  });
});
