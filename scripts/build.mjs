// Bundles the extension, the language server, the CLI and the core (for unit tests), type-checks,
// and regenerates the JSON Schemas from the zod schemas.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import YAML from 'yaml';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const watch = process.argv.includes('--watch');
const skipTypes = process.argv.includes('--no-typecheck');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

// zod re-exports its fifty-odd message locales as a namespace, which no bundler can drop;
// Attest speaks English only (zod's default, which it imports itself). Leaving the rest out
// takes about a quarter off every bundle, which every CLI run and server start compiles.
const englishOnlyZod = {
  name: 'english-only-zod',
  setup(b) {
    b.onResolve({ filter: /\/locales\/index\.js$/ }, (args) => (/[\\/]zod[\\/]/.test(args.importer) ? { path: join(dirname(args.importer), '../locales/en.js').replace(/en\.js$/, 'index-en.js'), namespace: 'zod-locales' } : undefined));
    b.onLoad({ filter: /.*/, namespace: 'zod-locales' }, (args) => ({ contents: `export { default as en } from ${JSON.stringify(args.path.replace(/index-en\.js$/, 'en.js'))};`, resolveDir: dirname(args.path) }));
  },
};

// The bundled catalogs (criteria/*.yaml) go in as JSON text: every run loads one, and JSON.parse
// reads it in a fraction of the YAML parser's time. Their YAML stays the one source (a unit test
// checks that both read the same).
const catalogsAsJson = {
  name: 'catalogs-as-json',
  setup(b) {
    b.onLoad({ filter: /[\\/]criteria[\\/][^\\/]+\.yaml$/ }, (args) => ({ contents: JSON.stringify(YAML.parse(readFileSync(args.path, 'utf8'), { uniqueKeys: true, strict: true })), loader: 'text' }));
  },
};

const common = {
  plugins: [englishOnlyZod, catalogsAsJson],
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: true,
  loader: { '.yaml': 'text' },
  logLevel: 'warning',
  absWorkingDir: root,
};

await Promise.all([
  build({ ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] }),
  build({ ...common, entryPoints: ['server/src/lsp/main.ts'], outfile: 'dist/server.js' }),
  // The CLI: a small launcher (replays cached runs, loads the rest with V8's code cache) and the main bundle.
  build({ ...common, entryPoints: ['server/src/cli/launcher.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' }, define: { ATTEST_VERSION: JSON.stringify(pkg.version) } }),
  build({ ...common, entryPoints: ['server/src/cli/main.ts'], outfile: 'dist/cli-main.js', define: { ATTEST_VERSION: JSON.stringify(pkg.version) } }),
  build({ ...common, entryPoints: ['server/src/core/bundle.ts'], outfile: 'dist/core.js' }),
  // The first scan's read-ahead thread, next to the bundles that start it (see parallelLoad.ts).
  build({ ...common, entryPoints: ['server/src/core/readWorker.ts'], outfile: 'dist/read-worker.js' }),
]);

// JSON Schemas for Red Hat's YAML extension, generated from the one source of truth.
const require = createRequire(import.meta.url);
const core = require(join(root, 'dist/core.js'));
const { z } = require('zod');
const outDir = join(root, 'criteria/schemas');
mkdirSync(outDir, { recursive: true });
const { schemas } = core;
const strict = (s) => z.toJSONSchema(s, { target: 'draft-7', unrepresentable: 'any', io: 'input', override: (ctx) => {
  if (ctx.jsonSchema.type === 'object' && ctx.jsonSchema.properties && ctx.jsonSchema.additionalProperties === undefined) ctx.jsonSchema.additionalProperties = false;
} });
const files = {
  'control.schema.json': { title: 'Attest control file', anyOf: [strict(schemas.controlSchema), strict(schemas.registerSchema)] },
  'policy.schema.json': { title: 'Attest policy front matter', ...strict(schemas.policySchema) },
  'attest.schema.json': { title: 'Attest workspace configuration (attest.yaml)', ...strict(schemas.configSchema) },
  'catalog.schema.json': { title: 'Attest criteria catalog', ...strict(schemas.catalogSchema) },
  'crosswalk.schema.json': { title: 'Attest crosswalk (how two frameworks relate)', ...strict(schemas.crosswalkSchema) },
};
for (const [name, schema] of Object.entries(files)) {
  writeFileSync(join(outDir, name), JSON.stringify({ ...schema, $schema: 'http://json-schema.org/draft-07/schema#' }, null, 2) + '\n');
}

if (!skipTypes) execFileSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(root, 'tsconfig.json')], { stdio: 'inherit' });
if (watch) console.log('watch mode is not supported; rerun npm run build');
