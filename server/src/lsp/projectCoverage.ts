import type { CoveragePayload } from '../protocol.js';
import { readStoredCoverage, storedCoverageText } from './storedCoverage.js';
import { buildCoverage, coverageCriterion, coverageMemo, coveragePayload, refreshCoverageMemo, type CoverageCriterion, type CoverageMemo, type CoverageModel, type FrameworkConfig, type ProjectIndex } from '../core/index.js';

/** Longest stretch of coverage building before edits queued behind it are served. */
const COVERAGE_SLICE_MS = 10;
/** After a stored answer (see reuse), the coverage is built this much later. */
const BUILD_AFTER_STORED_MS = 1_000;

/** A first scan whose answers may be stored or reused (see reuse); `served`: those given from the store. */
interface ScanState {
  file: string;
  state: string;
  ws: ProjectIndex;
  version: number;
  stored?: Map<string, string>;
  served: Map<string, string>;
}

/** What an answer depends on besides the index: the limit and the frameworks asked for. */
function answerKey(limit: number | undefined, frameworkCategories: readonly string[] | undefined): string {
  return `${limit ?? -1} ${frameworkCategories ? JSON.stringify([...new Set(frameworkCategories)].sort()) : '*'}`;
}

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
  private scanState: ScanState | undefined;

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
   * 50k files, and keystrokes must not wait behind it. Right after a scan that read what the last
   * start read, the answer that start stored (see reuse); the coverage is built after it.
   */
  async payloadSoon(limit?: number, frameworkCategories?: readonly string[]): Promise<CoveragePayload> {
    const stored = this.storedAnswer(answerKey(limit, frameworkCategories));
    if (stored) {
      // The coverage itself is built once the answer is out (a slice at a time meanwhile would
      // hold up its writing), unless an edit needs it sooner.
      // (A failure here is not this answer's: the next request meets it.)
      setTimeout(() => void this.refreshSoon().then(() => this.current() || this.model()).catch(() => {}), BUILD_AFTER_STORED_MS).unref();
      return stored;
    }
    await this.refreshSoon();
    // Entries touched by edits served meanwhile are rebuilt here; the rest are memo hits.
    return this.payload(limit, frameworkCategories);
  }

  private async refreshSoon(): Promise<void> {
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
  }

  /**
   * After a first scan of `ws` that read `state` (see storedCoverage.ts): answers stored in the
   * cache `file` under that state hold until the index changes.
   */
  reuse(file: string, state: string, ws: ProjectIndex): void {
    this.scanState = { file, state, ws, version: ws.coverageVersion, served: new Map() };
  }

  /** A stored answer for `key`, while the index is the one scanned; read from the cache the first time. */
  private storedAnswer(key: string): CoveragePayload | undefined {
    const s = this.unchangedScan();
    if (!s) return undefined;
    s.stored ??= readStoredCoverage(s.file, s.state) ?? new Map();
    const json = s.stored.get(key);
    if (json === undefined) return undefined;
    let answer: CoveragePayload;
    try {
      answer = JSON.parse(json) as CoveragePayload;
    } catch {
      return undefined;
    }
    s.served.set(key, json);
    return answer;
  }

  /** The scan's state while nothing changed the index since, else undefined (and forgotten). */
  private unchangedScan(): ScanState | undefined {
    const s = this.scanState;
    if (s && (s.ws !== this.owner.ws || s.ws.coverageVersion !== s.version)) this.scanState = undefined;
    return this.scanState;
  }

  /**
   * The memo to store with the cache of the scan of `ws` (asked once, when it is saved): its answers
   * given so far; undefined when it has none new. The stored answers are let go of then.
   */
  toStore(ws: ProjectIndex): string | undefined {
    const s = this.unchangedScan();
    this.scanState = undefined;
    if (!s || s.ws !== ws || !this.current()) return undefined;
    const built = [...this.cache!.payloads].filter(([key]) => !s.served.has(key));
    if (!built.length) return undefined; // what is stored already (or nothing asked yet)
    return storedCoverageText(s.state, [...s.served, ...built]);
  }

  /** The `attest/coverage` answer for the current index (`frameworkCategories`: see CoverageParams). */
  payload(limit?: number, frameworkCategories?: readonly string[]): CoveragePayload {
    const model = this.model();
    const key = answerKey(limit, frameworkCategories);
    let out = this.cache!.payloads.get(key);
    if (out === undefined) {
      const ws = this.owner.ws;
      out = coveragePayload(ws, model, (rel) => this.owner.uriOf(rel), { ...(limit !== undefined ? { limit } : {}), ...(frameworkCategories ? { frameworkCategories } : {}), memo: this.entriesFor(ws).converted });
      this.cache!.payloads.set(key, out);
    }
    return out;
  }
}
