import type { WorkspaceConfig } from './config.js';
import { CriterionIndex } from './criterionIndex.js';
import type { FileFacts } from './facts/types.js';
import { eachSystemNamed, type RefIndex } from './factsDiff.js';
import type { CoverageStatus } from './status.js';

// The part of a project's index that coverage statuses and protected systems are made of, as
// counts small enough to keep beside a check (a few hundred criteria, not thousands of files).
// A status or criterion edit moves these counts and nothing else of other files: from them the
// CLI's cache works out which criteria changed status and re-checks only the policies mapping
// those and attest.yaml (cli/statusPatch.ts), without rebuilding the index from every file.

/** framework -> criterion -> [implemented, planned, policies] mapping it (CriterionCounts). */
type Counts = Record<string, Record<string, [number, number, number]>>;

export interface CrossState {
  counts: Counts;
  /** framework -> criterion -> files of the non-retired policies mapping it (sorted). */
  policies: Record<string, Record<string, string[]>>;
  /** system -> [controls naming it, implemented controls naming it]. */
  systems: Record<string, [number, number]>;
}

/** What crossStateOf reads of a project's index. */
export interface CrossSource {
  readonly criteria: CriterionIndex;
  readonly systemRefs: RefIndex;
  readonly protectedBy: ReadonlyMap<string, number>;
}

const sortedKeys = <T>(m: ReadonlyMap<string, T>): string[] => [...m.keys()].sort();

/** The cross state of a whole index (keys sorted: equal indexes give equal text). */
export function crossStateOf(ws: CrossSource): CrossState {
  const counts: Counts = {};
  const policies: CrossState['policies'] = {};
  for (const [fw, maps] of [...ws.criteria.frameworks()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))) {
    const c: Counts[string] = {};
    for (const id of sortedKeys(maps.counts)) {
      const n = maps.counts.get(id)!;
      if (n.implemented || n.planned || n.policies) c[id] = [n.implemented, n.planned, n.policies];
    }
    const p: Record<string, string[]> = {};
    for (const id of sortedKeys(maps.policies)) p[id] = sortedKeys(maps.policies.get(id)!);
    // (A framework only retired items name has maps and nothing in them: left out, as after moves.)
    if (!Object.keys(c).length && !Object.keys(p).length) continue;
    counts[fw] = c;
    policies[fw] = p;
  }
  const systems: CrossState['systems'] = {};
  for (const s of sortedKeys(ws.systemRefs)) {
    let named = 0;
    for (const n of ws.systemRefs.get(s)!.values()) named += n;
    systems[s] = [named, ws.protectedBy.get(s) ?? 0];
  }
  return { counts, policies, systems };
}

/**
 * A project's coverage statuses and protected systems from a kept cross state, with some files'
 * facts replaced (`move`): what attest.yaml's findings, policies' coverage findings and the
 * coverage totals read (crossFile.ts's StatusView), exact as long as no id, policy reference or
 * policy mapping changed (those reach findings the counts do not hold).
 */
export class StatusOverlay {
  private readonly criteria: CriterionIndex;
  private readonly systems = new Map<string, [number, number]>();
  /** (framework, criterion) and system keys a move touched, with their status before any move. */
  private readonly before = new Map<string, { fw: string; id: string; status: CoverageStatus | undefined }>();
  private readonly protectedBefore = new Map<string, boolean>();
  private readonly namedBefore: boolean;

  constructor(
    readonly config: WorkspaceConfig,
    private readonly kept: CrossState,
  ) {
    this.criteria = new CriterionIndex(config);
    for (const [fw, byId] of Object.entries(kept.counts)) {
      const m = this.criteria.of(fw).counts;
      for (const [id, [implemented, planned, policies]] of Object.entries(byId)) m.set(id, { implemented, planned, policies });
    }
    for (const [s, [named, implemented]] of Object.entries(kept.systems)) this.systems.set(s, [named, implemented]);
    this.namedBefore = this.systemRefs.size > 0;
  }

  /** A file's facts `old` replaced by `now`. */
  move(rel: string, old: FileFacts, now: FileFacts): void {
    const named: Array<[string, string]> = [];
    this.criteria.named(old, named);
    this.criteria.named(now, named);
    for (const [fw, id] of named) {
      const k = `${fw}\u0000${id}`;
      if (!this.before.has(k)) this.before.set(k, { fw, id, status: this.criteria.status(fw, id) });
    }
    for (const f of [old, now]) for (const c of f.controls) eachSystemNamed(c, (s) => this.protectedBefore.has(s) || this.protectedBefore.set(s, this.isProtected(s)));
    this.criteria.indexBy(rel, old, -1);
    this.criteria.indexBy(rel, now, 1);
    this.countSystems(old, -1);
    this.countSystems(now, 1);
  }

  private countSystems(f: FileFacts, by: 1 | -1): void {
    for (const c of f.controls) {
      eachSystemNamed(c, (s, implemented) => {
        const n = this.systems.get(s) ?? [0, 0];
        this.systems.set(s, [n[0] + by, n[1] + (implemented ? by : 0)]);
      });
    }
  }

  status(criterionId: string, framework = this.config.framework): CoverageStatus | undefined {
    return this.criteria.status(framework, criterionId);
  }

  isProtected(systemId: string): boolean {
    return (this.systems.get(systemId)?.[1] ?? 0) > 0;
  }

  /** How many systems controls name (configFindings asks whether any is). */
  get systemRefs(): { size: number } {
    let size = 0;
    for (const [named] of this.systems.values()) if (named > 0) size++;
    return { size };
  }

  /** The criteria whose status the moves changed, as (framework, criterion). */
  movedCriteria(): Array<[string, string]> {
    return [...this.before.values()].filter((b) => b.status !== this.criteria.status(b.fw, b.id)).map((b) => [b.fw, b.id]);
  }

  /** Whether attest.yaml's findings may differ: a status, a system's protection or whether any system is named moved. */
  configMoved(): boolean {
    if (this.movedCriteria().length) return true;
    for (const [s, was] of this.protectedBefore) if (was !== this.isProtected(s)) return true;
    return this.namedBefore !== this.systemRefs.size > 0;
  }

  /** The files of the policies mapping a criterion (unchanged by moves: policy mappings are not moved). */
  policyFiles(framework: string, id: string): readonly string[] {
    return this.kept.policies[framework]?.[id] ?? [];
  }

  /** The state after the moves (the same order and form crossStateOf gives). */
  state(): CrossState {
    const systemRefs = new Map<string, Map<string, number>>();
    const protectedBy = new Map<string, number>();
    for (const [s, [named, implemented]] of this.systems) {
      if (named > 0) systemRefs.set(s, new Map([['', named]]));
      protectedBy.set(s, implemented);
    }
    const out = crossStateOf({ criteria: this.criteria, systemRefs, protectedBy });
    // The criterion index here only ever held moved files: the policies' files are the kept ones.
    return { ...out, policies: this.kept.policies };
  }
}
