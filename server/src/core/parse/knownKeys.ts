// Keys of the fast YAML path (fastYaml.ts) as constants.

/**
 * The keys Attest files are made of, by length. A key read from the text is one of these nearly
 * always: the constant is used instead of a fresh slice, which the value object would otherwise
 * have to look up in V8's string table once per key per file.
 */
const KEYS_BY_LENGTH: string[][] = [];
for (const k of ['id', 'title', 'description', 'owner', 'status', 'type', 'automation', 'frequency', 'criteria', 'policies', 'systems', 'due', 'evidence', 'exceptions', 'tags', 'collected', 'link', 'sha256', 'period', 'raised', 'summary', 'resolved', 'controls', 'version', 'approved', 'review']) {
  (KEYS_BY_LENGTH[k.length] ??= []).push(k);
}

/** The constant for the key s[from, to) when it is one of KEYS_BY_LENGTH. */
export function knownKey(s: string, from: number, to: number): string | undefined {
  const list = KEYS_BY_LENGTH[to - from];
  if (list) for (const k of list) if (s.startsWith(k, from)) return k;
  return undefined;
}
