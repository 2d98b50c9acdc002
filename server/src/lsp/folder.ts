import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { buildCoverage, CONFIG_FILE, coverageMemo, coveragePayload, refreshCoverageMemo, insideExists, insideReader, loadFiles, readText, readWithin, scanFiles, today, Workspace, type CoverageMemo, type CoverageModel, type Finding, type LoadStats } from '../core/index.js';
import { collectGarbage } from './memory.js';
import { DEFAULT_SETTINGS, type Settings } from './settings.js';

/** Files indexed between forced collections during a first scan (see collectGarbage). */
const GC_EVERY_FILES = 5_000;
/** Longest stretch of coverage building before edits queued behind it are served. */
const COVERAGE_SLICE_MS = 10;

/** One workspace folder: its own attest.yaml, index and settings. */
export class Folder {
  readonly root: string;
  ws: Workspace;
  settings: Settings = DEFAULT_SETTINGS;
  /** Resolves once the initial scan of this folder is complete. */
  ready: Promise<void>;
  private resolveReady!: () => void;
  scanned = false;
  private coverageCache: { version: number; ws: Workspace; model: CoverageModel; payloads: Map<number, unknown> } | undefined;
  private coverageEntries: { ws: Workspace; memo: CoverageMemo; converted: WeakMap<object, Map<number, unknown>> } | undefined;
  private rootHref: string;
  /** What the last completed scan did: files, time, and how many the second thread analysed. */
  lastScan: (LoadStats & { files: number; ms: number }) | undefined;
  /** Paths changed on disk during each running scan: the copies read before then are stale. */
  private readonly scanChanges = new Set<Set<string>>();

  constructor(readonly uri: string) {
    this.root = fileURLToPath(uri);
    this.ws = new Workspace({ readFile: insideReader(this.root), exists: insideExists(this.root), today: today() });
    this.ready = new Promise((r) => (this.resolveReady = r));
    this.rootHref = pathToFileURL(this.root).href.replace(/\/$/, '');
  }

  /** The coverage model, rebuilt only where the index changed since the last answer. */
  coverage(): CoverageModel {
    const ws = this.ws;
    if (this.coverageCurrent()) return this.coverageCache!.model;
    const model = buildCoverage(ws, this.entriesFor(ws).memo);
    this.coverageCache = { version: ws.coverageVersion, ws, model, payloads: new Map() };
    return model;
  }

  private coverageCurrent(): boolean {
    return this.coverageCache?.version === this.ws.coverageVersion && this.coverageCache.ws === this.ws;
  }

  /** The memoized coverage entries of this index (a rescan starts afresh). */
  private entriesFor(ws: Workspace): NonNullable<Folder['coverageEntries']> {
    if (this.coverageEntries?.ws !== ws) this.coverageEntries = { ws, memo: coverageMemo(), converted: new WeakMap() };
    return this.coverageEntries;
  }

  /**
   * The `attest/coverage` answer, built one criterion at a time between turns of the event loop:
   * after an edit that touched most criteria (a register edit), rebuilding them takes a second at
   * 50k files, and keystrokes must not wait behind it.
   */
  async coveragePayloadSoon(limit?: number): Promise<unknown> {
    while (!this.coverageCurrent()) {
      const ws = this.ws;
      let slice = performance.now();
      for (const _ of refreshCoverageMemo(ws, this.entriesFor(ws).memo)) {
        if (performance.now() - slice < COVERAGE_SLICE_MS) continue;
        await new Promise((r) => setImmediate(r));
        slice = performance.now();
        if (this.ws !== ws) break; // rescanned meanwhile: start over on the new index
      }
      if (this.ws === ws) break;
    }
    // Entries touched by edits served meanwhile are rebuilt here; the rest are memo hits.
    return this.coveragePayload(limit);
  }

  /** The `attest/coverage` answer; repeated requests between changes (views, status bar) cost nothing. */
  coveragePayload(limit?: number): unknown {
    const model = this.coverage();
    const key = limit ?? -1;
    let out = this.coverageCache!.payloads.get(key);
    if (out === undefined) {
      out = coveragePayload(this.ws, model, (rel) => this.uriOf(rel), { ...(limit !== undefined ? { limit } : {}), memo: this.entriesFor(this.ws).converted });
      this.coverageCache!.payloads.set(key, out);
    }
    return out;
  }

  rel(uri: string): string | undefined {
    if (!uri.startsWith('file:')) return undefined;
    let p: string;
    try {
      p = fileURLToPath(uri);
    } catch {
      return undefined;
    }
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
   * Reads every Attest file from disk; `openText` gives the editor's text for open files, which
   * wins over disk. Yields between chunks so requests and edits are served during a long scan.
   */
  async scan(openText: (rel: string) => string | undefined, progress?: (done: number, total: number) => void, openRels: () => string[] = () => []): Promise<void> {
    try {
      await this.scanFiles(openText, progress, openRels);
    } finally {
      // Even a failed scan must not leave attest/coverage waiting forever.
      this.scanned = true;
      this.resolveReady();
    }
  }

  private async scanFiles(openText: (rel: string) => string | undefined, progress?: (done: number, total: number) => void, openRels: () => string[] = () => []): Promise<void> {
    const t0 = performance.now();
    const cfgText = openText(CONFIG_FILE) ?? readText(path.join(this.root, CONFIG_FILE)).text;
    const ws = (this.ws = new Workspace({ readFile: insideReader(this.root), exists: insideExists(this.root), today: today() }));
    if (cfgText !== undefined) ws.setConfig(cfgText);
    const { files } = scanFiles(this.root, [...ws.config.controlGlobs, ...ws.config.policyGlobs]);
    const changed = new Set<string>();
    this.scanChanges.add(changed);
    let done = 0;
    let stats: LoadStats;
    try {
      stats = await loadFiles({
        root: this.root,
        ws,
        configText: cfgText,
        files,
        commit: (f) => {
          const open = openText(f.rel);
          // Read ahead (maybe by the worker): the editor's text wins, and a file touched since,
          // or a new attest.yaml, means reading it now, as a one-thread scan would.
          if (open !== undefined || this.ws !== ws || ws.has(f.rel) || (changed.size > 0 && changedUnder(changed, f.rel))) this.loadFromDisk(f.rel, open, true);
          else if (f.text !== undefined) ws.loadFile(f.rel, f.text, f.facts);
          else if (f.size !== undefined) ws.setOversized(f.rel, f.size);
          if (++done % 500 === 0) progress?.(done, files.length);
          if (done % GC_EVERY_FILES === 0) collectGarbage();
        },
      });
    } finally {
      this.scanChanges.delete(changed);
    }
    // Open documents that are not on disk (new, unsaved files) belong to the index too.
    for (const rel of openRels()) {
      const text = openText(rel);
      if (text !== undefined && !this.ws.has(rel) && this.ws.kindOf(rel)) this.ws.setFile(rel, text);
    }
    progress?.(files.length, files.length);
    if (files.length >= GC_EVERY_FILES) collectGarbage();
    this.lastScan = { ...stats, files: files.length, ms: Math.round(performance.now() - t0) };
  }

  /** A file (or folder) changed or deleted on disk: a running scan must not index what it read of it before. */
  noteDiskChange(rel: string): void {
    for (const s of this.scanChanges) s.add(rel);
  }

  /** Puts a file into the index from `text` (an open editor) or from disk; returns affected paths. */
  loadFromDisk(rel: string, text?: string, bulk = false): Set<string> {
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

  /** A workspace file's text: the index's copy when it has one, else the disk. */
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

function changedUnder(changed: Set<string>, rel: string): boolean {
  if (changed.has(rel)) return true;
  for (const c of changed) if (rel.startsWith(`${c}/`)) return true;
  return false;
}
