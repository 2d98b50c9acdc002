import * as fs from 'node:fs';
import * as path from 'node:path';
import { CONFIG_FILE } from './config.js';
import { noteDir, noteInput } from './inputLog.js';

/**
 * Projects: every folder holding an attest.yaml roots one, at any depth (a `compliance/` folder of
 * a monorepo, one folder per subsidiary). A file belongs to the nearest root above it.
 */

/** Folders never searched for projects: dependencies and hidden folders (.git, .venv, ...). */
export function skippedFolder(name: string): boolean {
  return name === 'node_modules' || name.startsWith('.');
}

/** Absolute folders under `folder` (itself included) that hold an attest.yaml, sorted. Never follows symlinked folders. */
export function findConfigRoots(folder: string, limits = { maxDepth: 32 }): string[] {
  const out: string[] = [];
  const walk = (dir: string, depth: number): void => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return; // unreadable: the scan of a project reports what it cannot read
    }
    noteDir(dir, entries.map((e) => e.name));
    for (const e of entries) if (e.name === CONFIG_FILE && (e.isFile() || e.isSymbolicLink())) out.push(dir);
    if (depth >= limits.maxDepth) return;
    for (const e of entries) if (e.isDirectory() && !skippedFolder(e.name)) walk(path.join(dir, e.name), depth + 1);
  };
  walk(folder, 0);
  return out.sort();
}

/** Whether a folder has `controls/` or `policies/` at its top: a project without attest.yaml. */
export function looksLikeProject(folder: string): boolean {
  return ['controls', 'policies'].some((d) => {
    const abs = path.join(folder, d);
    try {
      const dir = fs.statSync(abs).isDirectory();
      noteInput(abs, 'exists');
      return dir;
    } catch {
      noteInput(abs, 'absent');
      return false;
    }
  });
}

/**
 * The project roots of a folder given to Attest: every attest.yaml below it, or, when there is
 * none, the folder itself if it looks like a project; else none.
 */
export function discoverProjects(folder: string): string[] {
  const roots = findConfigRoots(folder);
  if (roots.length) return roots;
  return looksLikeProject(folder) ? [folder] : [];
}

/** Whether `p` is `root` or inside it (absolute paths). */
export function isWithin(root: string, p: string): boolean {
  return p === root || p.startsWith(root.endsWith(path.sep) ? root : root + path.sep);
}

/** Paths (relative to `root`, `/`-separated) of the other roots nested inside it: their files are theirs. */
export function nestedRoots(root: string, roots: Iterable<string>): string[] {
  const out: string[] = [];
  for (const r of roots) if (r !== root && isWithin(root, r)) out.push(path.relative(root, r).split(path.sep).join('/'));
  return out.sort();
}

/** The deepest of `roots` holding `file`. */
export function ownerRoot(file: string, roots: Iterable<string>): string | undefined {
  let best: string | undefined;
  for (const r of roots) if (isWithin(r, file) && (!best || r.length > best.length)) best = r;
  return best;
}

/** The nearest folder at or above `file`'s folder that holds an attest.yaml (editors without workspace folders). */
export function nearestConfigRoot(file: string): string | undefined {
  let dir = path.dirname(file);
  for (;;) {
    try {
      if (fs.statSync(path.join(dir, CONFIG_FILE)).isFile()) return dir;
    } catch {
      /* not here */
    }
    const up = path.dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
}
