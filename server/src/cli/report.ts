// `attest report [folder] [--format html|markdown] [--out FILE]`: the readiness report a team
// hands its auditor, one document per project.
import { readinessReport } from '../reports/readiness/report.js';
import { oneOf } from './args.js';
import { analyzeFolder, runCommand, writeOutput, type Env } from './command.js';
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

function formatFor(format: string | undefined, out: string | undefined): 'html' | 'markdown' | 'soa' {
  const byExtension = out && /\.html?$/i.test(out) ? 'html' : out && /\.csv$/i.test(out) ? 'soa' : 'markdown';
  return oneOf(format, ['html', 'markdown', 'soa'] as const, byExtension, 'format');
}

/** Runs `attest report` with the arguments after `report`; returns the exit code. */
export function runReport(argv: string[], env: Env = process.env, cwd = process.cwd()): Promise<number> {
  return runCommand('report', argv, ['format', 'out'], REPORT_USAGE, env, async (args) => {
    const out = args.options.get('out');
    const format = formatFor(args.options.get('format'), out);
    const r = await analyzeFolder(args.folder, cwd);
    writeOutput(format === 'soa' ? statementOfApplicability(r) : readinessReport(r, format), out, cwd);
    return 0;
  });
}
