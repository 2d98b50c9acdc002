import type { CoveragePayload } from '../protocol.js';
import { buildCoverage, coverageCriterion, coverageMemo, coveragePayload, refreshCoverageMemo, type CoverageCriterion, type CoverageMemo, type CoverageModel, type FrameworkConfig, type ProjectIndex } from '../core/index.js';

/** Longest stretch of coverage building before edits queued behind it are served. */
const COVERAGE_SLICE_MS = 10;

interface Owner {
  ws: ProjectIndex;
  uriOf(rel: string): string;
}

/**
 * A project's coverage, memoised between changes: repeated requests (views, status bar) cost
 * nothing, and after an edit only the entries it touched are rebuilt.
 */
export class ProjectCoverage {
  private cache: { version: number; ws: ProjectIndex; model: CoverageModel; payloads: Map<string, CoveragePayload> } | undefined;
  private entries: { ws: ProjectIndex; memo: CoverageMemo; converted: WeakMap<object, Map<number, unknown>> } | undefined;

  constructor(private readonly owner: Owner) {}

  /** The coverage model, rebuilt only where the index changed since the last answer. */
  model(): CoverageModel {
    const ws = this.owner.ws;
    if (this.current()) return this.cache!.model;
    const model = buildCoverage(ws, this.entriesFor(ws).memo);
    this.cache = { version: ws.coverageVersion, ws, model, payloads: new Map() };
    return model;
  }

  /** One criterion's entry (hover lists its mappers), from the same memo the coverage answer is built from. */
  criterion(fw: FrameworkConfig, id: string): CoverageCriterion | undefined {
    const ws = this.owner.ws;
    return coverageCriterion(ws, this.entriesFor(ws).memo, fw, id);
  }

  private current(): boolean {
    return this.cache?.version === this.owner.ws.coverageVersion && this.cache.ws === this.owner.ws;
  }

  /** The memoized coverage entries of this index (a rescan starts afresh). */
  private entriesFor(ws: ProjectIndex): NonNullable<ProjectCoverage['entries']> {
    if (this.entries?.ws !== ws) this.entries = { ws, memo: coverageMemo(), converted: new WeakMap() };
    return this.entries;
  }

  /**
   * The `attest/coverage` answer, built one criterion at a time between turns of the event loop:
   * after an edit that touched most criteria (a register edit), rebuilding them takes a second at
   * 50k files, and keystrokes must not wait behind it.
   */
  async payloadSoon(limit?: number, frameworkCategories?: readonly string[]): Promise<CoveragePayload> {
    while (!this.current()) {
      const ws = this.owner.ws;
      let slice = performance.now();
      for (const _ of refreshCoverageMemo(ws, this.entriesFor(ws).memo)) {
        if (performance.now() - slice < COVERAGE_SLICE_MS) continue;
        await new Promise((r) => setImmediate(r));
        slice = performance.now();
        if (this.owner.ws !== ws) break; // rescanned meanwhile: start over on the new index
      }
      if (this.owner.ws === ws) break;
    }
    // Entries touched by edits served meanwhile are rebuilt here; the rest are memo hits.
    return this.payload(limit, frameworkCategories);
  }

  /** The `attest/coverage` answer for the current index (`frameworkCategories`: see CoverageParams). */
  payload(limit?: number, frameworkCategories?: readonly string[]): CoveragePayload {
    const model = this.model();
    const key = `${limit ?? -1} ${frameworkCategories ? JSON.stringify([...new Set(frameworkCategories)].sort()) : '*'}`;
    let out = this.cache!.payloads.get(key);
    if (out === undefined) {
      const ws = this.owner.ws;
      out = coveragePayload(ws, model, (rel) => this.owner.uriOf(rel), { ...(limit !== undefined ? { limit } : {}), ...(frameworkCategories ? { frameworkCategories } : {}), memo: this.entriesFor(ws).converted });
      this.cache!.payloads.set(key, out);
    }
    return out;
  }
}
