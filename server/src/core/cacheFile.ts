import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FileFacts, FileKind } from './facts/types.js';

/**
 * The analysis cache (`--cache`, the server's first scan): per project, what was derived from
 * each file (its FileFacts), keyed by the file's kind and content hash, under a key of everything
 * else the analysis read (attest.yaml, the catalog, the day: see projectKey). One file:
 *
 *   line 1   {"format":…,"version":…,"bundle":…,"length":…,"sha256":…}   (JSON)
 *   then     @{"project":…,"key":…}                                      (a project's section)
 *            <kind>:<content hash>\t<FileFacts as JSON>                   (one line per file)
 *
 * The header names the build that wrote it (a rebuilt bundle never reuses old facts) and the
 * length and SHA-256 of the rest, so a truncated, edited or foreign file is ignored whole. Entries
 * stay raw text until a file asks for them: a warm run parses only what it uses, and a save
 * writes the lines of unchanged files back as they were read.
 */
const FORMAT = 'attest-cache/1';

export interface CacheIdentity {
  /** Attest's version. */
  version: string;
  /** Hash of the running bundle (bundleHash). */
  bundle: string;
}

interface Header extends CacheIdentity {
  format: string;
  length: number;
  sha256: string;
}

/** A project's entries: `<kind>:<hash>` -> FileFacts as JSON text. */
type Entries = Map<string, string>;

/** Entries between yields while an asynchronous save turns facts into text. */
const SAVE_SLICE = 500;

/** One project's part of the cache: what the last run left under the same key, and what this run keeps. */
export class ProjectCache {
  /** Raw text as read, or facts to write (turned into text only when saving). */
  private readonly kept = new Map<string, string | FileFacts>();
  /** Entries looked up and found. */
  hits = 0;
  /** Entries kept that the old section did not hold (new or changed files). */
  private added = 0;

  constructor(
    readonly key: string,
    private readonly old: Entries | undefined,
  ) {}

  /** Whether the last run left a section under this key (a cold start has none). */
  get warm(): boolean {
    return this.old !== undefined && this.old.size > 0;
  }

  /** The facts the last run derived from this content, if it left them and they look whole. */
  get(kind: FileKind, hash: string): FileFacts | undefined {
    const k = `${kind}:${hash}`;
    const own = this.kept.get(k);
    if (own !== undefined && typeof own !== 'string') return undefined; // facts of this run: never handed out twice
    const raw = own ?? this.old?.get(k);
    if (raw === undefined) return undefined;
    let facts: unknown;
    try {
      facts = JSON.parse(raw);
    } catch {
      return undefined;
    }
    if (!isFacts(facts, kind)) return undefined;
    this.kept.set(k, raw);
    this.hits++;
    return facts;
  }

  /** Remembers a file's facts for the next run. */
  keep(kind: FileKind, hash: string, facts: FileFacts): void {
    const k = `${kind}:${hash}`;
    if (this.kept.has(k)) return;
    const raw = this.old?.get(k);
    if (raw !== undefined) this.kept.set(k, raw);
    else {
      this.kept.set(k, facts);
      this.added++;
    }
  }

  /** Whether saving would write anything other than what was read. */
  get changed(): boolean {
    return this.added > 0 || this.kept.size !== (this.old?.size ?? 0);
  }

  /** The entry lines, facts turned into text one at a time. */
  *lines(): Generator<string> {
    for (const [k, v] of this.kept) yield `${k}\t${typeof v === 'string' ? v : JSON.stringify(v)}`;
  }
}

function isFacts(x: unknown, kind: FileKind): x is FileFacts {
  const f = x as FileFacts | null;
  return !!f && typeof f === 'object' && f.kind === kind && Array.isArray(f.controls) && Array.isArray(f.policies) && Array.isArray(f.local);
}

/** The cache file of one run: read once when opened (anything wrong with it: an empty cache), saved once at the end. */
export class CacheFile {
  private readonly projects = new Map<string, ProjectCache>();

  private constructor(
    readonly file: string,
    private readonly identity: CacheIdentity,
    private readonly sections: Map<string, { key: string; entries: Entries }>,
    /** Whether the file held a valid cache of this build. */
    readonly valid: boolean,
  ) {}

  /** Opens `file`; a missing, damaged, foreign or old file gives an empty cache. Never throws. */
  static open(file: string, identity: CacheIdentity): CacheFile {
    const sections = read(file, identity);
    return new CacheFile(file, identity, sections ?? new Map(), sections !== undefined);
  }

  /** A project's section; entries left under another key (attest.yaml, the catalog or the day changed) are dropped. */
  project(name: string, key: string): ProjectCache {
    let p = this.projects.get(name);
    if (!p) {
      const s = this.sections.get(name);
      this.projects.set(name, (p = new ProjectCache(key, s && s.key === key ? s.entries : undefined)));
    }
    return p;
  }

  /** Whether saving would write what the file already holds. */
  private unchanged(): boolean {
    return this.valid && this.sections.size === this.projects.size && [...this.projects].every(([name, p]) => this.sections.get(name)?.key === p.key && !p.changed);
  }

  /** Every line of the body, a section header before each project's entries. */
  private *bodyLines(): Generator<string> {
    for (const [name, p] of this.projects) {
      yield `@${JSON.stringify({ project: name, key: p.key })}`;
      yield* p.lines();
    }
  }

  private content(body: string[]): Buffer {
    const bytes = Buffer.from(body.join('\n'), 'utf8');
    const header: Header = { format: FORMAT, ...this.identity, length: bytes.length, sha256: sha256(bytes) };
    return Buffer.concat([Buffer.from(`${JSON.stringify(header)}\n`, 'utf8'), bytes]);
  }

  /**
   * Writes the projects of this run (temp file, then rename: a reader never sees half a file),
   * unless it would write what is already there. Never throws: a cache that cannot be written
   * is simply not there next time. Returns whether it wrote.
   */
  save(): boolean {
    if (this.unchanged()) return false;
    return writeAtomic(this.file, this.content([...this.bodyLines()]));
  }

  /** save() for a server: facts are turned into text a slice at a time, yielding in between. */
  async saveSoon(): Promise<boolean> {
    if (this.unchanged()) return false;
    const body: string[] = [];
    for (const line of this.bodyLines()) if (body.push(line) % SAVE_SLICE === 0) await new Promise((r) => setImmediate(r));
    return writeAtomic(this.file, this.content(body));
  }
}

function writeAtomic(file: string, data: Buffer): boolean {
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(tmp, data);
    fs.renameSync(tmp, file);
    return true;
  } catch {
    try {
      fs.rmSync(tmp, { force: true });
    } catch {
      /* nothing to clean */
    }
    return false;
  }
}

function sha256(b: Buffer): string {
  return createHash('sha256').update(b).digest('base64');
}

/** The sections of a valid cache of this build, or undefined. */
function read(file: string, identity: CacheIdentity): Map<string, { key: string; entries: Entries }> | undefined {
  let buf: Buffer;
  try {
    buf = fs.readFileSync(file);
  } catch {
    return undefined;
  }
  const nl = buf.indexOf(10);
  if (nl < 0 || nl > 4096) return undefined;
  let header: Partial<Header>;
  try {
    header = JSON.parse(buf.toString('utf8', 0, nl)) as Partial<Header>;
  } catch {
    return undefined;
  }
  if (!header || header.format !== FORMAT || header.version !== identity.version || header.bundle !== identity.bundle) return undefined;
  const body = buf.subarray(nl + 1);
  if (header.length !== body.length || header.sha256 !== sha256(body)) return undefined;
  const sections = new Map<string, { key: string; entries: Entries }>();
  let current: Entries | undefined;
  for (const line of body.toString('utf8').split('\n')) {
    if (!line) continue;
    if (line.startsWith('@')) {
      let s: { project?: unknown; key?: unknown };
      try {
        s = JSON.parse(line.slice(1)) as typeof s;
      } catch {
        return undefined;
      }
      if (typeof s?.project !== 'string' || typeof s.key !== 'string') return undefined;
      sections.set(s.project, { key: s.key, entries: (current = new Map()) });
      continue;
    }
    const tab = line.indexOf('\t');
    if (!current || tab < 0) return undefined;
    current.set(line.slice(0, tab), line.slice(tab + 1));
  }
  return sections;
}
