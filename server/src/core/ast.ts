import * as yaml from 'yaml';
import type { Node, Pair, YAMLMap, YAMLSeq } from 'yaml';
import type { Span } from './text.js';
import { LightScalar } from './parse/lightNodes.js';

// Bound once: the bundles reach the (CommonJS) package through a getter on every property read.
const { isMap, isScalar, isSeq } = yaml;

/** Small helpers over the yaml package's syntax tree; all spans are shifted by `base` into file offsets. */
export type AnyNode = Node | null | undefined;

export function spanOf(node: unknown, base: number): Span | undefined {
  if (node instanceof LightScalar) return node.spanAt(base); // no range list made for it
  const r = (node as Node | undefined)?.range;
  if (!r) return undefined;
  return { start: base + r[0], end: base + r[1] };
}

/** Whether spanOf gives a span for `node` (without making a fast-path scalar's range list). */
export function hasRange(node: unknown): boolean {
  return node instanceof LightScalar || !!(node as Node | undefined)?.range;
}

export function pairOf(map: unknown, key: string): Pair<Node, AnyNode> | undefined {
  if (!isMap(map)) return undefined;
  for (const p of (map as YAMLMap<Node, AnyNode>).items) {
    if (!isScalar(p.key)) continue;
    const k = p.key.value;
    if (typeof k === 'string' ? k === key : String(k) === key) return p; // (keys are nearly always strings: no String() call)
  }
  return undefined;
}

export function valueOf(map: unknown, key: string): AnyNode {
  return pairOf(map, key)?.value;
}

export function stringOf(node: unknown): string | undefined {
  if (!isScalar(node)) return undefined;
  const v = node.value;
  return typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined;
}

/**
 * Items of a sequence as (string, span) pairs, skipping non-scalars. The list is made at its
 * exact length (items are usually all strings): it is kept with the file's facts, and a list
 * grown by push keeps room for 16 more.
 */
export function stringItems(node: unknown, base: number): Array<{ value: string; span: Span }> {
  if (!isSeq(node)) return [];
  const items = (node as YAMLSeq<AnyNode>).items;
  let n = 0;
  for (let i = 0; i < items.length; i++) if (stringOf(items[i]) !== undefined && hasRange(items[i])) n++;
  const out = new Array<{ value: string; span: Span }>(n);
  let k = 0;
  for (let i = 0; i < items.length && k < n; i++) {
    const v = stringOf(items[i]);
    const span = spanOf(items[i], base);
    if (v !== undefined && span) out[k++] = { value: shared(v), span };
  }
  return out;
}

/**
 * One copy of each list item text (criterion, policy and system ids recur in thousands of files):
 * the copy parsed from each file is dropped young instead of being kept with its facts.
 */
const sharedTexts = new Map<string, string>();
function shared(v: string): string {
  if (v.length > 64) return v;
  const had = sharedTexts.get(v);
  if (had !== undefined) return had;
  if (sharedTexts.size >= 20_000) sharedTexts.clear();
  sharedTexts.set(v, v);
  return v;
}

export function mapItems(node: unknown): AnyNode[] {
  return isSeq(node) ? (node as YAMLSeq<AnyNode>).items : [];
}

/** Where a finding about something missing in `map` goes: its `id` value, else its first key. */
export function anchorOf(map: unknown, base: number, idKeys: string[] = ['id']): Span | undefined {
  for (const k of idKeys) {
    const v = valueOf(map, k);
    const s = spanOf(v, base);
    if (s && s.end > s.start) return s;
  }
  if (isMap(map)) {
    const first = (map as YAMLMap<Node, AnyNode>).items[0];
    const s = spanOf(first?.key, base);
    if (s) return s;
  }
  return spanOf(map, base);
}

export function keysWithSpans(map: unknown, base: number): Array<{ key: string; span: Span }> {
  if (!isMap(map)) return [];
  const out: Array<{ key: string; span: Span }> = [];
  for (const p of (map as YAMLMap<Node, AnyNode>).items) {
    const s = spanOf(p.key, base);
    if (isScalar(p.key) && s) out.push({ key: String(p.key.value), span: s });
  }
  return out;
}

export { isMap, isScalar, isSeq };
