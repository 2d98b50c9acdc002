import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { CONFIG_FILE, insideExists, insideHash, insideReader, loadFiles, readText, readWithin, scanFiles, seedItemCache, today, ProjectIndex, type Finding, type LoadStats } from '../core/index.js';
import { collectGarbage } from './memory.js';
import { ProjectCoverage } from './projectCoverage.js';
import { openScanCache, saveScanCacheSoon } from './scanCache.js';
import { loadFilesCached, projectKey } from '../core/cacheLoad.js';
import { DEFAULT_SETTINGS, type Settings } from './settings.js';

/** Files parsed between forced collections during a first scan (see collectGarbage). */
const GC_EVERY_FILES = 5_000;

/** What the editor has open: its text wins over the disk. */
export interface OpenDocuments {
  text(rel: string): string | undefined;
  /** Project-relative paths of the open documents of this project (unsaved ones exist only here). */
  rels(): string[];
}

/**
 * One Attest project (a folder with attest.yaml, or a workspace folder without one): its index,
 * read from disk and from open documents, and its settings. Files of nested projects are theirs.
 */
export class Project {
  readonly root: string;
  readonly uri: string;
  ws: ProjectIndex;
  settings: Settings = DEFAULT_SETTINGS;
  /** Resolves once the initial scan of this project is complete. */
  ready: Promise<void>;
  private resolveReady!: () => void;
  scanned = false;
  /** Whether the index holds this project's attest.yaml yet (a scan reads it first). */
  configured = false;
  readonly coverage = new ProjectCoverage(this);
  private rootHref: string;
  /** What the last completed scan did: files, time, and how many the second thread analysed. */
  lastScan: (LoadStats & { files: number; ms: number }) | undefined;
  /** Paths changed on disk during each running scan: the copies read before then are stale. */
  private readonly scanChanges = new Set<Set<string>>();

  /**
   * @param workspaceFolder the workspace folder URI it was found in (none: adopted from an open file)
   * @param skip folders of nested projects, relative to the root
   */
  constructor(
    uri: string,
    readonly workspaceFolder: string | undefined,
    public skip: string[] = [],
  ) {
    this.root = fileURLToPath(uri);
    this.rootHref = pathToFileURL(this.root).href.replace(/\/$/, '');
    this.uri = this.rootHref;
    this.ws = this.freshIndex();
    // Name and framework are known at once (attest/projects); the scan reads it again, open copy first.
    const cfg = this.readConfigFromDisk();
    if (cfg !== undefined) this.ws.setConfig(cfg);
    this.ready = new Promise((r) => (this.resolveReady = r));
  }

  /** `organization` from attest.yaml, else its path from the workspace folder ('.' for the folder itself). */
  get name(): string {
    if (this.ws.config.organization) return this.ws.config.organization;
    if (!this.workspaceFolder) return path.basename(this.root);
    const rel = path.relative(fileURLToPath(this.workspaceFolder), this.root).split(path.sep).join('/');
    return rel || '.';
  }

  private freshIndex(): ProjectIndex {
    return new ProjectIndex({ readFile: insideReader(this.root), exists: insideExists(this.root), hash: insideHash(this.root), today: today() });
  }

  rel(uri: string): string | undefined {
    const p = filePathOf(uri);
    if (p === undefined) return undefined;
    const r = path.relative(this.root, p);
    if (!r || r.startsWith('..') || path.isAbsolute(r)) return undefined;
    return r.split(path.sep).join('/');
  }

  uriOf(rel: string): string {
    // Plain paths need no escaping: skip the URL parser (hot: every publish and coverage entry).
    if (/^[\w.-]+(\/[\w.-]+)*$/.test(rel) && path.posix.normalize(rel) === rel) return `${this.rootHref}/${rel}`;
    return pathToFileURL(path.join(this.root, rel)).href;
  }

  /**
   * Reads every Attest file from disk; open documents win over disk and are indexed first, so
   * `openIndexed` can show their own findings before the rest is read. Yields between chunks so
   * requests and edits are served during a long scan.
   */
  async scan(open: OpenDocuments, progress?: (done: number, total: number) => void, openIndexed?: (rels: string[]) => void): Promise<void> {
    try {
      await this.scanFiles(open, progress, openIndexed);
    } finally {
      // Even a failed scan must not leave attest/coverage waiting forever.
      this.scanned = true;
      this.resolveReady();
    }
  }

  private async scanFiles(open: OpenDocuments, progress?: (done: number, total: number) => void, openIndexed?: (rels: string[]) => void): Promise<void> {
    const t0 = performance.now();
    const cfgText = open.text(CONFIG_FILE) ?? this.readConfigFromDisk();
    const ws = (this.ws = this.freshIndex());
    if (cfgText !== undefined) ws.setConfig(cfgText);
    this.configured = true;
    const first: string[] = [];
    for (const rel of open.rels()) {
      const text = open.text(rel);
      if (text !== undefined && ws.kindOf(rel) && rel !== CONFIG_FILE) {
        ws.setFile(rel, text);
        first.push(rel);
      }
    }
    if (first.length) {
      openIndexed?.(first);
      // Let their diagnostics go out now, before the folder walk and the first batch of files.
      await new Promise((r) => setImmediate(r));
    }
    const { files } = scanFiles(this.root, [...ws.config.controlGlobs, ...ws.config.policyGlobs, ...ws.config.crosswalkGlobs], undefined, this.skip);
    const changed = new Set<string>();
    this.scanChanges.add(changed);
    let done = 0;
    let parsed = 0;
    let stats: LoadStats & { read?: string };
    // Facts of files unchanged since the last scan come from the cache (see scanCache.ts).
    const cache = openScanCache(this.root);
    const key = projectKey(this.root, cfgText, ws.config);
    const cached = cache?.project('.', key);
    const day = ws.config.today;
    try {
      const load: Parameters<typeof loadFiles>[0] = {
        root: this.root,
        ws,
        configText: cfgText,
        files,
        threads: 'none',
        commit: (f) => {
          const text = open.text(f.rel);
          // Read ahead (maybe by the worker): the editor's text wins, and a file touched since,
          // or a new attest.yaml, means reading it now, as a one-thread scan would.
          if (text !== undefined || this.ws !== ws || ws.has(f.rel) || (changed.size > 0 && changedUnder(changed, f.rel))) this.indexFile(f.rel, text, true);
          else if (f.text !== undefined) {
            ws.loadFile(f.rel, f.text, f.facts);
            // A register's facts from the cache: its items' results too, for cheap edits later.
            if (f.facts) seedItemCache(f.text, f.facts, ws.config);
          }
          else if (f.size !== undefined) ws.setOversized(f.rel, f.size);
          if (++done % 500 === 0) progress?.(done, files.length);
          // Only parsing leaves the garbage these collections are for: facts from the cache do not
          // (at 50,000 cached files, forced collections were a sixth of a warm start).
          if (!f.facts && ++parsed % GC_EVERY_FILES === 0) collectGarbage();
        },
      };
      stats = cached ? await loadFilesCached({ ...load, cache: cached }) : await loadFiles(load);
    } catch (e) {
      cache?.close();
      throw e;
    } finally {
      this.scanChanges.delete(changed);
    }
    // Open documents that appeared meanwhile (new, unsaved files) belong to the index too.
    for (const rel of open.rels()) {
      const text = open.text(rel);
      if (text !== undefined && !this.ws.has(rel) && this.ws.kindOf(rel)) this.ws.setFile(rel, text);
    }
    progress?.(files.length, files.length);
    // Once at the end, cached or not: without it a warm start at 50,000 files peaked 13 MB higher.
    if (files.length >= GC_EVERY_FILES) collectGarbage();
    const { read, ...rest } = stats;
    this.lastScan = { ...rest, files: files.length, ms: Math.round(performance.now() - t0) };
    if (cache && this.ws === ws) {
      // A coverage answer depends on nothing but the project key and what was read: while the index
      // holds just that, the answer the last start stored for the same may be given again.
      if (read && this.holdsWhatWasRead(open, files, cfgText, day, changed)) this.coverage.reuse(cache.file, `${key} ${read}`, ws);
      saveScanCacheSoon(cache, () => this.coverage.toStore(ws));
    } else cache?.close(); // a newer scan took over: it has its own
  }

  /**
   * After a scan: whether nothing reached the index but what it read from disk. No file changed on
   * disk meanwhile, attest.yaml is still the text it started from, the day the one it started on,
   * and every open document of the project is a scanned file whose text is the disk's (the
   * editor's text, during a scan or before it, goes to the index).
   */
  private holdsWhatWasRead(open: OpenDocuments, files: string[], cfgText: string | undefined, day: number, changed: Set<string>): boolean {
    if (changed.size > 0 || this.ws.config.today !== day || (open.text(CONFIG_FILE) ?? this.readConfigFromDisk()) !== cfgText) return false;
    const scanned = new Set(files);
    return open.rels().every((rel) => rel === CONFIG_FILE || !this.ws.kindOf(rel) || (scanned.has(rel) && open.text(rel) === readText(path.join(this.root, rel)).text));
  }

  /** A file (or folder) changed or deleted on disk: a running scan must not index what it read of it before. */
  noteDiskChange(rel: string): void {
    for (const s of this.scanChanges) s.add(rel);
  }

  /** Whether a project-relative path lies in a nested project (whose files are not this one's). */
  inNested(rel: string): boolean {
    return this.skip.some((s) => rel === s || rel.startsWith(`${s}/`));
  }

  /** (Re)indexes a file from `text` (an open editor) or, without it, from disk; returns affected paths. */
  indexFile(rel: string, text?: string, bulk = false): Set<string> {
    if (text !== undefined) return this.ws.setFile(rel, text);
    const r = readWithin(path.join(this.root, rel), this.ws.config.maxFileSize);
    if (r.text === undefined && r.size !== undefined) return this.ws.setOversized(rel, r.size);
    const read = r.text;
    if (read === undefined) return this.ws.deleteFile(rel);
    if (bulk) {
      this.ws.loadFile(rel, read);
      return new Set();
    }
    return this.ws.setFile(rel, read);
  }

  /** A project file's text: the index's copy when it has one, else the disk. */
  readText(rel: string): string | undefined {
    return this.ws.text(rel) ?? readText(path.join(this.root, rel)).text;
  }

  readConfigFromDisk(): string | undefined {
    return readText(path.join(this.root, CONFIG_FILE)).text;
  }

  findings(rel: string): Finding[] {
    return this.ws.findings(rel);
  }
}

/** The file path of a `file:` URI; undefined for other schemes and malformed URIs. */
export function filePathOf(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

function changedUnder(changed: Set<string>, rel: string): boolean {
  if (changed.has(rel)) return true;
  for (const c of changed) if (rel.startsWith(`${c}/`)) return true;
  return false;
}
