import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let collect: (() => void) | null | undefined;

/**
 * A full garbage collection, when the runtime allows one. A first scan of tens of thousands of
 * files builds its index in one go; V8 lets the heap grow far past what stays live meanwhile, so
 * collecting every few thousand files (and once at the end) keeps the server's peak memory near
 * its live set, for a few hundred milliseconds in all.
 */
export function collectGarbage(): void {
  if (collect === undefined) {
    try {
      setFlagsFromString('--expose-gc');
      collect = runInNewContext('gc') as () => void;
    } catch {
      collect = null;
    }
  }
  collect?.();
}
