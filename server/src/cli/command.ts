// The shape every subcommand shares: its own options (`--help` prints its usage), one folder at
// most, ATTEST_TODAY judged the same way, the projects of the folder loaded (what could not be
// read on stderr), output to stdout or `--out`, and usage or folder errors as exit code 2.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseTodayEnv } from '../core/index.js';
import { fromCwd, type FolderReport } from '../reports/reportModel.js';
import { parseArgs, UsageError, type ParsedArgs } from './args.js';
import { FolderError, loadFolder } from './loadFolder.js';

export type Env = Record<string, string | undefined>;

export interface CommandArgs extends ParsedArgs {
  /** The folder argument, resolved (default: the current directory). */
  folder: string;
}

/**
 * Runs a subcommand's body with its parsed arguments. `--help` prints `usage`; a bad
 * ATTEST_TODAY, a UsageError (usage's first line follows) or a FolderError exit 2.
 */
export async function runCommand(command: string, argv: string[], valued: string[], usage: string, env: Env, body: (args: CommandArgs) => Promise<number>): Promise<number> {
  try {
    const args = parseArgs([command, ...argv], valued);
    if (args.options.has('help')) {
      process.stdout.write(usage);
      return 0;
    }
    if (args.positional.length > 1) throw new UsageError(`expected one folder, got ${args.positional.length}`);
    const today = parseTodayEnv(env);
    if (today.error) throw new FolderError(today.error);
    return await body({ ...args, folder: path.resolve(args.positional[0] ?? '.') });
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`attest: ${e.message}\n${usage.split('\n')[0]}\n`);
      return 2;
    }
    if (e instanceof FolderError) {
      process.stderr.write(`attest: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
}

/** Loads every project of the folder; what could not be read goes to stderr. */
export async function analyzeFolder(folder: string, cwd: string): Promise<FolderReport> {
  const r = await loadFolder(folder, cwd);
  for (const p of r.projects) for (const x of p.problems) process.stderr.write(`attest: ${fromCwd(r, p, x.rel)}: ${x.message}\n`);
  return r;
}

/** Writes to `--out` (relative to the current directory) or stdout. Throws FolderError when the file cannot be written. */
export function writeOutput(text: string, out: string | undefined, cwd: string): void {
  if (out === undefined) {
    process.stdout.write(text);
    return;
  }
  const file = path.resolve(cwd, out);
  try {
    fs.writeFileSync(file, text);
  } catch (e) {
    throw new FolderError(`cannot write ${out}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  process.stderr.write(`attest: wrote ${out}\n`);
}
