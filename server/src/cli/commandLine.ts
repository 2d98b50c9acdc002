import * as fs from 'node:fs';
import * as path from 'node:path';
import { oneOf, parseArgs, UsageError, type ParsedArgs } from './args.js';

// The command line of check, coverage and plan, read in one place: the full CLI (main.ts) and the
// launcher's replay (launcher.ts, before the main bundle is loaded) must agree on every option
// and on the key a cached run is remembered under.

/** --cache's file in the folder argument, unless --cache-location names another. */
export const CACHE_FILE = '.attestcache';

export const VALUED = ['format', 'fail-on', 'cache-location', 'framework'];
export const FLAGS = ['cache'];

export const FORMATS = {
  check: ['text', 'json', 'sarif'],
  coverage: ['text', 'markdown', 'html', 'csv', 'json'],
  plan: ['text', 'markdown', 'csv', 'json'],
} as const;

export type CheckFormat = (typeof FORMATS.check)[number];
export type CoverageFormat = (typeof FORMATS.coverage)[number];
export type PlanFormat = (typeof FORMATS.plan)[number];
export type FailOn = 'error' | 'warning' | 'none';

/** The options of one of the three commands, checked; `key`: what a cached run is remembered under. */
export type CommandOptions =
  | { command: 'check'; format: CheckFormat; failOn: FailOn; key: string }
  | { command: 'coverage'; format: CoverageFormat; framework?: string; key: string }
  | { command: 'plan'; format: PlanFormat; key: string };

export function parseCommandLine(argv: string[]): ParsedArgs {
  return parseArgs(argv, VALUED, FLAGS);
}

/** The command's options, or a UsageError as the user should see it. */
export function commandOptions(args: ParsedArgs): CommandOptions {
  const format = args.options.get('format');
  const notHere = (option: string, only: string): void => {
    if (args.options.has(option)) throw new UsageError(`--${option} applies to \`attest ${only}\` only`);
  };
  switch (args.command) {
    case 'check': {
      notHere('framework', 'coverage');
      const fmt = oneOf(format, FORMATS.check, 'text', 'format');
      const failOn = oneOf(args.options.get('fail-on'), ['error', 'warning', 'none'] as const, 'error', 'fail-on');
      return { command: 'check', format: fmt, failOn, key: JSON.stringify(['check', fmt, failOn]) };
    }
    case 'coverage': {
      notHere('fail-on', 'check');
      const fmt = oneOf(format, FORMATS.coverage, 'text', 'format');
      const framework = args.options.get('framework');
      return { command: 'coverage', format: fmt, ...(framework !== undefined ? { framework } : {}), key: JSON.stringify(['coverage', fmt, framework ?? null]) };
    }
    case 'plan': {
      notHere('framework', 'coverage');
      notHere('fail-on', 'check');
      const fmt = oneOf(format, FORMATS.plan, 'text', 'format');
      return { command: 'plan', format: fmt, key: JSON.stringify(['plan', fmt]) };
    }
    default:
      throw new UsageError(`unknown command "${args.command}"`);
  }
}

/** --cache and --cache-location: the cache file, or undefined without --cache. */
export function cacheFileOption(options: Map<string, string>, folder: string): string | undefined {
  const location = options.get('cache-location');
  if (!options.has('cache')) {
    if (location !== undefined) throw new UsageError('--cache-location applies with --cache only');
    return undefined;
  }
  if (location === '') throw new UsageError('--cache-location needs a file name');
  const file = location === undefined ? path.join(folder, CACHE_FILE) : path.resolve(location);
  // A folder (existing, or written with a trailing slash) holds the default file name.
  return location !== undefined && (/[\\/]$/.test(location) || isFolder(file)) ? path.join(file, CACHE_FILE) : file;
}

function isFolder(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}
