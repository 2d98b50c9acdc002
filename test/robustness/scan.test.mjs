// The workspace scan survives symlink loops, unreadable files and folders, files that vanish
// while it runs, special files, and folders with 100k unrelated files (it looks only where the
// globs point): through the core, the CLI process and the language server.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { execFileSync } from 'node:child_process';
import { tempWorkspace, removeDir } from '../helpers/workspaces.mjs';
import { core } from '../helpers/core.mjs';
import { runCli } from '../helpers/cli.mjs';
import { TestClient, codes } from '../helpers/lsp.mjs';
import { assertCleanExit, checkJson, withFsFaults, DENY_PRELOAD, within, serverDeath, killClient } from './support/helpers.mjs';

const GLOBS = ['controls/**/*.{yaml,yml}', 'policies/**/*.md'];
const isRoot = process.getuid?.() === 0;
const nodeFs = createRequire(import.meta.url)('node:fs');

const control = (id, crit = 'CC6.1') => `id: ${id}\ntitle: Control ${id}\nowner: o\ncriteria: [${crit}]\n`;
const policy = (id, crit = 'CC6.3') => `---\nid: ${id}\ntitle: Policy ${id}\nowner: o\ncriteria: [${crit}]\n---\n# ${id}\n`;

const baseFiles = () => ({
  'controls/a.yaml': control('A-1'),
  'controls/sub/b.yaml': control('B-1', 'CC6.2'),
  'policies/p.md': policy('POL-1'),
  'docs/notes.yaml': 'not: a control\n',
});

/** Folders readdirSync lists while fn runs (the core reads through the shared fs module). */
function listedDirs(fn) {
  const orig = nodeFs.readdirSync;
  const listed = [];
  nodeFs.readdirSync = function (p, ...rest) {
    listed.push(path.resolve(String(p)));
    return orig.call(this, p, ...rest);
  };
  try {
    return { result: fn(), listed };
  } finally {
    nodeFs.readdirSync = orig;
  }
}

describe('symlink loops', () => {
  let root;
  before(() => {
    root = tempWorkspace(baseFiles());
    fs.symlinkSync('..', path.join(root, 'controls/sub/loop')); // back to controls/
    fs.symlinkSync('.', path.join(root, 'controls/self')); // to itself
    fs.symlinkSync('x2', path.join(root, 'controls/x1')); // x1 -> x2 -> x1 (ELOOP)
    fs.symlinkSync('x1', path.join(root, 'controls/x2'));
    fs.symlinkSync('missing', path.join(root, 'controls/dangling.yaml'));
    fs.symlinkSync(path.join(root, 'controls/a.yaml'), path.join(root, 'controls/alias.yml')); // a file link: fine
  });
  after(() => removeDir(root));

  test('core: the scan ends and lists each control and policy once', () => {
    const { files } = core.scanFiles(root, GLOBS);
    assert.deepEqual(files, ['controls/a.yaml', 'controls/alias.yml', 'controls/sub/b.yaml', 'policies/p.md']);
  });

  test('core: a link to an ancestor (controls/sub/up -> the workspace) neither leaves the globs nor hides policies', () => {
    const dir = tempWorkspace(baseFiles());
    try {
      fs.symlinkSync('../..', path.join(dir, 'controls/sub/up'));
      const { files } = core.scanFiles(dir, GLOBS);
      assert.deepEqual(files, ['controls/a.yaml', 'controls/sub/b.yaml', 'policies/p.md'], 'docs/ is not a control folder, and policies/ is still scanned');
    } finally {
      removeDir(dir);
    }
  });

  test('CLI: attest check finishes on the loops', () => {
    const { json } = checkJson(root);
    const files = [...new Set(json.diagnostics.map((d) => d.file))];
    assert.ok(!files.some((f) => f.includes('loop/') || f.includes('self/')), JSON.stringify(files));
    assert.equal(json.coverage.totals.covered, 2);
  });

  test('server: the initial scan completes on the loops', async () => {
    const c = new TestClient();
    try {
      await c.initialize(root);
      const cov = await within(Promise.race([c.coverage(), serverDeath(c)]), 20_000, 'coverage');
      assert.equal(cov.totals.covered, 2);
    } finally {
      await c.shutdown();
    }
  });
});

describe('unreadable files and folders', () => {
  test('chmod 000: the scan and the CLI go on (reported when not running as root)', () => {
    const root = tempWorkspace({ ...baseFiles(), 'controls/locked.yaml': control('L-1'), 'controls/locked-dir/c.yaml': control('C-1') });
    try {
      fs.chmodSync(path.join(root, 'controls/locked.yaml'), 0o000);
      fs.chmodSync(path.join(root, 'controls/locked-dir'), 0o000);
      const { ws, problems } = core.loadWorkspace(root);
      assert.ok(ws.facts('controls/a.yaml'), 'readable files are indexed');
      const r = runCli(['check', root, '--format', 'json']);
      assertCleanExit(r, [0, 1]);
      JSON.parse(r.stdout);
      if (!isRoot) {
        assert.deepEqual(problems.map((p) => p.rel).sort(), ['controls/locked-dir', 'controls/locked.yaml']);
        assert.match(r.stderr, /controls\/locked\.yaml/);
        assert.match(r.stderr, /controls\/locked-dir/);
      }
    } finally {
      removeDir(root);
    }
  });

  test('core: EACCES on a file and on a folder are listed as problems; the rest is indexed', () => {
    const root = tempWorkspace({ ...baseFiles(), 'controls/locked.yaml': control('L-1'), 'controls/locked-dir/c.yaml': control('C-1') });
    try {
      const { ws, problems } = withFsFaults({ deny: [path.join(root, 'controls/locked.yaml'), path.join(root, 'controls/locked-dir')] }, () => core.loadWorkspace(root));
      assert.deepEqual(problems.map((p) => p.rel).sort(), ['controls/locked-dir', 'controls/locked.yaml']);
      assert.ok(problems.every((p) => /EACCES|permission/i.test(p.message)));
      assert.deepEqual([...ws.rels()].sort(), ['controls/a.yaml', 'controls/sub/b.yaml', 'policies/p.md']);
    } finally {
      removeDir(root);
    }
  });

  test('CLI: unreadable control, folder, policy and catalog are reported on stderr, never fatal', () => {
    const root = tempWorkspace({ ...baseFiles(), 'attest.yaml': 'framework: catalog.yaml\n', 'catalog.yaml': 'id: x\n', 'controls/locked.yaml': control('L-1'), 'controls/locked-dir/c.yaml': control('C-1'), 'policies/locked.md': policy('POL-L') });
    try {
      const deny = ['controls/locked.yaml', 'controls/locked-dir', 'policies/locked.md', 'catalog.yaml'].map((p) => path.join(root, p));
      for (const args of [['check', root, '--format', 'json'], ['plan', root, '--format', 'json']]) {
        const r = runCli(args, { preload: [DENY_PRELOAD], env: { ATTEST_TEST_DENY: JSON.stringify(deny) } });
        assertCleanExit(r, [0, 1], `attest ${args[0]}`);
        for (const rel of ['controls/locked.yaml', 'controls/locked-dir', 'policies/locked.md']) assert.match(r.stderr, new RegExp(rel.replace(/[./]/g, '\\$&')), `attest ${args[0]} reports ${rel}`);
        if (args[0] === 'check') {
          const json = JSON.parse(r.stdout);
          assert.ok(json.diagnostics.some((d) => d.file === 'attest.yaml' && /catalog\.yaml/.test(d.message)), 'the unreadable catalog is a finding on attest.yaml');
        }
      }
    } finally {
      removeDir(root);
    }
  });

  test('CLI: an unreadable attest.yaml is reported, not silently replaced by the defaults', () => {
    const root = tempWorkspace({ ...baseFiles(), 'attest.yaml': 'categories: [security, availability]\n' });
    try {
      const r = runCli(['check', root, '--format', 'json'], { preload: [DENY_PRELOAD], env: { ATTEST_TEST_DENY: JSON.stringify([path.join(root, 'attest.yaml')]) } });
      assertCleanExit(r, [0, 1, 2]);
      assert.match(r.stderr, /attest\.yaml/, 'stderr names attest.yaml');
    } finally {
      removeDir(root);
    }
  });

  test('CLI: an unreadable or missing folder argument is exit 2 with a message', () => {
    const root = tempWorkspace(baseFiles());
    try {
      const denied = runCli(['check', root], { preload: [DENY_PRELOAD], env: { ATTEST_TEST_DENY: JSON.stringify([root]) } });
      assertCleanExit(denied, [2], 'attest check <unreadable>');
      assert.match(denied.stderr, /cannot read folder/);
      const missing = runCli(['coverage', path.join(root, 'nope')]);
      assertCleanExit(missing, [2], 'attest coverage <missing>');
      const file = runCli(['plan', path.join(root, 'controls/a.yaml')]);
      assertCleanExit(file, [2], 'attest plan <a file>');
    } finally {
      removeDir(root);
    }
  });

  test('server: unreadable files and folders do not stop the initial scan', async () => {
    const root = tempWorkspace({ ...baseFiles(), 'controls/locked.yaml': control('L-1'), 'controls/locked-dir/c.yaml': control('C-1') });
    const deny = [path.join(root, 'controls/locked.yaml'), path.join(root, 'controls/locked-dir')];
    const c = new TestClient({ env: { NODE_OPTIONS: `--require ${DENY_PRELOAD}`, ATTEST_TEST_DENY: JSON.stringify(deny) } });
    try {
      await c.initialize(root);
      const cov = await within(Promise.race([c.coverage(), serverDeath(c)]), 20_000, 'coverage');
      assert.equal(cov.totals.covered, 2);
      // A change event for the unreadable file is harmless too.
      c.watched([[path.join(root, 'controls/locked.yaml'), 2]]);
      await c.barrier(root);
    } finally {
      await c.shutdown();
      removeDir(root);
    }
  });
});

describe('files that vanish during the scan', () => {
  const setup = () => {
    const root = tempWorkspace({ ...baseFiles(), 'controls/gone.yaml': control('GONE-1', 'CC7.1'), 'controls/gone-dir/g.yaml': control('GONE-2', 'CC7.2') });
    return { root, vanish: { dir: path.join(root, 'controls'), remove: [path.join(root, 'controls/gone.yaml'), path.join(root, 'controls/gone-dir')] } };
  };

  test('core: listed, then deleted before it is read: no crash, no trace of the vanished controls', () => {
    const { root, vanish } = setup();
    try {
      const { ws } = withFsFaults({ vanish }, () => core.loadWorkspace(root));
      assert.ok(!fs.existsSync(path.join(root, 'controls/gone.yaml')), 'the fault really happened');
      assert.ok(!ws.facts('controls/gone.yaml')?.controls.length);
      const cov = core.buildCoverage(ws);
      const status = (id) => cov.categories.flatMap((c) => c.criteria).find((c) => c.id === id).status;
      assert.equal(status('CC7.1'), 'uncovered');
      assert.equal(status('CC7.2'), 'uncovered');
      assert.equal(status('CC6.1'), 'covered');
    } finally {
      removeDir(root);
    }
  });

  test('CLI: the same fault in a real `attest check`', () => {
    const { root, vanish } = setup();
    try {
      const r = runCli(['check', root, '--format', 'json'], { preload: [DENY_PRELOAD], env: { ATTEST_TEST_VANISH: JSON.stringify(vanish) } });
      assertCleanExit(r, [0, 1]);
      const json = JSON.parse(r.stdout);
      assert.ok(!json.diagnostics.some((d) => d.file.startsWith('controls/gone')), 'nothing is reported as if the vanished files existed');
    } finally {
      removeDir(root);
    }
  });

  test('server: the same fault during the initial scan, then a deletion event', async () => {
    const { root, vanish } = setup();
    const c = new TestClient({ env: { NODE_OPTIONS: `--require ${DENY_PRELOAD}`, ATTEST_TEST_VANISH: JSON.stringify(vanish) } });
    try {
      await c.initialize(root);
      const cov = await within(Promise.race([c.coverage(), serverDeath(c)]), 20_000, 'coverage');
      assert.equal(cov.totals.covered, 2);
      c.watched([[path.join(root, 'controls/gone.yaml'), 3], [path.join(root, 'controls/gone-dir/g.yaml'), 3]]);
      await c.barrier(root);
      assert.deepEqual(c.diagnostics.get(new URL(`file://${path.join(root, 'controls/gone.yaml')}`).href) ?? [], []);
    } finally {
      await c.shutdown();
      removeDir(root);
    }
  });
});

describe('special files that match the globs are never read', () => {
  let root;
  before(() => {
    root = tempWorkspace(baseFiles());
    execFileSync('mkfifo', [path.join(root, 'controls/fifo.yaml')]); // reading a FIFO blocks forever
    fs.symlinkSync('/dev/zero', path.join(root, 'controls/zero.yaml')); // reading /dev/zero never ends
    fs.symlinkSync('/dev/null', path.join(root, 'policies/null.md'));
    fs.mkdirSync(path.join(root, 'controls/dir.yaml')); // a folder named like a control
  });
  after(() => removeDir(root));

  test('core and CLI: a FIFO and device links are skipped', () => {
    const { files } = core.scanFiles(root, GLOBS);
    assert.deepEqual(files, ['controls/a.yaml', 'controls/sub/b.yaml', 'policies/p.md']);
    const { json } = checkJson(root, { timeout: 30_000 });
    assert.equal(json.coverage.totals.covered, 2);
  });

  test('server: a file-change event for a FIFO does not block the server', async () => {
    const c = new TestClient();
    try {
      await c.initialize(root);
      const died = serverDeath(c);
      await within(Promise.race([c.coverage(), died]), 20_000, 'initial coverage');
      c.watched([[path.join(root, 'controls/fifo.yaml'), 1]]);
      const cov = await within(Promise.race([c.coverage(), died]), 5_000, 'coverage after a FIFO change event');
      assert.equal(cov.totals.covered, 2);
    } finally {
      await killClient(c); // a server stuck in a blocking read cannot answer shutdown
    }
  });
});

describe('100k unrelated files next to the controls', () => {
  let root;
  before(() => {
    root = tempWorkspace(baseFiles());
    const docs = path.join(root, 'docs');
    for (let i = 0; i < 100_000; i++) fs.writeFileSync(path.join(docs, `page-${i}.${i % 2 ? 'md' : 'yaml'}`), 'x');
    fs.mkdirSync(path.join(root, 'node_modules-like/pkg'), { recursive: true });
    for (let i = 0; i < 1000; i++) fs.writeFileSync(path.join(root, 'node_modules-like/pkg', `f${i}.yaml`), 'x');
  });
  after(() => removeDir(root));

  test('core: the scan lists only the controls and policies and never lists docs/', () => {
    const { result, listed } = listedDirs(() => core.scanFiles(root, GLOBS));
    assert.deepEqual(result.files, ['controls/a.yaml', 'controls/sub/b.yaml', 'policies/p.md']);
    assert.ok(!listed.some((d) => d.startsWith(path.join(root, 'docs')) || d.startsWith(path.join(root, 'node_modules-like'))), `listed ${listed.map((d) => path.relative(root, d)).join(', ')}`);
    const { result: loaded } = listedDirs(() => core.loadWorkspace(root));
    assert.deepEqual([...loaded.ws.rels()].sort(), ['controls/a.yaml', 'controls/sub/b.yaml', 'policies/p.md']);
  });

  test('CLI: attest check reports on the 3 files only', () => {
    const r = runCli(['check', root]);
    assertCleanExit(r, [0, 1]);
    assert.match(r.stdout, /in 3 files\.|No problems in 3 files\./);
  });

  test('server: the initial scan finishes and indexes only the controls and policies', async () => {
    const c = new TestClient();
    try {
      await c.initialize(root);
      const cov = await within(Promise.race([c.coverage(), serverDeath(c)]), 30_000, 'coverage');
      assert.equal(cov.totals.covered, 2);
      assert.equal(cov.totals.policyOnly, 1);
      const syms = await c.request('workspace/symbol', { query: '' });
      assert.deepEqual([...new Set(syms.map((s) => path.relative(root, new URL(s.location.uri).pathname)))].sort(), ['controls/a.yaml', 'controls/sub/b.yaml', 'policies/p.md']);
    } finally {
      await c.shutdown();
    }
  });
});
