// Pure: which project a file belongs to, the status bar's summary of one project, and the rows of
// the "all mapped entries" picker. No `vscode` import (unit-tested in Node).
import type { CoverageEntries, CoverageStatus, Range, Totals } from '../../../server/src/protocol';
import { coveredText, EVIDENCE_NOTE, escapeMd, isGap, type ProjectCoverage } from './nodes';

/** A URI in one spelling for comparisons: VS Code and Node encode characters and drive letters differently. */
export function normalizeUri(uri: string): string {
  let u = uri;
  try {
    u = decodeURIComponent(uri);
  } catch {
    // a stray % stays as it is
  }
  return u.replace(/^file:\/\/\/([A-Za-z]):/, (_, d: string) => `file:///${d.toLowerCase()}:`).replace(/\/+$/, '');
}

/** Whether `uri` is `root` or lies below it. */
export function isInside(uri: string, root: string): boolean {
  const u = normalizeUri(uri), r = normalizeUri(root);
  return u === r || u.startsWith(`${r}/`);
}

/** The project holding a file: the one whose URI is the longest prefix of the file's. */
export function projectOf<T extends { uri: string }>(projects: readonly T[], uri: string | undefined): T | undefined {
  if (!uri) return undefined;
  let best: T | undefined;
  for (const p of projects) if (isInside(uri, p.uri) && (!best || normalizeUri(p.uri).length > normalizeUri(best.uri).length)) best = p;
  return best;
}

/** The project the status bar shows: the active editor's, else the first. */
export function focusedProject<T extends { uri: string }>(projects: readonly T[], activeUri: string | undefined): T | undefined {
  return projectOf(projects, activeUri) ?? projects[0];
}

/** A workspace folder's first project, as the server reads `folder`: the folder itself, else the first below it. */
export function firstProjectOf<T extends { uri: string }>(projects: readonly T[], folder: string): T | undefined {
  return projects.find((p) => normalizeUri(p.uri) === normalizeUri(folder)) ?? projects.find((p) => isInside(p.uri, folder));
}

export interface Gap {
  project: string;
  id: string;
  title: string;
  status: CoverageStatus;
  evidenceGap: boolean;
}

export function gapsOf(p: ProjectCoverage): Gap[] {
  const gaps: Gap[] = [];
  for (const cat of p.payload?.categories ?? []) for (const c of cat.criteria) {
    if (c.status && isGap(c)) gaps.push({ project: p.name, id: c.id, title: c.title, status: c.status, evidenceGap: !!c.evidenceGap });
  }
  return gaps;
}

export interface Summary {
  /** "Attest 30/37" (covered / in scope less excluded: of the primary framework when there are several), "Attest acme 30/37" with several projects, or "Attest" with no data. */
  text: string;
  /** The project summarized, when there is one. */
  project?: string;
  covered: number;
  total: number;
  gaps: Gap[];
  /** Markdown: the totals and the gaps. */
  tooltip: string;
  severity: 'ok' | 'warning' | 'error' | 'none';
}

/** The status bar: the coverage of the project the active editor is in (`activeUri`), else of the first. */
export function summarize(projects: ProjectCoverage[], activeUri?: string, maxListed = 15): Summary {
  const p = focusedProject(projects, activeUri);
  const several = projects.length > 1;
  const name = several && p ? ` ${p.name}` : '';
  if (!p?.payload) {
    const err = p?.error ?? projects.find((x) => x.error)?.error;
    return { text: `Attest${name}`, ...(p ? { project: p.uri } : {}), covered: 0, total: 0, gaps: [], tooltip: err ? `Attest: ${escapeMd(err)}` : 'Attest: computing coverage…', severity: 'none' };
  }
  const t: Totals = p.payload.totals;
  const covered = t.covered, total = t.inScope - t.excluded;
  const gaps = gapsOf(p);
  // Several frameworks: the bar counts the primary one (named first in the tooltip), the tooltip lists the others.
  const fws = p.payload.frameworks && p.payload.frameworks.length > 1 ? p.payload.frameworks : undefined;
  const lines = [`**Attest coverage${several ? ` of ${escapeMd(p.name)}` : ''}${fws ? ` (${escapeMd(fws[0]!.title)})` : ''}**: ${covered} of ${total} in-scope criteria covered`, `${t.planned} planned · ${t.policyOnly} policy-only · ${t.uncovered} uncovered · ${t.excluded} excluded`];
  if (fws) lines.push(`Other frameworks: ${fws.slice(1).map((f) => `${escapeMd(f.title)} (\`${f.id}\`) ${f.totals.covered}/${f.totals.inScope - f.totals.excluded} covered`).join(' · ')}.`);
  if (gaps.length) {
    const order: CoverageStatus[] = ['uncovered', 'policy-only', 'planned', 'covered'];
    const sorted = [...gaps].sort((a, b) => order.indexOf(a.status) - order.indexOf(b.status));
    const list = sorted.slice(0, maxListed).map((g) => `- ${g.evidenceGap && g.status === 'covered' ? 'evidence gap' : g.status}: **${g.id}** ${escapeMd(g.title)}`);
    if (sorted.length > maxListed) list.push(`- … and ${sorted.length - maxListed} more`);
    lines.push(`Gaps:\n\n${list.join('\n')}`);
  } else {
    lines.push('No gaps.');
  }
  if (several) {
    const others = projects.filter((x) => x !== p).map((x) => `${escapeMd(x.name)} ${x.payload ? coveredText(x.payload) : x.error ? 'unavailable' : 'loading'}`);
    lines.push(`Other projects: ${others.join(' · ')}. The status bar follows the project of the active editor.`);
  }
  lines.push('Click to show the coverage view.');
  const severity = t.uncovered > 0 ? 'error' : gaps.length ? 'warning' : 'ok';
  return { text: `Attest${name} ${covered}/${total}`, project: p.uri, covered, total, gaps, tooltip: lines.join('\n\n'), severity };
}

/** Gaps of every project (the coverage view's badge). */
export function gapCount(projects: ProjectCoverage[]): number {
  return projects.reduce((n, p) => n + gapsOf(p).length, 0);
}

/** One QuickPick row of `attest.showMapped`: a control or policy and where it is. */
export interface MappedPick {
  kind: 'control' | 'policy';
  label: string;
  description: string;
  detail: string;
  uri: string;
  range: Range;
}

/** The rows of `attest.showMapped`, controls first; `relPath` turns a file URI into a workspace-relative path. */
export function mappedPicks(entries: CoverageEntries, relPath: (uri: string) => string): MappedPick[] {
  const controls = entries.controls.map((c): MappedPick => {
    const ev = c.evidence ? EVIDENCE_NOTE[c.evidence] : undefined;
    return { kind: 'control', label: c.id, description: c.title, detail: [c.status ?? 'implemented', ev, relPath(c.uri)].filter(Boolean).join(' · '), uri: c.uri, range: c.range };
  });
  const policies = entries.policies.map((p): MappedPick => ({ kind: 'policy', label: p.id, description: p.title, detail: `policy · ${relPath(p.uri)}`, uri: p.uri, range: p.range }));
  return [...controls, ...policies];
}
