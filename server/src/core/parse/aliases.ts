import { isAlias, isMap, isPair, isSeq, type Document, type Node, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';

/**
 * Puts each alias's anchored node where the alias stands, so that facts read through an alias
 * (`criteria: *list`, `[*id]`) are what it names. Only after the document converted within the
 * alias limit (no bomb); an alias inside the node it names stays as it is (no cycle). Findings on
 * such a value point at the anchored text, which is where it is written.
 */
export function resolveAliases(doc: Document.Parsed, maxDepth: number): void {
  const inside = new Set<unknown>();
  const resolved = (node: unknown): unknown => {
    if (!isAlias(node)) return node;
    const target = node.resolve(doc);
    return target && !inside.has(target) ? target : node;
  };
  const walk = (node: unknown, depth: number): void => {
    if (depth > maxDepth || !node || inside.has(node)) return;
    inside.add(node);
    if (isMap(node)) for (const p of (node as YAMLMap).items) walk(p, depth + 1);
    else if (isSeq(node)) {
      const seq = node as YAMLSeq;
      seq.items = seq.items.map(resolved);
      for (const it of seq.items) walk(it, depth + 1);
    } else if (isPair(node)) {
      const pair = node as Pair;
      pair.value = resolved(pair.value) as Node | null;
      walk(pair.key, depth + 1);
      walk(pair.value, depth + 1);
    }
    inside.delete(node);
  };
  walk(doc.contents, 0);
}
