import * as path from 'node:path';
import type { InputKind, InputStamp } from '../core/inputLog.js';
import type { CheckMemo, FileMemo } from './checkMemo.js';

// How the run memo (runMemo.ts) is written into the cache file: the same data in arrays, paths
// inside the folder relative to it. Tens of thousands of stamps and files are parsed on every
// cached run, so the text is kept small; and each stamp, file and skeleton has a line of its own,
// so that a run which changed a few of them writes the next memo by replacing those lines in the
// text it read instead of writing every one again.
//
//   line 0              {base, runs, inputs: n, check: null | {projects: [{root, fileCount, coverageLine, files: count}]}}
//   n lines             one stamp each, ending in a comma but the last (the block is a JSON array's inside)
//   f lines             one file of the check each (f: the projects' files, in order), the same way
//   f lines             each file's skeleton ('' for none)

/** A stamp as stored: path, kind's letter, hash ('' for none), stat (0 for none). */
type StoredStamp = [string, string, string, number[] | 0];
/** A file of a check memo as stored: rel, others, own, then (when not empty) cross (0: null) and rows. */
type StoredFile = [string, string, string, ...unknown[]];
interface Header<R> {
  base?: unknown;
  runs?: R;
  inputs?: unknown;
  check?: { projects: Array<Omit<CheckMemo['projects'][number], 'files'> & { files: number }> } | null;
}

const KINDS: Record<InputKind, string> = { text: 't', bytes: 'b', size: 's', dir: 'd', exists: 'e', absent: 'a' };
const KIND_OF = new Map(Object.entries(KINDS).map(([k, v]) => [v, k as InputKind]));
/** The text a memo was read from and what its lines were parsed into (shared by the launcher's bundle and the main one). */
const SOURCE = Symbol.for('attest.cli.memoSource');

export interface MemoData<R> {
  base: string;
  inputs: InputStamp[];
  runs: R;
  check?: CheckMemo;
}

interface Source {
  text: string;
  inputs: InputStamp[];
  /** The check's files in line order, once the check was read. */
  files?: FileMemo[];
  check?: CheckMemo;
}

/**
 * The memo as text. `from`: the memo this one was made from (read by memoFrom): the lines of the
 * stamps and files it shares with that one, the same objects, are taken from its text as they are.
 */
export function memoText<R>(m: MemoData<R>, folder: string, from?: MemoData<unknown>): string {
  // (A prefix test, not path.relative: tens of thousands of paths, each already absolute and normal.)
  const inside = folder.endsWith(path.sep) ? folder : folder + path.sep;
  const stampLine = (s: InputStamp): string => JSON.stringify([s.path.startsWith(inside) ? s.path.slice(inside.length) : s.path, KINDS[s.kind], s.hash ?? '', s.stat ?? 0] satisfies StoredStamp);
  const check = m.check;
  const files = check ? check.projects.flatMap((p) => p.files) : [];
  const head: Header<R> = {
    base: m.base,
    runs: m.runs,
    inputs: m.inputs.length,
    check: check ? { projects: check.projects.map(({ files, ...p }) => ({ ...p, files: files.length })) } : null,
  };
  const comma = (i: number, n: number): string => (i < n - 1 ? ',' : '');
  const n = m.inputs.length;
  const source = (from as { [SOURCE]?: Source } | undefined)?.[SOURCE];
  const sameFiles = source && check && check === source.check;
  if (source && n === source.inputs.length && (!check || sameFiles || (source.files && files.length === source.files.length))) {
    const lines = new Map<number, string>([[0, JSON.stringify(head)]]);
    for (let i = 0; i < n; i++) if (m.inputs[i] !== source.inputs[i]) lines.set(1 + i, stampLine(m.inputs[i]!) + comma(i, n));
    if (check && !sameFiles) {
      const old = source.files!;
      for (let j = 0; j < files.length; j++) {
        if (files[j] === old[j]) continue;
        lines.set(1 + n + j, fileLine(files[j]!) + comma(j, files.length));
        lines.set(1 + n + files.length + j, files[j]!.skel ?? '');
      }
    }
    return spliced(source.text, lines);
  }
  const lines = [JSON.stringify(head), ...m.inputs.map((s, i) => stampLine(s) + comma(i, n)), ...files.map((f, j) => fileLine(f) + comma(j, files.length)), ...files.map((f) => f.skel ?? '')];
  return ascii(lines.join('\n'));
}

/** `text` with the lines numbered in `lines` replaced (the rest copied as they are, not split apart). */
function spliced(text: string, lines: ReadonlyMap<number, string>): string {
  const parts: string[] = [];
  let line = 0;
  let at = 0; // where `line` starts
  for (const k of [...lines.keys()].sort((a, b) => a - b)) {
    let start = at;
    for (; line < k; line++) start = text.indexOf('\n', start) + 1;
    const end = text.indexOf('\n', start);
    parts.push(text.slice(at, start), ascii(lines.get(k)!));
    at = end < 0 ? text.length : end;
    line = k;
  }
  parts.push(text.slice(at));
  return parts.join('');
}

function fileLine(f: FileMemo): string {
  const head: StoredFile = [f.rel, f.others, f.own];
  return JSON.stringify(f.rows.length ? [...head, f.cross ?? 0, f.rows] : f.cross === null || f.cross.length ? [...head, f.cross ?? 0] : head);
}

/**
 * The memo in ASCII, anything else as JSON's \u escapes (only inside strings: messages, output):
 * a few characters such as "—" would otherwise make V8 hold and parse all of it as two-byte text.
 */
function ascii(text: string): string {
  return /[\u0080-\uffff]/.test(text) ? text.replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`) : text;
}

/** Where the `count` lines from `at` end (the index of the line break after them, or the text's end). */
function afterLines(text: string, at: number, count: number): number {
  let end = at - 1;
  for (let i = 0; i < count; i++) {
    end = text.indexOf('\n', end + 1);
    if (end < 0) return i === count - 1 ? text.length : -1;
  }
  return end;
}

/** The JSON array whose elements are the `count` lines from `at`, and where they end; undefined when there are fewer lines. */
function block<T>(text: string, at: number, count: number): { items: T[]; end: number } | undefined {
  if (count === 0) return { items: [], end: at - 1 };
  const end = afterLines(text, at, count);
  return end < 0 ? undefined : { items: JSON.parse(`[${text.slice(at, end)}]`) as T[], end };
}

/** The memo in `text` when it is one for `base`; undefined for anything else. Never throws. */
export function memoFrom<R>(text: string, base: string, folder: string): MemoData<R> | undefined {
  try {
    const first = text.indexOf('\n');
    const head = JSON.parse(first < 0 ? text : text.slice(0, first)) as Header<R>;
    if (!head || head.base !== base || typeof head.inputs !== 'number' || !head.runs || typeof head.runs !== 'object') return undefined;
    const stored = block<StoredStamp>(text, first + 1, head.inputs);
    if (first < 0 || !stored) return undefined;
    const inside = folder.endsWith(path.sep) ? folder : folder + path.sep;
    // Tens of thousands of stamps on every cached run: plain literals of one shape, no spreads.
    const inputs = stored.items.map(([p, k, h, st]): InputStamp => {
      const kind = KIND_OF.get(k);
      if (!kind) throw new Error('not a memo');
      return { path: path.isAbsolute(p) ? p : inside + p, kind, hash: h || undefined, stat: st ? (st as [number, number, number, number]) : undefined };
    });
    const source: Source = { text, inputs };
    const out = { base, inputs, runs: head.runs, [SOURCE]: source } as MemoData<R>;
    // The check is read when asked for (a patch), not by a replay.
    let check: CheckMemo | undefined | null = null;
    const checkHead = head.check;
    Object.defineProperty(out, 'check', {
      enumerable: true,
      get: () => (check === null ? (check = checkHead ? checkFrom(text, stored.end + 1, checkHead, source) : undefined) : check),
    });
    return out;
  } catch {
    return undefined;
  }
}

/** The check memo from its file lines at `at` and the skeleton lines after them; undefined for a damaged one. */
function checkFrom(text: string, at: number, head: NonNullable<Header<unknown>['check']>, source: Source): CheckMemo | undefined {
  try {
    const count = head.projects.reduce((n, p) => n + p.files, 0);
    const stored = block<StoredFile>(text, at, count);
    if (!stored) return undefined;
    const files = stored.items.map(([rel, others, own, cross, rows]): FileMemo => ({ rel, others, own, cross: cross === 0 ? null : ((cross ?? []) as never), rows: (rows ?? []) as never }));
    const skeletons = count ? text.slice(stored.end + 1).split('\n') : [];
    if (skeletons.length !== count) return undefined;
    files.forEach((f, i) => skeletons[i] && (f.skel = skeletons[i]));
    let next = 0;
    const check: CheckMemo = { projects: head.projects.map((p) => ({ ...p, files: files.slice(next, (next += p.files)) })) };
    source.files = files;
    source.check = check;
    return check;
  } catch {
    return undefined;
  }
}
