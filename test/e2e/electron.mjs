// npm run test:electron: the same extension-host mocha suite as the code-server run, under
// @vscode/test-electron, for contributors whose machines can download VS Code (or point at one).
//   VSCODE_VERSION=stable|insiders|1.91.0 (default stable; 1.91.0 is engines.vscode's minimum)
//   VSCODE_EXECUTABLE=/path/to/code      use this VS Code instead of downloading one
//   ATTEST_E2E_GREP=pattern              run only the matching tests
// Runs on a throwaway copy of examples/acme-saas, with ATTEST_TODAY=2026-10-01 like the code-server run.
import { runTests } from '@vscode/test-electron';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
execFileSync(process.execPath, [join(root, 'scripts/build.mjs')], { stdio: 'inherit' });
execFileSync(process.execPath, [join(root, 'scripts/real-vscode/build-tests.mjs')], { stdio: 'inherit' });

const tmp = mkdtempSync(join(tmpdir(), 'attest-electron-'));
const ws = join(tmp, 'acme-saas');
cpSync(join(root, 'examples/acme-saas'), ws, { recursive: true });
let code = 0;
try {
  await runTests({
    extensionDevelopmentPath: root,
    extensionTestsPath: join(root, 'dist/test/suite/index.js'),
    ...(process.env.VSCODE_EXECUTABLE ? { vscodeExecutablePath: process.env.VSCODE_EXECUTABLE } : { version: process.env.VSCODE_VERSION || 'stable' }),
    launchArgs: [ws, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes', `--user-data-dir=${join(tmp, 'user')}`],
    extensionTestsEnv: { ATTEST_TODAY: process.env.ATTEST_TODAY || '2026-10-01', ...(process.env.ATTEST_E2E_GREP ? { ATTEST_E2E_GREP: process.env.ATTEST_E2E_GREP } : {}) },
  });
} catch (e) {
  console.error(`test:electron failed: ${e instanceof Error ? e.message : e}`);
  code = 1;
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
process.exit(code);
