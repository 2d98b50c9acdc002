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
