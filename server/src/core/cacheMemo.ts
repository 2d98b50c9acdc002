import * as fs from 'node:fs';
import * as nodeBuffer from 'node:buffer';
import { headerOf, headerWidth, memoBytes, replaceMemo, sha256, type CacheIdentity, type Header } from './cacheWriter.js';

// The run memo's region of a cache file (after the facts: cacheFile.ts), read and replaced without
// reading the facts. A run that changed a few of its lines may write only those (a delta, after
// the memo, with its own length and SHA-256 in the header) instead of the whole memo again: at
// 10,000 files the memo is megabytes, a delta a few kilobytes besides the outputs.

/** A memo as written: whole, or the lines replaced in the last whole one (memoStore.ts makes both). */
export type MemoWrite = string | { delta: string };

/** The run memo of a cache file of this build: its text, the delta written since (if any), and how to replace them. */
export interface StoredMemo {
  text: string;
  delta?: string;
  /** Writes another memo (or delta) over this one, the facts kept (never throws; whether it wrote). */
  replace(memo: MemoWrite): boolean;
}

/** The memo of `file` when it is a whole cache of this build; undefined otherwise. Never throws. */
export function readMemo(file: string, identity: CacheIdentity): StoredMemo | undefined {
  return withHeader(file, identity, (fd, head, width) => {
    if (!head.memo || typeof head.memo.length !== 'number') return undefined;
    const at = width + 1 + head.length;
    const text = region(fd, at, head.memo);
    const delta = head.memo.delta && region(fd, at + head.memo.length, head.memo.delta);
    if (text === undefined || (head.memo.delta && delta === undefined)) return undefined;
    return { text, ...(delta !== undefined ? { delta } : {}), replace: (next: MemoWrite) => putMemo(file, identity, next) };
  });
}

/** The text of a region of the file when its bytes have their recorded hash. */
function region(fd: number, at: number, r: { length: number; sha256: string }): string | undefined {
  if (typeof r.length !== 'number') return undefined;
  const b = Buffer.alloc(r.length);
  if (fs.readSync(fd, b, 0, b.length, at) !== b.length || sha256(b) !== r.sha256) return undefined;
  // Written in ASCII (memoStore.ts): read as one-byte text, the quickest for V8 to parse.
  return isAscii(b) ? b.toString('latin1') : b.toString('utf8');
}

/** Whether every byte is ASCII (buffer.isAscii where Node has it). */
function isAscii(b: Buffer): boolean {
  const test = (nodeBuffer as { isAscii?: (b: Buffer) => boolean }).isAscii;
  return typeof test === 'function' ? test(b) : !b.some((x) => x > 0x7f);
}

/** Puts a memo (or a delta of the memo there) into the cache `file` of this build, its facts kept as they are; false when there is no such file. */
export function putMemo(file: string, identity: CacheIdentity, memo: MemoWrite): boolean {
  const delta = typeof memo !== 'string';
  return withHeader(file, identity, (fd, head, width) => replaceMemo(fd, identity, head, width, memoBytes(delta ? memo.delta : memo), delta), 'r+') ?? false;
}

/** `fn` with the open file and its header, when `file` starts with a header of this build. Never throws. */
function withHeader<T>(file: string, identity: CacheIdentity, fn: (fd: number, head: Header, width: number) => T | undefined, mode: 'r' | 'r+' = 'r'): T | undefined {
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, (mode === 'r' ? fs.constants.O_RDONLY : fs.constants.O_RDWR) | (fs.constants.O_NONBLOCK ?? 0));
    if (!fs.fstatSync(fd).isFile()) return undefined;
    const width = headerWidth(identity);
    const first = Buffer.alloc(width + 1);
    if (fs.readSync(fd, first, 0, first.length, 0) !== first.length || first[width] !== 10) return undefined;
    const head = headerOf(first.toString('utf8', 0, width), identity);
    return head && fn(fd, head, width);
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}
