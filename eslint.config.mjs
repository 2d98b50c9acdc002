// The boundaries of docs/architecture.md, enforced: `npm run lint` (also part of `npm test`).
import tseslint from 'typescript-eslint';
import { importX } from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';

/** `no-restricted-imports` patterns: what a folder may not import, and why. */
const forbid = (...groups) => ({ 'no-restricted-imports': ['error', { patterns: groups.map(([group, message]) => ({ group, message })) }] });

const EDITOR = [['vscode', 'vscode-languageserver', 'vscode-languageserver/*', 'vscode-languageclient', 'vscode-languageclient/*'], 'the core knows nothing of LSP or VS Code'];
const UP_FROM_CORE = [['**/lsp/**', '**/cli/**', '**/reports/**'], 'the core is below the language server, the CLI and the reports'];
const IO = [['node:fs', 'fs', 'node:fs/*', 'node:child_process', 'node:worker_threads'], 'analysis does no I/O: the file system is an input (see IndexView.linkExists)'];
const INDEX = [['**/projectIndex.js', '**/load.js', '**/parallelLoad.js', '**/scan.js'], 'checks and facts are called by the index: they read it through indexView.ts'];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'bench/**', 'test/**', 'scripts/**', '**/*.mjs', '**/*.js', 'examples/**'] },
  {
    files: ['server/src/**/*.ts', 'client/src/**/*.ts'],
    languageOptions: { parser: tseslint.parser, parserOptions: { ecmaVersion: 2022, sourceType: 'module' } },
    // typescript-eslint's plugin is registered so that disable comments naming its rules resolve.
    plugins: { 'import-x': importX, '@typescript-eslint': tseslint.plugin },
    settings: {
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: 'tsconfig.json' })],
      // Imported .ts files are parsed too, so cycles through them are seen.
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
      'import-x/extensions': ['.ts'],
    },
    rules: {
      // No import cycle anywhere, type-only imports included.
      'import-x/no-cycle': ['error', { ignoreExternal: true, allowUnsafeDynamicCyclicDependency: false }],
      'import-x/no-self-import': 'error',
      '@typescript-eslint/no-require-imports': 'error',
    },
  },
  { files: ['server/src/core/**/*.ts'], rules: forbid(EDITOR, UP_FROM_CORE) },
  { files: ['server/src/core/checks/**/*.ts', 'server/src/core/facts/**/*.ts', 'server/src/core/coverage.ts'], rules: forbid(EDITOR, UP_FROM_CORE, IO, INDEX) },
  { files: ['server/src/reports/**/*.ts'], rules: forbid(EDITOR, [['**/lsp/**', '**/cli/**'], 'reports are below the language server and the CLI: they take the index, coverage and plan as inputs']) },
  { files: ['server/src/lsp/**/*.ts'], rules: forbid([['**/cli/**'], 'the editor never depends on the command line']) },
  { files: ['server/src/cli/**/*.ts'], rules: forbid([['**/lsp/**', 'vscode-languageserver', 'vscode-languageserver/*'], 'the command line does not run the language server']) },
  { files: ['server/src/protocol.ts'], rules: forbid([['**/lsp/**', '**/cli/**', '**/reports/**', 'vscode'], 'the protocol is a leaf that server and client share']) },
  {
    files: ['client/src/**/*.ts'],
    rules: forbid([['**/server/src/lsp/**', '**/server/src/cli/**', '**/server/src/reports/**'], 'the client talks to the server over LSP; it may import the protocol (types) and pure core modules only']),
  },
);
