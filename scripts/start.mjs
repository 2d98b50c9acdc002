// npm start (after the build): `attest check` then `attest coverage` on the example workspace,
// as of a fixed day so the output is the one the READMEs show, whatever the date. The day is
// chosen inside the example's 2026 audit period, after its deliberate evidence gaps and overdue
// items (examples/acme-saas/README.md). An ATTEST_TODAY set by the caller wins.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const EXAMPLE_TODAY = '2026-10-01';
const env = { ...process.env, ATTEST_TODAY: process.env.ATTEST_TODAY || EXAMPLE_TODAY };
const cli = join(root, 'dist/cli.js');
const example = join('examples', 'acme-saas');

for (const args of [['check', example, '--fail-on', 'none'], ['coverage', example]]) {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd: root, env, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
