import { CONFIG_FILE } from './config.js';
import { FREQUENCY_DAYS, formatDay } from './dates.js';
import { controlPopulation, countsAsEvidence, evidenceStatus } from './checks/evidence.js';
import type { WorkspaceConfig } from './config.js';
import type { ControlFact } from './facts/types.js';
import type { Span } from './text.js';
import { compareIds } from './suggest.js';
import type { ProjectIndex } from './projectIndex.js';
import { refsIn } from './frameworks.js';

import type { PlanItemPayload, PlanKind, PlanResult } from '../protocol.js';
export type { PlanKind };

/** A plan item as the core keeps it: the wire's fields, with the file and span still project-relative. */
export interface PlanItem extends Pick<PlanItemPayload, 'kind' | 'id' | 'title' | 'owner' | 'due' | 'overdue'> {
  rel: string | null;
  span: Span | null;
  /** Why the item is on the plan, in a few words. */
  detail: string;
  /** A criterion of a framework other than the primary: its id, and its place in `frameworks:` (primary criteria sort first). */
  framework?: { id: string; index: number };
}

/** The remediation plan: every open gap with its owner and due date, overdue first, then by due date. */
export function buildPlan(ws: ProjectIndex): PlanItem[] {
  const cfg = ws.config;
  const asOf = cfg.asOf;
  const items: PlanItem[] = [];
  const configHere = ws.has(CONFIG_FILE);
  const plannedDue = new Map<string, number>();

  for (const rel of ws.rels()) {
    const facts = ws.facts(rel)!;
    for (const c of facts.controls) {
      const owner = c.owner?.trim() || null;
      if (c.status === 'planned') {
        for (const fw of cfg.frameworks) {
          for (const r of refsIn(c, fw.id, cfg.framework)) if (c.due !== undefined) plannedDue.set(dueKey(fw.id, r.value), Math.min(plannedDue.get(dueKey(fw.id, r.value)) ?? Infinity, c.due));
        }
        items.push(item('control', c.id, c.title, owner, c.due, asOf, rel, c.idSpan, 'planned control not yet in place'));
      }
      for (const ex of c.exceptions) {
        if (ex.resolved !== undefined) continue;
        items.push(item('exception', c.id, ex.summary?.trim() || `Exception on ${c.id}`, ex.owner?.trim() || owner, ex.due, asOf, rel, ex.dueSpan ?? ex.span, 'open exception'));
      }
      const ev = evidenceItem(c, cfg, owner, rel);
      if (ev) items.push(ev);
    }
    if (cfg.report === 'type2' && cfg.period) {
      for (const p of facts.policies) {
        if (p.status === 'retired' || p.approved === undefined || !p.review) continue;
        const days = FREQUENCY_DAYS[p.review];
        if (days === undefined || p.approved + days >= asOf) continue;
        items.push(item('policy-review', p.id, p.title, p.owner?.trim() || null, p.approved + days, asOf, rel, p.approvedSpan ?? p.idSpan, `${p.review} review overdue`));
      }
    }
  }
  // Every framework's gaps: another framework's named with its id, on that id in `frameworks:`
  // (where its uncovered-criterion finding is).
  cfg.frameworks.forEach((fw, index) => {
    const other = index > 0;
    for (const cat of fw.catalog.categories) {
      if (!fw.inScope.has(cat.id)) continue;
      const anchor = other ? (fw.span ?? cfg.anchors.fallback) : (cfg.anchors.categories.get(cat.id) ?? cfg.anchors.framework ?? cfg.anchors.fallback);
      for (const id of cat.criteria) {
        const status = ws.status(id, fw.id);
        if (status !== 'uncovered' && status !== 'planned' && status !== 'policy-only') continue;
        const due = status === 'planned' ? plannedDue.get(dueKey(fw.id, id)) : undefined;
        const title = fw.catalog.get(id)!.title;
        const it = item('criterion', id, other ? `${fw.id}: ${title}` : title, null, due, asOf, configHere ? CONFIG_FILE : null, configHere ? anchor : null, status);
        if (other) it.framework = { id: fw.id, index };
        items.push(it);
      }
    }
  });
  if (cfg.systems && ws.systemRefs.size > 0) {
    for (const [id, sys] of cfg.systems) {
      if (!sys.inScope || ws.isProtected(id)) continue;
      items.push(item('system', id, sys.entry.name, sys.entry.owner?.trim() || null, undefined, asOf, CONFIG_FILE, sys.span, 'no implemented control protects it'));
    }
  }
  return items.sort(comparePlanItems);
}

/**
 * One evidence item per control whose evidence is missing, stale or has gaps (intervals of its
 * population with no sample). With gaps, the title names the first missing interval's start.
 * Missing or stale evidence is due one frequency after the period start or the newest sample; a
 * control that is only missing past intervals was due when the first of them ended.
 */
function evidenceItem(c: ControlFact, cfg: WorkspaceConfig, owner: string | null, rel: string): PlanItem | undefined {
  const ev = evidenceStatus(c, cfg);
  if (ev === 'not-required') return undefined;
  const pop = controlPopulation(c, cfg);
  const gaps = pop.filter((i) => !i.evidenced);
  if (ev === 'current' && !gaps.length) return undefined;
  const max = c.frequency ? FREQUENCY_DAYS[c.frequency] : undefined;
  let due: number | undefined;
  if (ev !== 'current' && max !== undefined) {
    const dated = c.evidence.filter(countsAsEvidence).map((e) => e.collected!).filter((d) => d <= cfg.asOf && d >= cfg.period!.start);
    due = (ev === 'stale' ? Math.max(...dated) : cfg.period!.start) + max;
  }
  if (gaps.length) {
    const first = gaps[0]!;
    if (ev === 'current') due = first.end;
    const which = gaps.length > 1 ? `${gaps.length} ${c.frequency} intervals, the first from` : `the ${c.frequency} interval from`;
    const title = `No evidence for ${which} ${formatDay(first.start)}: ${c.title}`;
    return item('evidence', c.id, title, owner, due, cfg.asOf, rel, c.idSpan, `${c.frequency} control, ${gaps.length} of ${pop.length} intervals without evidence`);
  }
  return item('evidence', c.id, `${ev === 'stale' ? 'Stale' : 'Missing'} evidence: ${c.title}`, owner, due, cfg.asOf, rel, c.idSpan, `${c.frequency} control, evidence ${ev}`);
}

/** The contract's JSON shape of the plan (`attest plan --format json`); `uriOf` adds file URIs for editors. */
export function planPayload(ws: ProjectIndex, plan: PlanItem[], uriOf?: (rel: string) => string): PlanResult {
  return {
    items: plan.map((p) => ({
      kind: p.kind,
      id: p.id,
      title: p.title,
      owner: p.owner,
      due: p.due,
      overdue: p.overdue,
      file: p.rel,
      ...(uriOf ? { uri: p.rel ? uriOf(p.rel) : null } : {}),
      range: p.rel && p.span ? ws.lineIndex(p.rel)!.range(p.span) : null,
    })),
  };
}

const KIND_ORDER: PlanKind[] = ['exception', 'control', 'criterion', 'evidence', 'policy-review', 'system'];

export function comparePlanItems(a: PlanItem, b: PlanItem): number {
  if (a.overdue !== b.overdue) return a.overdue ? -1 : 1;
  if (a.due !== b.due) {
    if (a.due === null) return 1;
    if (b.due === null) return -1;
    return a.due < b.due ? -1 : 1;
  }
  return KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) || (a.framework?.index ?? 0) - (b.framework?.index ?? 0) || compareIds(a.id, b.id);
}

function dueKey(framework: string, criterion: string): string {
  return `${framework}\u0000${criterion}`;
}

function item(kind: PlanKind, id: string, title: string, owner: string | null, due: number | undefined, asOf: number, rel: string | null, span: Span | null, detail: string): PlanItem {
  return { kind, id, title, owner, due: due === undefined || !Number.isFinite(due) ? null : formatDay(due), overdue: due !== undefined && Number.isFinite(due) && due < asOf, rel, span, detail };
}
