import * as fs from 'node:fs';
import { createHash } from 'node:crypto';
import type { FileFacts, FileKind } from './facts/types.js';
import { headerOf, headerWidth, memoBytes, sha256, Writer, type CacheIdentity, type Header } from './cacheWriter.js';
import { putMemo } from './cacheMemo.js';

export type { CacheIdentity } from './cacheWriter.js';
export { readMemo, type StoredMemo } from './cacheMemo.js';

/**
 * The analysis cache (`--cache`, the server's first scan): per project, what was derived from
 * each file (its FileFacts), keyed by the file's kind and content hash, under a key of everything
 * else the analysis read (attest.yaml, the catalog, the day: see projectKey). One file:
 *
 *   line 1   {"format":…,"version":…,"bundle":…,"length":…,"sha256":…,"memo":{…}}  (JSON, padded)
 *   then     @{"project":…,"key":…}                                      (a project's section)
 *            <kind>:<content hash>\t<FileFacts as JSON>                   (one line per file)
 *   then     the run memo (optional; its own length and SHA-256 in the header)
 *   then     the memo's lines replaced since it was written whole (optional: cacheMemo.ts)
 *
 * The header names the build that wrote it (a rebuilt bundle never reuses old facts) and the
 * length and SHA-256 of the rest, so a truncated, edited or foreign file is ignored whole. Once
 * checked, only where each entry lies is remembered: an entry is read from the file (kept open)
 * when a file asks for it, so a warm run holds only what it uses, and a save copies the lines of
 * unchanged files as they are. Saving streams the lines (the header is written last, over a
 * placeholder), so it never holds the whole text at once either. The run memo (what the CLI
 * remembers of whole runs: cli/runMemo.ts) is read and replaced without reading the facts.
 */

/** Where an entry's line lies in the cache file: from `line`, its JSON from `json`, to `end` (the line break). */
interface Slot {
  src: Source;
  line: number;
  json: number;
  end: number;
  /** Kept by this run (written again when it saves). */
  used: boolean;
}
type Entries = Map<string, Slot>;


/** The cache file read, open for reading entries where they lie. */
class Source {
  private scratch = Buffer.alloc(0);
  /** A window of the file read at once: entries are asked for in file order, one read serves hundreds. */
  private window = Buffer.alloc(0);
  private windowStart = 0;
  private windowLength = 0;

  constructor(private fd: number | undefined) {}

  /** The bytes from `start` to `end`: a fresh buffer, or (`reuse`) one valid until the next read. */
  bytes(start: number, end: number, reuse = false): Buffer | undefined {
    if (this.fd === undefined) return undefined;
    const n = end - start;
    if (n <= WINDOW / 4) {
      if (start < this.windowStart || end > this.windowStart + this.windowLength) {
        if (this.window.length < WINDOW) this.window = Buffer.allocUnsafe(WINDOW);
        this.windowStart = start;
        this.windowLength = 0;
        try {
          for (let r; this.windowLength < WINDOW && (r = fs.readSync(this.fd, this.window, this.windowLength, WINDOW - this.windowLength, start + this.windowLength)) > 0; ) this.windowLength += r;
        } catch {
          return undefined;
        }
        if (end > start + this.windowLength) return undefined;
      }
      const view = this.window.subarray(start - this.windowStart, end - this.windowStart);
      return reuse ? view : Buffer.from(view);
    }
    if (reuse && this.scratch.length < n) this.scratch = Buffer.allocUnsafe(Math.max(n, 64 * 1024));
    const b = reuse ? this.scratch : Buffer.allocUnsafe(n);
    try {
      for (let off = 0; off < n; ) {
        const r = fs.readSync(this.fd, b, off, n - off, start + off);
        if (r === 0) return undefined;
        off += r;
      }
    } catch {
      return undefined;
    }
    return b.subarray(0, n);
  }

  /** Lets go of the buffers kept between reads (a save that follows reads its own). */
  release(): void {
    this.scratch = this.window = Buffer.alloc(0);
    this.windowStart = this.windowLength = 0;
  }

  close(): void {
    if (this.fd === undefined) return;
    try {
      fs.closeSync(this.fd);
    } catch {
      /* already closed */
    }
    this.fd = undefined;
  }
}

/** Bytes read at once when entries are asked for. */
const WINDOW = 1 << 20;

/** Bytes of kept lines copied at once when saving (adjacent lines are merged up to this). */
const MAX_RANGE = WINDOW / 4;

const NL = Buffer.from('\n');

/** One project's part of the cache: what the last run left under the same key, and what this run keeps. */
export class ProjectCache {
  /** Facts this run worked out that the old section did not hold (new or changed files), turned into text only when saving. */
  private readonly added = new Map<string, FileFacts>();
  /** How many old entries this run keeps (marked `used` on their slots: no second map of tens of thousands of keys). */
  private used = 0;
  private readonly oldSize: number;
  /** Once the load is over (settle): the old lines kept, as byte ranges of the file (start, end, ...) with their source. */
  private kept: { src: Source; ranges: number[] } | undefined;
  hits = 0; // entries looked up and found

  constructor(
    readonly key: string,
    private old: Entries | undefined,
  ) {
    this.oldSize = old?.size ?? 0;
  }

  /** Whether the last run left a section under this key (a cold start has none). */
  get warm(): boolean {
    return this.oldSize > 0;
  }

  /**
   * The load is over: nothing more is looked up. Where the kept lines lie is reduced to a few byte
   * ranges and the lookup map (about 9 MB at 50,000 files) goes, before the checks and the
   * coverage that follow the load build up to a run's peak memory.
   */
  settle(): void {
    if (!this.old) return;
    const src = (this.old.values().next().value as Slot | undefined)?.src; // one for all the slots
    const ranges: number[] = [];
    for (const slot of this.old.values()) {
      if (!slot.used) continue;
      const last = ranges.length - 1;
      // Adjacent lines are copied as one range, up to what one read of the source serves.
      if (last > 0 && ranges[last]! + 1 === slot.line && slot.end - ranges[last - 1]! <= MAX_RANGE) ranges[last] = slot.end;
      else ranges.push(slot.line, slot.end);
    }
    this.kept = src && ranges.length ? { src, ranges } : undefined;
    src?.release();
    this.old = undefined;
  }

  /** The facts the last run derived from this content, if it left them and they look whole. */
  get(kind: FileKind, hash: string): FileFacts | undefined {
    const k = `${kind}:${hash}`;
    if (this.added.has(k)) return undefined; // facts of this run: never handed out twice
    const slot = this.old?.get(k);
    if (slot === undefined) return undefined;
    const bytes = slot.src.bytes(slot.json, slot.end, true);
    if (!bytes) return undefined;
    let facts: unknown;
    try {
      facts = JSON.parse(bytes.toString('utf8'));
    } catch {
      return undefined;
    }
    if (!isFacts(facts, kind)) return undefined;
    this.use(slot);
    this.hits++;
    return facts;
  }

  /** Remembers a file's facts for the next run. */
  keep(kind: FileKind, hash: string, facts: FileFacts): void {
    const k = `${kind}:${hash}`;
    const slot = this.old?.get(k);
    if (slot !== undefined) this.use(slot);
    else if (!this.added.has(k)) this.added.set(k, facts);
  }

  private use(slot: Slot): void {
    if (slot.used) return;
    slot.used = true;
    this.used++;
  }

  /** Whether saving would write anything other than what was read. */
  get changed(): boolean {
    return this.added.size > 0 || this.used !== this.oldSize;
  }

  /**
   * The entry lines, each ending with a line break: the old ones kept, copied as bytes, then the
   * facts of this run turned into text. Each piece must be written before the next is asked for:
   * kept lines come as views of one read buffer, so a save allocates almost nothing for them
   * (new buffers for every megabyte of a 100 MB file raised a server's peak by tens of megabytes).
   */
  *lines(): Generator<Buffer> {
    this.settle();
    const { src, ranges } = this.kept ?? { ranges: [] };
    for (let i = 0; i < ranges.length; i += 2) {
      const b = src!.bytes(ranges[i]!, ranges[i + 1]!, true);
      if (!b) throw new Error('the cache file can no longer be read'); // the save is abandoned
      yield b;
      yield NL;
    }
    let text = '';
    for (const [k, facts] of this.added) {
      text += `${k}\t${JSON.stringify(facts)}\n`;
      if (text.length < MAX_RANGE) continue;
      yield Buffer.from(text, 'utf8');
      text = '';
    }
    if (text) yield Buffer.from(text, 'utf8');
  }
}

function isFacts(x: unknown, kind: FileKind): x is FileFacts {
  const f = x as FileFacts | null;
  return !!f && typeof f === 'object' && f.kind === kind && Array.isArray(f.controls) && Array.isArray(f.policies) && Array.isArray(f.local);
}

/** The cache file of one run: read once when opened (anything wrong with it: an empty cache), saved once at the end. */
export class CacheFile {
  private readonly projects = new Map<string, ProjectCache>();

  private constructor(
    readonly file: string,
    private readonly identity: CacheIdentity,
    private readonly sections: Map<string, { key: string; entries?: Entries | undefined }>,
    /** Whether the file held a valid cache of this build. */
    readonly valid: boolean,
    private readonly source: Source | undefined,
  ) {}

  /** Opens `file`; a missing, damaged, foreign or old file gives an empty cache. Never throws. */
  static open(file: string, identity: CacheIdentity): CacheFile {
    const r = read(file, identity);
    return new CacheFile(file, identity, r?.sections ?? new Map(), r !== undefined, r?.source);
  }

  /** Lets go of the file read (after the save, or instead of it). */
  close(): void {
    this.source?.close();
  }

  /** A project's section; entries left under another key (attest.yaml, the catalog or the day changed) are dropped. */
  project(name: string, key: string): ProjectCache {
    let p = this.projects.get(name);
    if (!p) {
      const s = this.sections.get(name);
      this.projects.set(name, (p = new ProjectCache(key, s && s.key === key ? s.entries : undefined)));
      // The project's cache holds them now (and lets go of them once settled); others are dropped.
      if (s) s.entries = undefined;
    }
    return p;
  }

  /** Whether saving would write what the file already holds. */
  private unchanged(): boolean {
    return this.valid && this.sections.size === this.projects.size && [...this.projects].every(([name, p]) => this.sections.get(name)?.key === p.key && !p.changed);
  }

  /** The body, a section header before each project's entries: pieces to write at once (a view of a piece is only valid until the next). */
  private *pieces(): Generator<Buffer> {
    for (const [name, p] of this.projects) {
      yield Buffer.from(`@${JSON.stringify({ project: name, key: p.key })}\n`, 'utf8');
      yield* p.lines();
    }
  }

  /**
   * Writes the projects of this run (temp file, then rename: a reader never sees half a file),
   * unless it would write what is already there. Never throws: a cache that cannot be written
   * is simply not there next time. Returns whether it wrote.
   */
  save(memo?: string): boolean {
    const run = this.writing(memo);
    let r = run.next();
    while (!r.done) r = run.next();
    return r.value;
  }

  /** save() for a server: facts are turned into text a slice at a time, yielding in between. */
  async saveSoon(memo?: string): Promise<boolean> {
    const run = this.writing(memo);
    let r = run.next();
    while (!r.done) {
      await new Promise((res) => setImmediate(res));
      r = run.next();
    }
    return r.value;
  }

  /** The write of save(), pausing (yield) after each slice so a server can serve requests between them. */
  private *writing(memo?: string): Generator<void, boolean> {
    try {
      if (this.unchanged()) {
        // The facts on disk are this run's: only the memo (if any) is new.
        this.close();
        return memo !== undefined && putMemo(this.file, this.identity, memo);
      }
      const w = new Writer(this.file, this.identity);
      try {
        let since = 0;
        for (const piece of this.pieces()) {
          if (!w.write(piece)) return false;
          if ((since += piece.length) < WINDOW) continue;
          since = 0;
          yield;
        }
      } catch {
        w.abort();
        return false;
      }
      return w.finish(memo === undefined ? undefined : memoBytes(memo));
    } finally {
      this.close();
    }
  }
}

/** The sections of a valid cache of this build, with the file kept open to read entries from; or undefined. */
function read(file: string, identity: CacheIdentity): { sections: Map<string, { key: string; entries: Entries }>; source: Source } | undefined {
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
    if (!fs.fstatSync(fd).isFile()) throw new Error('not a file');
    const source = new Source(fd);
    const sections = scan(fd, identity, source);
    if (sections) return { sections, source };
  } catch {
    /* unreadable: no cache */
  }
  if (fd !== undefined) fs.closeSync(fd);
  return undefined;
}

/** Bytes of the facts checked and scanned at a time: the file (a hundred megabytes at 50,000 files) is never held whole. */
const SCAN_CHUNK = 4 << 20;

/** Checks a cache file (header, then the facts' length and SHA-256, read in chunks) and finds its entries (offsets into the file). */
function scan(fd: number, identity: CacheIdentity, src: Source): Map<string, { key: string; entries: Entries }> | undefined {
  const first = Buffer.alloc(4097);
  const got = fs.readSync(fd, first, 0, first.length, 0);
  const nl = first.subarray(0, got).indexOf(10);
  if (nl < 0) return undefined;
  const header = headerOf(first.toString('utf8', 0, nl), identity);
  if (!header) return undefined;
  const sections = new Map<string, { key: string; entries: Entries }>();
  let current: Entries | undefined;
  /** One line of the facts, `buf[at, end)`, `buf` starting at file offset `o`; false when it is not a line of a cache. */
  const line = (buf: Buffer, at: number, end: number, o: number): boolean => {
    if (end === at) return true;
    if (buf[at] === 64) {
      // '@': a project's section
      let s: { project?: unknown; key?: unknown };
      try {
        s = JSON.parse(buf.toString('utf8', at + 1, end)) as typeof s;
      } catch {
        return false;
      }
      if (typeof s?.project !== 'string' || typeof s.key !== 'string') return false;
      sections.set(s.project, { key: s.key, entries: (current = new Map()) });
      return true;
    }
    const tab = buf.indexOf(9, at);
    if (!current || tab < 0 || tab > end) return false;
    current.set(buf.toString('latin1', at, tab), { src, line: o + at, json: o + tab + 1, end: o + end, used: false });
    return true;
  };
  const hash = createHash('sha256');
  const start = nl + 1;
  const stop = start + header.length;
  let carry: Buffer | undefined; // a line cut by the end of the last chunk
  let carryAt = start;
  const chunk = Buffer.allocUnsafe(SCAN_CHUNK);
  for (let pos = start; pos < stop; ) {
    const n = fs.readSync(fd, chunk, 0, Math.min(SCAN_CHUNK, stop - pos), pos);
    if (n <= 0) return undefined; // shorter than its header says
    const part = chunk.subarray(0, n);
    hash.update(part);
    const buf = carry ? Buffer.concat([carry, part]) : part;
    const o = carry ? carryAt : pos;
    let at = 0;
    for (let e = buf.indexOf(10, at); e >= 0; e = buf.indexOf(10, at)) {
      if (!line(buf, at, e, o)) return undefined;
      at = e + 1;
    }
    carry = at < buf.length ? Buffer.from(buf.subarray(at)) : undefined;
    carryAt = o + at;
    pos += n;
  }
  if (carry && !line(carry, 0, carry.length, carryAt)) return undefined;
  if (hash.digest('base64') !== header.sha256) return undefined;
  return sections;
}
