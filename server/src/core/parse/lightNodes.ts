import * as yaml from 'yaml';
import type { Node, Pair, Scalar, YAMLMap, YAMLSeq } from 'yaml';

// The fast YAML path's nodes (see fastYaml.ts).

export type Range = [number, number, number];

/**
 * Nodes that the package takes for its own (isMap, isScalar... read a symbol, here on the
 * prototype; methods come from its classes) without running its constructors, which define
 * properties one by one and cost more than the whole parse here.
 */
const NODE_TYPE = Symbol.for('yaml.node.type');
function tag(light: { prototype: object }, of: { prototype: object }, type: string): void {
  Object.setPrototypeOf(light.prototype, of.prototype);
  Object.defineProperty(light.prototype, NODE_TYPE, { value: Symbol.for(type) });
}
/**
 * A scalar keeps its three offsets as numbers; the range list the package's nodes carry is made
 * only when something reads it (spanOf reads the offsets: most scalars never need the list).
 */
export class LightScalar {
  private r: Range | undefined = undefined;
  constructor(
    readonly value: unknown,
    readonly r0: number,
    readonly r1: number,
    readonly r2: number,
  ) {}

  get range(): Range {
    return (this.r ??= [this.r0, this.r1, this.r2]);
  }

  set range(r: Range) {
    this.r = r;
  }

  /** Its span shifted by `base` (what spanOf gives for any node). */
  spanAt(base: number): { start: number; end: number } {
    const r = this.r;
    return r ? { start: base + r[0], end: base + r[1] } : { start: base + this.r0, end: base + this.r1 };
  }
}
// A collection's range is known only once its last item is read; until then it holds this one
// (never handed out: the parser sets the real one before it returns the node).
const UNSET: Range = [0, 0, 0];
class LightMap {
  readonly items: Pair[] = [];
  range: Range = UNSET;
}
class LightSeq {
  readonly items: Node[] = [];
  range: Range = UNSET;
  constructor(readonly flow: boolean) {}
}
class LightPair {
  constructor(
    readonly key: Node,
    readonly value: Node,
  ) {}
}
tag(LightScalar, yaml.Scalar, 'yaml.scalar');
tag(LightMap, yaml.YAMLMap, 'yaml.map');
tag(LightSeq, yaml.YAMLSeq, 'yaml.seq');
tag(LightPair, yaml.Pair, 'yaml.pair');
export const scalar = (value: unknown, r0: number, r1: number, r2: number): Scalar => new LightScalar(value, r0, r1, r2) as unknown as Scalar;
export const mapNode = (): YAMLMap => new LightMap() as unknown as YAMLMap;
export const seqNode = (flow: boolean): YAMLSeq => new LightSeq(flow) as unknown as YAMLSeq;
export const pairNode = (key: Node, value: Node): Pair => new LightPair(key, value) as unknown as Pair;
