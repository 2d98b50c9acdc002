import type { WorkspaceConfig } from './config.js';
import type { FileFacts } from './facts/types.js';
import { bump, type RefIndex } from './factsDiff.js';
import { frameworkFor, mappedCriteria } from './frameworks.js';
import { frameworkStatus, type CoverageStatus, type CriterionCounts } from './status.js';

/** What maps the criteria of one framework: the counts statuses are made of, the mappers' files, stamps. */
export interface FrameworkMaps {
  readonly counts: Map<string, CriterionCounts>;
  /** criterion -> files of the (non-retired) controls / policies mapping it */
  readonly controls: RefIndex;
  readonly policies: RefIndex;
  /** criterion -> bumped when a file mapping it changes what coverage shows of it */
  readonly stamps: Map<string, number>;
}

const NO_COUNTS: ReadonlyMap<string, CriterionCounts> = new Map();

/**
 * The criteria side of a project's index, kept per framework: ids of different catalogs may
 * collide (custom catalogs), so every map is the framework's own. The primary framework's maps
 * are what the one-framework API of the index (criterionControls, status(id)) reads.
 */
export class CriterionIndex {
  private maps = new Map<string, FrameworkMaps>();

  constructor(private cfg: WorkspaceConfig) {}

  /** A new configuration: empty maps (the index re-adds every file). */
  reset(cfg: WorkspaceConfig): void {
    this.cfg = cfg;
    this.maps = new Map();
  }

  /** Every framework something was mapped in, with its maps. */
  frameworks(): IterableIterator<[string, FrameworkMaps]> {
    return this.maps.entries();
  }

  of(framework: string): FrameworkMaps {
    let m = this.maps.get(framework);
    if (!m) this.maps.set(framework, (m = { counts: new Map(), controls: new Map(), policies: new Map(), stamps: new Map() }));
    return m;
  }

  /** Adds (by 1) or removes (by -1) what a file's controls and policies map. */
  indexBy(rel: string, f: FileFacts, by: 1 | -1): void {
    for (const c of f.controls) {
      if (c.status === 'retired') continue;
      this.eachMapped(c, (m, crit) => {
        bump(m.controls as Map<string, Map<string, number>>, crit, rel, by);
        const n = countsOf(m, crit);
        if (c.status === 'implemented') n.implemented += by;
        else n.planned += by;
      });
    }
    for (const p of f.policies) {
      if (p.status === 'retired') continue;
      this.eachMapped(p, (m, crit) => {
        bump(m.policies as Map<string, Map<string, number>>, crit, rel, by);
        countsOf(m, crit).policies += by;
      });
    }
  }

  /** Each distinct criterion a control or policy maps, in every framework, with that framework's maps. */
  private eachMapped(item: Parameters<typeof mappedCriteria>[0], fn: (m: FrameworkMaps, crit: string) => void): void {
    for (const { framework, refs } of mappedCriteria(item, this.cfg.framework)) {
      const m = this.of(framework);
      for (const crit of new Set(refs.map((r) => r.value))) fn(m, crit);
    }
  }

  /** Every (framework, criterion) a file's controls and policies name, retired ones included. */
  named(f: FileFacts | undefined, into: Array<[string, string]>): void {
    const primary = this.cfg.framework;
    for (const x of [...(f?.controls ?? []), ...(f?.policies ?? [])]) {
      for (const { framework, refs } of mappedCriteria(x, primary)) for (const r of refs) into.push([framework, r.value]);
    }
  }

  /** Marks the coverage entries of what a file maps as changed. */
  stamp(f: FileFacts | undefined): void {
    const primary = this.cfg.framework;
    for (const x of [...(f?.controls ?? []), ...(f?.policies ?? [])]) {
      for (const { framework, refs } of mappedCriteria(x, primary)) {
        const stamps = this.of(framework).stamps;
        for (const r of refs) stamps.set(r.value, (stamps.get(r.value) ?? 0) + 1);
      }
    }
  }

  stampOf(framework: string, id: string): number {
    return this.maps.get(framework)?.stamps.get(id) ?? 0;
  }

  /** Coverage status of a criterion in a framework; undefined when unknown or out of scope. */
  status(framework: string, id: string): CoverageStatus | undefined {
    const fw = framework === this.cfg.framework ? this.cfg.frameworks[0] : frameworkFor(this.cfg, framework);
    if (!fw) return undefined;
    return frameworkStatus(fw, id, (this.maps.get(framework)?.counts ?? NO_COUNTS).get(id));
  }
}

function countsOf(m: FrameworkMaps, crit: string): CriterionCounts {
  let n = m.counts.get(crit);
  if (!n) m.counts.set(crit, (n = { implemented: 0, planned: 0, policies: 0 }));
  return n;
}
