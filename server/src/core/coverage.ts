import type { IndexView } from './indexView.js';
import type { Span } from './text.js';
import { evidenceStatus, type EvidenceStatus } from './checks/evidence.js';
import { sortByIds } from './suggest.js';
import { refsIn, type FrameworkConfig } from './frameworks.js';
import type { WorkspaceConfig } from './config.js';
import type { ControlFact } from './facts/types.js';

export { STATUSES, statusOf, type CoverageStatus, type CriterionCounts } from './status.js';
import type { CoverageStatus } from './status.js';

export interface Located {
  id: string;
  title: string;
  rel: string;
  span: Span;
}

export interface CoverageControl extends Located {
  status: string;
  evidence: EvidenceStatus;
}

export interface CoverageCriterion {
  id: string;
  title: string;
  status?: CoverageStatus;
  controls: CoverageControl[];
  policies: Located[];
  reason?: string;
  /** Covered, but no covering control has current evidence (Type II). */
  evidenceGap?: boolean;
}

export interface CoverageCategory {
  id: string;
  title: string;
  inScope: boolean;
  criteria: CoverageCriterion[];
}

export type Totals = { inScope: number; covered: number; planned: number; policyOnly: number; uncovered: number; excluded: number };

export interface CoverageModel {
  /** The primary framework: totals and categories are its. */
  framework: string;
  report: 'type1' | 'type2';
  period?: { start: string; end: string };
  totals: Totals;
  categories: CoverageCategory[];
  systems?: Array<{ id: string; name: string; kind?: string; scope: 'in' | 'out'; owner?: string; controls: SystemControl[] }>;
  /**
   * With `frameworks:` in attest.yaml: each framework's coverage in that order (the primary's is
   * the model's own). Built on first read, so output that shows the primary framework alone
   * (`attest check` as text) never pays for the others; read it before the index changes.
   */
  frameworks?: FrameworkCoverage[];
}

export interface FrameworkCoverage {
  id: string;
  title: string;
  totals: Totals;
  categories: CoverageCategory[];
}

export interface SystemControl extends Located {
  status: string;
}

/**
 * Entries reused between builds while their criterion (or system) is unchanged, so the answer
 * after an edit costs what the edit touched, not the whole workspace. One memo per ProjectIndex.
 */
export interface CoverageMemo {
  criteria: Map<string, { stamp: string; entry: CoverageCriterion }>;
  systems: Map<string, { stamp: string; entry: CoverageSystem }>;
}

export function coverageMemo(): CoverageMemo {
  return { criteria: new Map(), systems: new Map() };
}

export type CoverageSystem = NonNullable<CoverageModel['systems']>[number];

/** The whole coverage answer, built from the index (cost grows with mappings, not with files). */
export function buildCoverage(ws: IndexView, memo?: CoverageMemo): CoverageModel {
  const cfg = ws.config;
  const primary = frameworkCoverage(ws, cfg.frameworks[0]!, memo);
  const model: CoverageModel = { framework: cfg.framework, report: cfg.report, totals: primary.totals, categories: primary.categories };
  if (cfg.period) model.period = { start: day(cfg.period.start), end: day(cfg.period.end) };
  if (cfg.systems) model.systems = [...cfg.systems.keys()].map((id) => systemOf(ws, memo, id));
  if (cfg.frameworksListed) {
    let all: FrameworkCoverage[] | undefined;
    const build = () => (all ??= cfg.frameworks.map((fw, i) => (i === 0 ? primary : frameworkCoverage(ws, fw, memo))));
    Object.defineProperty(model, 'frameworks', { enumerable: true, configurable: true, get: build });
  }
  return model;
}

/** One framework's categories and totals. */
function frameworkCoverage(ws: IndexView, fw: FrameworkConfig, memo: CoverageMemo | undefined): FrameworkCoverage {
  const categories: CoverageCategory[] = [];
  for (const cat of fw.catalog.categories) {
    const inScope = fw.inScope.has(cat.id);
    categories.push({ id: cat.id, title: cat.title, inScope, criteria: cat.criteria.map((id) => criterionOf(ws, memo, fw, id, inScope)) });
  }
  return { id: fw.id, title: fw.catalog.title, totals: coverageTotals(ws, fw), categories };
}

/** How many in-scope criteria of a framework (the primary one by default) have each status: what a summary line needs, without the lists. */
export function coverageTotals(ws: Pick<IndexView, 'config' | 'status'>, fw: FrameworkConfig = ws.config.frameworks[0]!): Totals {
  const totals: Totals = { inScope: 0, covered: 0, planned: 0, policyOnly: 0, uncovered: 0, excluded: 0 };
  for (const cat of fw.catalog.categories) {
    if (!fw.inScope.has(cat.id)) continue;
    for (const id of cat.criteria) {
      const status = ws.status(id, fw.id);
      if (!status) continue;
      totals.inScope++;
      if (status === 'policy-only') totals.policyOnly++;
      else totals[status]++;
    }
  }
  return totals;
}

/** The model of one framework alone (`attest coverage --framework`); undefined when the project has no such framework. */
export function coverageOfFramework(model: CoverageModel, framework: string): CoverageModel | undefined {
  const { frameworks, ...rest } = model;
  if (framework === model.framework) return rest;
  const fw = frameworks?.find((f) => f.id === framework);
  return fw && { ...rest, framework: fw.id, totals: fw.totals, categories: fw.categories };
}

/**
 * Brings the memo's entries up to date one at a time, pausing after each: a host that must stay
 * responsive serves other work between them, then `buildCoverage` finds them current.
 */
export function* refreshCoverageMemo(ws: IndexView, memo: CoverageMemo): Generator<void> {
  const cfg = ws.config;
  for (const fw of cfg.frameworksListed ? cfg.frameworks : cfg.frameworks.slice(0, 1)) {
    for (const cat of fw.catalog.categories) {
      const inScope = fw.inScope.has(cat.id);
      for (const id of cat.criteria) {
        criterionOf(ws, memo, fw, id, inScope);
        yield;
      }
    }
  }
  for (const id of cfg.systems?.keys() ?? []) {
    systemOf(ws, memo, id);
    yield;
  }
}

/** One criterion of a framework's catalog as coverage shows it (its mappers sorted by id), from `memo` while current; undefined for an id the catalog lacks. */
export function coverageCriterion(ws: IndexView, memo: CoverageMemo | undefined, fw: FrameworkConfig, id: string): CoverageCriterion | undefined {
  const c = fw.catalog.get(id);
  return c && criterionOf(ws, memo, fw, id, fw.inScope.has(c.category));
}

function criterionOf(ws: IndexView, memo: CoverageMemo | undefined, fw: FrameworkConfig, id: string, inScope: boolean): CoverageCriterion {
  return memoized(memo?.criteria, `${fw.id}\u0000${id}`, ws.coverageStamp('criterion', id, fw.id), () => criterionEntry(ws, fw, id, inScope));
}

function systemOf(ws: IndexView, memo: CoverageMemo | undefined, id: string): CoverageSystem {
  return memoized(memo?.systems, id, ws.coverageStamp('system', id), () => systemEntry(ws, id));
}

function memoized<T>(memo: Map<string, { stamp: string; entry: T }> | undefined, key: string, stamp: string, build: () => T): T {
  const hit = memo?.get(key);
  if (hit && hit.stamp === stamp) return hit.entry;
  const entry = build();
  memo?.set(key, { stamp, entry });
  return entry;
}

/** One criterion of a framework: its status and every control and policy mapping it, by id. */
function criterionEntry(ws: IndexView, fw: FrameworkConfig, id: string, inScope: boolean): CoverageCriterion {
  const cfg = ws.config;
  const maps = ws.criteria.of(fw.id);
  const entry: CoverageCriterion = { id, title: fw.catalog.get(id)!.title, controls: [], policies: [] };
  for (const [rel, mapping] of maps.controls.get(id) ?? []) {
    // The index counts the controls of each file that map the criterion: a register is scanned
    // only until all of them are found.
    let left = mapping;
    const controls = ws.facts(rel)?.controls ?? [];
    const all = controls.length === mapping; // every control of the file maps it: no need to look
    for (const c of controls) {
      if (left === 0) break;
      if (all || (c.status !== 'retired' && refsIn(c, fw.id, cfg.framework).some((r) => r.value === id))) {
        entry.controls.push(listedControl(c, rel, cfg));
        left--;
      }
    }
  }
  for (const rel of maps.policies.get(id)?.keys() ?? []) {
    for (const p of ws.facts(rel)?.policies ?? []) {
      if (p.status !== 'retired' && refsIn(p, fw.id, cfg.framework).some((r) => r.value === id)) entry.policies.push({ id: p.id, title: p.title, rel, span: p.idSpan });
    }
  }
  sortByIds(entry.controls);
  sortByIds(entry.policies);
  if (!inScope) return entry;
  const status = ws.status(id, fw.id)!;
  entry.status = status;
  const ex = fw.exclusions.get(id);
  if (status === 'excluded' && ex?.reason) entry.reason = ex.reason;
  if (status === 'covered' && cfg.report === 'type2') {
    const implemented = entry.controls.filter((c) => c.status === 'implemented');
    if (implemented.length && implemented.every((c) => c.evidence === 'missing' || c.evidence === 'stale')) entry.evidenceGap = true;
  }
  return entry;
}

/**
 * A control as a criterion's entry lists it: one object per control (and configuration, which
 * its evidence status depends on), shared by every criterion it maps. An edit rebuilds the entries
 * of the criteria it touches (thousands of controls each at 50,000 files) without new objects for
 * the controls it did not change: before, those were most of an editing session's garbage.
 */
const listedMemo = new WeakMap<WorkspaceConfig, WeakMap<ControlFact, CoverageControl>>();

function listedControl(c: ControlFact, rel: string, cfg: WorkspaceConfig): CoverageControl {
  let byControl = listedMemo.get(cfg);
  if (!byControl) listedMemo.set(cfg, (byControl = new WeakMap()));
  let x = byControl.get(c);
  if (!x || x.rel !== rel) byControl.set(c, (x = { id: c.id, title: c.title, rel, span: c.idSpan, status: c.status, evidence: evidenceOf(c, cfg) }));
  return x;
}

/** A control as a system's entry lists it: one object per control, as for criteria (systemEntry). */
const namingMemo = new WeakMap<ControlFact, SystemControl>();

function namingControl(c: ControlFact, rel: string): SystemControl {
  let x = namingMemo.get(c);
  if (!x || x.rel !== rel) namingMemo.set(c, (x = { id: c.id, title: c.title, rel, span: c.idSpan, status: c.status }));
  return x;
}

/** Evidence statuses by control, per configuration: a control mapping several criteria (of several frameworks) is judged once. */
const evidenceMemo = new WeakMap<WorkspaceConfig, WeakMap<ControlFact, EvidenceStatus>>();

function evidenceOf(c: ControlFact, cfg: WorkspaceConfig): EvidenceStatus {
  let byControl = evidenceMemo.get(cfg);
  if (!byControl) evidenceMemo.set(cfg, (byControl = new WeakMap()));
  let st = byControl.get(c);
  if (st === undefined) byControl.set(c, (st = evidenceStatus(c, cfg)));
  return st;
}

/** One inventory system and every control naming it, by id. */
function systemEntry(ws: IndexView, id: string): CoverageSystem {
  const s = ws.config.systems!.get(id)!;
  const controls: SystemControl[] = [];
  for (const [rel, naming] of ws.systemRefs.get(id) ?? []) {
    // The index counts the controls of each file naming the system: a register is scanned only
    // until all of them are found.
    let left = naming;
    for (const c of ws.facts(rel)?.controls ?? []) {
      if (left === 0) break;
      if (c.systems.some((r) => r.value === id)) {
        controls.push(namingControl(c, rel));
        left--;
      }
    }
  }
  sortByIds(controls);
  const sys: CoverageSystem = { id: s.entry.id, name: s.entry.name, scope: s.inScope ? 'in' : 'out', controls };
  if (s.entry.kind) sys.kind = s.entry.kind;
  if (s.entry.owner) sys.owner = s.entry.owner;
  return sys;
}

function day(d: number): string {
  return new Date(d * 86_400_000).toISOString().slice(0, 10);
}
