import { createHash } from 'node:crypto';
import type { FileFacts } from './facts/types.js';
import type { Span } from './text.js';

// A file's facts apart from where things are: two versions with the same shape differ only in
// positions (a comment added, lines moved) and in their local findings, so every other file's
// findings and the coverage stay as they were. The CLI's cache patches a check with this.

function isSpan(v: unknown): v is Span {
  if (!v || typeof v !== 'object') return false;
  const keys = Object.keys(v);
  return keys.length === 2 && typeof (v as Span).start === 'number' && typeof (v as Span).end === 'number';
}

/** A hash of the facts with every span and the local findings (any `local` key) left out. */
export function factsShape(facts: FileFacts | undefined): string {
  if (!facts) return '';
  const text = JSON.stringify(facts, (key, value: unknown) => (key === 'local' ? undefined : isSpan(value) ? 0 : value));
  return createHash('sha256').update(text).digest('base64').slice(0, 22);
}

/** Every span of the facts (local findings left out), in the order the shape lists them: equal shapes, matching lists. */
export function factsSpans(facts: FileFacts): Span[] {
  const out: Span[] = [];
  const walk = (v: unknown): void => {
    if (!v || typeof v !== 'object') return;
    if (isSpan(v)) {
      out.push(v);
      return;
    }
    if (Array.isArray(v)) for (const x of v) walk(x);
    else for (const [k, x] of Object.entries(v)) if (k !== 'local') walk(x);
  };
  walk(facts);
  return out;
}
