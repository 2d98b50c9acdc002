import type { WorkspaceConfig } from '../config.js';
import type { Finding } from '../findings.js';
import type { ControlFact } from './types.js';

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
  if (/(^|[\s\[{,:])[&*!][^\s]/.test(text) || /^(---|\.\.\.)/m.test(text) || text.includes('\t')) return undefined;
  const lines = /[^\r\n]*(\r\n|\r|\n|$)/g;
  let sawHeader = false;
  let itemIndent = -1;
  const chunks: Chunk[] = [];
  for (let m = lines.exec(text); m && m[0].length > 0; m = lines.exec(text)) {
    const line = m[0].replace(/\r?\n$|\r$/, '');
    const at = m.index;
    if (!line.trim() || /^\s*#/.test(line)) continue;
    const indent = line.length - line.trimStart().length;
    if (!sawHeader) {
      if (!/^controls:\s*(#.*)?$/.test(line)) return undefined;
      sawHeader = true;
      continue;
    }
    if (itemIndent < 0) {
      if (!/^\s*- /.test(line)) return undefined;
      itemIndent = indent;
    }
    if (indent === itemIndent && line.startsWith('- ', indent)) {
      if (chunks.length) chunks[chunks.length - 1]!.end = at;
      chunks.push({ start: at, end: text.length });
    } else if (indent <= itemIndent) return undefined; // another top-level key or odd shape
  }
  return chunks.length >= 2 ? chunks : undefined;
}

export interface ChunkResult {
  controls: ControlFact[];
  local: Finding[];
}

const caches = new WeakMap<WorkspaceConfig, Map<string, ChunkResult>>();
const MAX_CACHED = 200_000;

/** The cached analysis of one item's text under this configuration (offsets relative to the item). */
export function cachedChunk(cfg: WorkspaceConfig, text: string, compute: () => ChunkResult): ChunkResult {
  let cache = caches.get(cfg);
  if (!cache) caches.set(cfg, (cache = new Map()));
  let r = cache.get(text);
  if (!r) {
    if (cache.size >= MAX_CACHED) cache.clear();
    r = compute();
    cache.set(text, r);
  }
  return r;
}

function isSpan(v: unknown): v is { start: number; end: number } {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return false;
  const keys = Object.keys(v);
  return keys.length === 2 && typeof (v as { start?: unknown }).start === 'number' && typeof (v as { end?: unknown }).end === 'number';
}

/** A copy of facts or findings with every span moved by `delta` (the cache keeps item-relative ones). */
export function shifted<T>(value: T, delta: number): T {
  if (delta === 0) return value;
  if (Array.isArray(value)) return value.map((v) => shifted(v, delta)) as T;
  if (value && typeof value === 'object') {
    if (isSpan(value)) return { start: value.start + delta, end: value.end + delta } as T;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = k === 'data' ? v : shifted(v, delta);
    return out as T;
  }
  return value;
}
