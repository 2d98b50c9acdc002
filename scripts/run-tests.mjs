// Runs every node:test suite (unit, cli, lsp, grammar, then the real-VS-Code e2e wrapper) in one
// `node --test` run, so CI reads one summary. `node scripts/run-tests.mjs unit lsp` picks suites.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync, existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(fileURLToPath(import.meta.url), '../..');
const all = ['unit', 'cli', 'lsp', 'grammar', 'robustness', 'e2e'];
const picked = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const suites = picked.length ? picked : all;

function collect(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return name === 'fixtures' || name === 'suite' || name === 'node_modules' ? [] : collect(p);
    return name.endsWith('.test.mjs') ? [p] : [];
  });
}

const files = suites.flatMap((s) => collect(join(root, 'test', s)).sort());
if (!files.length) {
  console.error(`no test files for ${suites.join(', ')}`);
  process.exit(1);
}
const r = spawnSync(process.execPath, ['--test', '--test-reporter=spec', '--test-concurrency=1', ...files.map((f) => relative(root, f))], { cwd: root, stdio: 'inherit' });
process.exit(r.status ?? 1);
