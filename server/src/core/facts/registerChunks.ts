import type { WorkspaceConfig } from '../config.js';
import type { Finding } from '../findings.js';
import type { Span } from '../text.js';
import type { ControlFact, FileFacts, Ref } from './types.js';

/**
 * Large registers (a `controls:` list of hundreds of controls) are parsed item by item, and each
 * item's result is cached by its text: an edit re-parses the one control it touches, not the file.
 * Only plainly shaped registers qualify; anything unusual takes the whole-file path.
 */
export const CHUNK_THRESHOLD = 32 * 1024;

export interface Chunk {
  start: number;
  end: number;
}

/** Item boundaries of a plain register, or undefined when the file must be parsed whole. */
export function registerChunks(text: string): Chunk[] | undefined {
  if (text.length < CHUNK_THRESHOLD || text.charCodeAt(0) === 0xfeff) return undefined;
  // Anchors, aliases, tags, several documents or tabs can tie items together: parse whole.
  // (Document markers after \r or \n are caught by the line scan; a regex `^` also matches after U+2028/9.)
  if (text.includes('\t') || hasNodeProperty(text)) return undefined;
  if ((text.includes('\u2028') || text.includes('\u2029')) && /[\u2028\u2029](---|\.\.\.)/.test(text)) return undefined;
  let sawHeader = false;
  let itemIndent = -1;
  const chunks: Chunk[] = [];
  // A hand-rolled scan (a regex per line was 12% of an edit); lines end at \r\n, \r or \n.
  let lf = -2; // next '\n' at or after `at`, -1 when none is left
  let cr = -2;
  for (let at = 0, next = 0; at < text.length; at = next) {
    if (lf !== -1 && lf < at) lf = text.indexOf('\n', at);
    if (cr !== -1 && cr < at) cr = text.indexOf('\r', at);
    const end = lf < 0 ? (cr < 0 ? text.length : cr) : cr < 0 ? lf : Math.min(lf, cr);
    next = end === cr && lf === cr + 1 ? end + 2 : end + 1;
    const c0 = text.charCodeAt(at);
    if ((c0 === 45 || c0 === 46) && (text.startsWith('---', at) || text.startsWith('...', at))) return undefined;
    // Inside an item only lines indented up to the item's dash matter: look no further.
    const limit = itemIndent < 0 ? end : Math.min(end, at + itemIndent + 1);
    let i = at;
    while (i < limit && text.charCodeAt(i) === 32) i++;
    if (i === limit) continue; // blank, or deeper than the items
    let indent = i - at;
    const c = text.charCodeAt(i);
    if (c > 32 && c < 127) {
      if (c === 35) continue; // comment
    } else {
      // Other whitespace (U+00A0, ...): the generic rules.
      const line = text.slice(at, end);
      const rest = line.trimStart();
      if (!rest || rest[0] === '#') continue;
      indent = line.length - rest.length;
    }
    if (!sawHeader) {
      if (!/^controls:\s*(#.*)?$/.test(text.slice(at, end))) return undefined;
      sawHeader = true;
      continue;
    }
    const dash = text.charCodeAt(at + indent) === 45 && text.charCodeAt(at + indent + 1) === 32; // '- '
    if (itemIndent < 0) {
      if (!dash) return undefined;
      itemIndent = indent;
    }
    if (indent === itemIndent && dash) {
      if (chunks.length) chunks[chunks.length - 1]!.end = at;
      chunks.push({ start: at, end: text.length });
    } else if (indent <= itemIndent) return undefined; // another top-level key or odd shape
  }
  return chunks.length >= 2 ? chunks : undefined;
}

/** Whether the text matches /(^|[\s\[{,:])[&*!][^\s]/ (an anchor, alias or tag), without a regex over every position. */
function hasNodeProperty(text: string): boolean {
  for (const ch of ['&', '*', '!']) {
    for (let i = text.indexOf(ch); i >= 0; i = text.indexOf(ch, i + 1)) {
      const after = text[i + 1];
      if (after === undefined || /\s/.test(after)) continue;
      const before = text[i - 1];
      if (before === undefined || /[\s\[{,:]/.test(before)) return true;
    }
  }
  return false;
}

/** A list kept with the facts, at its exact length: one grown by push keeps room for 16 more items. */
export function exact<T>(list: T[]): T[] {
  return list.length ? list.slice() : list;
}

export interface ChunkResult {
  controls: ControlFact[];
  local: Finding[];
}

/** An item's result with file offsets for an item starting at `at`. */
interface Entry {
  at: number;
  r: ChunkResult;
}

/**
 * Two generations per configuration: an analysis finds an item in either and keeps it in the
 * current one; once the current one holds more than MAX_CACHED items, the next register analysis
 * starts a new one and drops the older. So entries of items no longer in any file (one per
 * keystroke) go, while every item of the registers being edited stays.
 */
interface Generations {
  current: Map<string, Entry>;
  previous: Map<string, Entry>;
}
const caches = new WeakMap<WorkspaceConfig, Generations>();
const MAX_CACHED = 10_000;

/** The item cache for one register analysis under this configuration. */
export function chunkCache(cfg: WorkspaceConfig): Generations {
  let g = caches.get(cfg);
  if (!g) caches.set(cfg, (g = { current: new Map(), previous: new Map() }));
  else if (g.current.size > MAX_CACHED) {
    g.previous = g.current;
    g.current = new Map();
  }
  return g;
}

/**
 * The analysis of the item `text` starting at `start` (file offsets), cached by its text under this
 * configuration. While an item's text and offset stay the same, the very same fact and finding
 * objects come back (every item before an edit point); a moved item is shifted, not re-parsed.
 * Results are shared, so nobody may mutate them.
 */
export function cachedChunk(cache: Generations, text: string, start: number, compute: (item: string, base: number) => ChunkResult): ChunkResult {
  let e = cache.current.get(text);
  if (!e) {
    const old = cache.previous.get(text);
    if (old) {
      cache.previous.delete(text);
      cache.current.set(text, (e = old));
    }
  }
  if (e) {
    if (e.at !== start) {
      e.r = shiftResult(e.r, start - e.at);
      e.at = start;
    }
    return e.r;
  }
  // `text` is a slice that keeps the whole file text alive (V8 sliced string), as would the strings
  // parsed out of it: key and parse a flat copy instead.
  const own = (' ' + text).slice(1);
  const r = compute(own, start);
  cache.current.set(own, { at: start, r });
  return r;
}

/**
 * Fills the item cache from facts of a register worked out elsewhere (the cache of the last run, a
 * worker thread): as if it had just been analysed here, so its first edit re-parses one item, and
 * keeps every other item's objects (the index tells changed controls by identity). The facts are
 * the items' results in order, so each result is told by where it starts: a control inside its
 * item, a finding inside or at an end of it. A finding on a boundary between two items could be
 * either's, so neither is remembered (an edit parses them again); facts out of order, none.
 * Returns how many items were remembered.
 */
export function seedItemCache(text: string, facts: FileFacts, cfg: WorkspaceConfig): number {
  if (facts.kind !== 'control' || facts.policies.length) return 0;
  const chunks = registerChunks(text);
  if (!chunks) return 0;
  const results: ChunkResult[] = chunks.map(() => ({ controls: [], local: [] }));
  const unsure = new Set<number>();
  let k = 0;
  for (const c of facts.controls) {
    while (k < chunks.length && c.span.start >= chunks[k]!.end) k++;
    // A control starts after its item's dash: never at a boundary.
    if (k === chunks.length || c.span.start <= chunks[k]!.start) return 0;
    results[k]!.controls.push(c);
  }
  k = 0;
  for (const f of facts.local) {
    const at = f.span.start;
    while (k < chunks.length && at > chunks[k]!.end) k++;
    if (k === chunks.length || at < chunks[k]!.start) return 0;
    // The end of item k is the start of item k + 1: either may own it.
    if (at === chunks[k]!.end) unsure.add(k).add(k + 1);
    else if (at === chunks[k]!.start) unsure.add(k).add(k - 1);
    results[k]!.local.push(f);
  }
  const cache = chunkCache(cfg);
  let seeded = 0;
  chunks.forEach((ch, i) => {
    if (unsure.has(i)) return;
    const own = (' ' + text.slice(ch.start, ch.end)).slice(1);
    if (cache.current.has(own)) return; // an identical item elsewhere: one entry per text
    cache.current.set(own, { at: ch.start, r: { controls: exact(results[i]!.controls), local: exact(results[i]!.local) } });
    seeded++;
  });
  return seeded;
}

// Shifting knows the fact shapes (a generic deep copy was 19% of an edit). A span field added to
// ControlFact or Finding must be added here; the chunked-vs-whole tests compare complete facts.
const span = (s: Span, d: number): Span => ({ start: s.start + d, end: s.end + d });
const refs = (rs: Ref[], d: number): Ref[] => rs.map((r) => ({ value: r.value, span: span(r.span, d) }));

function shiftResult(r: ChunkResult, d: number): ChunkResult {
  return { controls: r.controls.map((c) => shiftControl(c, d)), local: r.local.map((f) => ({ ...f, span: span(f.span, d) })) };
}

function shiftControl(c: ControlFact, d: number): ControlFact {
  const out: ControlFact = {
    ...c,
    idSpan: span(c.idSpan, d),
    span: span(c.span, d),
    criteria: refs(c.criteria, d),
    policies: refs(c.policies, d),
    systems: refs(c.systems, d),
    evidence: c.evidence.map((e) => {
      const o = { ...e };
      if (e.collectedSpan) o.collectedSpan = span(e.collectedSpan, d);
      if (e.linkSpan) o.linkSpan = span(e.linkSpan, d);
      if (e.titleSpan) o.titleSpan = span(e.titleSpan, d);
      if (e.sha256Span) o.sha256Span = span(e.sha256Span, d);
      return o;
    }),
    exceptions: c.exceptions.map((e) => {
      const o = { ...e, span: span(e.span, d) };
      if (e.dueSpan) o.dueSpan = span(e.dueSpan, d);
      return o;
    }),
  };
  if (c.dueSpan) out.dueSpan = span(c.dueSpan, d);
  if (c.criteriaSpan) out.criteriaSpan = span(c.criteriaSpan, d);
  if (c.criteriaByFramework) {
    out.criteriaByFramework = c.criteriaByFramework.map((e) => {
      const o = { ...e, key: { value: e.key.value, span: span(e.key.span, d) }, refs: refs(e.refs, d) };
      if (e.span) o.span = span(e.span, d);
      return o;
    });
  }
  return out;
}
