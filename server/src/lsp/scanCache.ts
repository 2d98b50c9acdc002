import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CacheFile, type CacheIdentity } from '../core/cacheFile.js';
import { bundleHash } from '../core/cacheLoad.js';

/**
 * The language server's first-scan cache: the store `attest --cache` uses, kept in the user's own
 * cache folder (never in the repository: opening a folder writes nothing into it), one file per
 * project named by a hash of the project's path. `ATTEST_CACHE_DIR` names another folder, or
 * `off` for none.
 */

/** Cache files kept at most; beyond, the least recently written go. */
const MAX_FILES = 64;
/** After a scan, the cache is saved this much later, in slices, between whatever the editor asks. */
const SAVE_DELAY_MS = 2_000;

/** The folder of the server's caches, or undefined when turned off. */
export function serverCacheDir(env: Record<string, string | undefined> = process.env): string | undefined {
  const set = env.ATTEST_CACHE_DIR;
  if (set === 'off') return undefined;
  if (set) return path.resolve(set);
  const home = os.homedir();
  if (process.platform === 'win32') return path.join(env.LOCALAPPDATA || path.join(home, 'AppData', 'Local'), 'attest', 'Cache');
  if (process.platform === 'darwin') return path.join(home, 'Library', 'Caches', 'attest');
  return path.join(env.XDG_CACHE_HOME || path.join(home, '.cache'), 'attest');
}

/** Whose caches the server reads: its own (not the CLI's), of this very build. */
export function serverCacheIdentity(): CacheIdentity {
  return { version: 'server', bundle: bundleHash() };
}

/** The cache of the project at `root`, as its last scan left it; undefined when caching is off. */
export function openScanCache(root: string): CacheFile | undefined {
  const dir = serverCacheDir();
  if (!dir) return undefined;
  const name = createHash('sha256').update(path.resolve(root)).digest('hex').slice(0, 32);
  return CacheFile.open(path.join(dir, `${name}.cache`), serverCacheIdentity());
}

/**
 * Saves the cache a little later, off the scan and the keystrokes, with the memo `memo()` gives
 * then (undefined: the one there stays, or none); a failure only means no cache next time.
 */
export function saveScanCacheSoon(cache: CacheFile, memo: () => string | undefined = () => undefined): void {
  const timer = setTimeout(() => {
    let text: string | undefined;
    try {
      text = memo();
    } catch {
      /* no memo this time: the facts are still saved */
    }
    void cache
      .saveSoon(text)
      .then((wrote) => wrote && prune(path.dirname(cache.file)))
      .catch(() => {});
  }, SAVE_DELAY_MS);
  timer.unref();
}

/** Keeps the folder to MAX_FILES caches (projects opened long ago go first). */
function prune(dir: string): void {
  try {
    const files = fs
      .readdirSync(dir)
      .filter((f) => f.endsWith('.cache'))
      .map((f) => ({ f, t: fs.statSync(path.join(dir, f)).mtimeMs }))
      .sort((a, b) => b.t - a.t);
    for (const { f } of files.slice(MAX_FILES)) fs.rmSync(path.join(dir, f), { force: true });
  } catch {
    /* another server pruning at the same time, or nothing to prune */
  }
}
