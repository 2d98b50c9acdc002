import * as fs from 'node:fs';
import * as path from 'node:path';
import { readMemo, type StoredMemo } from '../core/cacheFile.js';
import { checkInputs, type IgnoredEntry, type InputStamp } from '../core/inputLog.js';
import { memoFrom, memoUpdate, type MemoData } from './memoStore.js';

// The first step of a cached run (`--cache`): the last memo read and its inputs compared with the
// disk; when none changed and the same command ran before, its output is replayed. Kept apart
// from the analysis so that the launcher (launcher.ts) can replay before the main bundle loads.

/** A run's output. */
export interface RunOutput {
  stdout: string;
  code: number;
}

/** The memo kept in the cache file (memoStore.ts writes it): the inputs of the last runs over one state of the disk, their outputs by command line. */
export type Memo = MemoData<Record<string, RunOutput>>;

/** Where a cached run's memo lives and what it must match. */
export interface MemoPlace {
  file: string;
  identity: { version: string; bundle: string };
  /** Folder, current directory and day: runs under another base are never replayed. */
  base: string;
  folder: string;
  /** The cache file and its temp files, which may lie in a folder the run lists. */
  ignored: IgnoredEntry;
}

export function memoPlace(cache: { file: string; version: string }, bundle: string, folder: string, cwd: string, today: number): MemoPlace {
  const dir = path.dirname(cache.file);
  const name = path.basename(cache.file);
  return {
    file: cache.file,
    identity: { version: cache.version, bundle },
    base: JSON.stringify([folder, cwd, today]),
    folder,
    ignored: (d, n) => d === dir && (n === name || (n.startsWith(`${name}.`) && n.endsWith('.tmp'))),
  };
}

/** The last memo, compared with the disk. */
export interface LastMemo {
  stored: StoredMemo;
  memo: Memo;
  /** Inputs whose content differs now. */
  changed: InputStamp[];
  /** The inputs with stats that moved without a change taken anew. */
  stamps: InputStamp[];
  restamped: number;
}

/** The memo of this place, compared with the disk; undefined when there is none (or none for this build, folder and day). */
export function lastMemo(place: MemoPlace): LastMemo | undefined {
  const stored = readMemo(place.file, place.identity);
  const memo = stored && memoFrom<Memo['runs']>(stored.text, place.base, place.folder, stored.delta);
  if (!stored || !memo) return undefined;
  const { changed, stamps, restamped } = checkInputs(memo.inputs, place.ignored);
  return { stored, memo, changed, stamps, restamped };
}

/** Up to this many inputs whose stat moved without a change are not worth rewriting the memo for. */
const FEW_RESTAMPS = 16;

/** The output of the same command over unchanged inputs, when there is one. */
export function replayed(place: MemoPlace, last: LastMemo, key: string): RunOutput | undefined {
  const known = last.memo.runs[key];
  if (last.changed.length || !known) return undefined;
  // Stats that moved without a change (a fresh checkout) are taken anew. A few (a file saved
  // again unchanged) are left for the next run to confirm by content again: cheaper than
  // writing the whole memo back.
  if (last.restamped > FEW_RESTAMPS) last.stored.replace(memoUpdate({ ...last.memo, inputs: last.stamps }, place.folder, last.memo));
  trace('replayed');
  return known;
}

/** Where the launcher leaves the memo it read for the main bundle (a separate bundle: no module of its own is shared). */
const HANDOVER = Symbol.for('attest.cli.lastMemo');

interface HandedOver {
  file: string;
  base: string;
  identity: string;
  last: LastMemo;
}

const identityOf = (p: MemoPlace): string => JSON.stringify(p.identity);

/** Leaves the memo read for the run the main bundle makes (read once, not twice). */
export function handOver(place: MemoPlace, last: LastMemo): void {
  (globalThis as Record<symbol, HandedOver | undefined>)[HANDOVER] = { file: place.file, base: place.base, identity: identityOf(place), last };
}

/** The memo the launcher read for this very place, if it did; taken once. */
export function handedOver(place: MemoPlace): LastMemo | undefined {
  const g = globalThis as Record<symbol, HandedOver | undefined>;
  const h = g[HANDOVER];
  g[HANDOVER] = undefined;
  return h && h.file === place.file && h.base === place.base && h.identity === identityOf(place) ? h.last : undefined;
}

/** ATTEST_CACHE_TRACE=<file>: which way each run went, one line each (the benchmark and tests read it). */
export function trace(what: string): void {
  const file = process.env.ATTEST_CACHE_TRACE;
  if (file) fs.appendFileSync(file, `${what}\n`);
}
