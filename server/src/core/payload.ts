import type { CoverageControl, CoverageCriterion, CoverageModel, CoverageSystem, Located, SystemControl } from './coverage.js';
import type { Range } from './text.js';
import type { Workspace } from './workspace.js';

export interface LocatedOut {
  id: string;
  title: string;
  uri: string;
  range: Range;
}

export interface PayloadOptions {
  /** At most this many controls and policies per criterion and controls per system (the first by id). */
  limit?: number;
  /**
   * Converted entries kept between answers, keyed by the model's entry objects (which a memoized
   * build reuses while unchanged): only what an edit touched is converted again.
   */
  memo?: WeakMap<object, Map<number, unknown>>;
}

/**
 * The `attest/coverage` wire shape: the model with file positions as URIs and LSP ranges, and the
 * full count of every list, so a truncated list says how much it left out.
 */
export function coveragePayload(ws: Workspace, model: CoverageModel, uriOf: (rel: string) => string, opts: PayloadOptions = {}): unknown {
  const limit = opts.limit ?? Infinity;
  const converted = <T extends object>(entry: T, build: () => unknown): unknown => {
    if (!opts.memo) return build();
    let byLimit = opts.memo.get(entry);
    if (!byLimit) opts.memo.set(entry, (byLimit = new Map()));
    let out = byLimit.get(limit);
    if (out === undefined) byLimit.set(limit, (out = build()));
    return out;
  };
  const out: Record<string, unknown> = {
    ...model,
    categories: model.categories.map((cat) => ({ ...cat, criteria: cat.criteria.map((c) => converted(c, () => criterionOut(ws, c, uriOf, limit))) })),
  };
  if (model.systems) out.systems = model.systems.map((s) => converted(s, () => systemOut(ws, s, uriOf, limit)));
  return out;
}

function locOut(ws: Workspace, uriOf: (rel: string) => string, l: Located): LocatedOut {
  return { id: l.id, title: l.title, uri: uriOf(l.rel), range: ws.lineIndex(l.rel)!.range(l.span) };
}

/** One criterion on the wire; `limit` caps its lists. */
export function criterionOut(ws: Workspace, c: CoverageCriterion, uriOf: (rel: string) => string, limit = Infinity): Omit<CoverageCriterion, 'controls' | 'policies'> & { controls: LocatedOut[]; policies: LocatedOut[]; controlCount: number; policyCount: number } {
  return {
    ...c,
    controls: c.controls.slice(0, limit).map((x: CoverageControl) => ({ ...locOut(ws, uriOf, x), status: x.status, evidence: x.evidence })),
    policies: c.policies.slice(0, limit).map((x) => locOut(ws, uriOf, x)),
    controlCount: c.controls.length,
    policyCount: c.policies.length,
  };
}

/** One inventory system on the wire; `limit` caps its control list. */
export function systemOut(ws: Workspace, s: CoverageSystem, uriOf: (rel: string) => string, limit = Infinity): Omit<CoverageSystem, 'controls'> & { controls: LocatedOut[]; controlCount: number; implementedCount: number } {
  return {
    ...s,
    controls: s.controls.slice(0, limit).map((x: SystemControl) => ({ ...locOut(ws, uriOf, x), status: x.status })),
    controlCount: s.controls.length,
    implementedCount: s.controls.filter((x) => x.status === 'implemented').length,
  };
}
