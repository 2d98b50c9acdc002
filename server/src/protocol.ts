// Attest's own LSP messages: method names, params and results (shared/spec/contracts.md,
// "Language server" and "Projects"). The one definition of the wire: the server builds these
// shapes, the extension imports them with `import type` and keeps no copy. No imports here,
// so the client's type check never pulls in the server.

/** Zero-based line and UTF-16 character, as in LSP. */
export interface Position {
  line: number;
  character: number;
}
export interface Range {
  start: Position;
  end: Position;
}

export type CoverageStatus = 'covered' | 'planned' | 'policy-only' | 'uncovered' | 'excluded';
export type EvidenceStatus = 'current' | 'stale' | 'missing' | 'not-required';

/** A control or policy, and where its id is written. */
export interface LocatedRef {
  id: string;
  title: string;
  uri: string;
  range: Range;
}
export interface ControlRef extends LocatedRef {
  /** implemented, planned (retired controls map nothing). */
  status?: string;
  /** Absent on the controls of a system. */
  evidence?: EvidenceStatus;
}

export interface CriterionPayload {
  id: string;
  title: string;
  /** Absent when the criterion's category is not in scope. */
  status?: CoverageStatus;
  /** The first controls by id: at most `limit` of them when the request set one. */
  controls: ControlRef[];
  policies: LocatedRef[];
  /** All non-retired controls mapping it, and all policies: the lists above may be cut short. */
  controlCount?: number;
  policyCount?: number;
  /** Why an excluded criterion does not apply. */
  reason?: string;
  /** Covered, but no covering control has current evidence (Type II). */
  evidenceGap?: boolean;
}

/** A series of the catalog (CC6 "Logical and physical access controls") and its criteria ids, in order. */
export interface SeriesRef {
  id: string;
  title: string;
  criteria: string[];
}

export interface CategoryPayload {
  id: string;
  title: string;
  inScope: boolean;
  criteria: CriterionPayload[];
  /** The catalog's series of this category. */
  series?: SeriesRef[];
}

export interface Totals {
  inScope: number;
  covered: number;
  planned: number;
  policyOnly: number;
  uncovered: number;
  excluded: number;
}

export interface SystemPayload {
  id: string;
  name: string;
  kind?: string;
  scope: 'in' | 'out';
  owner?: string;
  /** The first controls by id naming it (at most `limit`), with their status. */
  controls: ControlRef[];
  /** All controls naming it, and the implemented ones. */
  controlCount?: number;
  implementedCount?: number;
}

/** One framework's coverage (contracts.md, "Several frameworks"): shaped like the top-level answer. */
export interface FrameworkCoveragePayload {
  /** As attest.yaml names it: a built-in catalog id or a catalog file's path. */
  id: string;
  /** The catalog's title (ISO/IEC 27001:2022 Annex A, ...). */
  title: string;
  totals: Totals;
  /** Left out when the request's `frameworkCategories` does not name this framework. */
  categories?: CategoryPayload[];
  /**
   * Only where `categories` is left out: how many covered criteria have an evidence gap (Type II),
   * which `totals` does not count. The framework's gaps are uncovered + planned + policyOnly + this.
   */
  evidenceGaps?: number;
}

/** `attest/coverage`'s result (a type, not an interface: it converts to a plain JSON record). */
export type CoveragePayload = {
  /** The primary framework (the first of `frameworks:`): the fields below are its. */
  framework: string;
  report: 'type1' | 'type2';
  period?: { start: string; end: string };
  totals: Totals;
  categories: CategoryPayload[];
  /** With a `systems:` inventory in attest.yaml. */
  systems?: SystemPayload[];
  /** With `frameworks:` in attest.yaml: every framework in that order, the primary first. */
  frameworks?: FrameworkCoveragePayload[];
};

/** Which project a request is about: `project` (a URI from attest/projects), or `folder` (a workspace folder: its first project). */
export interface ProjectParams {
  project?: string;
  folder?: string;
}

export interface CoverageParams extends ProjectParams {
  /** At most this many controls and policies per criterion, controls per system. */
  limit?: number;
  /**
   * Which entries of `frameworks` carry their `categories`: those of the framework ids listed (as
   * `frameworks` names them; ids the project does not use are ignored). The others carry `id`,
   * `title`, `totals` and `evidenceGaps` only; `[]` asks for totals alone. The top-level fields
   * (the primary framework's categories included) are there either way. Without it, every entry
   * carries its categories (contracts.md's answer). An editor asks for the frameworks the user
   * has opened: the whole answer with three frameworks is several times the primary's alone.
   */
  frameworkCategories?: string[];
}

/** `framework`: the criterion's framework when it is not the primary one. */
export type CoverageEntriesParams = ProjectParams & ({ criterion: string; framework?: string } | { system: string });
/** `attest/coverageEntries`'s result: the full lists of one criterion or one system. */
export interface CoverageEntries {
  controls: ControlRef[];
  policies: LocatedRef[];
}

export type PlanKind = 'criterion' | 'control' | 'exception' | 'evidence' | 'policy-review' | 'system';
export interface PlanItemPayload {
  kind: PlanKind;
  id: string;
  title: string;
  owner: string | null;
  due: string | null;
  overdue: boolean;
  /** Path relative to the project folder. */
  file: string | null;
  uri?: string | null;
  range: Range | null;
}
export interface PlanResult {
  items: PlanItemPayload[];
}

/**
 * What `attest/report` answers: the coverage report (`attest coverage --format …`), the readiness
 * report (`attest report --format html|markdown`: `readiness-html` is one self-contained page with
 * no script) or an OSCAL 1.2.2 JSON document (`attest export --format …`).
 */
export type ReportFormat =
  | 'markdown'
  | 'html'
  | 'csv'
  | 'json'
  | 'text'
  | 'readiness-html'
  | 'readiness-markdown'
  | 'oscal-catalog'
  | 'oscal-component'
  | 'oscal-poam';
export interface ReportParams extends ProjectParams {
  /** Default `markdown` (the coverage report). */
  format?: ReportFormat;
}
export interface ReportResult {
  /** The document as the CLI prints it (paths relative to the project folder). */
  content: string;
}

export interface ProjectInfo {
  /** The project folder's URI: pass it back as `project`. */
  uri: string;
  /** `organization` from attest.yaml, else the folder's path in its workspace folder (`.` for the folder itself). */
  name: string;
  /** The primary framework. */
  framework: string;
  /** Every framework of the project, the primary first. */
  frameworks?: string[];
}
export interface ProjectsResult {
  projects: ProjectInfo[];
}

/** `attest/samples`: the Type II samples of a project, or of one control file (`uri`); `seed` defaults to 1. */
export interface SamplesParams extends ProjectParams {
  /** A control file: only its controls (its project, unless `project` names one). */
  uri?: string;
  seed?: number;
}
/** One drawn interval of a control's population (YYYY-MM-DD, inclusive). */
export interface SampledIntervalPayload {
  start: string;
  end: string;
  evidenced: boolean;
}
export interface ControlSamplesPayload {
  id: string;
  frequency: 'annually' | 'semiannually' | 'quarterly' | 'monthly' | 'weekly' | 'daily';
  population: number;
  size: number;
  selected: SampledIntervalPayload[];
  /** Where the control's id is written, for the editor. */
  uri?: string;
  range?: Range;
}
/** The shape of `attest samples --format json` (contracts.md, "Type II samples"), controls sorted by id. */
export interface SamplesResult {
  seed: number;
  controls: ControlSamplesPayload[];
}

/** Every custom request: its params and result, by method name. */
export interface AttestRequests {
  'attest/projects': { params: void; result: ProjectsResult };
  'attest/coverage': { params: CoverageParams | undefined; result: CoveragePayload | null };
  'attest/coverageEntries': { params: CoverageEntriesParams; result: CoverageEntries | null };
  'attest/plan': { params: ProjectParams | undefined; result: PlanResult };
  'attest/report': { params: ReportParams | undefined; result: ReportResult };
  'attest/samples': { params: SamplesParams | undefined; result: SamplesResult };
}
export type AttestRequest = keyof AttestRequests;

/** Sent (no params) when coverage changed, and when the set of projects changed. */
export const COVERAGE_CHANGED = 'attest/coverageChanged';
export type CoverageChanged = typeof COVERAGE_CHANGED;

/** The method names, for the server's handlers. */
export const REQUESTS = {
  projects: 'attest/projects',
  coverage: 'attest/coverage',
  coverageEntries: 'attest/coverageEntries',
  plan: 'attest/plan',
  report: 'attest/report',
  samples: 'attest/samples',
} as const satisfies Record<string, AttestRequest>;
