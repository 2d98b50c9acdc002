import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FileFacts } from './facts/types.js';

// Reading one file of a project: all the first scan's readers use these (the main thread, and
// the read-ahead worker, whose bundle holds little more than this module: see readWorker.ts).

/** A file's size, modification time, inode and change time when it was read (see inputLog.ts). */
export type FileStamp = [number, number, number, number];

export function stampOf(st: fs.Stats): FileStamp {
  return [st.size, st.mtimeMs, st.ino, st.ctimeMs];
}

/**
 * SHA-256 (hex) of a regular file, read in chunks so a large PDF never sits in memory whole;
 * undefined when it is not a regular file or cannot be read.
 */
export function fileSha256(absPath: string): string | undefined {
  let fd: number | undefined;
  try {
    fd = fs.openSync(absPath, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
    if (!fs.fstatSync(fd).isFile()) return undefined;
    const hash = createHash('sha256');
    const buf = Buffer.allocUnsafe(1 << 20);
    for (let n; (n = fs.readSync(fd, buf, 0, buf.length, null)) > 0; ) hash.update(buf.subarray(0, n));
    return hash.digest('hex');
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/** Reads a file as UTF-8 text; undefined when it cannot be read. Binary content is read as is. */
export function readText(absPath: string): { text?: string; error?: string } {
  const r = readWithin(absPath, Infinity);
  return r.error !== undefined ? { error: r.error } : { text: r.text! };
}

/**
 * Reads a regular file as UTF-8 text unless it is over `maxBytes` (then only its size is known).
 * One open and fstat per file: the first scan reads tens of thousands of files.
 */
export function readWithin(absPath: string, maxBytes: number): { text?: string; size?: number; error?: string; stat?: FileStamp } {
  let fd: number | undefined;
  try {
    // Non-blocking: opening a FIFO must not wait for a writer; only regular files are read.
    fd = fs.openSync(absPath, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
    const st = fs.fstatSync(fd);
    if (!st.isFile()) return { error: 'not a regular file' };
    const stat = stampOf(st);
    if (st.size > maxBytes) return { size: st.size, stat };
    const text = fs.readFileSync(fd, 'utf8');
    // Editors drop the byte order mark from the text they show; positions must match theirs.
    return { text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, size: st.size, stat };
  } catch (e) {
    return { error: (e as Error).message };
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/** One file of a first scan as read: its text (with its facts when analysed off the main thread), its size when over the limit, or why it could not be read. */
export interface LoadedFile {
  rel: string;
  text?: string;
  /** inputHash of `text` (the cache's key of its content), once someone worked it out. */
  hash?: string;
  /** The file's stat when it was read. */
  stat?: FileStamp;
  facts?: FileFacts;
  size?: number;
  error?: string;
}

/** Reads one workspace file for a first scan. */
export function readLoaded(root: string, rel: string, maxFileSize: number): LoadedFile {
  const r = readWithin(path.join(root, rel), maxFileSize);
  if (r.text !== undefined) return { rel, text: r.text, stat: r.stat };
  return r.size !== undefined ? { rel, size: r.size, stat: r.stat } : { rel, error: r.error ?? 'unknown error' };
}
