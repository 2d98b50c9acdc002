// Where things are, for every test and the benchmark: the repository, its built bundles, the
// example project and the test fixtures, and the comply corpus kept beside the repository.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const FIXTURES = path.join(ROOT, 'test/fixtures');
export const EXAMPLE = path.join(ROOT, 'examples/acme-saas');
export const CLI = path.join(ROOT, 'dist/cli.js');
export const SERVER = path.join(ROOT, 'dist/server.js');
export const CORE = path.join(ROOT, 'dist/core.js');

/** The comply corpus, kept beside the repository (../shared/corpus); tests skip when a clone has none. */
export const CORPUS = path.resolve(ROOT, '../shared/corpus/comply-soc2');
/** `skip` option for tests that read the corpus: false when present, else why they are skipped. */
export const CORPUS_SKIP = fs.existsSync(CORPUS) ? false : `the comply corpus is not at ${CORPUS} (../shared/corpus beside the repository)`;
