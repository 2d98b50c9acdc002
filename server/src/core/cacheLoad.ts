import * as crypto from 'node:crypto';
import * as path from 'node:path';
import type { ProjectCache } from './cacheFile.js';
import type { WorkspaceConfig } from './config.js';
import { applyLoaded, insideReader, prepareLoad, type LoadOptions } from './load.js';
import { fileSha256, readLoaded, type LoadedFile } from './fileRead.js';
import { shareText } from './facts/shareText.js';
import { CHUNK_THRESHOLD } from './facts/registerChunks.js';
import { loadFiles, loadWorkerScript, type LoadFilesOptions, type LoadStats } from './parallelLoad.js';
import type { ProjectIndex } from './projectIndex.js';
import { inputHash, noteInput, observingInputs } from './inputLog.js';
import type { ScanProblem } from './scan.js';

// A first scan that takes what it can from the cache: see cacheFile.ts for the store.

/** Files read between yields to the event loop. */
const YIELD_EVERY = 200;

let bundle: string | undefined;

/**
 * A hash of the running bundle (the file the load worker starts from), so that a rebuilt Attest
 * never reuses facts an older build derived. Unknown bundle: a value no cache can match.
 */
export function bundleHash(): string {
  if (bundle === undefined) {
    const script = loadWorkerScript();
    bundle = (script && fileSha256(script)) ?? `unknown-${crypto.randomBytes(8).toString('hex')}`;
  }
  return bundle;
}

/**
 * Everything besides a file's own text that its facts depend on: attest.yaml, the catalogs it
 * loads from the project (one per framework that is a catalog file), and the day dates are
 * judged as of. When one changes, the project's cached facts are all dropped (a file's local
 * findings may differ), so the key is this hash.
 */
export function projectKey(root: string, configText: string | undefined, cfg: WorkspaceConfig): string {
  const read = insideReader(root);
  const catalogs = cfg.catalogPaths.map((p) => [p, read(p) ?? null]);
  return inputHash(JSON.stringify([configText ?? null, catalogs, cfg.today]));
}

export interface CachedLoadOptions extends LoadFilesOptions {
  cache: ProjectCache;
}

/**
 * loadFiles with the cache: each file whose content the cache knows gets its facts from there
 * (then nothing parses it); the others are analysed as loadFiles does, on two threads when
 * there are enough of them. Every file still reaches `commit` once, in the order of `files`.
 * Afterwards the cache keeps the facts the index holds for what it read. `read`: a digest of
 * every file's path and content (or size, or that it was unreadable), in that order.
 */
export async function loadFilesCached(o: CachedLoadOptions): Promise<LoadStats & { read: string }> {
  const { root, ws, files, cache } = o;
  // What was read, file by file, as one digest: a later scan that reads the same has the same.
  const digest = crypto.createHash('sha256');
  const commit = o.commit;
  o = { ...o, commit: (f) => (digest.update(`${f.rel}\0${f.text !== undefined ? (f.hash ??= inputHash(f.text)) : f.size !== undefined ? `size ${f.size}` : 'unreadable'}\n`), commit(f)) };
  const read: Array<{ text: string; hash: string } | undefined> = new Array(files.length);
  const remember = (i: number, f: LoadedFile): void => {
    if (f.text !== undefined && isAnalysed(ws, files[i]!)) read[i] = { text: f.text, hash: (f.hash ??= inputHash(f.text)) };
  };
  let stats: LoadStats;
  if (!cache.warm) {
    // Nothing to reuse: the plain load, hashing what it reads for the next run.
    let i = 0;
    stats = await loadFiles({ ...o, commit: (f) => (remember(i++, f), o.commit(f)) });
  } else {
    // Read (and hash) everything here first; only what the cache does not know is analysed.
    const hits: Array<LoadedFile | undefined> = new Array(files.length);
    const missed: number[] = [];
    for (let i = 0; i < files.length; i++) {
      const rel = files[i]!;
      const f = readLoaded(root, rel, ws.config.maxFileSize);
      remember(i, f);
      const r = read[i];
      const facts = r && cache.get(ws.kindOf(rel)!, r.hash);
      // (Not a register's: its items keep their facts past an edit, which would keep the old text.)
      if (facts && r!.text.length < CHUNK_THRESHOLD) shareText(facts, r!.text);
      // The cache keeps what it handed out: nothing to remember of a hit.
      if (facts) read[i] = undefined;
      // A file to analyse that the cache does not know is read again, and analysed, by loadFiles;
      // the rest (cached, oversized, unreadable) is committed as read here: at once while no
      // file before it waits for loadFiles (a warm start holds no list of tens of thousands of
      // files read), else once those are in.
      if (r && !facts) missed.push(i);
      else if (!missed.length) o.commit(facts ? { ...f, facts } : f);
      else hits[i] = facts ? { ...f, facts } : f;
      // A server keeps answering meanwhile.
      if (i % YIELD_EVERY === YIELD_EVERY - 1) await new Promise((resolve) => setImmediate(resolve));
    }
    let next = 0;
    const upTo = (end: number): void => {
      for (; next < end; next++) if (hits[next]) o.commit(hits[next]!);
    };
    let m = 0;
    stats = await loadFiles({
      ...o,
      files: missed.map((i) => files[i]!),
      commit: (f) => {
        const i = missed[m++]!;
        upTo(i);
        next = i + 1;
        remember(i, f);
        o.commit(f);
      },
    });
    upTo(files.length);
  }
  files.forEach((rel, i) => {
    const r = read[i];
    // Only what the index holds from exactly the text hashed (a host may have indexed another copy).
    if (r && ws.text(rel) === r.text) {
      const facts = ws.facts(rel);
      if (facts) cache.keep(facts.kind, r.hash, facts);
    }
  });
  cache.settle();
  return { ...stats, read: digest.digest('base64') };
}

function isAnalysed(ws: ProjectIndex, rel: string): boolean {
  const kind = ws.kindOf(rel);
  return kind === 'control' || kind === 'policy';
}

/** loadWorkspaceParallel with the cache (the CLI's --cache). */
export async function loadWorkspaceCached(
  root: string,
  cacheFor: (ws: ProjectIndex, configText: string | undefined) => ProjectCache,
  opts: LoadOptions & Pick<LoadFilesOptions, 'minFiles' | 'workerScript' | 'stallMs'> = {},
): Promise<{ ws: ProjectIndex; problems: ScanProblem[] } & LoadStats> {
  const { ws, configText, files, problems } = prepareLoad(root, opts);
  const cache = cacheFor(ws, configText);
  const commit = (f: LoadedFile): void => {
    if (observingInputs()) {
      const abs = path.join(root, f.rel);
      if (f.text !== undefined) noteInput(abs, 'text', f.hash ?? inputHash(f.text), f.stat);
      else if (f.size !== undefined) noteInput(abs, 'size', undefined, f.stat);
    }
    applyLoaded(ws, f, problems);
  };
  const stats = await loadFilesCached({ ...opts, root, ws, configText, files, cache, commit });
  return { ws, problems, ...stats };
}
