// Bundles the extension-host mocha suite (test/e2e/suite/index.ts and the suites it imports, mocha
// included) into dist/test/suite/index.js, and type-checks it with test/e2e/tsconfig.json.
// usage: node scripts/real-vscode/build-tests.mjs [--no-typecheck]
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
await build({
  entryPoints: ['test/e2e/suite/index.ts'],
  outfile: 'dist/test/suite/index.js',
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: 'inline',
  external: ['vscode'],
  logLevel: 'warning',
  // mocha's parallel mode (never used here) resolves its worker files at run time
  logOverride: { 'require-resolve-not-external': 'silent' },
  absWorkingDir: root,
});
if (!process.argv.includes('--no-typecheck')) {
  execFileSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(root, 'test/e2e/tsconfig.json')], { stdio: 'inherit' });
}
