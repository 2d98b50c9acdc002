// Pure: `attest/plan` items -> the remediation plan picker's rows, overdue first.
import type { PlanItemPayload, PlanKind } from '../../server/src/protocol';
import { plural, type PickEntry } from './pickModel';

const KIND: Record<PlanKind, { icon: string; label: string }> = {
  criterion: { icon: 'shield', label: 'uncovered criterion' },
  control: { icon: 'checklist', label: 'planned control' },
  exception: { icon: 'circle-slash', label: 'exception' },
  evidence: { icon: 'file', label: 'evidence gap' },
  'policy-review': { icon: 'book', label: 'policy review' },
  system: { icon: 'server', label: 'unprotected system' },
};

/** Overdue items first, then by due date, items without one last; the server's order otherwise. */
export function sortPlan(items: readonly PlanItemPayload[]): PlanItemPayload[] {
  const rank = (i: PlanItemPayload) => (i.overdue ? 0 : i.due ? 1 : 2);
  return items
    .map((item, at) => ({ item, at }))
    .sort((a, b) => rank(a.item) - rank(b.item) || (a.item.due ?? '').localeCompare(b.item.due ?? '') || a.at - b.at)
    .map((x) => x.item);
}

function row(i: PlanItemPayload, rel: (uri: string) => string): PickEntry {
  const kind = KIND[i.kind] ?? { icon: 'circle-outline', label: i.kind };
  const when = i.due ? (i.overdue ? `overdue since ${i.due}` : `due ${i.due}`) : 'no due date';
  const where = i.uri ? rel(i.uri) : i.file;
  return {
    label: `$(${i.overdue ? 'warning' : kind.icon}) ${i.id}`,
    description: [kind.label, when, i.owner].filter(Boolean).join(' · '),
    detail: where ? `${i.title} (${where})` : i.title,
    ...(i.uri ? { uri: i.uri } : {}),
    ...(i.range ? { range: i.range } : {}),
  };
}

/** The picker's rows: "Overdue (n)" and "Open (n)" sections. `rel` shows a file URI as a workspace path. */
export function planPicks(items: readonly PlanItemPayload[], rel: (uri: string) => string): PickEntry[] {
  const sorted = sortPlan(items);
  const overdue = sorted.filter((i) => i.overdue);
  const open = sorted.filter((i) => !i.overdue);
  const out: PickEntry[] = [];
  if (overdue.length) out.push({ label: `Overdue (${overdue.length})`, separator: true }, ...overdue.map((i) => row(i, rel)));
  if (open.length) out.push({ label: `Open (${open.length})`, separator: true }, ...open.map((i) => row(i, rel)));
  return out;
}

/** The picker's placeholder: how much is left to do. */
export function planSummary(items: readonly PlanItemPayload[]): string {
  if (!items.length) return 'Nothing to remediate: every in-scope criterion is covered and nothing is due.';
  const overdue = items.filter((i) => i.overdue).length;
  return `${plural(items.length, 'item')} to remediate${overdue ? `, ${overdue.toLocaleString('en-US')} overdue` : ''}: type to filter by id, owner or title`;
}
