import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import { fileSha256, readText, stampOf, type FileStamp } from './fileRead.js';

// What a run read from disk, so that a later run can tell whether anything it depends on changed
// (the CLI's --cache remembers the output of a run and replays it when nothing did). The places
// that read (discovery, the scan, the loader) report here; nobody listens unless a run asks to.

/** How an input was read, and so how to tell whether it changed. */
export type InputKind =
  /** a text file: its content (read as UTF-8, byte order mark dropped) */
  | 'text'
  /** a file hashed as bytes (evidence): SHA-256, hex */
  | 'bytes'
  /** a file known only by its size (over the size limit) */
  | 'size'
  /** a folder: the names it lists */
  | 'dir'
  /** a path that existed (file or folder), nothing more */
  | 'exists'
  /** a path that did not exist */
  | 'absent';

export interface InputStamp {
  path: string;
  kind: InputKind;
  /** size, mtime, inode and ctime when recorded: equal now means unchanged, unless in doubt */
  stat?: FileStamp;
  /** what was read, hashed: the answer when the stat differs or is in doubt */
  hash?: string;
}

export interface InputObserver {
  /** `stat`: the file's [size, mtime, inode, ctime] as it was read, when the reader had it. */
  note(abs: string, kind: InputKind, hash?: string, stat?: FileStamp): void;
  /** A folder listed: its names (hashed by the observer, which knows which names it leaves out). */
  dir(abs: string, names: readonly string[]): void;
}

/** Names of a folder's entries that no run depends on (the cache file itself, written into the folder it checks). */
export type IgnoredEntry = (dir: string, name: string) => boolean;

let observer: InputObserver | undefined;

/** Runs `fn` with `o` told of every input read meanwhile (the CLI's runs; one at a time). */
export async function observeInputs<T>(o: InputObserver, fn: () => Promise<T>): Promise<T> {
  const before = observer;
  observer = o;
  try {
    return await fn();
  } finally {
    observer = before;
  }
}

/** Whether anyone listens: readers skip hashing for nobody. */
export function observingInputs(): boolean {
  return observer !== undefined;
}

/** Reports one input read (a no-op unless a run observes). `hash` as inputHash/dirHash make it. */
export function noteInput(abs: string, kind: InputKind, hash?: string, stat?: FileStamp): void {
  observer?.note(abs, kind, hash, stat);
}

export function noteText(abs: string, text: string | undefined): void {
  if (observer) observer.note(abs, text === undefined ? 'absent' : 'text', text === undefined ? undefined : inputHash(text));
}

export function noteDir(abs: string, names: readonly string[]): void {
  observer?.dir(abs, names);
}

/** SHA-256 (base64) of a text: how files are recognised by content, here and in the cache. */
export const inputHash: (text: string) => string =
  typeof crypto.hash === 'function' ? (t) => crypto.hash('sha256', t, 'base64') : (t) => crypto.createHash('sha256').update(t).digest('base64');

function dirHash(abs: string, names: readonly string[], ignored: IgnoredEntry): string {
  return inputHash(names.filter((n) => !ignored(abs, n)).sort().join('\n'));
}

/** Stats closer than this to the recording are in doubt (coarse clocks, edits during the run): their content decides. */
const DOUBT_MS = 2000;

function statOf(abs: string): fs.Stats | undefined {
  try {
    return fs.statSync(abs);
  } catch {
    return undefined;
  }
}

/** Collects the inputs of one run; `stamps()` takes their stats at the end. */
export class InputRecorder implements InputObserver {
  private readonly seen = new Map<string, { kind: InputKind; hash?: string; stat?: FileStamp }>();

  constructor(private readonly ignored: IgnoredEntry = () => false) {}

  dir(abs: string, names: readonly string[]): void {
    this.note(abs, 'dir', dirHash(abs, names, this.ignored));
  }

  note(abs: string, kind: InputKind, hash?: string, stat?: FileStamp): void {
    // The first read of a path is what the run used (a later read of the same path is the same file).
    if (!this.seen.has(abs)) this.seen.set(abs, { kind, ...(hash === undefined ? {} : { hash }), ...(stat ? { stat } : {}) });
  }

  get size(): number {
    return this.seen.size;
  }

  /** The content hash a path was read with (text and bytes inputs). */
  hashOf(abs: string): string | undefined {
    return this.seen.get(abs)?.hash;
  }

  /**
   * The stamps: each with the stat taken as it was read (or now, for readers that had none); a
   * stat within DOUBT_MS of `startedMs` or later is left out (content decides). A file changed
   * after it was read has a later stat than the one kept: the next run sees the change.
   */
  stamps(startedMs: number): InputStamp[] {
    const out: InputStamp[] = [];
    for (const [p, { kind, hash, stat }] of this.seen) {
      const s: InputStamp = { path: p, kind, ...(hash === undefined ? {} : { hash }) };
      if (kind !== 'absent' && kind !== 'exists') {
        const now = stat ? undefined : statOf(p);
        const st = stat ?? (now && stampOf(now));
        if (st && !inDoubt(st, startedMs)) s.stat = st;
      }
      out.push(s);
    }
    return out;
  }
}

/** What comparing a run's stamps with the disk found. */
export interface InputCheck {
  /** Inputs whose content differs now (or that cannot be told apart from a change). */
  changed: InputStamp[];
  /** Inputs whose stat moved but whose content is the same: how many (stamped anew in `stamps`). */
  restamped: number;
  /** The stamps with those taken anew (a stat in doubt left out). */
  stamps: InputStamp[];
}

/** Compares each stamp with the disk: the stat when it was recorded and is equal, else the content. */
export function checkInputs(stamps: readonly InputStamp[], ignored: IgnoredEntry = () => false): InputCheck {
  const changed: InputStamp[] = [];
  const now = Date.now();
  let restamped = 0;
  const next = stamps.map((s) => {
    const st = statOf(s.path);
    let same: boolean;
    if (s.kind === 'absent') same = st === undefined;
    else if (s.kind === 'exists') same = st !== undefined;
    else if (!st) same = false;
    else if (s.stat && sameStat(s.stat, stampOf(st))) same = true;
    else {
      same = s.kind !== 'size' && s.hash !== undefined && contentHash(s.path, s.kind, ignored) === s.hash;
      if (same) {
        // Stamped anew when the stat can be trusted now; one still in doubt stays as it is.
        const fresh = stampOf(st);
        if (inDoubt(fresh, now)) return s;
        restamped++;
        return { ...s, stat: fresh };
      }
    }
    if (!same) changed.push(s);
    return s;
  });
  return { changed, restamped, stamps: next };
}

/** Whether a stat's modification or change time lies within DOUBT_MS of `now`, or later. */
function inDoubt(st: FileStamp, now: number): boolean {
  return st[1] >= now - DOUBT_MS || st[3] >= now - DOUBT_MS;
}

function sameStat(a: readonly number[], b: readonly number[]): boolean {
  return a[0] === b[0] && a[1] === b[1] && a[2] === b[2] && a[3] === b[3];
}

/** The hash a reader would have reported for the path now; undefined when unreadable. */
function contentHash(abs: string, kind: InputKind, ignored: IgnoredEntry): string | undefined {
  if (kind === 'bytes') return fileSha256(abs);
  if (kind !== 'dir') {
    const text = readText(abs).text;
    return text === undefined ? undefined : inputHash(text);
  }
  try {
    return dirHash(abs, fs.readdirSync(abs), ignored);
  } catch {
    return undefined;
  }
}
