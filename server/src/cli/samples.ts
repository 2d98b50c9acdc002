// `attest samples [folder] [--seed N] [--format text|markdown|csv|json]`: the Type II samples an
// auditor would draw, so a team finds the unevidenced intervals before the auditor does.
import { DEFAULT_SAMPLE_SEED, parseSeed } from '../core/index.js';
import { samplesReport } from '../reports/samplesReport.js';
import { oneOf, UsageError } from './args.js';
import { analyzeFolder, runCommand, type Env } from './command.js';

export const SAMPLES_USAGE = `usage: attest samples [folder] [--seed N] [--format text|markdown|csv|json]

For each implemented annually, semiannually, quarterly, monthly, weekly or daily control of a
Type II project: its population (the calendar intervals of the audit period that have ended),
the sample size (sampling: in attest.yaml) and a seeded draw of that many intervals, each
evidenced or not. The same seed, files and ATTEST_TODAY always draw the same (default seed ${DEFAULT_SAMPLE_SEED}).
`;

/** Runs `attest samples` with the arguments after `samples`; returns the exit code. */
export function runSamples(argv: string[], env: Env = process.env, cwd = process.cwd()): Promise<number> {
  return runCommand('samples', argv, ['seed', 'format'], SAMPLES_USAGE, env, async (args) => {
    const format = oneOf(args.options.get('format'), ['text', 'markdown', 'csv', 'json'] as const, 'text', 'format');
    const rawSeed = args.options.get('seed');
    const seed = rawSeed === undefined ? DEFAULT_SAMPLE_SEED : parseSeed(rawSeed);
    if (seed === undefined) throw new UsageError(`--seed must be a whole number (got "${rawSeed}")`);
    process.stdout.write(samplesReport(await analyzeFolder(args.folder, cwd), seed, format));
    return 0;
  });
}
