import * as path from 'node:path';
import { UsageError } from './args.js';
import { cacheFileOption, commandOptions, parseCommandLine } from './commandLine.js';
import { FolderError, loadFolder } from './loadFolder.js';
import { checkedFolder, checkJson, checkSarif, checkText } from '../reports/checkReport.js';
import { fromCwd, type FolderReport, type ProjectDiagnostic } from '../reports/reportModel.js';
import type { CheckedFolder } from '../reports/checkReport.js';
import type { CacheFile } from '../core/cacheFile.js';
import { cachedRun, type CachedRunOptions, type RunOutput } from './runMemo.js';
import { planCsv, planJson, planMarkdownReport, planText } from '../reports/planReport.js';
import { COVERAGE_FORMATS } from '../reports/coverageByFormat.js';
import { runInit } from './init.js';
import { runSamples } from './samples.js';
import { runEvidence } from './evidenceHash.js';
import { runReport } from './report.js';
import { runExport } from './export.js';
import { onlyFramework } from './frameworkOption.js';
import { isLoadWorker, parseTodayEnv, runLoadWorker, setLoadWorkerScript, SEVERITY_RANK, today, type Severity } from '../core/index.js';
import type { CheckMemo } from './checkMemo.js';
import { patchedCheckText } from './textPatch.js';

declare const ATTEST_VERSION: string | undefined;
const VERSION = typeof ATTEST_VERSION === 'string' ? ATTEST_VERSION : '0.0.0';

const USAGE = `attest: SOC 2 controls and policies as code

usage:
  attest check [folder] [--format text|json|sarif] [--fail-on error|warning|none] [--cache]
  attest coverage [folder] [--format text|markdown|html|csv|json] [--framework ID] [--cache]
  attest plan [folder] [--format text|markdown|csv|json] [--cache]
  attest report [folder] [--format html|markdown|soa] [--out FILE]
  attest export [folder] --format oscal-catalog|oscal-component|oscal-poam [--out FILE]
  attest init [folder] [--report type1|type2] [--categories security,availability,...]
  attest samples [folder] [--seed N] [--format text|markdown|csv|json]
  attest evidence hash [folder]

folder defaults to the current directory and may hold several projects (every attest.yaml
below it); text output names files relative to the current directory. ATTEST_TODAY=YYYY-MM-DD
fixes "today" for reproducible reports. Exit codes: 0 ok, 1 findings at --fail-on or worse
(check), 2 bad usage, an unreadable folder, a folder with no project or a bad ATTEST_TODAY.
--cache reuses what the last run derived from unchanged files, kept in .attestcache in the
folder (--cache-location FILE: elsewhere); the output is the same as without it.
`;

async function run(argv: string[]): Promise<number> {
  if (argv[0] === 'init') return runInit(argv.slice(1)); // init parses its own options
  if (argv[0] === 'samples') return runSamples(argv.slice(1)); // so do samples and evidence
  if (argv[0] === 'evidence') return runEvidence(argv.slice(1));
  if (argv[0] === 'report') return runReport(argv.slice(1)); // so do report and export
  if (argv[0] === 'export') return runExport(argv.slice(1));
  let args;
  try {
    args = parseCommandLine(argv);
  } catch (e) {
    process.stderr.write(`attest: ${(e as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (args.options.has('version')) {
    process.stdout.write(`${VERSION}\n`);
    return 0;
  }
  if (args.options.has('help') || args.command === 'help') {
    process.stdout.write(USAGE);
    return 0;
  }
  if (!args.command) {
    process.stderr.write(USAGE);
    return 2;
  }
  try {
    if (args.positional.length > 1) throw new UsageError(`expected one folder, got ${args.positional.length}`);
    const fixedToday = parseTodayEnv(process.env);
    if (fixedToday.error) {
      // A typo must not silently become the real date: every report would judge another day.
      process.stderr.write(`attest: ${fixedToday.error}\n`);
      return 2;
    }
    const folder = path.resolve(args.positional[0] ?? '.');
    const cacheFile = cacheFileOption(args.options, folder);
    const cache = cacheFile === undefined ? undefined : { file: cacheFile, version: VERSION };
    const opts = commandOptions(args);
    // Without --cache: load and render. With it: replayed, patched or loaded (runMemo.ts).
    const run = (render: (r: FolderReport) => RunOutput, check?: Pick<CachedRunOptions, 'renderCheck' | 'check'>): Promise<RunOutput> =>
      cache
        ? cachedRun({ cache, folder, cwd: process.cwd(), today: fixedToday.day ?? today(), key: opts.key, load: (c) => analyze(folder, c), render, ...check })
        : analyze(folder).then(render);
    let out: RunOutput;
    switch (opts.command) {
      case 'check': {
        const { format: fmt, failOn } = opts;
        const failing = (s: Severity): boolean => failOn !== 'none' && SEVERITY_RANK[s] <= SEVERITY_RANK[failOn];
        const exit = (projects: Array<{ diagnostics: ProjectDiagnostic[] }>): number => (projects.some((p) => p.diagnostics.some((d) => failing(d.finding.severity))) ? 1 : 0);
        const checked = (c: CheckedFolder): RunOutput => ({ stdout: fmt === 'sarif' ? checkSarif(c, VERSION) : checkText(c), code: exit(c.projects) });
        // A patched check in text: the last output with the re-checked files' lines replaced.
        const patchText = (last: RunOutput, before: CheckMemo, after: CheckMemo): RunOutput | undefined => {
          const text = patchedCheckText(last.stdout, before, after, { folder, cwd: process.cwd() });
          return text && { stdout: text.stdout, code: (Object.keys(text.counts) as Severity[]).some((s) => text.counts[s] > 0 && failing(s)) ? 1 : 0 };
        };
        const patched = fmt === 'json' ? {} : { renderCheck: checked, ...(fmt === 'text' ? { patchText } : {}) };
        out = await run((r) => (fmt === 'json' ? { stdout: checkJson(r), code: exit(r.projects) } : checked(checkedFolder(r))), { check: true, ...patched });
        break;
      }
      case 'coverage': {
        const { format: fmt, framework } = opts;
        out = await run((r) => ({ stdout: COVERAGE_FORMATS[fmt](onlyFramework(r, framework)), code: 0 }));
        break;
      }
      case 'plan': {
        const fmt = opts.format;
        out = await run((r) => ({ stdout: fmt === 'markdown' ? planMarkdownReport(r) : fmt === 'csv' ? planCsv(r) : fmt === 'json' ? planJson(r) : planText(r), code: 0 }));
        break;
      }
    }
    process.stdout.write(out.stdout);
    return out.code;
  } catch (e) {
    if (e instanceof UsageError || e instanceof FolderError) {
      process.stderr.write(`attest: ${e.message}\n${e instanceof UsageError ? `\n${USAGE}` : ''}`);
      return 2;
    }
    throw e;
  }
}

/** Loads every project of the folder; what could not be read goes to stderr, named as text output names files. */
async function analyze(folder: string, cacheFile?: CacheFile): Promise<FolderReport> {
  const r = await loadFolder(folder, process.cwd(), { cacheFile });
  for (const p of r.projects) for (const x of p.problems) process.stderr.write(`attest: ${fromCwd(r, p, x.rel)}: ${x.message}\n`);
  return r;
}

if (isLoadWorker()) {
  // Started by the first scan as its second thread (this very file: one bundle, no other script).
  runLoadWorker();
} else {
  setLoadWorkerScript(__filename);
  // Flush stdout before exiting so piped output is never cut short.
  void run(process.argv.slice(2)).then((code) => process.stdout.write('', () => process.exit(code)));
}
