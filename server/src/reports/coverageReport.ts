import type { CoverageCategory, CoverageModel, PlanItem } from '../core/index.js';
import { payloadOf, type FolderReport } from './model.js';
import { planMarkdown } from './planReport.js';
import { csv } from './csv.js';

const MARK: Record<string, string> = { covered: '✔', planned: '◐', 'policy-only': '◇', uncovered: '✘', excluded: '–' };

export function coverageSummaryLine(m: CoverageModel): string {
  const t = m.totals;
  return `Coverage (${m.framework}, ${m.report}): ${t.covered}/${t.inScope - t.excluded} covered, ${t.planned} planned, ${t.policyOnly} policy-only, ${t.uncovered} uncovered, ${t.excluded} excluded.`;
}

function counted(cat: CoverageCategory): { covered: number; total: number } {
  const inScope = cat.criteria.filter((c) => c.status && c.status !== 'excluded');
  return { covered: inScope.filter((c) => c.status === 'covered').length, total: inScope.length };
}

export function coverageText(r: FolderReport): string {
  const m = r.coverage;
  const out: string[] = [];
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
  return out.join('\n') + '\n';
}

export function coverageJson(r: FolderReport): string {
  return JSON.stringify(payloadOf(r), null, 2) + '\n';
}

export function coverageCsv(r: FolderReport): string {
  const rows = [['category', 'criterion', 'title', 'status', 'controls', 'policies', 'reason']];
  for (const cat of r.coverage.categories) {
    if (!cat.inScope) continue;
    for (const c of cat.criteria) rows.push([cat.id, c.id, c.title, c.status ?? '', c.controls.map((x) => x.id).join(' '), c.policies.map((x) => x.id).join(' '), c.reason ?? '']);
  }
  return csv(rows);
}

function mdCell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

const STATUS_LABEL: Record<string, string> = { covered: '✅ covered', planned: '🟡 planned', 'policy-only': '🟠 policy-only', uncovered: '❌ uncovered', excluded: '➖ excluded' };

/** The readiness report a team hands its auditor before fieldwork. */
export function coverageMarkdown(r: FolderReport): string {
  const m = r.coverage;
  const cfg = r.ws.config;
  const t = m.totals;
  const out: string[] = [];
  out.push('# SOC 2 readiness report', '');
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
  const stale = r.plan.filter((p) => p.kind === 'evidence');
  if (m.report === 'type2') {
    out.push('## Evidence', '');
    out.push(stale.length ? stale.map((p) => `- **${p.id}** ${p.title.replace(/^(Stale|Missing) evidence: /, '')}: ${p.detail}${p.owner ? ` (owner: ${p.owner})` : ''}`).join('\n') : 'Every control has current evidence.', '');
    const reviews = r.plan.filter((p) => p.kind === 'policy-review');
    out.push('## Policy reviews', '');
    out.push(reviews.length ? reviews.map((p) => `- **${p.id}** ${p.title}: review was due ${p.due}`).join('\n') : 'No policy review is overdue.', '');
  }
  const excluded = m.categories.flatMap((c) => c.criteria).filter((c) => c.status === 'excluded');
  out.push('## Exclusions', '');
  out.push(excluded.length ? excluded.map((c) => `- **${c.id}** ${c.title}: ${c.reason}`).join('\n') : 'No criterion is excluded.', '');
  if (m.systems) {
    out.push('## Systems in scope', '', '| System | Kind | Scope | Protected by |', '| --- | --- | --- | --- |');
    for (const s of m.systems) out.push(`| ${s.id} (${mdCell(s.name)}) | ${s.kind ?? ''} | ${s.scope} | ${s.controls.map((c) => c.id).join(', ') || (s.scope === 'in' ? '⚠ nothing' : '')} |`);
    out.push('');
  }
  out.push(planMarkdown(r.plan, 2));
  return out.join('\n');
}

function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

export function coverageHtml(r: FolderReport): string {
  const m = r.coverage;
  const t = m.totals;
  const rows = (items: PlanItem[]) =>
    items.map((p) => `<tr class="${p.overdue ? 'overdue' : ''}"><td>${esc(p.kind)}</td><td>${esc(p.id)}</td><td>${esc(p.title)}</td><td>${esc(p.owner ?? '')}</td><td>${esc(p.due ?? '')}${p.overdue ? ' (overdue)' : ''}</td></tr>`).join('\n');
  const cats = m.categories
    .filter((c) => c.inScope)
    .map((cat) => {
      const { covered, total } = counted(cat);
      const trs = cat.criteria
        .map((c) => `<tr class="${c.status}"><td>${esc(c.id)}</td><td>${esc(c.title)}</td><td><span class="badge ${c.status}">${esc(c.status ?? '')}</span></td><td>${esc(c.controls.map((x) => x.id).join(', '))}</td><td>${esc(c.policies.map((x) => x.id).join(', '))}</td><td>${esc([c.reason ?? '', c.evidenceGap ? 'no current evidence' : ''].filter(Boolean).join('; '))}</td></tr>`)
        .join('\n');
      return `<h2>${esc(cat.title)} <small>${covered}/${total} covered</small></h2>\n<table><thead><tr><th>Criterion</th><th>Title</th><th>Status</th><th>Controls</th><th>Policies</th><th>Notes</th></tr></thead><tbody>\n${trs}\n</tbody></table>`;
    })
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>SOC 2 readiness report</title>
<style>
body{font:14px/1.45 system-ui,sans-serif;margin:2rem;color:#1b1f24}table{border-collapse:collapse;width:100%;margin-bottom:1.5rem}
th,td{border:1px solid #d0d7de;padding:4px 8px;text-align:left;vertical-align:top}th{background:#f6f8fa}
.badge{border-radius:8px;padding:1px 8px;font-size:12px}.badge.covered{background:#dafbe1}.badge.planned{background:#fff8c5}
.badge.policy-only{background:#ffe7d1}.badge.uncovered{background:#ffebe9}.badge.excluded{background:#eaeef2}tr.overdue td{color:#a40e26}
</style></head><body>
<h1>SOC 2 readiness report</h1>
<p>Framework <b>${esc(m.framework)}</b>, ${m.report === 'type2' ? 'Type II' : 'Type I'}${m.period ? `, audit period ${esc(m.period.start)} to ${esc(m.period.end)}` : ''}.</p>
<table><thead><tr><th>In scope</th><th>Covered</th><th>Planned</th><th>Policy-only</th><th>Uncovered</th><th>Excluded</th></tr></thead>
<tbody><tr><td>${t.inScope}</td><td>${t.covered}</td><td>${t.planned}</td><td>${t.policyOnly}</td><td>${t.uncovered}</td><td>${t.excluded}</td></tr></tbody></table>
${cats}
<h2>Remediation plan</h2>
<table><thead><tr><th>Kind</th><th>Id</th><th>Item</th><th>Owner</th><th>Due</th></tr></thead><tbody>
${rows(r.plan)}
</tbody></table>
</body></html>
`;
}
