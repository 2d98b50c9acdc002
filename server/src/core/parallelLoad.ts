import * as fs from 'node:fs';
import { availableParallelism } from 'node:os';
import * as path from 'node:path';
import { BATCH, claimBatches, MAX_AHEAD } from './batchClaims.js';
import type { ReadWorkerInput } from './readWorker.js';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { analyzeControlFile } from './facts/controlFile.js';
import { analyzePolicyFile } from './facts/policyFile.js';
import { CHUNK_THRESHOLD } from './facts/registerChunks.js';
import type { FileFacts } from './facts/types.js';
import { applyLoaded, insideExists, insideReader, prepareLoad, type LoadOptions } from './load.js';
import { readLoaded, type LoadedFile } from './fileRead.js';
import type { ScanProblem } from './scan.js';
import { ProjectIndex } from './projectIndex.js';

/**
 * The first scan: the main thread analyses and indexes every file in the order of the sorted list,
 * while a second thread reads batches ahead of it (see threadMode). When asked (ATTEST_THREADS=2)
 * the worker also analyses its batches, and the index still ends exactly as a one-thread load
 * leaves it. Analysing on two threads is opt-in since Attest files parse on a fast path: taking in the worker's facts
 * costs the main thread about half of what analysing them itself does, so on two cores (which V8's
 * own collector and compiler threads share) the second thread took the main thread's time down
 * about 1.3x at 10k files and 1.4-1.6x at 50k, for 25-45% more CPU time (bench/threads.mjs). Either thread claims the next batch from a
 * shared counter, so the faster one (the worker: its heap is small, its garbage collections cheap)
 * simply takes more. Facts are plain data (no undefined, no class instances): JSON keeps them equal.
 */

/** Below this many files a second thread costs more (its start, its heap) than it saves, even when asked for. */
export const PARALLEL_MIN_FILES = 2000;

/**
 * What a second thread does: by default it only reads files ahead of the main thread, which
 * analyses all of them (texts cost little to take in; its own small bundle, read-worker.js,
 * costs a few megabytes: see bench/RESULTS.md); with ATTEST_THREADS=2 it reads and analyses its
 * batches (a bundle of its own, and facts to take in: it does not pay on two cores); with
 * ATTEST_THREADS=1 there is none.
 */
function threadMode(byDefault: 'read' | 'none' = 'read'): 'read' | 'analyse' | 'none' {
  const t = process.env.ATTEST_THREADS;
  return t === '2' ? 'analyse' : t === '1' ? 'none' : t === 'read' ? 'read' : byDefault;
}

/** The read-ahead worker's bundle, next to the running one; undefined when it is not there. */
function readWorkerScript(bundle: string): string | undefined {
  const file = path.join(path.dirname(bundle), 'read-worker.js');
  return fs.existsSync(file) ? file : undefined;
}
/** A worker that answers nothing for this long is given up; the main thread redoes its batches. */
const STALL_MS = 60_000;

let defaultScript: string | undefined;

/**
 * Names the bundle file that, started as a worker, runs `runLoadWorker()` (its entry point checks
 * `isLoadWorker()` first). Without it every load stays on one thread.
 */
export function setLoadWorkerScript(file: string): void {
  defaultScript = file;
}

/** The running bundle, as its entry point named it (see setLoadWorkerScript). */
export function loadWorkerScript(): string | undefined {
  return defaultScript;
}

interface WorkerInput {
  attestWorker: true;
  root: string;
  configText: string | undefined;
  today: number;
  files: string[];
  /** Int32 [0]: the next batch to claim; [1]: batches the main thread has indexed. */
  shared: SharedArrayBuffer;
}

/**
 * A batch from the worker. Facts travel as one JSON text: parsing it costs the main thread less
 * than deserializing a structured clone, and the objects JSON.parse builds take less memory.
 */
interface BatchMessage {
  batch: number;
  /** Without facts. */
  files: LoadedFile[];
  /** JSON of (FileFacts | null)[], one per file. */
  facts: string;
}

/** Whether this thread was started by loadFiles as its worker. */
export function isLoadWorker(): boolean {
  return !isMainThread && (workerData as Partial<WorkerInput> | null)?.attestWorker === true;
}

export interface LoadFilesOptions {
  root: string;
  /** The index being built: its configuration decides how files are read and analysed here. */
  ws: ProjectIndex;
  /** attest.yaml as `ws` got it; the worker rebuilds the same configuration from it. */
  configText: string | undefined;
  /** Workspace-relative, sorted. */
  files: string[];
  /** Takes every file exactly once, in the order of `files`. */
  commit(f: LoadedFile): void;
  minFiles?: number;
  /**
   * Without ATTEST_THREADS: whether a second thread reads ahead ('read', the CLI) or not ('none',
   * the language server: a resident process keeps its peak low, and the thread's 10–20 MB at
   * 50,000 files buy only a few percent of a first scan).
   */
  threads?: 'read' | 'none';
  /** Tests: another worker script; a shorter stall timeout. */
  workerScript?: string;
  stallMs?: number;
}

export interface LoadStats {
  /** Files the worker read (and, with ATTEST_THREADS=2, analysed); 0: one thread. */
  workerFiles: number;
  /** What the worker did, when there was one. */
  workerMode?: 'read' | 'analyse';
  /** Why the worker stopped early, when it did. */
  workerError?: string;
}

/**
 * Reads (and analyses) `files`, on two threads when worthwhile, handing each to `commit` in order.
 * Yields to the event loop after every batch, so a server keeps answering during a long scan.
 */
export async function loadFiles(o: LoadFilesOptions): Promise<LoadStats> {
  const { root, ws, files, commit } = o;
  const batches = Math.ceil(files.length / BATCH);
  const shared = new Int32Array(new SharedArrayBuffer(8));
  const ready = new Map<number, LoadedFile[] | BatchMessage>();
  const stats: LoadStats = { workerFiles: 0 };
  const batchOf = (b: number) => files.slice(b * BATCH, (b + 1) * BATCH);
  let next = 0;
  let wake: (() => void) | undefined;
  const mode = threadMode(o.threads);
  let worker = startWorker(o, shared, mode);
  if (worker && mode !== 'none') stats.workerMode = mode;
  const stop = (why?: string): void => {
    if (!worker) return;
    if (why) stats.workerError = why;
    void worker.terminate();
    worker = undefined;
    wake?.();
  };
  worker?.on('message', (m: BatchMessage) => {
    // A batch the main thread redid after a stall is dropped.
    if (m.batch >= next && !ready.has(m.batch)) {
      ready.set(m.batch, m);
      stats.workerFiles += m.files.length;
    }
    wake?.();
  });
  worker?.on('error', (e) => stop(e.message || String(e)));
  // The worker waits to be terminated: an exit of its own is a failure.
  worker?.on('exit', (code) => stop(`exited with code ${code}`));
  const indexed = (): void => {
    next++;
    Atomics.store(shared, 1, next);
    Atomics.notify(shared, 1);
  };
  const here = (b: number): void => {
    for (const rel of batchOf(b)) commit(readLoaded(root, rel, ws.config.maxFileSize));
    indexed();
  };
  const readOnly = mode === 'read';
  /** Read-ahead: batches this thread claimed beyond `next` (it reads them itself when their turn comes). */
  const mine = new Set<number>();
  try {
    while (next < batches) {
      const got = ready.get(next);
      if (got) {
        ready.delete(next);
        for (const f of Array.isArray(got) ? got : unpack(got)) commit(f);
        indexed();
      } else if (!worker || mine.delete(next)) {
        // On our own (one thread, or the worker stopped), or a batch claimed here: batch `next` here.
        here(next);
      } else {
        const claimed = Atomics.load(shared, 0);
        // Reading ahead, claim only `next` itself (while the reader starts up); else up to MAX_AHEAD.
        const claim = readOnly ? claimed === next : claimed < batches && claimed - next < MAX_AHEAD;
        const b = claim ? Atomics.add(shared, 0, 1) : batches;
        if (b === next) here(b);
        else if (b < batches && readOnly) mine.add(b);
        else if (b < batches) ready.set(b, batchOf(b).map((rel) => readAnalysed(root, ws, rel, true)));
        else {
          // Batch `next` is the worker's and still in flight. (The timer also keeps the process
          // alive meanwhile: the worker is unref'd.)
          const stallMs = o.stallMs ?? STALL_MS;
          await new Promise<void>((resolve) => {
            const timer = setTimeout(() => stop(`no answer for ${stallMs} ms`), stallMs);
            wake = () => {
              clearTimeout(timer);
              wake = undefined;
              resolve();
            };
          });
          continue;
        }
      }
      await new Promise((r) => setImmediate(r));
    }
  } finally {
    stop();
  }
  return stats;
}

function startWorker(o: LoadFilesOptions, shared: Int32Array, mode: ReturnType<typeof threadMode>): Worker | undefined {
  const bundle = o.workerScript ?? defaultScript;
  if (!bundle || o.files.length < (o.minFiles ?? PARALLEL_MIN_FILES) || mode === 'none' || availableParallelism() < 2) return undefined;
  const script = mode === 'read' ? readWorkerScript(bundle) : bundle;
  if (!script) return undefined;
  const sharedBuffer = shared.buffer as SharedArrayBuffer;
  const input: WorkerInput | ReadWorkerInput =
    mode === 'read'
      ? { attestReader: true, root: o.root, files: o.files, maxFileSize: o.ws.config.maxFileSize, shared: sharedBuffer }
      : { attestWorker: true, root: o.root, configText: o.configText, today: o.ws.config.today, files: o.files, shared: sharedBuffer };
  try {
    // stdout: true keeps anything the worker prints off the process's stdout (the server's protocol).
    // A small heap: its peak adds to the process's. It holds the file list and one batch of small
    // files (none of CHUNK_THRESHOLD or more); should it still run out, its batches are redone here.
    // Reading alone, it holds only the texts of a few batches.
    const resourceLimits = mode === 'read' ? { maxYoungGenerationSizeMb: 4, maxOldGenerationSizeMb: 32 } : { maxYoungGenerationSizeMb: 8, maxOldGenerationSizeMb: 64 + Math.ceil(o.files.length / 10_000) };
    const w = new Worker(script, { workerData: input, stdout: true, resourceLimits });
    w.unref();
    return w;
  } catch {
    return undefined;
  }
}

/** The worker's loop: claims batches until none is left, posts each as it is done. */
export function runLoadWorker(): void {
  const d = workerData as WorkerInput;
  const ws = new ProjectIndex({ readFile: insideReader(d.root), exists: insideExists(d.root), today: d.today });
  if (d.configText !== undefined) ws.setConfig(d.configText);
  claimBatches(new Int32Array(d.shared), Math.ceil(d.files.length / BATCH), (b) => {
    const files = d.files.slice(b * BATCH, (b + 1) * BATCH).map((rel) => readAnalysed(d.root, ws, rel, false));
    const facts = JSON.stringify(files.map((f) => f.facts ?? null));
    for (const f of files) delete f.facts;
    parentPort!.postMessage({ batch: b, files, facts } satisfies BatchMessage);
  });
}

function unpack(m: BatchMessage): LoadedFile[] {
  const facts = JSON.parse(m.facts) as Array<FileFacts | null>;
  m.files.forEach((f, i) => {
    if (facts[i]) f.facts = facts[i]!;
  });
  return m.files;
}

/** Reads a file with the facts ProjectIndex.loadFile would work out for it (none: it works them out itself). */
function readAnalysed(root: string, ws: ProjectIndex, rel: string, mainThread: boolean): LoadedFile {
  const f = readLoaded(root, rel, ws.config.maxFileSize);
  const kind = ws.kindOf(rel);
  if (f.text === undefined || (kind !== 'control' && kind !== 'policy') || f.text.length > ws.config.maxFileSize) return f;
  // Large registers go to the main thread: the item cache it fills makes their later edits cheap.
  if (!mainThread && f.text.length >= CHUNK_THRESHOLD) return f;
  try {
    f.facts = kind === 'policy' ? analyzePolicyFile(f.text, ws.config) : analyzeControlFile(f.text, ws.config);
  } catch {
    // loadFile analyses it again, and fails there as a one-thread load would.
  }
  return f;
}

/** Builds the whole index of a folder from disk (the CLI; two threads for a large folder with ATTEST_THREADS=2). */
export async function loadWorkspaceParallel(
  root: string,
  opts: LoadOptions & Pick<LoadFilesOptions, 'minFiles' | 'workerScript' | 'stallMs'> = {},
): Promise<{ ws: ProjectIndex; problems: ScanProblem[] } & LoadStats> {
  const { ws, configText, files, problems } = prepareLoad(root, opts);
  const stats = await loadFiles({ ...opts, root, ws, configText, files, commit: (f) => applyLoaded(ws, f, problems) });
  return { ws, problems, ...stats };
}
