// Projects on disk for the tests and the benchmark: fresh temp folders, files written from a
// { 'rel/path': text } map, copies of a folder, snapshots to prove nothing was written, and a
// removal that works even after a test took permissions away.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** A fresh, empty folder under the system's temp folder. */
export function tempDir(prefix = 'attest-test-') {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Writes files (rel -> text or Buffer) under `dir`, making folders as needed; returns `dir`. */
export function writeFiles(dir, files) {
  for (const [rel, content] of Object.entries(files)) {
    const abs = path.join(dir, rel);
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    fs.writeFileSync(abs, content);
  }
  return dir;
}

/**
 * Writes `files` into a fresh temp folder and returns the project's root: the folder itself, or
 * its subfolder `name` when one is given (the folder name an editor shows for the workspace).
 */
export function tempWorkspace(files, { prefix, name } = {}) {
  const dir = tempDir(prefix);
  const root = name ? path.join(dir, name) : dir;
  fs.mkdirSync(root, { recursive: true });
  return writeFiles(root, files);
}

/** A copy of the folder `src` (such as examples/acme-saas) that a test may change freely; root as tempWorkspace. */
export function tempCopy(src, { prefix, name } = {}) {
  const dir = tempDir(prefix);
  const root = name ? path.join(dir, name) : dir;
  copyDir(src, root);
  return root;
}

/** Copies a folder recursively (corpus files are copied as they are, never edited). */
export function copyDir(from, to) {
  fs.cpSync(from, to, { recursive: true });
}

/** Removes a folder and everything in it, first giving back any permission a test took away. */
export function removeDir(dir) {
  const restore = (p, isDir) => {
    try {
      fs.chmodSync(p, isDir ? 0o755 : 0o644);
    } catch {
      /* gone already, or not ours */
    }
  };
  const walk = (d) => {
    restore(d, true);
    let entries = [];
    try {
      entries = fs.readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const p = path.join(d, e.name);
      if (e.isSymbolicLink()) continue;
      if (e.isDirectory()) walk(p);
      else restore(p, false);
    }
  };
  walk(dir);
  fs.rmSync(dir, { recursive: true, force: true });
}

/** Every entry under `root`: relative path -> { mtimeMs, size, content (base64) }; folders by mtime, links by target. */
export function snapshotTree(root) {
  const out = {};
  const walk = (dir) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      const rel = path.relative(root, p);
      if (e.isSymbolicLink()) out[rel] = { link: fs.readlinkSync(p) };
      else if (e.isDirectory()) {
        out[rel + '/'] = { dir: true, mtimeMs: fs.statSync(p).mtimeMs };
        walk(p);
      } else {
        const st = fs.statSync(p);
        out[rel] = { mtimeMs: st.mtimeMs, size: st.size, content: fs.readFileSync(p).toString('base64') };
      }
    }
  };
  walk(root);
  return out;
}
