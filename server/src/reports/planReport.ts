import { planPayload, type PlanItem } from '../core/index.js';
import type { FolderReport } from './model.js';
import { csv } from './csv.js';

function dueText(p: PlanItem): string {
  return p.due ? `${p.due}${p.overdue ? ' OVERDUE' : ''}` : 'no due date';
}

export function planText(r: FolderReport): string {
  if (!r.plan.length) return 'Nothing to remediate: the plan is empty.\n';
  const lines = r.plan.map((p) => `${dueText(p).padEnd(22)} ${p.kind.padEnd(13)} ${p.id.padEnd(12)} ${p.title}${p.owner ? ` (owner: ${p.owner})` : ' (no owner)'}${p.rel ? `  ${p.rel}` : ''}`);
  const overdue = r.plan.filter((p) => p.overdue).length;
  lines.push('', `${r.plan.length} item${r.plan.length === 1 ? '' : 's'}, ${overdue} overdue.`);
  return lines.join('\n') + '\n';
}

/** A Markdown checklist a team pastes into its tracker; `level` sets the heading depth. */
export function planMarkdown(plan: PlanItem[], level = 1): string {
  const h = '#'.repeat(level);
  const out = [`${h} Remediation plan`, ''];
  if (!plan.length) return out.concat('Nothing to remediate.', '').join('\n');
  out.push('| | Kind | Id | Item | Owner | Due |', '| --- | --- | --- | --- | --- | --- |');
  for (const p of plan) out.push(`| ${p.overdue ? '⚠' : ''} | ${p.kind} | ${p.id} | ${p.title.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ')} | ${p.owner ?? '—'} | ${dueText(p)} |`);
  return out.concat('').join('\n');
}

export function planCsv(r: FolderReport): string {
  const rows = [['kind', 'id', 'title', 'owner', 'due', 'overdue', 'file']];
  for (const p of r.plan) rows.push([p.kind, p.id, p.title, p.owner ?? '', p.due ?? '', String(p.overdue), p.rel ?? '']);
  return csv(rows);
}

export function planJson(r: FolderReport): string {
  return JSON.stringify(planPayload(r.ws, r.plan), null, 2) + '\n';
}
