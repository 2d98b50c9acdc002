import type { CoverageCategory, CoverageModel } from '../core/index.js';
import { coverageResult, fromCwd, rootOf, several, type FolderReport, type ProjectReport } from './reportModel.js';
import { csv } from './csv.js';

/** `attest coverage` as text, JSON and CSV (markdown and HTML: coverageMarkdown.ts, coverageHtml.ts). */

const MARK: Record<string, string> = { covered: '✔', planned: '◐', 'policy-only': '◇', uncovered: '✘', excluded: '–' };

export function coverageSummaryLine(m: Pick<CoverageModel, 'framework' | 'report' | 'totals'>): string {
  const t = m.totals;
  return `Coverage (${m.framework}, ${m.report}): ${t.covered}/${t.inScope - t.excluded} covered, ${t.planned} planned, ${t.policyOnly} policy-only, ${t.uncovered} uncovered, ${t.excluded} excluded.`;
}

/** In-scope criteria of a category that are not excluded, and how many of them are covered. */
export function counted(cat: CoverageCategory): { covered: number; total: number } {
  const inScope = cat.criteria.filter((c) => c.status && c.status !== 'excluded');
  return { covered: inScope.filter((c) => c.status === 'covered').length, total: inScope.length };
}

/** Why a report names a project's files with errors. */
export const FILES_WITH_ERRORS_NOTE = 'run `attest check`; what they define may be missing here until they are fixed';

/** The text block naming a project's files with errors (paths relative to the current directory); empty when none. */
export function filesWithErrorsText(r: FolderReport, p: ProjectReport): string[] {
  if (!p.filesWithErrors.length) return [];
  return [`Files with errors (${FILES_WITH_ERRORS_NOTE}):`, ...p.filesWithErrors.map((rel) => `  ${fromCwd(r, p, rel)}`)];
}

function projectText(r: FolderReport, p: ProjectReport): string {
  const m = p.coverage;
  const out: string[] = several(r) ? [`Project ${rootOf(r, p)}`, ''] : [];
  for (const cat of m.categories) {
    if (!cat.inScope) continue;
    const { covered, total } = counted(cat);
    out.push(`${cat.title} (${cat.id}): ${covered}/${total} covered`);
    for (const c of cat.criteria) {
      const who = [...c.controls.map((x) => x.id), ...c.policies.map((x) => x.id)];
      const note = c.status === 'excluded' ? `excluded: ${c.reason ?? ''}` : who.length ? who.join(', ') : '';
      out.push(`  ${MARK[c.status!] ?? ' '} ${c.id.padEnd(6)} ${c.status!.padEnd(11)} ${c.title}${note ? `  [${note}]` : ''}${c.evidenceGap ? '  (no current evidence)' : ''}`);
    }
    out.push('');
  }
  const outOfScope = m.categories.filter((c) => !c.inScope).map((c) => c.id);
  if (outOfScope.length) out.push(`Not in scope: ${outOfScope.join(', ')}.`);
  out.push(coverageSummaryLine(m));
  // The project's other frameworks, one line each (`--framework ID` prints one in full).
  for (const fw of m.frameworks?.slice(1) ?? []) {
    const t = fw.totals;
    out.push(`Coverage (${fw.id}): ${t.covered}/${t.inScope - t.excluded} covered, ${t.planned} planned, ${t.policyOnly} policy-only, ${t.uncovered} uncovered, ${t.excluded} excluded (attest coverage --framework ${fw.id}).`);
  }
  const errors = filesWithErrorsText(r, p);
  if (errors.length) out.push('', ...errors);
  return out.join('\n') + '\n';
}

export function coverageText(r: FolderReport): string {
  return r.projects.map((p) => projectText(r, p)).join('\n');
}

/** The coverage result itself for one project; `{ projects: [{ root, coverage }] }` for several. */
export function coverageJson(r: FolderReport): string {
  const out = several(r) ? { projects: r.projects.map((p) => ({ root: rootOf(r, p), coverage: coverageResult(r, p) })) } : coverageResult(r, r.projects[0]!);
  return JSON.stringify(out, null, 2) + '\n';
}

const HEADER = ['category', 'criterion', 'title', 'status', 'controls', 'policies', 'reason'];

/** One row per in-scope criterion; a leading `project` column when there are several projects. */
export function coverageCsv(r: FolderReport): string {
  const lead = (p: ProjectReport, cells: string[]): string[] => (several(r) ? [rootOf(r, p), ...cells] : cells);
  const rows = [several(r) ? ['project', ...HEADER] : HEADER];
  for (const p of r.projects) {
    for (const cat of p.coverage.categories) {
      if (!cat.inScope) continue;
      for (const c of cat.criteria) rows.push(lead(p, [cat.id, c.id, c.title, c.status ?? '', c.controls.map((x) => x.id).join(' '), c.policies.map((x) => x.id).join(' '), c.reason ?? '']));
    }
  }
  return csv(rows);
}
