import { counted } from './coverageReport.js';
import { filesWithErrorsMarkdown, mdCell } from './markdown.js';
import { rootOf, several, type FolderReport, type ProjectReport } from './reportModel.js';
import { planMarkdown } from './planReport.js';

/** `attest coverage --format markdown`: the readiness report a team hands its auditor before fieldwork. */

const STATUS_LABEL: Record<string, string> = { covered: '✅ covered', planned: '🟡 planned', 'policy-only': '🟠 policy-only', uncovered: '❌ uncovered', excluded: '➖ excluded' };

function projectMarkdown(r: FolderReport, p: ProjectReport): string {
  const m = p.coverage;
  const cfg = p.ws.config;
  const t = m.totals;
  const out: string[] = [];
  out.push(several(r) ? `# SOC 2 readiness report: ${mdCell(rootOf(r, p))}` : '# SOC 2 readiness report', '');
  out.push(`- **Framework:** ${m.framework}`);
  out.push(`- **Report:** ${m.report === 'type2' ? 'Type II' : 'Type I'}${m.period ? ` — audit period ${m.period.start} to ${m.period.end}` : ''}`);
  out.push(`- **Categories in scope:** ${m.categories.filter((c) => c.inScope).map((c) => c.title).join(', ')}`);
  out.push(`- **As of:** ${new Date(cfg.asOf * 86_400_000).toISOString().slice(0, 10)}`, '');
  out.push('## Totals', '', '| In scope | Covered | Planned | Policy-only | Uncovered | Excluded |', '| ---: | ---: | ---: | ---: | ---: | ---: |');
  out.push(`| ${t.inScope} | ${t.covered} | ${t.planned} | ${t.policyOnly} | ${t.uncovered} | ${t.excluded} |`, '');
  for (const cat of m.categories) {
    if (!cat.inScope) continue;
    const { covered, total } = counted(cat);
    out.push(`## ${cat.title} — ${covered}/${total} covered`, '', '| Criterion | Title | Status | Controls | Policies | Notes |', '| --- | --- | --- | --- | --- | --- |');
    for (const c of cat.criteria) {
      const notes = [c.reason ? `Excluded: ${c.reason}` : '', c.evidenceGap ? 'No current evidence' : ''].filter(Boolean).join('; ');
      out.push(`| ${c.id} | ${mdCell(c.title)} | ${STATUS_LABEL[c.status!]} | ${c.controls.map((x) => x.id).join(', ')} | ${c.policies.map((x) => x.id).join(', ')} | ${mdCell(notes)} |`);
    }
    out.push('');
  }
  const gaps = m.categories.flatMap((c) => (c.inScope ? c.criteria : [])).filter((c) => c.status === 'uncovered' || c.status === 'planned' || c.status === 'policy-only');
  out.push('## Gaps', '');
  out.push(gaps.length ? gaps.map((c) => `- **${c.id}** ${c.title}: ${c.status}`).join('\n') : 'None: every in-scope criterion is covered or excluded.', '');
  const stale = p.plan.filter((x) => x.kind === 'evidence');
  if (m.report === 'type2') {
    out.push('## Evidence', '');
    out.push(stale.length ? stale.map((x) => `- **${x.id}** ${x.title.replace(/^(Stale|Missing) evidence: /, '')}: ${x.detail}${x.owner ? ` (owner: ${x.owner})` : ''}`).join('\n') : 'Every control has current evidence.', '');
    const reviews = p.plan.filter((x) => x.kind === 'policy-review');
    out.push('## Policy reviews', '');
    out.push(reviews.length ? reviews.map((x) => `- **${x.id}** ${x.title}: review was due ${x.due}`).join('\n') : 'No policy review is overdue.', '');
  }
  const excluded = m.categories.flatMap((c) => c.criteria).filter((c) => c.status === 'excluded');
  out.push('## Exclusions', '');
  out.push(excluded.length ? excluded.map((c) => `- **${c.id}** ${c.title}: ${c.reason}`).join('\n') : 'No criterion is excluded.', '');
  if (m.systems) {
    out.push('## Systems in scope', '', '| System | Kind | Scope | Protected by |', '| --- | --- | --- | --- |');
    for (const s of m.systems) out.push(`| ${s.id} (${mdCell(s.name)}) | ${s.kind ?? ''} | ${s.scope} | ${s.controls.map((c) => c.id).join(', ') || (s.scope === 'in' ? '⚠ nothing' : '')} |`);
    out.push('');
  }
  out.push(planMarkdown(p.plan, 2));
  out.push(...filesWithErrorsMarkdown(r, p, 2));
  return out.join('\n');
}

/** One document per project, one after another when there are several. */
export function coverageMarkdown(r: FolderReport): string {
  return r.projects.map((p) => projectMarkdown(r, p)).join('\n');
}
