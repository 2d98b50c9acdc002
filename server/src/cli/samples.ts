// `attest samples [folder] [--seed N] [--format text|markdown|csv|json]`: the Type II samples an
// auditor would draw, so a team finds the unevidenced intervals before the auditor does.
import * as path from 'node:path';
import { DEFAULT_SAMPLE_SEED, parseSeed, parseTodayEnv } from '../core/index.js';
import { samplesReport } from '../reports/samplesReport.js';
import { fromCwd } from '../reports/reportModel.js';
import { oneOf, parseArgs, UsageError } from './args.js';
import { FolderError, loadFolder } from './loadFolder.js';

export const SAMPLES_USAGE = `usage: attest samples [folder] [--seed N] [--format text|markdown|csv|json]

For each implemented annually, semiannually, quarterly, monthly, weekly or daily control of a
Type II project: its population (the calendar intervals of the audit period that have ended),
the sample size (sampling: in attest.yaml) and a seeded draw of that many intervals, each
evidenced or not. The same seed, files and ATTEST_TODAY always draw the same (default seed ${DEFAULT_SAMPLE_SEED}).
`;

/** Runs `attest samples` with the arguments after `samples`; returns the exit code. */
export async function runSamples(argv: string[]): Promise<number> {
  try {
    const args = parseArgs(['samples', ...argv], ['seed', 'format']);
    if (args.options.has('help')) {
      process.stdout.write(SAMPLES_USAGE);
      return 0;
    }
    if (args.positional.length > 1) throw new UsageError(`expected one folder, got ${args.positional.length}`);
    const format = oneOf(args.options.get('format'), ['text', 'markdown', 'csv', 'json'] as const, 'text', 'format');
    const rawSeed = args.options.get('seed');
    const seed = rawSeed === undefined ? DEFAULT_SAMPLE_SEED : parseSeed(rawSeed);
    if (seed === undefined) throw new UsageError(`--seed must be a whole number (got "${rawSeed}")`);
    const fixedToday = parseTodayEnv(process.env);
    if (fixedToday.error) {
      process.stderr.write(`attest: ${fixedToday.error}\n`);
      return 2;
    }
    const r = await loadFolder(path.resolve(args.positional[0] ?? '.'), process.cwd());
    for (const p of r.projects) for (const x of p.problems) process.stderr.write(`attest: ${fromCwd(r, p, x.rel)}: ${x.message}\n`);
    process.stdout.write(samplesReport(r, seed, format));
    return 0;
  } catch (e) {
    if (e instanceof UsageError || e instanceof FolderError) {
      process.stderr.write(`attest: ${e.message}\n${e instanceof UsageError ? `${SAMPLES_USAGE.split('\n')[0]}\n` : ''}`);
      return 2;
    }
    throw e;
  }
}
