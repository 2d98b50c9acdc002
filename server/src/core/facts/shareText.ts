import type { Span } from '../text.js';
import type { ControlFact, FileFacts, PolicyFact } from './types.js';

/**
 * Facts read back from the cache hold their strings as copies; facts worked out from a file's
 * text hold most of them as slices of that text, which the index keeps anyway (V8 shares the
 * characters of a slice of 13 or more). So a warm start held some 15 MB more at 50,000 files.
 * This points the longer strings of cached facts back into the file's text where they are
 * written verbatim, within the control or policy they belong to. It changes no value.
 */
export function shareText(facts: FileFacts, text: string): void {
  for (const c of facts.controls) shareControl(c, text);
  for (const p of facts.policies) sharePolicy(p, text);
}

/** Slices of fewer characters are copies anyway. */
const MIN_SHARED = 13;

/** `value` as a slice of `text` when written verbatim in `region` (`text` from `from` on), else itself. */
function within(text: string, value: string, region: string, from: number): string {
  if (value.length < MIN_SHARED) return value;
  // Searched in the region only: a value not written verbatim (a folded description) must not
  // send the search to the end of a file of many controls, for each of them.
  const at = region.indexOf(value);
  return at >= 0 ? text.slice(from + at, from + at + value.length) : value;
}

/** `value` as a slice of `text` when written at `span` (or just inside a quote there), else itself. */
function at(text: string, value: string, span: Span | undefined): string {
  if (value.length < MIN_SHARED || !span) return value;
  const from = text.startsWith(value, span.start) ? span.start : text.startsWith(value, span.start + 1) ? span.start + 1 : -1;
  return from < 0 ? value : text.slice(from, from + value.length);
}

function shareControl(c: ControlFact, text: string): void {
  // The longest strings of a control, and the most of them: titles, descriptions and evidence.
  const region = text.slice(c.span.start, c.span.end);
  c.title = within(text, c.title, region, c.span.start);
  if (c.description !== undefined) c.description = within(text, c.description, region, c.span.start);
  for (const r of c.systems) r.value = at(text, r.value, r.span);
  for (const e of c.evidence) {
    if (e.title !== undefined) e.title = at(text, e.title, e.titleSpan);
    if (e.link !== undefined) e.link = at(text, e.link, e.linkSpan);
  }
}

function sharePolicy(p: PolicyFact, text: string): void {
  p.title = within(text, p.title, text.slice(p.span.start, p.span.end), p.span.start);
  for (const s of p.sections) s.title = within(text, s.title, text.slice(s.span.start, s.span.end), s.span.start);
}
