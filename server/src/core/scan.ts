import * as fs from 'node:fs';
import * as path from 'node:path';
import picomatch from 'picomatch';
import { noteDir, noteInput } from './inputLog.js';

export interface ScanProblem {
  rel: string;
  message: string;
}

/**
 * Lists workspace-relative files matching the globs. Walks only the folders the globs start
 * from, follows no symlink twice (loops), and reports unreadable entries instead of failing.
 */
export function scanFiles(root: string, globs: string[], limits = { maxFiles: 1_000_000 }, skip: readonly string[] = []): { files: string[]; problems: ScanProblem[] } {
  // Folders of nested projects: their files belong to them.
  const skipped = new Set(skip);
  const underSkipped = (rel: string) => skip.some((s) => rel === s || rel.startsWith(`${s}/`));
  const matchers = globs.map((g) => picomatch(g, { dot: false }));
  const match = (rel: string) => matchers.some((m) => m(rel));
  const bases = new Set<string>();
  for (const g of globs) {
    const b = picomatch.scan(g).base;
    bases.add(b && !b.startsWith('..') && !path.isAbsolute(b) ? b : '');
  }
  const files = new Set<string>();
  const problems: ScanProblem[] = [];
  const seenDirs = new Set<string>();
  let realRoot = root;
  try {
    realRoot = fs.realpathSync(root);
  } catch {
    /* reported by the walk */
  }
  const walk = (relDir: string, depth: number): void => {
    if (depth > 64 || files.size >= limits.maxFiles) return;
    const abs = path.join(root, relDir);
    let real: string;
    try {
      real = fs.realpathSync(abs);
    } catch (e) {
      // A glob's base folder that does not exist (say, no controls/ yet) is not a problem.
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') noteInput(abs, 'absent');
      if (relDir && (e as NodeJS.ErrnoException).code !== 'ENOENT') problems.push({ rel: relDir, message: `cannot resolve: ${(e as Error).message}` });
      return;
    }
    if (seenDirs.has(real)) return;
    seenDirs.add(real);
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(abs, { withFileTypes: true });
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'ENOTDIR') problems.push({ rel: relDir || '.', message: `cannot read folder: ${(e as Error).message}` });
      return;
    }
    noteDir(abs, entries.map((e) => e.name));
    for (const ent of entries) {
      if (ent.name === 'node_modules' || ent.name === '.git') continue;
      const rel = relDir ? `${relDir}/${ent.name}` : ent.name;
      let isDir = ent.isDirectory();
      let isFile = ent.isFile();
      if (ent.isSymbolicLink()) {
        try {
          const st = fs.statSync(path.join(root, rel));
          isDir = st.isDirectory();
          isFile = st.isFile();
          if (isDir) {
            // A link to a folder above it (or outside the workspace) would walk far more than the globs ask.
            const target = fs.realpathSync(path.join(root, rel));
            const here = fs.realpathSync(abs);
            if (here === target || here.startsWith(target + path.sep) || !(target === realRoot || target.startsWith(realRoot + path.sep))) continue;
          }
        } catch {
          continue; // a dangling link
        }
      }
      if (isDir) {
        if (!skipped.has(rel)) walk(rel, depth + 1);
      }
      else if (isFile && match(rel)) files.add(rel);
    }
  };
  for (const b of bases) {
    if (b && [...bases].some((o) => o !== b && (o === '' || b.startsWith(o + '/')))) continue;
    if (b && underSkipped(b)) continue;
    walk(b, 0);
  }
  return { files: [...files].sort(), problems };
}

/** A file's size, modification time, inode and change time when it was read (see inputLog.ts). */
export type FileStamp = [number, number, number, number];

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
    const stat: FileStamp = [st.size, st.mtimeMs, st.ino, st.ctimeMs];
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
