import type { CoveragePayload } from '../protocol.js';
import { readMemo } from '../core/cacheFile.js';
import { serverCacheIdentity } from './scanCache.js';

/**
 * The coverage answers of a project's last start, kept in the memo region of its server cache
 * (the facts stay as they are), under the state of the files they were built from: attest.yaml,
 * the catalogs and the day (the project key), and every file read (loadFilesCached's digest). A
 * start that reads the same answers `attest/coverage` from there at once, and builds its own
 * coverage after. The text: a first line `coverage <state>`, then a line per answer, its key
 * (limit and frameworks asked for), a tab and the answer as JSON.
 */

const HEAD = 'coverage ';

/** The answers stored for `state` in the cache `file`, as JSON by key; undefined when it holds none for that state. Never throws. */
export function readStoredCoverage(file: string, state: string): Map<string, string> | undefined {
  const memo = readMemo(file, serverCacheIdentity());
  // A delta is the CLI's (its run memo): not ours.
  if (!memo || memo.delta !== undefined) return undefined;
  const text = memo.text;
  const nl = text.indexOf('\n');
  if (nl < 0 || text.slice(0, nl) !== HEAD + state) return undefined;
  const out = new Map<string, string>();
  for (let at = nl + 1; at < text.length; ) {
    const end = text.indexOf('\n', at);
    const tab = text.indexOf('\t', at);
    if (end < 0 || tab < 0 || tab > end) return undefined;
    out.set(text.slice(at, tab), text.slice(tab + 1, end));
    at = end + 1;
  }
  return out;
}

/** The memo text of these answers for `state` (JSON never holds a raw line break or tab). */
export function storedCoverageText(state: string, answers: Iterable<[string, CoveragePayload | string]>): string {
  let text = `${HEAD}${state}\n`;
  for (const [key, answer] of answers) text += `${key}\t${typeof answer === 'string' ? answer : JSON.stringify(answer)}\n`;
  return text;
}
