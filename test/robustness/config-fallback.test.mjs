// An invalid catalog or attest.yaml yields diagnostics on attest.yaml and a fallback to the
// defaults; the server keeps serving, and fixing the file leaves no stale diagnostic behind.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import { ROOT } from '../helpers/paths.mjs';
import { pos } from '../helpers/positions.mjs';
import { tempWorkspace, removeDir } from '../helpers/workspaces.mjs';
import { runCli } from '../helpers/cli.mjs';
import { TestClient, codes } from '../helpers/lsp.mjs';
import { checkJson, assertCleanExit, within, serverDeath, assertRangeInside } from './support/helpers.mjs';

const GOOD_CATALOG = fs.readFileSync(path.join(ROOT, 'criteria/tsc-2017.yaml'), 'utf8');
const control = 'id: AC-1\ntitle: Access review\nowner: o\ncriteria: [CC6.1, A1.2]\n';
const catalogFinding = (d) => d.code === 'schema' && /bad-catalog\.yaml/.test(d.message);

describe('an invalid catalog named by `framework:`', () => {
  const files = { 'attest.yaml': 'framework: bad-catalog.yaml\ncategories: [security, availability]\n', 'bad-catalog.yaml': 'id: broken\ncategories: [\n  - {id: x\n', 'controls/a.yaml': control };

  test('CLI: a finding on the framework value of attest.yaml, coverage with the built-in catalog', () => {
    const root = tempWorkspace(files);
    try {
      const { json } = checkJson(root);
      const d = json.diagnostics.filter((x) => x.file === 'attest.yaml' && catalogFinding(x));
      assert.equal(d.length, 1);
      assert.deepEqual(d[0].range.start, { line: 0, character: 11 });
      assert.match(d[0].message, /Falling back/);
      assert.equal(json.coverage.framework, 'tsc-2017');
      assert.equal(json.coverage.totals.inScope, 36, 'security + availability of tsc-2017');
      assert.equal(json.coverage.totals.covered, 2);
    } finally {
      removeDir(root);
    }
  });

  test('server: the diagnostic, the fallback, serving on, and no stale diagnostic once the catalog is fixed', async () => {
    const root = tempWorkspace(files);
    const c = new TestClient();
    try {
      await c.initialize(root);
      const died = serverDeath(c);
      const cov = await within(Promise.race([c.coverage(), died]), 20_000, 'coverage');
      assert.equal(cov.framework, 'tsc-2017');
      assert.equal(cov.totals.inScope, 36);
      const cfg = path.join(root, 'attest.yaml');
      const diags = await c.waitForDiagnostics(cfg, (d) => d.some(catalogFinding));
      assert.deepEqual(diags.find(catalogFinding).range.start, { line: 0, character: 11 });
      // Still serving: hover and completion in a control, and live diagnostics.
      const a = path.join(root, 'controls/a.yaml');
      const uri = c.open(a, control);
      const hover = await c.request('textDocument/hover', { textDocument: { uri }, position: pos(control, 'CC6.1', { shift: 2 }) });
      assert.ok(hover, 'hover answers');
      c.change(a, control.replace('A1.2', 'A1.9'));
      await c.nextDiagnostics(a, (d) => codes(d).includes('unknown-criterion'));
      // Fix the catalog on disk: the stale "invalid catalog" diagnostic must go.
      fs.writeFileSync(path.join(root, 'bad-catalog.yaml'), GOOD_CATALOG);
      c.watched([[path.join(root, 'bad-catalog.yaml'), 2]]);
      await within(c.nextDiagnostics(cfg, (d) => !d.some(catalogFinding)), 5_000, 'attest.yaml diagnostics after the catalog was fixed');
      const after = await c.coverage();
      assert.equal(after.framework, 'bad-catalog.yaml', 'the fixed catalog is in use');
    } finally {
      await c.shutdown();
      removeDir(root);
    }
  });

  test('CLI: a catalog that is a FIFO is not read (it would block forever)', () => {
    const root = tempWorkspace({ 'attest.yaml': 'framework: fifo.yaml\n', 'controls/a.yaml': control });
    try {
      execFileSync('mkfifo', [path.join(root, 'fifo.yaml')]);
      const r = runCli(['check', root, '--format', 'json'], { timeout: 6_000 });
      assertCleanExit(r, [0, 1], 'attest check with framework: <a FIFO>');
      assert.ok(JSON.parse(r.stdout).diagnostics.some((d) => d.file === 'attest.yaml' && /fifo\.yaml/.test(d.message)));
    } finally {
      removeDir(root);
    }
  });
});

describe('an invalid attest.yaml edited in the editor', () => {
  const valid = 'framework: tsc-2017\ncategories: [security, availability]\n';
  const N = 20_000;
  const bad = [
    ['a syntax error on line 2', 'framework: tsc-2017\ncategories: [security, availability\nreport: type1\n', 'yaml-syntax', (t) => [1, 2]],
    ['a tab', 'framework: tsc-2017\n\tcategories: [security]\n', 'yaml-syntax', () => [1]],
    ['conflict markers', '<<<<<<< HEAD\nframework: tsc-2017\n=======\nframework: other\n>>>>>>> x\n', 'yaml-syntax', () => [0, 2, 4]],
    ['a top-level list', '- security\n- availability\n', 'schema', () => [0]],
    ['an alias bomb', 'a: &a [1,1,1,1,1,1,1,1,1,1]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\n', 'yaml-syntax', () => [0]],
    ['20,000 levels of nesting', 'framework: tsc-2017\ncategories: ' + '['.repeat(N) + ']'.repeat(N) + '\n', 'yaml-syntax', () => [1]],
    ['binary garbage', '\u0000\u0001\u0002PK\u0003\u0004\uFFFD\uFFFD', 'schema', () => [0]],
    ['invalid globs', 'controls: ["[", "**/*.{yaml"]\npolicies: [7]\n', 'schema', () => [1]],
    ['an unknown framework', 'framework: tsc-2099\n', 'schema', () => [0]],
    ['a framework path outside the workspace', 'framework: ../../etc/passwd\n', 'schema', () => [0]],
  ];

  test('each bad version: a diagnostic on attest.yaml (right line), the defaults in force, the control still counted', async () => {
    const root = tempWorkspace({ 'attest.yaml': valid, 'controls/a.yaml': control });
    const c = new TestClient();
    try {
      await c.initialize(root);
      const died = serverDeath(c);
      await within(Promise.race([c.coverage(), died]), 20_000, 'coverage');
      const cfg = path.join(root, 'attest.yaml');
      c.open(cfg, valid);
      const clean = (x) => !x.some((y) => y.code === 'yaml-syntax' || y.code === 'schema');
      for (const [name, text, code, lines] of bad) {
        c.change(cfg, text);
        const d = await within(
          Promise.race([c.nextDiagnostics(cfg, (x) => x.some((y) => y.code === code)), died]),
          10_000,
          `${name}: ${code} on attest.yaml`,
        );
        const hits = d.filter((x) => x.code === code);
        for (const h of d) assertRangeInside(h.range, text, `${name} ${h.code}`);
        assert.ok(hits.some((h) => lines(text).includes(h.range.start.line)), `${name}: ${code} on line ${lines(text)}, got ${hits.map((h) => h.range.start.line)}`);
        const cov = await within(Promise.race([c.coverage(), died]), 10_000, `${name}: coverage`);
        assert.equal(cov.framework, 'tsc-2017', `${name}: built-in catalog`);
        if (name !== 'invalid globs') assert.equal(cov.totals.covered, 1, `${name}: the control still counts (CC6.1)`);
        // Back to the valid text, so each wait is for a state that differs from the last.
        c.change(cfg, valid);
        await within(Promise.race([c.nextDiagnostics(cfg, clean), died]), 10_000, `${name}: valid again after`);
      }
      const cov = await c.coverage();
      assert.equal(cov.totals.inScope, 36);
      assert.equal(cov.totals.covered, 2);
    } finally {
      await c.shutdown();
      removeDir(root);
    }
  });

  test('attest.yaml deleted on disk: back to the defaults and its diagnostics are cleared', async () => {
    const root = tempWorkspace({ 'attest.yaml': 'framework: tsc-2017\ncategories: [security, nonsense]\n', 'controls/a.yaml': control });
    const c = new TestClient();
    try {
      await c.initialize(root);
      const cfg = path.join(root, 'attest.yaml');
      await c.waitForDiagnostics(cfg, (d) => d.some((x) => x.code === 'schema'));
      fs.rmSync(cfg);
      c.watched([[cfg, 3]]);
      await c.nextDiagnostics(cfg, (d) => d.length === 0);
      const cov = await c.coverage();
      assert.equal(cov.totals.inScope, 33);
    } finally {
      await c.shutdown();
      removeDir(root);
    }
  });
});

describe('the CLI on an invalid attest.yaml', () => {
  test('a syntax error: reported on its line; the defaults are used', () => {
    const text = 'framework: tsc-2017\ncategories: [security\n';
    const root = tempWorkspace({ 'attest.yaml': text, 'controls/a.yaml': control });
    try {
      const r = runCli(['check', root, '--format', 'json']);
      assertCleanExit(r, [1]);
      const json = JSON.parse(r.stdout);
      const d = json.diagnostics.filter((x) => x.file === 'attest.yaml' && x.code === 'yaml-syntax');
      assert.equal(d.length, 1);
      assertRangeInside(d[0].range, text, 'attest.yaml');
      assert.ok(d[0].range.start.line >= pos(text, 'categories').line);
      assert.equal(json.coverage.totals.inScope, 33);
    } finally {
      removeDir(root);
    }
  });
});
