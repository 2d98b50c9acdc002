import type { ControlFact, FileFacts, FrameworkRefs } from './facts/types.js';

// How the index compares two versions of a file and keeps its reverse maps (pure helpers).

/** id -> file -> how many times that file names the id (mutable: the index's own maps). */
export type RefIndex = Map<string, Map<string, number>>;

/** Adds `by` (1 or -1) to how often `rel` names `key`, dropping entries that reach 0. */
export function bump(index: RefIndex, key: string, rel: string, by: number): void {
  let files = index.get(key);
  if (!files) index.set(key, (files = new Map()));
  const n = (files.get(rel) ?? 0) + by;
  if (n > 0) files.set(rel, n);
  else {
    files.delete(rel);
    if (files.size === 0) index.delete(key);
  }
}

/** `fn` for each distinct defined key of `items` (a control's few references: no Set needed, none allocated). */
export function eachOnce<T>(items: readonly T[], key: (item: T) => string | undefined, fn: (key: string) => void): void {
  for (let i = 0; i < items.length; i++) {
    const k = key(items[i]!);
    if (k === undefined) continue;
    let seen = false;
    for (let j = 0; j < i && !seen; j++) seen = key(items[j]!) === k;
    if (!seen) fn(k);
  }
}

/** Each distinct system a control names, and whether it is implemented (what protects a system): how the index and StatusOverlay count them. */
export function eachSystemNamed(c: ControlFact, fn: (system: string, implemented: boolean) => void): void {
  const implemented = c.status === 'implemented';
  eachOnce(c.systems, (r) => r.value, (s) => fn(s, implemented));
}

/**
 * The two versions of a file reduced to the controls that differ (by identity; the index is
 * additive per control, so unindexing the removed and indexing the added ones is exact).
 */
export function changedOnly(a: FileFacts | undefined, b: FileFacts | undefined): [FileFacts | undefined, FileFacts | undefined] {
  if (!a || !b || a.controls.length < 2 || b.controls.length < 2) return [a, b];
  const inA = new Set(a.controls);
  const inB = new Set(b.controls);
  return [
    { ...a, controls: a.controls.filter((c) => !inB.has(c)) },
    { ...b, controls: b.controls.filter((c) => !inA.has(c)) },
  ];
}

/** The mapping form of `criteria:` as plain values: each key as written, the framework it names, its ids. */
export function mappedValues(g: FrameworkRefs[] | undefined): unknown[] {
  return (g ?? []).map((x) => [x.key.value, x.framework ?? null, x.refs.map((r) => r.value)]);
}

/** What of a file feeds `attest/coverage`: when it is unchanged, coverage is unchanged. */
export function signature(f: FileFacts | undefined): string {
  if (!f) return '';
  // Every framework's mapping counts: an id added under `iso27001-2022:` moves that framework's coverage.
  return JSON.stringify([
    f.controls.map((c) => [c.id, c.title, c.status, c.owner, c.idSpan.start, c.idSpan.end, c.criteria.map((r) => r.value), mappedValues(c.criteriaByFramework), c.systems.map((r) => r.value), c.frequency, c.evidence.map((e) => e.collected)]),
    f.policies.map((p) => [p.id, p.title, p.status, p.idSpan.start, p.idSpan.end, p.criteria.map((r) => r.value), mappedValues(p.criteriaByFramework)]),
  ]);
}
