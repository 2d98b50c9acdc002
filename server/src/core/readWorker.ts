// Entry of dist/read-worker.js: the first scan's read-ahead thread (parallelLoad.ts). It reads
// batches of files ahead of the main thread, which analyses them all; this bundle holds only the
// reading, so the thread costs little memory and starts at once.
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { BATCH, claimBatches } from './batchClaims.js';
import { readLoaded } from './fileRead.js';

/** What the main thread gives the read-ahead worker. */
export interface ReadWorkerInput {
  attestReader: true;
  root: string;
  files: string[];
  maxFileSize: number;
  shared: SharedArrayBuffer;
}

if (!isMainThread && (workerData as Partial<ReadWorkerInput> | null)?.attestReader === true) {
  const d = workerData as ReadWorkerInput;
  claimBatches(new Int32Array(d.shared), Math.ceil(d.files.length / BATCH), (batch) => {
    const files = d.files.slice(batch * BATCH, (batch + 1) * BATCH).map((rel) => readLoaded(d.root, rel, d.maxFileSize));
    parentPort!.postMessage({ batch, files, facts: '[]' });
  });
}
