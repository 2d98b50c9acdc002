import * as path from 'node:path';
import type { InputKind, InputStamp } from '../core/inputLog.js';
import type { CheckMemo } from './checkMemo.js';

// How the run memo (runMemo.ts) is written into the cache file: the same data in arrays, paths
// inside the folder relative to it. Tens of thousands of stamps and files are parsed on every
// cached run, so the text is kept small.

/** A stamp as stored: path, kind's letter, hash ('' for none), stat (0 for none). */
type StoredStamp = [string, string, string, number[] | 0];
/** A file of a check memo as stored: rel, others, own, then (when not empty) cross (0: null) and rows. */
type StoredFile = [string, string, string, ...unknown[]];

const KINDS: Record<InputKind, string> = { text: 't', bytes: 'b', size: 's', dir: 'd', exists: 'e', absent: 'a' };
const KIND_OF = new Map(Object.entries(KINDS).map(([k, v]) => [v, k as InputKind]));

export interface MemoData<R> {
  base: string;
  inputs: InputStamp[];
  runs: R;
  check?: CheckMemo;
}

export function memoText<R>(m: MemoData<R>, folder: string): string {
  // (A prefix test, not path.relative: tens of thousands of paths, each already absolute and normal.)
  const inside = folder.endsWith(path.sep) ? folder : folder + path.sep;
  const rel = (p: string): string => (p.startsWith(inside) ? p.slice(inside.length) : p);
  const inputs = m.inputs.map((s): StoredStamp => [rel(s.path), KINDS[s.kind], s.hash ?? '', s.stat ?? 0]);
  const check = m.check && {
    projects: m.check.projects.map((p) => ({
      ...p,
      files: p.files.map((f): StoredFile => {
        const head: StoredFile = [f.rel, f.others, f.own];
        return f.rows.length ? [...head, f.cross ?? 0, f.rows] : f.cross === null || f.cross.length ? [...head, f.cross ?? 0] : head;
      }),
    })),
  };
  // One line each (JSON has no raw line breaks): the inputs and outputs, which a replay reads
  // alone; the check's rows and keys, which only a patch reads; then the files' skeletons.
  const skeletons = m.check ? m.check.projects.flatMap((p) => p.files.map((f) => f.skel ?? '')) : [];
  return ascii([JSON.stringify({ base: m.base, inputs, runs: m.runs }), check ? JSON.stringify(check) : 'null', ...skeletons].join('\n'));
}

/**
 * The memo in ASCII, anything else as JSON's \u escapes (only inside strings: messages, output):
 * a few characters such as "—" would otherwise make V8 hold and parse all of it as two-byte text.
 */
function ascii(text: string): string {
  return /[\u0080-\uffff]/.test(text) ? text.replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`) : text;
}

/** The memo in `text` when it is one for `base`; undefined for anything else. Never throws. */
export function memoFrom<R>(text: string, base: string, folder: string): MemoData<R> | undefined {
  try {
    const first = text.indexOf('\n');
    const m = JSON.parse(first < 0 ? text : text.slice(0, first)) as { base?: unknown; inputs?: StoredStamp[]; runs?: R };
    if (!m || m.base !== base || !Array.isArray(m.inputs) || !m.runs || typeof m.runs !== 'object') return undefined;
    const inside = folder.endsWith(path.sep) ? folder : folder + path.sep;
    // Tens of thousands of stamps on every cached run: plain literals of one shape, no spreads.
    const inputs = m.inputs.map(([p, k, h, st]): InputStamp => {
      const kind = KIND_OF.get(k);
      if (!kind) throw new Error('not a memo');
      return { path: path.isAbsolute(p) ? p : inside + p, kind, hash: h || undefined, stat: st ? (st as [number, number, number, number]) : undefined };
    });
    const out: MemoData<R> = { base, inputs, runs: m.runs };
    // The check is read when asked for (a patch), not by a replay.
    let check: CheckMemo | undefined | null = null;
    const rest = first < 0 ? '' : text.slice(first + 1);
    Object.defineProperty(out, 'check', { enumerable: true, get: () => (check === null ? (check = checkFrom(rest)) : check) });
    return out;
  } catch {
    return undefined;
  }
}

/** The check memo from its line and the skeleton lines after it; undefined for none or a damaged one. */
function checkFrom(rest: string): CheckMemo | undefined {
  try {
    const end = rest.indexOf('\n');
    const stored = JSON.parse(end < 0 ? rest : rest.slice(0, end)) as { projects: Array<{ files: StoredFile[] }> } | null;
    if (!stored) return undefined;
    const check: CheckMemo = {
      projects: stored.projects.map((p) => ({
        ...(p as unknown as CheckMemo['projects'][number]),
        files: p.files.map(([rel, others, own, cross, rows]) => ({ rel, others, own, cross: cross === 0 ? null : ((cross ?? []) as never), rows: (rows ?? []) as never })),
      })),
    };
    if (end >= 0) {
      const skeletons = rest.slice(end + 1).split('\n');
      const files = check.projects.flatMap((p) => p.files);
      if (skeletons.length === files.length) files.forEach((f, i) => skeletons[i] && (f.skel = skeletons[i]));
    }
    return check;
  } catch {
    return undefined;
  }
}
