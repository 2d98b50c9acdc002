// `attest report [folder] [--format html|markdown] [--out FILE]`: the readiness report a team
// hands its auditor, one document per project. Also the pieces `attest export` shares.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseTodayEnv } from '../core/index.js';
import { fromCwd, type FolderReport } from '../reports/reportModel.js';
import { readinessReport } from '../reports/readiness/report.js';
import { oneOf, parseArgs, UsageError, type ParsedArgs } from './args.js';
import { FolderError, loadFolder } from './loadFolder.js';
import { statementOfApplicability } from './soa.js';

export const REPORT_USAGE = `usage: attest report [folder] [--format html|markdown|soa] [--out FILE]

The readiness report of every project in folder (default: the current directory): scope,
coverage, controls, Type II evidence, policies, systems, exclusions, the remediation plan and
the files with errors, as of today (ATTEST_TODAY=YYYY-MM-DD fixes it). HTML is one
self-contained page that prints on A4 and Letter. The format defaults to the --out file's
extension (.html, .htm, .md, .markdown), else markdown. Several projects: one after another.
--format soa (or an --out file ending .csv) prints the Statement of Applicability of the
projects with iso27001-2022 among their frameworks as CSV: one row per Annex A control.
`;

/** A command's own arguments: `--help` handled, one folder at most. Throws UsageError. */
export function commandArgs(command: string, argv: string[], valued: string[]): ParsedArgs & { folder: string } {
  const args = parseArgs([command, ...argv], valued);
  if (args.positional.length > 1) throw new UsageError(`expected one folder, got ${args.positional.length}`);
  return { ...args, folder: path.resolve(args.positional[0] ?? '.') };
}

/** ATTEST_TODAY as every command judges it: an error message, or undefined when fine. */
export function todayProblem(env: Record<string, string | undefined>): string | undefined {
  return parseTodayEnv(env).error;
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

/** Runs one of these commands' bodies, turning usage and folder errors into exit code 2. */
export async function guarded(usage: string, body: () => Promise<number>): Promise<number> {
  try {
    return await body();
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

function formatFor(format: string | undefined, out: string | undefined): 'html' | 'markdown' | 'soa' {
  const byExtension = out && /\.html?$/i.test(out) ? 'html' : out && /\.csv$/i.test(out) ? 'soa' : 'markdown';
  return oneOf(format, ['html', 'markdown', 'soa'] as const, byExtension, 'format');
}

/** Runs `attest report` with the arguments after `report`; returns the exit code. */
export function runReport(argv: string[], env: Record<string, string | undefined> = process.env, cwd = process.cwd()): Promise<number> {
  return guarded(REPORT_USAGE, async () => {
    const args = commandArgs('report', argv, ['format', 'out']);
    if (args.options.has('help')) {
      process.stdout.write(REPORT_USAGE);
      return 0;
    }
    const out = args.options.get('out');
    const format = formatFor(args.options.get('format'), out);
    const problem = todayProblem(env);
    if (problem) throw new FolderError(problem);
    const r = await analyzeFolder(args.folder, cwd);
    writeOutput(format === 'soa' ? statementOfApplicability(r) : readinessReport(r, format), out, cwd);
    return 0;
  });
}
