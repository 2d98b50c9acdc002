import * as path from 'node:path';
import { parseTodayEnv, today } from '../core/dates.js';
import { fileSha256 } from '../core/fileRead.js';
import { cacheFileOption, commandOptions, FORMATS, parseCommandLine } from './commandLine.js';
import { loadBundle } from './codeCache.js';
import { handOver, lastMemo, memoPlace, replayed, type RunOutput } from './replay.js';

// dist/cli.js: a small entry point in front of the CLI's main bundle (dist/cli-main.js). A cached
// run with nothing changed (`--cache`) is replayed from here without loading the main bundle;
// anything else loads it, with V8's code cache (codeCache.ts).

declare const ATTEST_VERSION: string | undefined;
const VERSION = typeof ATTEST_VERSION === 'string' ? ATTEST_VERSION : '0.0.0';
const MAIN = path.join(__dirname, 'cli-main.js');

/** The output of a cached run replayed; undefined when the main bundle must run (it also reports every error). */
function replayHere(argv: string[]): RunOutput | undefined {
  if (!argv.includes('--cache') || !Object.hasOwn(FORMATS, argv[0] ?? '')) return undefined;
  try {
    const args = parseCommandLine(argv);
    const day = parseTodayEnv(process.env);
    if (args.options.has('help') || args.options.has('version') || args.positional.length > 1 || day.error) return undefined;
    const folder = path.resolve(args.positional[0] ?? '.');
    const file = cacheFileOption(args.options, folder);
    const { key } = commandOptions(args);
    const bundle = fileSha256(MAIN);
    if (!file || !bundle) return undefined;
    const place = memoPlace({ file, version: VERSION }, bundle, folder, process.cwd(), day.day ?? today());
    const last = lastMemo(place);
    if (!last) return undefined;
    const out = replayed(place, last, key);
    if (!out) handOver(place, last);
    return out;
  } catch {
    return undefined;
  }
}

const out = replayHere(process.argv.slice(2));
if (out) process.stdout.write(out.stdout, () => process.exit(out.code));
else loadBundle(MAIN);
