import picomatch from 'picomatch';
import { CONFIG_FILE, loadConfig, type ConfigEnv, type WorkspaceConfig } from './config.js';
import { analyzeControlFile } from './facts/controlFile.js';
import { analyzePolicyFile } from './facts/policyFile.js';
import { analyzeCrosswalkFile } from './facts/crosswalkFile.js';
import type { FileFacts, FileKind } from './facts/types.js';
import { finding, type Finding } from './findings.js';
import { LineIndex } from './text.js';
import { crossFindings, evidencePath } from './checks/crossFile.js';
import type { CoverageStatus, CriterionCounts } from './status.js';
import { CriterionIndex } from './criterionIndex.js';
import { CrosswalkIndex } from './crosswalkIndex.js';
import type { IndexView } from './indexView.js';
import { closest } from './suggest.js';
import { bump, changedOnly, eachOnce, eachSystemNamed, signature, type RefIndex } from './factsDiff.js';

interface FileEntry {
  rel: string;
  text: string;
  facts: FileFacts;
  lines: LineIndex | undefined;
  cross: Finding[] | undefined;
}

/** An entry with every field from the start: one object of its final shape, no property store added later. */
const entry = (rel: string, text: string, facts: FileFacts): FileEntry => ({ rel, text, facts, lines: undefined, cross: undefined });

export type { CriterionCounts } from './status.js';

/**
 * The index of one Attest project: per-file facts plus reverse maps, kept current one
 * file at a time. Every update returns the files whose findings may have changed, so a host
 * re-checks and republishes only those.
 */
export class ProjectIndex implements IndexView {
  config: WorkspaceConfig;
  private configText: string | undefined;
  private readonly files = new Map<string, FileEntry>();
  readonly controlDefs: RefIndex = new Map();
  readonly policyDefs: RefIndex = new Map();
  readonly policyRefs: RefIndex = new Map();
  readonly systemRefs: RefIndex = new Map();
  /** evidence link (project-relative path) -> files of the controls that link to it */
  private readonly evidenceLinks: RefIndex = new Map();
  /** What maps each criterion, per framework (the primary's: criterionControls, criterionPolicies, counts). */
  readonly criteria: CriterionIndex;
  /** Every crosswalk link, from either end. */
  readonly crosswalks = new CrosswalkIndex();
  /** in-scope system -> number of implemented controls naming it (public for crossState.ts) */
  readonly protectedBy = new Map<string, number>();
  private controlMatch: (p: string) => boolean = () => false;
  private policyMatch: (p: string) => boolean = () => false;
  private crosswalkMatch: (p: string) => boolean = () => false;
  /** Bumped whenever the `attest/coverage` answer may differ. */
  coverageVersion = 0;
  /** Bumped when attest.yaml changes: every coverage entry may differ. */
  configEpoch = 0;
  /** Per system: bumped when a file naming it changes what coverage shows of it (criteria: CriterionIndex). */
  private readonly systemStamps = new Map<string, number>();

  constructor(private readonly env: ConfigEnv) {
    this.config = loadConfig(undefined, env);
    this.criteria = new CriterionIndex(this.config);
    this.compileGlobs();
  }

  /** criterion -> files of controls / policies that map it, in the primary framework */
  get criterionControls(): RefIndex {
    return this.criteria.of(this.config.framework).controls;
  }

  get criterionPolicies(): RefIndex {
    return this.criteria.of(this.config.framework).policies;
  }

  get counts(): ReadonlyMap<string, CriterionCounts> {
    return this.criteria.of(this.config.framework).counts;
  }

  /** Which kind of Attest file a workspace-relative path is, if any. */
  kindOf(rel: string): FileKind | undefined {
    if (rel === CONFIG_FILE) return 'config';
    if (this.controlMatch(rel)) return 'control';
    if (this.policyMatch(rel)) return 'policy';
    if (this.crosswalkMatch(rel)) return 'crosswalk';
    return undefined;
  }

  has(rel: string): boolean {
    return this.files.has(rel) || (rel === CONFIG_FILE && this.configText !== undefined);
  }

  rels(): IterableIterator<string> {
    return this.files.keys();
  }

  facts(rel: string): FileFacts | undefined {
    return this.files.get(rel)?.facts;
  }

  text(rel: string): string | undefined {
    return rel === CONFIG_FILE ? this.configText : this.files.get(rel)?.text;
  }

  lineIndex(rel: string): LineIndex | undefined {
    if (rel === CONFIG_FILE) return this.configText === undefined ? undefined : (this.configLines ??= new LineIndex(this.configText));
    const e = this.files.get(rel);
    if (!e) return undefined;
    return (e.lines ??= new LineIndex(e.text));
  }
  private configLines: LineIndex | undefined;
  private configCross: Finding[] | undefined;

  /**
   * Sets attest.yaml (undefined: deleted). Every file's local checks depend on it, so all are
   * re-analysed; returns every path, and whether the file globs changed (the host then rescans).
   */
  setConfig(text: string | undefined): { affected: Set<string>; globsChanged: boolean } {
    const globs = () => JSON.stringify([this.config.controlGlobs, this.config.policyGlobs, this.config.crosswalkGlobs]);
    const before = globs();
    this.configText = text;
    this.configLines = undefined;
    this.config = loadConfig(text, this.env);
    this.compileGlobs();
    const globsChanged = before !== globs();
    const entries = [...this.files.values()];
    for (const e of entries) this.unindex(e.rel, e.facts);
    this.criteria.reset(this.config);
    for (const e of entries) {
      const kind = this.kindOf(e.rel);
      if (!kind || kind === 'config') {
        this.files.delete(e.rel);
        continue;
      }
      e.facts = this.analyze(kind, e.text);
      e.cross = undefined;
      this.index(e.rel, e.facts);
    }
    this.configCross = undefined;
    this.coverageVersion++;
    this.configEpoch++;
    const affected = new Set<string>([CONFIG_FILE, ...entries.map((e) => e.rel)]);
    return { affected, globsChanged };
  }

  /**
   * "Today" moved on (a server left running past midnight): every date judged as of today may
   * differ, so the files are judged again as if attest.yaml had changed. Returns the affected paths.
   */
  setToday(day: number): Set<string> {
    if (this.config.today === day) return new Set();
    this.env.today = day;
    return this.setConfig(this.configText).affected;
  }

  /** Adds or replaces one file; returns the paths whose findings may have changed. */
  setFile(rel: string, text: string): Set<string> {
    if (rel === CONFIG_FILE) return this.setConfig(text).affected;
    const kind = this.kindOf(rel);
    if (!kind) return new Set();
    const old = this.files.get(rel);
    if (old && old.text === text) return new Set();
    const facts = this.analyze(kind, text);
    return this.replace(rel, old?.facts, facts, () => this.files.set(rel, entry(rel, text, facts)));
  }

  /**
   * Bulk loading for a first scan: adds a file that is not yet indexed without working out what it
   * affects (nothing has been published yet). Falls back to setFile for a file already present.
   * `analysed`: the facts of `text` under this configuration, worked out on another thread.
   */
  loadFile(rel: string, text: string, analysed?: FileFacts): void {
    const kind = this.kindOf(rel);
    if (!kind || kind === 'config') return;
    if (this.files.has(rel)) {
      this.setFile(rel, text);
      return;
    }
    const facts = analysed ?? this.analyze(kind, text);
    this.files.set(rel, entry(rel, text, facts));
    this.index(rel, facts);
    this.configCross = undefined;
    this.coverageVersion++;
    this.stampEntries(facts);
  }

  /** A key that changes whenever the coverage entry of this criterion (of `framework`, default the primary) or system may differ. */
  coverageStamp(kind: 'criterion' | 'system', id: string, framework = this.config.framework): string {
    return `${this.configEpoch}:${kind === 'criterion' ? this.criteria.stampOf(framework, id) : (this.systemStamps.get(id) ?? 0)}`;
  }

  private stampEntries(f: FileFacts | undefined): void {
    this.criteria.stamp(f);
    for (const c of f?.controls ?? []) for (const r of c.systems) this.systemStamps.set(r.value, (this.systemStamps.get(r.value) ?? 0) + 1);
  }

  deleteFile(rel: string): Set<string> {
    if (rel === CONFIG_FILE) return this.setConfig(undefined).affected;
    const old = this.files.get(rel);
    if (!old) return new Set();
    const affected = this.replace(rel, old.facts, undefined, () => this.files.delete(rel));
    affected.add(rel);
    return affected;
  }

  /** A file over the size limit: listed with one finding, never parsed. */
  setOversized(rel: string, size: number): Set<string> {
    const kind = this.kindOf(rel);
    if (!kind || kind === 'config') return new Set();
    const old = this.files.get(rel);
    const facts = this.oversized(kind, size);
    return this.replace(rel, old?.facts, facts, () => this.files.set(rel, entry(rel, '', facts)));
  }

  private oversized(kind: FileKind, size: number): FileFacts {
    const message = `This file is ${size} bytes, over the ${this.config.maxFileSize} byte limit (maxFileSize in attest.yaml); it was not checked.`;
    return { kind, controls: [], policies: [], local: [finding('file-too-large', { start: 0, end: 0 }, message)] };
  }

  private analyze(kind: FileKind, text: string): FileFacts {
    if (text.length > this.config.maxFileSize) return this.oversized(kind, text.length);
    if (kind === 'crosswalk') return analyzeCrosswalkFile(text, this.config);
    return kind === 'policy' ? analyzePolicyFile(text, this.config) : analyzeControlFile(text, this.config);
  }

  private replace(rel: string, oldAll: FileFacts | undefined, newAll: FileFacts | undefined, commit: () => void): Set<string> {
    // Only the controls that changed: a register edit reuses the objects of untouched items.
    const [oldFacts, newFacts] = changedOnly(oldAll, newAll);
    const affected = new Set<string>([rel]);
    const named: Array<[string, string]> = []; // (framework, criterion)
    const touchedSystems = new Set<string>();
    for (const f of [oldFacts, newFacts]) {
      if (!f) continue;
      this.criteria.named(f, named);
      for (const c of f.controls) {
        for (const s of c.systems) touchedSystems.add(s.value);
        for (const file of this.controlDefs.get(c.id)?.keys() ?? []) affected.add(file);
      }
      for (const p of f.policies) {
        for (const file of this.policyDefs.get(p.id)?.keys() ?? []) affected.add(file);
        for (const file of this.policyRefs.get(p.id)?.keys() ?? []) affected.add(file);
      }
    }
    const touchedCriteria = new Map<string, [string, string]>();
    for (const fc of named) touchedCriteria.set(`${fc[0]}\u0000${fc[1]}`, fc);
    const statusBefore = new Map<string, CoverageStatus | undefined>();
    for (const [k, [fw, c]] of touchedCriteria) statusBefore.set(k, this.criteria.status(fw, c));
    const namedBefore = this.systemRefs.size > 0; // unprotected-system applies only once controls name systems
    const protectedBefore = new Map<string, boolean>();
    for (const s of touchedSystems) protectedBefore.set(s, (this.protectedBy.get(s) ?? 0) > 0);

    if (oldFacts) this.unindex(rel, oldFacts);
    commit();
    if (newFacts) this.index(rel, newFacts);

    // The new definitions' files too (a duplicate appears) and the new referrers of new policy ids.
    for (const c of newFacts?.controls ?? []) for (const file of this.controlDefs.get(c.id)?.keys() ?? []) affected.add(file);
    for (const p of newFacts?.policies ?? []) {
      for (const file of this.policyDefs.get(p.id)?.keys() ?? []) affected.add(file);
      for (const file of this.policyRefs.get(p.id)?.keys() ?? []) affected.add(file);
    }
    // A policy id appearing or disappearing changes the "did you mean" of every unknown policy reference.
    const policyIds = (f: FileFacts | undefined) => (f?.policies ?? []).map((p) => p.id).sort().join('\n');
    if (policyIds(oldFacts) !== policyIds(newFacts)) {
      for (const [id, files] of this.policyRefs) if (!this.policyDefs.has(id)) for (const file of files.keys()) affected.add(file);
    }
    let configAffected = false;
    for (const [k, [fw, c]] of touchedCriteria) {
      if (statusBefore.get(k) === this.criteria.status(fw, c)) continue;
      configAffected = true;
      for (const file of this.criteria.of(fw).policies.get(c)?.keys() ?? []) affected.add(file);
    }
    for (const s of touchedSystems) if (protectedBefore.get(s) !== (this.protectedBy.get(s) ?? 0) > 0) configAffected = true;
    if (namedBefore !== this.systemRefs.size > 0) configAffected = true;
    if (configAffected) {
      affected.add(CONFIG_FILE);
      this.configCross = undefined;
    }
    for (const file of affected) {
      const e = this.files.get(file);
      if (e) e.cross = undefined;
    }
    if (signature(oldFacts) !== signature(newFacts)) {
      this.coverageVersion++;
      this.stampEntries(oldFacts);
      this.stampEntries(newFacts);
    }
    return affected;
  }

  private index(rel: string, f: FileFacts): void {
    this.indexBy(rel, f, 1);
  }

  private unindex(rel: string, f: FileFacts): void {
    this.indexBy(rel, f, -1);
  }

  private indexBy(rel: string, f: FileFacts, by: 1 | -1): void {
    for (const c of f.controls) {
      bump(this.controlDefs, c.id, rel, by);
      eachOnce(c.evidence, (e) => evidencePath(e.link), (link) => bump(this.evidenceLinks, link, rel, by));
      eachOnce(c.policies, (r) => r.value, (p) => bump(this.policyRefs, p, rel, by));
      eachSystemNamed(c, (s, implemented) => {
        bump(this.systemRefs, s, rel, by);
        if (implemented) this.protectedBy.set(s, (this.protectedBy.get(s) ?? 0) + by);
      });
    }
    for (const p of f.policies) {
      const known = this.policyDefs.has(p.id);
      bump(this.policyDefs, p.id, rel, by);
      if (known !== this.policyDefs.has(p.id)) this.policySuggestions.clear();
    }
    this.criteria.indexBy(rel, f, by);
    if (f.crosswalk) this.crosswalks.indexBy(rel, f.crosswalk, by);
  }

  /** The policy ids closest to an unknown one; kept until a policy id appears or goes. */
  suggestPolicies(id: string): string[] {
    let near = this.policySuggestions.get(id);
    if (!near) {
      if (this.policySuggestions.size >= 1000) this.policySuggestions.clear(); // ids typed one key at a time
      this.policySuggestions.set(id, (near = closest(id, this.policyDefs.keys(), 3)));
    }
    return near;
  }
  private readonly policySuggestions = new Map<string, string[]>();

  linkExists(rel: string): boolean | undefined {
    return this.env.exists?.(rel);
  }

  /** Hashes of linked files, asked of the host once per file until it changes (linkTargetChanged). */
  private readonly hashes = new Map<string, string | undefined>();

  linkHash(rel: string): string | undefined {
    if (!this.env.hash) return undefined;
    if (!this.hashes.has(rel)) this.hashes.set(rel, this.env.hash(rel));
    return this.hashes.get(rel);
  }

  /**
   * A file appeared, changed or went on disk: the controls whose evidence links to it (or, for a
   * deleted folder, into it) are judged again, its hash asked anew. Returns their files.
   */
  linkTargetChanged(rel: string, folder = false): Set<string> {
    const affected = new Set<string>();
    this.hashes.delete(rel);
    for (const f of this.evidenceLinks.get(rel)?.keys() ?? []) affected.add(f);
    if (folder) {
      for (const h of [...this.hashes.keys()]) if (h.startsWith(`${rel}/`)) this.hashes.delete(h);
      for (const [link, files] of this.evidenceLinks) if (link.startsWith(`${rel}/`)) for (const f of files.keys()) affected.add(f);
    }
    for (const f of affected) {
      const e = this.files.get(f);
      if (e) e.cross = undefined;
    }
    return affected;
  }

  /** Coverage status of a criterion (of `framework`, default the primary); undefined when unknown or out of scope. */
  status(criterionId: string, framework = this.config.framework): CoverageStatus | undefined {
    return this.criteria.status(framework, criterionId);
  }

  isProtected(systemId: string): boolean {
    return (this.protectedBy.get(systemId) ?? 0) > 0;
  }

  /** Every finding of a file, local and cross-file, in source order, at the severities `rules:` sets. */
  findings(rel: string): Finding[] {
    if (rel === CONFIG_FILE) {
      if (this.configText === undefined) return [];
      this.configCross ??= crossFindings(this, rel, undefined);
      return this.config.rules.shown([...this.config.findings, ...this.configCross]);
    }
    const e = this.files.get(rel);
    if (!e) return [];
    // A fresh list (callers may change it); most files have no finding or one, which need no sort.
    const all = e.facts.local.concat(this.crossOf(rel));
    return this.config.rules.shown(all);
  }

  /** A file's findings that depend on other files (before the project's rules apply). */
  crossOf(rel: string): Finding[] {
    const e = this.files.get(rel);
    if (!e) return [];
    return (e.cross ??= crossFindings(this, rel, e.facts));
  }

  private compileGlobs(): void {
    const opts = { dot: false };
    this.controlMatch = picomatch(this.config.controlGlobs, opts);
    this.policyMatch = picomatch(this.config.policyGlobs, opts);
    this.crosswalkMatch = picomatch(this.config.crosswalkGlobs, opts);
  }
}
