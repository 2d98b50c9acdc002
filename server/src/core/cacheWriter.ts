import { createHash, randomBytes, type Hash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

// Writing the cache file (layout in cacheFile.ts): a temp file renamed into place, so a reader
// never sees half a file, whatever the writer's fate.

export const FORMAT = 'attest-cache/3';

export interface CacheIdentity {
  /** Attest's version. */
  version: string;
  /** Hash of the running bundle (bundleHash). */
  bundle: string;
}

/** Where a region lies (from its start: its length) and the SHA-256 of its bytes. */
export interface Region {
  length: number;
  sha256: string;
}

/** The run memo's region, and the lines replaced in it since it was last written whole (cacheMemo.ts). */
export interface MemoRegion extends Region {
  delta?: Region;
}

/** The first line: the build that wrote the file, its facts (`length`, `sha256`) and, after them, the run memo. */
export interface Header extends CacheIdentity, Region {
  format: string;
  memo?: MemoRegion;
}

const WIDEST: Region = { length: Number.MAX_SAFE_INTEGER, sha256: 'x'.repeat(44) };

function headerLine(identity: CacheIdentity, body: Region, memo: MemoRegion | undefined): string {
  return JSON.stringify({ format: FORMAT, ...identity, ...body, ...(memo ? { memo } : {}) } satisfies Header);
}

/** The header in `line` when it is one of a cache of this build; undefined for anything else. */
export function headerOf(line: string, identity: CacheIdentity): Header | undefined {
  let head: Partial<Header>;
  try {
    head = JSON.parse(line) as Partial<Header>;
  } catch {
    return undefined;
  }
  if (!head || head.format !== FORMAT || head.version !== identity.version || head.bundle !== identity.bundle) return undefined;
  return typeof head.length === 'number' && typeof head.sha256 === 'string' ? (head as Header) : undefined;
}

/** The header's width: as wide as any header, so it can be written last over a placeholder. */
export function headerWidth(identity: CacheIdentity): number {
  return headerLine(identity, WIDEST, { ...WIDEST, delta: WIDEST }).length;
}

/** A memo's UTF-8 bytes: an ASCII one (memoStore.ts writes them so) is copied byte for byte as latin1, several times faster than encoding megabytes as UTF-8. */
export function memoBytes(memo: string): Buffer {
  return Buffer.byteLength(memo, 'utf8') === memo.length ? Buffer.from(memo, 'latin1') : Buffer.from(memo, 'utf8');
}

export function sha256(b: Buffer): string {
  return createHash('sha256').update(b).digest('base64');
}

/** Streams a cache file into a temp file: placeholder, facts, memo, then the header over the placeholder; then renames it. */
export class Writer {
  private readonly tmp: string;
  private fd: number | undefined;
  private readonly hash: Hash = createHash('sha256');
  private length = 0;
  private readonly width: number;

  constructor(
    private readonly file: string,
    private readonly identity: CacheIdentity,
  ) {
    this.tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    this.width = headerWidth(identity);
    try {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      this.fd = fs.openSync(this.tmp, 'w');
      writeAll(this.fd, Buffer.alloc(this.width + 1, 32));
    } catch {
      this.abort();
    }
  }

  write(b: Buffer): boolean {
    if (this.fd === undefined) return false;
    try {
      writeAll(this.fd, b);
      this.hash.update(b);
      this.length += b.length;
      return true;
    } catch {
      this.abort();
      return false;
    }
  }

  /** Ends the facts: the memo (when given) follows them, then the header goes in and the file into place. */
  finish(memo?: Buffer): boolean {
    if (this.fd === undefined) return false;
    try {
      if (memo) writeAll(this.fd, memo);
      const head = headerLine(this.identity, { length: this.length, sha256: this.hash.digest('base64') }, memo && { length: memo.length, sha256: sha256(memo) });
      writeAll(this.fd, Buffer.from(`${head.padEnd(this.width)}\n`, 'utf8'), 0);
      fs.closeSync(this.fd);
      this.fd = undefined;
      fs.renameSync(this.tmp, this.file);
      return true;
    } catch {
      this.abort();
      return false;
    }
  }

  abort(): void {
    try {
      if (this.fd !== undefined) fs.closeSync(this.fd);
    } catch {
      /* already closed */
    }
    this.fd = undefined;
    try {
      fs.rmSync(this.tmp, { force: true });
    } catch {
      /* nothing to clean */
    }
  }
}

/**
 * Replaces the memo of the cache file open as `fd` (header `head`, `width` wide) where it lies,
 * after the facts, which stay as they are: copying tens of megabytes of facts for a memo would
 * cost a warm run more than it saves. With `delta`, `memo` is the memo's lines replaced since it
 * was last written whole, put after it; the memo itself is not written again. A reader meanwhile
 * finds a hash wrong and runs in full; a write cut short leaves a memo or header that fails its
 * check: never a wrong answer. Never throws; returns whether it wrote.
 */
export function replaceMemo(fd: number, identity: CacheIdentity, head: Header, width: number, memo: Buffer, delta = false): boolean {
  try {
    if (delta && !head.memo) return false;
    const region = { length: memo.length, sha256: sha256(memo) };
    const line = headerLine(identity, { length: head.length, sha256: head.sha256 }, delta ? { length: head.memo!.length, sha256: head.memo!.sha256, delta: region } : region);
    if (line.length > width) return false;
    const end = width + 1 + head.length + (delta ? head.memo!.length : 0);
    fs.ftruncateSync(fd, end);
    writeAll(fd, memo, end);
    writeAll(fd, Buffer.from(`${line.padEnd(width)}\n`, 'utf8'), 0);
    return true;
  } catch {
    return false;
  }
}

/** Writes all of `b` (at `position`, else where the file is). */
export function writeAll(fd: number, b: Buffer, position?: number): void {
  for (let off = 0; off < b.length; ) {
    const n = fs.writeSync(fd, b, off, b.length - off, position === undefined ? null : position + off);
    off += n;
  }
}
