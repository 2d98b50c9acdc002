import { bundleHash } from '../core/cacheLoad.js';
import { CacheFile } from '../core/cacheFile.js';
import { inputHash, InputRecorder, observeInputs, type InputStamp } from '../core/inputLog.js';
import type { CheckedFolder } from '../reports/checkReport.js';
import type { FolderReport } from '../reports/reportModel.js';
import { readWithin } from '../core/index.js';
import { patchAcross } from './acrossPatch.js';
import { checkedOf, checkMemo, fileOf, knownKeys, type ChangedFile, type CheckMemo, type KnownKeys } from './checkMemo.js';
import { patchCheck } from './statusPatch.js';
import { memoText, memoUpdate } from './memoStore.js';
import { handedOver, lastMemo, memoPlace, replayed, trace, type LastMemo, type Memo, type MemoPlace, type RunOutput } from './replay.js';

export type { RunOutput } from './replay.js';

// `--cache` remembers whole runs besides each file's facts: every input a run read (inputLog.ts)
// and its output. The next run with the same command on the same day replays the output when no
// input changed (stats first, content where they moved: replay.ts); when only files changed that
// keep what other files and their own cross-file findings take from them (factsShape.ts),
// `attest check` analyses those files alone (checkMemo.ts); anything else runs in full, with the
// cached facts.

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
  /** `attest check` in text: the output of a patched check from the last one's (undefined: render it). */
  patchText?: (last: RunOutput, before: CheckMemo, after: CheckMemo) => RunOutput | undefined;
  /** `attest check` (any format): the run keeps the check memo that later checks are patched from. */
  check?: boolean;
}

/** Runs a cached command: replayed, patched, or loaded in full (and remembered). */
export async function cachedRun(o: CachedRunOptions): Promise<RunOutput> {
  const place = memoPlace(o.cache, bundleHash(), o.folder, o.cwd, o.today);
  const text = (m: Memo): string => memoText(m, o.folder);
  // The memo as the launcher read it, when it did (it found no run to replay).
  const kept = fromMemo(o, place, handedOver(place) ?? lastMemo(place), text);
  if ('out' in kept) return kept.out;
  // The whole run, every input it reads recorded. (The last memo is no longer held: only what
  // this run keeps of it, so a large one does not sit in memory during the load.)
  const recorder = new InputRecorder(place.ignored);
  const started = Date.now();
  const cache = CacheFile.open(o.cache.file, place.identity);
  const report = await observeInputs(recorder, () => o.load(cache));
  const out = o.render(report);
  // What went to stderr (unreadable files) is not replayed: such a run is not remembered.
  if (report.projects.some((p) => p.problems.length)) cache.save();
  else {
    const check = o.check ? checkMemo(report, (abs) => recorder.hashOf(abs), kept.known) : kept.check;
    const runs = { ...kept.runs, [o.key]: out };
    cache.save(text({ base: place.base, inputs: recorder.stamps(started), runs, ...(check ? { check } : {}) }));
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
function fromMemo(o: CachedRunOptions, place: MemoPlace, last: LastMemo | undefined, text: (m: Memo) => string): { out: RunOutput } | Leftovers {
  if (!last) {
    trace('full (no memo)');
    return {};
  }
  const { memo, changed, stamps } = last;
  const sameInputs = changed.length === 0;
  const out = replayed(place, last, o.key);
  if (out) return { out };
  if (!sameInputs && o.renderCheck && memo.check) {
    const patched = patch({ ...memo, inputs: stamps }, changed, o);
    if (patched) {
      // Text: the last output with the re-checked files' lines replaced; else rendered in full.
      const shown = memo.runs[o.key];
      const out = (shown && o.patchText?.(shown, memo.check, patched.check)) ?? o.renderCheck(checkedOf(patched.check, o));
      // The stamps and files the patch kept are written as the last memo has them.
      last.stored.replace(memoUpdate({ base: place.base, inputs: patched.inputs, runs: { [o.key]: out }, check: patched.check }, o.folder, memo));
      trace(`${patched.way} ${changed.length}`);
      return { out };
    }
  }
  trace('full');
  /** Whether only project files changed (no attest.yaml, catalog or folder): unchanged files have the facts they had. */
  let onlyFiles = sameInputs;
  if (!sameInputs) {
    const files = new Set(memo.check?.projects.flatMap((p) => p.files.map((f) => fileOf(p.root, f.rel))));
    onlyFiles = changed.every((s) => s.kind === 'text' && files.has(s.path));
  }
  // Keys of files the last memo knew, by content: worked out again only for what changed (when
  // attest.yaml and the catalogs did not: the facts of a text depend on them).
  const hashes = new Map(memo.inputs.map((s) => [s.path, s.hash]));
  const known = onlyFiles && memo.check ? knownKeys(memo.check, (abs) => hashes.get(abs)) : undefined;
  return sameInputs ? { runs: memo.runs, ...(memo.check ? { check: memo.check } : {}), ...(known ? { known } : {}) } : known ? { known } : {};
}

/** The check patched for changed files (each read now), with the inputs stamped anew; undefined when it cannot be. */
function patch(memo: Memo, changed: InputStamp[], o: CachedRunOptions): { check: CheckMemo; inputs: InputStamp[]; way: string } | undefined {
  if (changed.some((s) => s.kind !== 'text')) return undefined;
  const started = Date.now();
  const read = new Map<string, ChangedFile>();
  for (const s of changed) {
    const r = readWithin(s.path, Infinity);
    if (r.text === undefined) return undefined;
    read.set(s.path, { text: r.text, size: r.size!, stat: r.stat });
  }
  // The edited files alone when nothing else can differ, or with what their statuses reach; else
  // the files the edit affects.
  const alone = patchCheck(memo.check!, read, o);
  const patched = alone ?? patchAcross(memo.check!, read, o);
  if (!patched) return undefined;
  const recorder = new InputRecorder();
  for (const [p, f] of read) recorder.note(p, 'text', inputHash(f.text), f.stat);
  const fresh = new Map(recorder.stamps(started).map((s) => [s.path, s]));
  return { check: patched.memo, inputs: memo.inputs.map((s) => fresh.get(s.path) ?? s), way: alone ? (alone.moved ? 'patched statuses' : 'patched') : 'patched across' };
}
