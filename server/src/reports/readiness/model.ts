import * as path from 'node:path';
import { compareIds, FREQUENCY_DAYS, formatDay, frameworkLabel, refsIn, type CoverageModel, type FrameworkConfig, type FrameworkCoverage, type PlanItem } from '../../core/index.js';
import { fromFolder, rootOf, several, type FolderReport, type ProjectReport } from '../reportModel.js';
import { evidenceRow, type EvidenceRow } from './evidence.js';

/**
 * What the readiness report says about one project, format-free: the HTML and Markdown renderers
 * print exactly this, so both carry the same content. Built on the project's coverage model and
 * plan (reportModel.ts), the ones the editor's tree and status bar show.
 */

/** The contract's section headings, in their order ("Readiness report"). */
export const SECTIONS = ['Scope', 'Coverage', 'Controls', 'Evidence', 'Policies', 'Systems', 'Exclusions', 'Remediation plan', 'Files with errors'] as const;
export type SectionName = (typeof SECTIONS)[number];

export interface ControlRow {
  id: string;
  title: string;
  owner: string | null;
  status: string;
  retired: boolean;
  frequency: string | null;
  criteria: string[];
  /** The ids it maps in each other framework of the project, in attest.yaml's order (empty ones left out). */
  otherCriteria: Array<{ framework: string; ids: string[] }>;
  policies: string[];
  systems: string[];
  /** The newest evidence date recorded, whatever the period. */
  latestEvidence: string | null;
}

export interface PolicyRow {
  id: string;
  title: string;
  owner: string | null;
  status: string;
  version: string | null;
  approved: string | null;
  review: string | null;
  nextReview: string | null;
  /** As the plan judges it (policy-review items). */
  overdue: boolean;
  criteria: string[];
  otherCriteria: Array<{ framework: string; ids: string[] }>;
}

export interface SystemRow {
  id: string;
  name: string;
  kind: string | null;
  owner: string | null;
  scope: 'in' | 'out';
  reason: string | null;
  controls: string[];
  /** In scope, and the plan lists it: no implemented control names it. */
  unprotected: boolean;
}

export interface ExclusionRow {
  id: string;
  title: string;
  /** Null when the entry has no reason: then the criterion is not excluded (exclusion-without-reason). */
  reason: string | null;
}

/** A framework of the project after the primary one (`frameworks:` in attest.yaml). */
export interface OtherFramework {
  id: string;
  /** Its display name: `ISO/IEC 27001:2022 (iso27001-2022)`. */
  label: string;
  coverage: FrameworkCoverage;
  summary: { covered: number; total: number };
  exclusions: ExclusionRow[];
}

export interface ReadinessModel {
  /** `organization` from attest.yaml, else the project folder's name. */
  title: string;
  /** The day the report judges as of (the earlier of today and the period's end). */
  asOf: string;
  today: string;
  /** The project folder relative to the folder argument; shown when a run has several projects. */
  project: string | null;
  framework: { id: string; title: string };
  report: 'type1' | 'type2';
  period: { start: string; end: string } | null;
  categories: { inScope: string[]; outOfScope: string[] };
  coverage: CoverageModel;
  /** The project's other frameworks, in attest.yaml's order; empty with one framework. */
  otherFrameworks: OtherFramework[];
  /** covered / (in scope - excluded): the status bar's figure. */
  summary: { covered: number; total: number };
  controls: ControlRow[];
  /** Type II only; null for Type I. */
  evidence: EvidenceRow[] | null;
  policies: PolicyRow[];
  systems: SystemRow[];
  exclusions: ExclusionRow[];
  plan: PlanItem[];
  /** Relative to the folder argument. */
  filesWithErrors: string[];
}

/** Whether a section has content (the contract prints only those). */
export function hasSection(m: ReadinessModel, s: SectionName): boolean {
  switch (s) {
    case 'Scope':
    case 'Coverage':
      return true;
    case 'Controls':
      return m.controls.length > 0;
    case 'Evidence':
      return m.evidence !== null && m.evidence.length > 0;
    case 'Policies':
      return m.policies.length > 0;
    case 'Systems':
      return m.systems.length > 0;
    case 'Exclusions':
      return m.exclusions.length > 0 || m.otherFrameworks.some((f) => f.exclusions.length > 0);
    case 'Remediation plan':
      return m.plan.length > 0;
    case 'Files with errors':
      return m.filesWithErrors.length > 0;
  }
}

function byId<T extends { id: string }>(rows: T[]): T[] {
  return rows.sort((a, b) => compareIds(a.id, b.id));
}

/** A framework's exclusions of criteria its catalog has, by id. */
function exclusionsOf(fw: Pick<FrameworkConfig, 'catalog' | 'exclusions'>): ExclusionRow[] {
  const rows = [...fw.exclusions].filter(([id]) => fw.catalog.get(id)).map(([id, ex]) => ({ id, title: fw.catalog.get(id)!.title, reason: ex.reason ?? null }));
  return byId(rows);
}

/** The frameworks after the primary, each with its coverage (the model's, so the numbers are `attest coverage --framework`'s). */
function otherFrameworks(cfg: { frameworks: FrameworkConfig[] }, m: CoverageModel): OtherFramework[] {
  const byFw = new Map((m.frameworks ?? []).map((f) => [f.id, f]));
  return cfg.frameworks.slice(1).flatMap((fw) => {
    const coverage = byFw.get(fw.id);
    if (!coverage) return [];
    const t = coverage.totals;
    return [{ id: fw.id, label: frameworkLabel(fw), coverage, summary: { covered: t.covered, total: t.inScope - t.excluded }, exclusions: exclusionsOf(fw) }];
  });
}

function trimmed(s: string | undefined): string | null {
  return s?.trim() || null;
}

/** The readiness model of one project of a run. */
export function readinessModel(r: FolderReport, p: ProjectReport): ReadinessModel {
  const ws = p.ws;
  const cfg = ws.config;
  const m = p.coverage;
  const reviewsDue = new Set(p.plan.filter((x) => x.kind === 'policy-review').map((x) => x.id));
  const unprotected = new Set(p.plan.filter((x) => x.kind === 'system').map((x) => x.id));
  const others = cfg.frameworks.slice(1);
  const otherIds = (f: Parameters<typeof refsIn>[0]) => others.map((fw) => ({ framework: fw.id, ids: refsIn(f, fw.id, cfg.framework).map((x) => x.value) })).filter((x) => x.ids.length);
  const controls: ControlRow[] = [];
  const evidence: EvidenceRow[] = [];
  const policies: PolicyRow[] = [];
  // Sorted paths: duplicated ids keep one order whatever order the files were read in.
  for (const rel of [...ws.rels()].sort()) {
    const facts = ws.facts(rel);
    for (const c of facts?.controls ?? []) {
      const dates = c.evidence.map((e) => e.collected).filter((d): d is number => d !== undefined);
      controls.push({
        id: c.id,
        title: c.title,
        owner: trimmed(c.owner),
        status: c.status,
        retired: c.status === 'retired',
        frequency: c.frequency ?? null,
        criteria: c.criteria.map((x) => x.value),
        otherCriteria: otherIds(c),
        policies: c.policies.map((x) => x.value),
        systems: c.systems.map((x) => x.value),
        latestEvidence: dates.length ? formatDay(Math.max(...dates)) : null,
      });
      const row = evidenceRow(c, cfg);
      if (row) evidence.push(row);
    }
    for (const pol of facts?.policies ?? []) {
      const days = pol.review ? FREQUENCY_DAYS[pol.review] : undefined;
      policies.push({
        id: pol.id,
        title: pol.title,
        owner: trimmed(pol.owner),
        status: pol.status,
        version: pol.version ?? null,
        approved: pol.approved !== undefined ? formatDay(pol.approved) : null,
        review: pol.review ?? null,
        nextReview: pol.approved !== undefined && days !== undefined ? formatDay(pol.approved + days) : null,
        overdue: reviewsDue.has(pol.id),
        criteria: pol.criteria.map((x) => x.value),
        otherCriteria: otherIds(pol),
      });
    }
  }
  const systems: SystemRow[] = (m.systems ?? []).map((s) => ({
    id: s.id,
    name: s.name,
    kind: s.kind ?? null,
    owner: trimmed(s.owner),
    scope: s.scope,
    reason: trimmed(cfg.systems?.get(s.id)?.entry.reason),
    controls: s.controls.map((c) => c.id),
    unprotected: unprotected.has(s.id),
  }));
  const t = m.totals;
  return {
    title: cfg.organization ?? path.basename(p.root),
    asOf: formatDay(cfg.asOf),
    today: formatDay(cfg.today),
    project: several(r) ? rootOf(r, p) : null,
    framework: { id: m.framework, title: cfg.catalog.title },
    report: m.report,
    period: m.period ?? null,
    categories: { inScope: m.categories.filter((c) => c.inScope).map((c) => c.title), outOfScope: m.categories.filter((c) => !c.inScope).map((c) => c.title) },
    coverage: m,
    otherFrameworks: otherFrameworks(cfg, m),
    summary: { covered: t.covered, total: t.inScope - t.excluded },
    controls: byId(controls),
    evidence: m.report === 'type2' ? byId(evidence) : null,
    policies: byId(policies),
    systems,
    exclusions: exclusionsOf(cfg),
    plan: p.plan,
    filesWithErrors: p.filesWithErrors.map((rel) => fromFolder(r, p, rel)),
  };
}
