import { planPayload, type PlanItem } from '../core/index.js';
import { fromCwd, fromFolder, rootOf, several, type FolderReport, type ProjectReport } from './reportModel.js';
import { filesWithErrorsText } from './coverageReport.js';
import { csv } from './csv.js';
import { filesWithErrorsMarkdown } from './markdown.js';

/** `attest plan` as text, markdown, CSV and JSON. */

function dueText(p: PlanItem): string {
  return p.due ? `${p.due}${p.overdue ? ' OVERDUE' : ''}` : 'no due date';
}

function projectText(r: FolderReport, p: ProjectReport): string {
  const lines = several(r) ? [`Project ${rootOf(r, p)}`] : [];
  if (!p.plan.length) lines.push('Nothing to remediate: the plan is empty.');
  else {
    for (const x of p.plan) lines.push(`${dueText(x).padEnd(22)} ${x.kind.padEnd(13)} ${x.id.padEnd(12)} ${x.title}${x.owner ? ` (owner: ${x.owner})` : ' (no owner)'}${x.rel ? `  ${fromCwd(r, p, x.rel)}` : ''}`);
    const overdue = p.plan.filter((x) => x.overdue).length;
    lines.push('', `${p.plan.length} item${p.plan.length === 1 ? '' : 's'}, ${overdue} overdue.`);
  }
  const errors = filesWithErrorsText(r, p);
  if (errors.length) lines.push('', ...errors);
  return lines.join('\n') + '\n';
}

export function planText(r: FolderReport): string {
  return r.projects.map((p) => projectText(r, p)).join('\n');
}

/** A Markdown checklist a team pastes into its tracker; `level` sets the heading depth. */
export function planMarkdown(plan: PlanItem[], level = 1, title = 'Remediation plan'): string {
  const h = '#'.repeat(level);
  const out = [`${h} ${title}`, ''];
  if (!plan.length) return out.concat('Nothing to remediate.', '').join('\n');
  out.push('| | Kind | Id | Item | Owner | Due |', '| --- | --- | --- | --- | --- | --- |');
  for (const p of plan) out.push(`| ${p.overdue ? '⚠' : ''} | ${p.kind} | ${p.id} | ${p.title.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ')} | ${p.owner ?? '—'} | ${dueText(p)} |`);
  return out.concat('').join('\n');
}

/** `attest plan --format markdown`: one plan per project, each followed by its files with errors. */
export function planMarkdownReport(r: FolderReport): string {
  return r.projects
    .map((p) => [planMarkdown(p.plan, 1, several(r) ? `Remediation plan: ${rootOf(r, p).replace(/\|/g, '\\|')}` : undefined), ...filesWithErrorsMarkdown(r, p, 2)].join('\n'))
    .join('\n');
}

/** One row per item, `file` relative to the folder argument; a leading `project` column when there are several projects. */
export function planCsv(r: FolderReport): string {
  const header = ['kind', 'id', 'title', 'owner', 'due', 'overdue', 'file'];
  const rows = [several(r) ? ['project', ...header] : header];
  for (const p of r.projects) {
    for (const x of p.plan) {
      const cells = [x.kind, x.id, x.title, x.owner ?? '', x.due ?? '', String(x.overdue), x.rel ? fromFolder(r, p, x.rel) : ''];
      rows.push(several(r) ? [rootOf(r, p), ...cells] : cells);
    }
  }
  return csv(rows);
}

/** The items of every project in one list, each naming its project; `file` relative to the folder argument. */
export function planJson(r: FolderReport): string {
  const items = r.projects.flatMap((p) =>
    planPayload(p.ws, p.plan).items.map((it) => ({ ...it, file: typeof it.file === 'string' ? fromFolder(r, p, it.file) : it.file, project: rootOf(r, p) })),
  );
  return JSON.stringify({ items }, null, 2) + '\n';
}
