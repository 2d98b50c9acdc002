// The real-VS-Code suite, run by `node --test test/e2e/` (and by `npm test`):
//   1. the extension-host mocha suite (test/e2e/suite/) inside code-server, on a copy of examples/acme-saas,
//      then its monorepo part on a copy of test/e2e/workspaces/monorepo (two projects, none at the root);
//   2. `npm run package` builds a .vsix, which installs into code-server (--install-extension);
//   3. the UI check in headless chromium on that installed .vsix, saving the README's screenshots
//      (docs/images/*.png; ATTEST_SCREENSHOTS=dir to put them elsewhere).
// Installs what it needs first (scripts/real-vscode/setup.sh: apt chromium + toolchain, Node 24,
// code-server, playwright-core, vsce; cached under ~/.cache/real-vscode). The first run takes
// about five minutes longer.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, statSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const kit = join(root, 'scripts', 'real-vscode');
const work = mkdtempSync(join(tmpdir(), 'attest-e2e-'));
const vsix = join(work, 'attest.vsix');
const MIN = 60_000;

/** Runs a command with its output passed through; resolves with its exit code. */
function run(cmd, args, opts = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: root, stdio: ['ignore', 'inherit', 'inherit'], ...opts });
    child.on('error', reject);
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
}

process.on('exit', () => rmSync(work, { recursive: true, force: true }));

before(async () => {
  assert.equal(await run('bash', [join(kit, 'setup.sh'), 'apt', 'node24', 'cs', 'pw', 'vsce']), 0, 'setup.sh installs chromium, Node 24, code-server, playwright-core and vsce');
  // Bundles without the type-check (npm test has type-checked already; tsc is the slow part).
  assert.equal(await run(process.execPath, [join(root, 'scripts', 'build.mjs'), '--no-typecheck']), 0, 'the bundles build');
  assert.equal(await run(process.execPath, [join(kit, 'build-tests.mjs')]), 0, 'the extension-host suite builds and type-checks');
}, { timeout: 20 * MIN });

test('extension-host suite in a real VS Code (code-server) on examples/acme-saas', { timeout: 15 * MIN }, async () => {
  const code = await run('bash', [join(kit, 'run-ext-tests.sh')]);
  assert.equal(code, 0, 'the mocha suite passes inside the extension host (its output is above)');
});

test('extension-host suite on a monorepo: one root per project, the status bar follows the active editor', { timeout: 10 * MIN }, async () => {
  const ws = join(work, 'monorepo');
  cpSync(join(root, 'test', 'e2e', 'workspaces', 'monorepo'), ws, { recursive: true });
  const code = await run('bash', [join(kit, 'run-ext-tests.sh'), '', '', ws], { env: { ...process.env, ATTEST_E2E_SUITE: 'monorepo' } });
  assert.equal(code, 0, 'the monorepo suite passes inside the extension host (its output is above)');
});

test('npm run package builds a small .vsix', { timeout: 5 * MIN }, async () => {
  assert.equal(await run(process.execPath, [join(kit, 'package.mjs'), '--no-build', '--out', vsix]), 0);
  const kib = statSync(vsix).size / 1024;
  assert.ok(kib < 1500, `the .vsix holds the bundles only (${Math.round(kib)} KiB)`);
});

test('the .vsix installs into code-server and the UI shows coverage, a squiggle, Problems and completion', { timeout: 10 * MIN }, async (t) => {
  if (!existsSync(vsix)) return t.skip('no .vsix (packaging failed)');
  const shots = process.env.ATTEST_SCREENSHOTS || join(root, 'docs', 'images');
  const code = await run('bash', [join(kit, 'run-ui.sh'), vsix, shots]);
  assert.equal(code, 0, `the UI check passes (screenshots in ${shots})`);
});
