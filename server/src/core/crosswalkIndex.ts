import type { CrosswalkFact, CrosswalkRelationship } from './facts/types.js';
import type { Span } from './text.js';

/** A criterion a crosswalk relates to another one, seen from that other one. */
export interface Related {
  framework: string;
  id: string;
  /** How the criterion asked about relates to this one (`subset-of`: it is a subset of this). */
  relationship: CrosswalkRelationship;
  /** The crosswalk file, and where the link names the criterion asked about. */
  rel: string;
  span: Span;
}

/** The same link read from its other end. */
const INVERSE: Record<CrosswalkRelationship, CrosswalkRelationship> = {
  'equivalent-to': 'equivalent-to',
  'subset-of': 'superset-of',
  'superset-of': 'subset-of',
  'intersects-with': 'intersects-with',
};

const keyOf = (framework: string, id: string) => `${framework}\u0000${id}`;

/** Every crosswalk link of a project, reachable from either end. */
export class CrosswalkIndex {
  private readonly byCriterion = new Map<string, Related[]>();

  /** Adds (by 1) or removes (by -1) a crosswalk file's links. */
  indexBy(rel: string, x: CrosswalkFact, by: 1 | -1): void {
    for (const l of x.links) {
      this.put(keyOf(x.from, l.from.value), { framework: x.to, id: l.to.value, relationship: l.relationship, rel, span: l.from.span }, by);
      this.put(keyOf(x.to, l.to.value), { framework: x.from, id: l.from.value, relationship: INVERSE[l.relationship], rel, span: l.to.span }, by);
    }
  }

  private put(key: string, r: Related, by: 1 | -1): void {
    const list = this.byCriterion.get(key) ?? [];
    if (by === 1) {
      list.push(r);
      // File order, whatever order the files were read in.
      list.sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : a.span.start - b.span.start));
    } else {
      const i = list.findIndex((x) => x.rel === r.rel && x.framework === r.framework && x.id === r.id && x.relationship === r.relationship && x.span.start === r.span.start);
      if (i >= 0) list.splice(i, 1);
    }
    if (list.length) this.byCriterion.set(key, list);
    else this.byCriterion.delete(key);
  }

  /** What crosswalks relate a criterion of a framework to, by file path, then in file order. */
  related(framework: string, id: string): readonly Related[] {
    return this.byCriterion.get(keyOf(framework, id)) ?? [];
  }

  clear(): void {
    this.byCriterion.clear();
  }
}
