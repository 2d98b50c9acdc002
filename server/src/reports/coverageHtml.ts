import type { PlanItem } from '../core/index.js';
import { counted, FILES_WITH_ERRORS_NOTE } from './coverageReport.js';
import { fromFolder, rootOf, several, type FolderReport, type ProjectReport } from './reportModel.js';

/** `attest coverage --format html`: the readiness report as one self-contained page. */

export function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function planRows(items: PlanItem[]): string {
  return items.map((p) => `<tr class="${p.overdue ? 'overdue' : ''}"><td>${esc(p.kind)}</td><td>${esc(p.id)}</td><td>${esc(p.title)}</td><td>${esc(p.owner ?? '')}</td><td>${esc(p.due ?? '')}${p.overdue ? ' (overdue)' : ''}</td></tr>`).join('\n');
}

function filesWithErrorsHtml(r: FolderReport, p: ProjectReport): string {
  if (!p.filesWithErrors.length) return '';
  const note = esc(FILES_WITH_ERRORS_NOTE).replace('`attest check`', '<code>attest check</code>');
  return `\n<h2>Files with errors</h2>\n<p class="errors">These files have errors (${note}):</p>\n<ul>\n${p.filesWithErrors.map((rel) => `<li><code>${esc(fromFolder(r, p, rel))}</code></li>`).join('\n')}\n</ul>`;
}

function projectBody(r: FolderReport, p: ProjectReport): string {
  const m = p.coverage;
  const t = m.totals;
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
  return `<h1>SOC 2 readiness report${several(r) ? `: ${esc(rootOf(r, p))}` : ''}</h1>
<p>Framework <b>${esc(m.framework)}</b>, ${m.report === 'type2' ? 'Type II' : 'Type I'}${m.period ? `, audit period ${esc(m.period.start)} to ${esc(m.period.end)}` : ''}.</p>
<table><thead><tr><th>In scope</th><th>Covered</th><th>Planned</th><th>Policy-only</th><th>Uncovered</th><th>Excluded</th></tr></thead>
<tbody><tr><td>${t.inScope}</td><td>${t.covered}</td><td>${t.planned}</td><td>${t.policyOnly}</td><td>${t.uncovered}</td><td>${t.excluded}</td></tr></tbody></table>
${cats}
<h2>Remediation plan</h2>
<table><thead><tr><th>Kind</th><th>Id</th><th>Item</th><th>Owner</th><th>Due</th></tr></thead><tbody>
${planRows(p.plan)}
</tbody></table>${filesWithErrorsHtml(r, p)}`;
}

/** One page; with several projects, one section per project. */
export function coverageHtml(r: FolderReport): string {
  const body = several(r) ? r.projects.map((p) => `<section>\n${projectBody(r, p)}\n</section>`).join('\n') : projectBody(r, r.projects[0]!);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>SOC 2 readiness report</title>
<style>
body{font:14px/1.45 system-ui,sans-serif;margin:2rem;color:#1b1f24}table{border-collapse:collapse;width:100%;margin-bottom:1.5rem}
th,td{border:1px solid #d0d7de;padding:4px 8px;text-align:left;vertical-align:top}th{background:#f6f8fa}
.badge{border-radius:8px;padding:1px 8px;font-size:12px}.badge.covered{background:#dafbe1}.badge.planned{background:#fff8c5}
.badge.policy-only{background:#ffe7d1}.badge.uncovered{background:#ffebe9}.badge.excluded{background:#eaeef2}tr.overdue td{color:#a40e26}
p.errors{color:#a40e26}section+section{border-top:2px solid #d0d7de;margin-top:2rem}
</style></head><body>
${body}
</body></html>
`;
}
