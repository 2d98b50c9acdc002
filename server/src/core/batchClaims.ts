import { parentPort } from 'node:worker_threads';

// How a first scan's worker and main thread share the files: batches claimed from a shared
// counter, so the faster thread simply takes more (parallelLoad.ts).

/** Files per batch: the unit either thread claims, and one message. */
export const BATCH = 200;
/** Batches claimed but not yet indexed, at most: bounds what waits in memory when the main thread lags. */
export const MAX_AHEAD = 8;

/**
 * A worker's loop: claims batch after batch (Int32 [0]: the next to claim; [1]: batches the main
 * thread has indexed, which it waits for when MAX_AHEAD ahead), hands each to `post`, then stays
 * until terminated (exiting could race the delivery of the last batch).
 */
export function claimBatches(shared: Int32Array, batches: number, post: (batch: number) => void): void {
  for (;;) {
    let claimed: number;
    let indexed: number;
    while ((claimed = Atomics.load(shared, 0)) < batches && claimed - (indexed = Atomics.load(shared, 1)) >= MAX_AHEAD) Atomics.wait(shared, 1, indexed, 1000);
    const b = Atomics.add(shared, 0, 1);
    if (b >= batches) break;
    post(b);
  }
  parentPort!.on('message', () => {});
}
