import * as fs from 'node:fs';
import * as path from 'node:path';
import { bundleHash } from '../core/cacheLoad.js';
import { CacheFile, readMemo } from '../core/cacheFile.js';
import { checkInputs, inputHash, InputRecorder, observeInputs, type IgnoredEntry, type InputStamp } from '../core/inputLog.js';
import type { CheckedFolder } from '../reports/checkReport.js';
import type { FolderReport } from '../reports/reportModel.js';
import { readWithin } from '../core/index.js';
import { checkMemo, fileOf, knownKeys, patchCheck, type ChangedFile, type CheckMemo, type KnownKeys } from './checkMemo.js';
import { memoFrom, memoText, type MemoData } from './memoStore.js';

// `--cache` remembers whole runs besides each file's facts: every input a run read (inputLog.ts)
// and its output. The next run with the same command on the same day replays the output when no
// input changed (stats first, content where they moved); when only files changed that keep what
// other files and their own cross-file findings take from them (factsShape.ts), `attest check`
// analyses those files alone (checkMemo.ts); anything else runs in full, with the cached facts.

/** A run's output. */
export interface RunOutput {
  stdout: string;
  code: number;
}

/**
 * The memo kept in the cache file: the inputs of the last runs over one state of the disk, and
 * their outputs by command line; `base` (folder, current directory and day): runs under another
 * are never replayed. Written by memoStore.ts.
 */
type Memo = MemoData<Record<string, RunOutput>>;

export interface CachedRunOptions {
  cache: { file: string; version: string };
  folder: string;
  cwd: string;
  today: number;
  /** The command line's options that shape the output (the same key replays). */
  key: string;
  /** Loads the folder (the inputs it reads are recorded). */
  load: (cache: CacheFile) => Promise<FolderReport>;
  /** The output of a loaded run. */
  render: (r: FolderReport) => RunOutput;
  /** `attest check` in text or SARIF: the output of a patched check. */
  renderCheck?: (c: CheckedFolder) => RunOutput;
  /** `attest check` (any format): the run keeps the check memo that later checks are patched from. */
  check?: boolean;
}

/** Runs a cached command: replayed, patched, or loaded in full (and remembered). */
export async function cachedRun(o: CachedRunOptions): Promise<RunOutput> {
  // The cache file (and its temp files while written) may lie in a folder the run lists.
  const dir = path.dirname(o.cache.file);
  const name = path.basename(o.cache.file);
  const ignored = (d: string, n: string): boolean => d === dir && (n === name || (n.startsWith(`${name}.`) && n.endsWith('.tmp')));
  const identity = { version: o.cache.version, bundle: bundleHash() };
  const base = JSON.stringify([o.folder, o.cwd, o.today]);
  const text = (m: Memo): string => memoText(m, o.folder);
  const last = fromMemo(o, identity, base, ignored, text);
  if ('out' in last) return last.out;
  // The whole run, every input it reads recorded. (The last memo is no longer held: only what
  // this run keeps of it, so a large one does not sit in memory during the load.)
  const recorder = new InputRecorder(ignored);
  const started = Date.now();
  const cache = CacheFile.open(o.cache.file, identity);
  const report = await observeInputs(recorder, () => o.load(cache));
  const out = o.render(report);
  // What went to stderr (unreadable files) is not replayed: such a run is not remembered.
  if (report.projects.some((p) => p.problems.length)) cache.save();
  else {
    const check = o.check ? checkMemo(report, (abs) => recorder.hashOf(abs), last.known) : last.check;
    const runs = { ...last.runs, [o.key]: out };
    cache.save(text({ base, inputs: recorder.stamps(started), runs, ...(check ? { check } : {}) }));
  }
  return out;
}

/** What a full run keeps of the last memo: its outputs and check when no input changed, and the keys of files it knew. */
interface Leftovers {
  runs?: Memo['runs'];
  check?: CheckMemo;
  known?: KnownKeys;
}

/** The run replayed or patched from the last memo (`out`), or what a full run keeps of it. */
function fromMemo(o: CachedRunOptions, identity: { version: string; bundle: string }, base: string, ignored: IgnoredEntry, text: (m: Memo) => string): { out: RunOutput } | Leftovers {
  const stored = readMemo(o.cache.file, identity);
  const memo = stored && memoFrom<Memo['runs']>(stored.text, base, o.folder);
  let sameInputs = false;
  /** Whether only project files changed (no attest.yaml, catalog or folder): unchanged files have the facts they had. */
  let onlyFiles = false;
  if (memo && stored) {
    const { changed, stamps, restamped } = checkInputs(memo.inputs, ignored);
    sameInputs = changed.length === 0;
    if (changed.length) {
      const files = new Set(memo.check?.projects.flatMap((p) => p.files.map((f) => fileOf(p.root, f.rel))));
      onlyFiles = changed.every((s) => s.kind === 'text' && files.has(s.path));
    } else onlyFiles = true;
    const known = memo.runs[o.key];
    if (sameInputs && known) {
      // Nothing changed. Stats that moved without a change (a fresh checkout) are taken anew.
      if (restamped) stored.replace(text({ ...memo, inputs: stamps }));
      trace('replayed');
      return { out: known };
    }
    if (!sameInputs && o.renderCheck && memo.check) {
      const patched = patch({ ...memo, inputs: stamps }, changed, o);
      if (patched) {
        const out = o.renderCheck(patched.folder);
        stored.replace(text({ base, inputs: patched.inputs, runs: { [o.key]: out }, check: patched.check }));
        trace(`patched ${changed.length}`);
        return { out };
      }
    }
  }
  trace(memo ? 'full' : 'full (no memo)');
  if (!memo) return {};
  // Keys of files the last memo knew, by content: worked out again only for what changed (when
  // attest.yaml and the catalogs did not: the facts of a text depend on them).
  const hashes = new Map(memo.inputs.map((s) => [s.path, s.hash]));
  const known = onlyFiles && memo.check ? knownKeys(memo.check, (abs) => hashes.get(abs)) : undefined;
  return sameInputs ? { runs: memo.runs, ...(memo.check ? { check: memo.check } : {}), ...(known ? { known } : {}) } : known ? { known } : {};
}

/** ATTEST_CACHE_TRACE=<file>: which way each run went, one line each (the benchmark and tests read it). */
function trace(what: string): void {
  const file = process.env.ATTEST_CACHE_TRACE;
  if (file) fs.appendFileSync(file, `${what}\n`);
}

/** The check patched for changed files (each read now), with the inputs stamped anew; undefined when it cannot be. */
function patch(memo: Memo, changed: InputStamp[], o: CachedRunOptions): { folder: CheckedFolder; check: CheckMemo; inputs: InputStamp[] } | undefined {
  if (changed.some((s) => s.kind !== 'text')) return undefined;
  const started = Date.now();
  const read = new Map<string, ChangedFile>();
  for (const s of changed) {
    const r = readWithin(s.path, Infinity);
    if (r.text === undefined) return undefined;
    read.set(s.path, { text: r.text, size: r.size!, stat: r.stat });
  }
  const patched = patchCheck(memo.check!, read, o);
  if (!patched) return undefined;
  const recorder = new InputRecorder();
  for (const [p, f] of read) recorder.note(p, 'text', inputHash(f.text), f.stat);
  const fresh = new Map(recorder.stamps(started).map((s) => [s.path, s]));
  return { folder: patched.folder, check: patched.memo, inputs: memo.inputs.map((s) => fresh.get(s.path) ?? s) };
}
