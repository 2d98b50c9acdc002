import type { Node, YAMLMap } from 'yaml';
import { hasRange, isMap, isScalar, spanOf, type AnyNode } from '../ast.js';
import { finding, type Finding } from '../findings.js';
import { closest } from '../suggest.js';

/**
 * Warns about keys the format does not know, naming the key that was probably meant. `where` may
 * be a function: it is only worked out when a key is unknown (rare), so the usual file allocates
 * nothing here.
 */
export function unknownKeyFindings(map: unknown, base: number, known: readonly string[], where: string | (() => string)): Finding[] {
  const out: Finding[] = [];
  if (!isMap(map)) return out;
  for (const p of (map as YAMLMap<Node, AnyNode>).items) {
    const k = p.key;
    if (!isScalar(k) || !hasRange(k)) continue;
    const key = String(k.value);
    if (known.includes(key)) continue;
    const near = closest(key, known, 1);
    const hint = near.length ? ` Did you mean \`${near[0]}\`?` : ` Known fields: ${known.join(', ')}.`;
    const at = typeof where === 'string' ? where : where();
    out.push(finding('unknown-field', spanOf(k, base)!, `Unknown field \`${key}\` in ${at}.${hint}`, near.length ? { suggestions: near } : undefined));
  }
  return out;
}
