import { keysWithSpans } from '../ast.js';
import { finding, type Finding } from '../findings.js';
import { closest } from '../suggest.js';

/** Warns about keys the format does not know, naming the key that was probably meant. */
export function unknownKeyFindings(map: unknown, base: number, known: string[], where: string): Finding[] {
  const out: Finding[] = [];
  for (const { key, span } of keysWithSpans(map, base)) {
    if (known.includes(key)) continue;
    const near = closest(key, known, 1);
    const hint = near.length ? ` Did you mean \`${near[0]}\`?` : ` Known fields: ${known.join(', ')}.`;
    out.push(finding('unknown-field', span, `Unknown field \`${key}\` in ${where}.${hint}`, near.length ? { suggestions: near } : undefined));
  }
  return out;
}
