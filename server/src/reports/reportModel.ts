import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildCoverage, buildPlan, capFindings, CONFIG_FILE, coveragePayload, coverageTotals, type CoverageModel, type Finding, type PlanItem, type Range, type ScanProblem, type ProjectIndex } from '../core/index.js';

/**
 * What the reports are made of: every project of a folder with its findings, coverage and plan.
 * Built from an index that is already loaded (by the CLI from disk, or the language server's).
 */

export interface ProjectDiagnostic {
  /** Relative to the project root, `/`-separated. */
  file: string;
  range: Range;
  finding: Finding;
}

export interface ProjectReport {
  /** The project's folder (absolute). */
  root: string;
  ws: ProjectIndex;
  problems: ScanProblem[];
  diagnostics: ProjectDiagnostic[];
  /** Built when first read (`attest check` never reads it). */
  coverage: CoverageModel;
  /** The primary framework's totals: the summary line, without building the coverage. */
  summary: CoverageSummary;
  /** Built when first read. */
  plan: PlanItem[];
  fileCount: number;
  /** Files (relative to the project root) with at least one `error` finding, attest.yaml first. */
  filesWithErrors: string[];
}

/** One run over a folder: its projects sorted by root, and where paths are shown from. */
export interface FolderReport {
  /** The folder the projects were found in (absolute): JSON paths are relative to it. */
  folder: string;
  /** The current directory (absolute): text output names files relative to it. */
  cwd: string;
  projects: ProjectReport[];
}

export interface ProjectReportOptions {
  problems?: ScanProblem[];
  /** At most this many findings per file (0: all). */
  maxPerFile?: number;
  /** A coverage model already built for this index (the language server memoises its own). */
  coverage?: CoverageModel;
}

/** The report of one indexed project. */
export function projectReport(ws: ProjectIndex, root: string, opts: ProjectReportOptions = {}): ProjectReport {
  const diagnostics: ProjectDiagnostic[] = [];
  const filesWithErrors: string[] = [];
  const rels = [...(ws.has(CONFIG_FILE) ? [CONFIG_FILE] : []), ...[...ws.rels()].sort()];
  for (const rel of rels) {
    const findings = ws.findings(rel);
    if (!findings.length) continue; // (no line index for a file without findings: most of them)
    if (findings.some((f) => f.severity === 'error')) filesWithErrors.push(rel);
    const lines = ws.lineIndex(rel)!;
    for (const f of capFindings(findings, opts.maxPerFile ?? 0)) diagnostics.push({ file: rel, range: lines.range(f.span), finding: f });
  }
  let coverage = opts.coverage;
  let plan: PlanItem[] | undefined;
  const cfg = ws.config;
  return {
    root,
    ws,
    problems: opts.problems ?? [],
    diagnostics,
    get coverage() {
      return (coverage ??= buildCoverage(ws));
    },
    summary: { framework: cfg.framework, report: cfg.report, totals: coverage?.totals ?? coverageTotals(ws) },
    get plan() {
      return (plan ??= buildPlan(ws));
    },
    fileCount: rels.length,
    filesWithErrors,
  };
}

/** What the one-line coverage summary shows. */
export type CoverageSummary = Pick<CoverageModel, 'framework' | 'report' | 'totals'>;

/** A run over `folder`; projects are sorted by their root relative to it. */
export function folderReport(folder: string, projects: ProjectReport[], cwd = folder): FolderReport {
  const r: FolderReport = { folder, cwd, projects: [] };
  r.projects = [...projects].sort((a, b) => compare(rootOf(r, a), rootOf(r, b)));
  return r;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function slashed(p: string): string {
  return p.split(path.sep).join('/');
}

function relativeTo(base: string, abs: string): string {
  return slashed(path.relative(base, abs)) || '.';
}

/** What naming paths needs of a run (a FolderReport, or a check replayed from the cache). */
export interface PathBase {
  folder: string;
  cwd: string;
  projects: ReadonlyArray<{ root: string }>;
}

/** The project's folder relative to the folder argument, `.` for the folder itself. */
export function rootOf(r: PathBase, p: { root: string }): string {
  return relativeTo(r.folder, p.root);
}

/** A project file's path relative to the folder argument (JSON, CSV, documents). */
export function fromFolder(r: PathBase, p: { root: string }, rel: string): string {
  return relativeTo(r.folder, path.join(p.root, rel));
}

/** A project file's path relative to the current directory (text output: clickable where the command ran). */
export function fromCwd(r: PathBase, p: { root: string }, rel: string): string {
  // A project's files all lie under its root: the root's path from the current directory is
  // worked out once, not per file (tens of thousands of findings), and the file's rel (normal,
  // '/'-separated) appended. Not from inside the root: the way back may pass the file's folders.
  if (!rel || rel.startsWith('..')) return relativeTo(r.cwd, path.join(p.root, rel));
  const key = `${r.cwd}\0${p.root}`;
  let base = rootsFromCwd.get(key);
  if (base === undefined) {
    if (rootsFromCwd.size > 100) rootsFromCwd.clear();
    const up = path.relative(p.root, r.cwd);
    const inside = up !== '' && up !== '..' && !up.startsWith(`..${path.sep}`) && !path.isAbsolute(up);
    rootsFromCwd.set(key, (base = inside ? null : slashed(path.relative(r.cwd, p.root))));
  }
  if (base === null) return relativeTo(r.cwd, path.join(p.root, rel));
  return base === '' ? rel : `${base}/${rel}`;
}
const rootsFromCwd = new Map<string, string | null>();

/** Whether outputs split into one section per project. */
export function several(r: PathBase): boolean {
  return r.projects.length > 1;
}

export function uriFor(root: string): (rel: string) => string {
  return (rel) => pathToFileURL(path.join(root, rel)).href;
}

/** One project's coverage as JSON prints it: the attest/coverage result plus its files with errors. */
export function coverageResult(r: FolderReport, p: ProjectReport): unknown {
  const payload = coveragePayload(p.ws, p.coverage, uriFor(p.root)) as Record<string, unknown>;
  return { ...payload, filesWithErrors: p.filesWithErrors.map((rel) => fromFolder(r, p, rel)) };
}
