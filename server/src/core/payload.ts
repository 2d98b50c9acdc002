import type { CategoryPayload, ControlRef, CoveragePayload, CriterionPayload, FrameworkCoveragePayload, LocatedRef, SystemPayload } from '../protocol.js';
import type { CoverageCategory, CoverageControl, CoverageCriterion, CoverageModel, CoverageSystem, Located, SystemControl } from './coverage.js';
import { frameworkFor } from './frameworks.js';
import type { ProjectIndex } from './projectIndex.js';

/** A control or policy on the wire. */
export type LocatedOut = LocatedRef;

export interface PayloadOptions {
  /** At most this many controls and policies per criterion and controls per system (the first by id). */
  limit?: number;
  /**
   * Converted entries kept between answers, keyed by the model's entry objects (which a memoized
   * build reuses while unchanged): only what an edit touched is converted again.
   */
  memo?: WeakMap<object, Map<number, unknown>>;
  /** The frameworks whose entries in `frameworks` carry their categories (the rest: totals only); all when absent. */
  frameworkCategories?: readonly string[];
}

/**
 * The `attest/coverage` wire shape: the model with file positions as URIs and LSP ranges, the
 * full count of every list (so a truncated list says how much it left out), and each category's
 * series with their titles (what the editor's tree groups criteria by).
 */
export function coveragePayload(ws: ProjectIndex, model: CoverageModel, uriOf: (rel: string) => string, opts: PayloadOptions = {}): CoveragePayload {
  const limit = opts.limit ?? Infinity;
  const converted = <T extends CriterionPayload | SystemPayload>(entry: object, build: () => T): T => {
    if (!opts.memo) return build();
    let byLimit = opts.memo.get(entry);
    if (!byLimit) opts.memo.set(entry, (byLimit = new Map()));
    let out = byLimit.get(limit) as T | undefined;
    if (out === undefined) byLimit.set(limit, (out = build()));
    return out;
  };
  // Each framework's categories with its own catalog's series.
  const categoriesOf = (framework: string, cats: CoverageCategory[]): CategoryPayload[] => {
    const catalog = (frameworkFor(ws.config, framework) ?? ws.config).catalog;
    return cats.map((cat): CategoryPayload => ({
      ...cat,
      criteria: cat.criteria.map((c) => converted(c, () => criterionOut(ws, c, uriOf, limit))),
      series: catalog.category(cat.id)?.series ?? [],
    }));
  };
  const categories = categoriesOf(model.framework, model.categories);
  const { systems, frameworks, ...rest } = model;
  const out: CoveragePayload = { ...rest, categories };
  if (systems) out.systems = systems.map((s) => converted(s, () => systemOut(ws, s, uriOf, limit)));
  if (frameworks) {
    const wanted = opts.frameworkCategories && new Set(opts.frameworkCategories);
    out.frameworks = frameworks.map((f): FrameworkCoveragePayload => {
      if (wanted && !wanted.has(f.id)) return { id: f.id, title: f.title, totals: f.totals, evidenceGaps: evidenceGaps(f.categories) };
      return { id: f.id, title: f.title, totals: f.totals, categories: f.id === model.framework ? categories : categoriesOf(f.id, f.categories) };
    });
  }
  return out;
}

/** Covered criteria with an evidence gap: the gaps a framework's totals do not count. */
function evidenceGaps(categories: CoverageCategory[]): number {
  let n = 0;
  for (const cat of categories) for (const c of cat.criteria) if (c.evidenceGap) n++;
  return n;
}

function locOut(ws: ProjectIndex, uriOf: (rel: string) => string, l: Located): LocatedOut {
  return { id: l.id, title: l.title, uri: uriOf(l.rel), range: ws.lineIndex(l.rel)!.range(l.span) };
}

/** One criterion on the wire; `limit` caps its lists. */
export function criterionOut(ws: ProjectIndex, c: CoverageCriterion, uriOf: (rel: string) => string, limit = Infinity): CriterionPayload & { controlCount: number; policyCount: number } {
  return {
    ...c,
    controls: c.controls.slice(0, limit).map((x: CoverageControl): ControlRef => ({ ...locOut(ws, uriOf, x), status: x.status, evidence: x.evidence })),
    policies: c.policies.slice(0, limit).map((x) => locOut(ws, uriOf, x)),
    controlCount: c.controls.length,
    policyCount: c.policies.length,
  };
}

/** One inventory system on the wire; `limit` caps its control list. */
export function systemOut(ws: ProjectIndex, s: CoverageSystem, uriOf: (rel: string) => string, limit = Infinity): SystemPayload & { controlCount: number; implementedCount: number } {
  return {
    ...s,
    controls: s.controls.slice(0, limit).map((x: SystemControl): ControlRef => ({ ...locOut(ws, uriOf, x), status: x.status })),
    controlCount: s.controls.length,
    implementedCount: s.controls.filter((x) => x.status === 'implemented').length,
  };
}
