import * as path from 'node:path';
import type { InputKind, InputStamp } from '../core/inputLog.js';
import type { CheckMemo, FileMemo } from './checkMemo.js';
import type { MemoWrite } from '../core/cacheMemo.js';

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
//
// A run that replaced a few lines writes those alone (with the ones replaced since the memo was
// last written whole) as a delta: `<line number>\t<line>` each; the reader applies it.

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
  /** The memo's text, with the delta written since it was whole applied. */
  text: string;
  /** That delta (line number -> line) and the length of the whole memo it applies to. */
  delta: ReadonlyMap<number, string>;
  baseLength: number;
  inputs: InputStamp[];
  /** The check's files in line order, once the check was read. */
  files?: FileMemo[];
  check?: CheckMemo;
}

/** The memo as text, whole. */
export function memoText<R>(m: MemoData<R>, folder: string): string {
  const { head, stamps, files } = memoLines(m, folder);
  const n = m.inputs.length;
  const lines = [head, ...m.inputs.map((s, i) => stamps(s) + comma(i, n)), ...files.map((f, j) => fileLine(f) + comma(j, files.length)), ...files.map((f) => f.skel ?? '')];
  return ascii(lines.join('\n'));
}

/** A delta grows up to this share of the whole memo (its first line, the outputs, aside); then the memo is written whole again. */
const DELTA_SHARE = 1 / 8;

/**
 * The memo `m` made from `from` (read by memoFrom): the lines of the stamps and files it shares
 * with that one, the same objects, are the ones it has. Written as the lines replaced since the
 * memo was last written whole (a delta) while that stays small, else whole.
 */
export function memoUpdate<R>(m: MemoData<R>, folder: string, from: MemoData<unknown>): MemoWrite {
  const source = (from as { [SOURCE]?: Source })[SOURCE];
  const { head, stamps, files } = memoLines(m, folder);
  const n = m.inputs.length;
  const check = m.check;
  const sameFiles = source && check && check === source.check;
  if (!source || n !== source.inputs.length || (check && !sameFiles && (!source.files || files.length !== source.files.length))) return memoText(m, folder);
  const lines = new Map<number, string>([[0, head]]);
  for (let i = 0; i < n; i++) if (m.inputs[i] !== source.inputs[i]) lines.set(1 + i, stamps(m.inputs[i]!) + comma(i, n));
  if (check && !sameFiles) {
    const old = source.files!;
    for (let j = 0; j < files.length; j++) {
      if (files[j] === old[j]) continue;
      lines.set(1 + n + j, fileLine(files[j]!) + comma(j, files.length));
      lines.set(1 + n + files.length + j, files[j]!.skel ?? '');
    }
  }
  // Since the memo was last written whole: the lines replaced then and these.
  const delta = new Map(source.delta);
  let size = 0;
  for (const [k, line] of lines) delta.set(k, ascii(line));
  for (const [k, line] of delta) if (k !== 0) size += line.length + 8;
  if (size > source.baseLength * DELTA_SHARE) return spliced(source.text, lines);
  return { delta: [...delta].map(([k, line]) => `${k}\t${line}`).join('\n') };
}

const comma = (i: number, n: number): string => (i < n - 1 ? ',' : '');

/** The memo's first line and how its stamps and files are written. */
function memoLines<R>(m: MemoData<R>, folder: string): { head: string; stamps: (s: InputStamp) => string; files: FileMemo[] } {
  // (A prefix test, not path.relative: tens of thousands of paths, each already absolute and normal.)
  const inside = folder.endsWith(path.sep) ? folder : folder + path.sep;
  const stamps = (s: InputStamp): string => JSON.stringify([s.path.startsWith(inside) ? s.path.slice(inside.length) : s.path, KINDS[s.kind], s.hash ?? '', s.stat ?? 0] satisfies StoredStamp);
  const check = m.check;
  const head: Header<R> = {
    base: m.base,
    runs: m.runs,
    inputs: m.inputs.length,
    check: check ? { projects: check.projects.map(({ files, ...p }) => ({ ...p, files: files.length })) } : null,
  };
  return { head: JSON.stringify(head), stamps, files: check ? check.projects.flatMap((p) => p.files) : [] };
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
export function memoFrom<R>(whole: string, base: string, folder: string, written?: string): MemoData<R> | undefined {
  try {
    const delta = written === undefined ? new Map<number, string>() : deltaLines(written);
    const text = delta.size ? spliced(whole, delta) : whole;
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
    const source: Source = { text, delta, baseLength: whole.length, inputs };
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

/** A delta's lines (`<line number>\t<line>` each) by line number; throws on anything else. */
function deltaLines(text: string): Map<number, string> {
  const out = new Map<number, string>();
  for (const l of text.split('\n')) {
    const tab = l.indexOf('\t');
    const k = Number(l.slice(0, tab));
    if (tab < 1 || !Number.isInteger(k) || k < 0) throw new Error('not a delta');
    out.set(k, l.slice(tab + 1));
  }
  return out;
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
