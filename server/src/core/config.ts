import { anchorOf, mapItems, pairOf, spanOf, stringOf, valueOf } from './ast.js';
import { builtInCatalog, type Catalog } from './catalog.js';
import { parseDate, today as realToday } from './dates.js';
import { finding, type Finding } from './findings.js';
import { schemaFindings } from './schemaFindings.js';
import { parseYaml } from './parse/yamlText.js';
import { configSchema, type SystemEntry } from './schema/config.js';
import { keysOf } from './schema/common.js';
import type { Span } from './text.js';
import { unknownKeyFindings } from './checks/unknownKeys.js';
import { readRules, Rules } from './rules.js';
import { systemSchema, exclusionSchema, samplingSchema, SAMPLING_DEFAULTS } from './schema/config.js';
import type { PeriodicFrequency } from './populations.js';
import { defaultFramework, readCategories, readExclusions, readFrameworks, type Exclusion, type FrameworkConfig } from './frameworks.js';

export type { Exclusion, FrameworkConfig } from './frameworks.js';

export const CONFIG_FILE = 'attest.yaml';
/** A glob class matching a word in any letter case (`X.YAML`, `Vendor.MD` are Attest files too). */
const anyCase = (word: string): string => [...word].map((c) => `[${c.toLowerCase()}${c.toUpperCase()}]`).join('');
export const DEFAULT_CONTROL_GLOBS = [`controls/**/*.{${anyCase('yaml')},${anyCase('yml')}}`];
export const DEFAULT_POLICY_GLOBS = [`policies/**/*.{${anyCase('md')},${anyCase('markdown')}}`];
export const DEFAULT_CROSSWALK_GLOBS = [`crosswalks/**/*.{${anyCase('yaml')},${anyCase('yml')}}`];
export const DEFAULT_MAX_FILE_SIZE = 5 * 1024 * 1024;

export interface SystemInfo {
  entry: SystemEntry;
  span: Span;
  inScope: boolean;
  /** The ids of later entries that repeat this id (each a duplicate-id), for rename. */
  copies?: Span[];
}

/** Everything per-file checks need to know about the workspace's attest.yaml. */
export interface WorkspaceConfig {
  /** `organization` from attest.yaml, when set. */
  organization?: string;
  /** The primary framework's catalog, id, scope (and exclusions below): frameworks[0]'s. */
  catalog: Catalog;
  framework: string;
  inScope: Set<string>;
  /** Every framework of the project, the primary first. */
  frameworks: FrameworkConfig[];
  /** Whether attest.yaml lists `frameworks:` (attest/coverage then answers per framework too). */
  frameworksListed?: boolean;
  report: 'type1' | 'type2';
  /** Audit window in epoch days, when valid. */
  period?: { start: number; end: number };
  controlGlobs: string[];
  policyGlobs: string[];
  crosswalkGlobs: string[];
  exclusions: Map<string, Exclusion>;
  systems?: Map<string, SystemInfo>;
  /** Type II sample size per periodic frequency: `sampling:` over the defaults. */
  sampling: Record<PeriodicFrequency, number>;
  /** The day checks judge as of: the earlier of today and the period's end. */
  asOf: number;
  today: number;
  maxFileSize: number;
  /** Where uncovered-criterion findings go on attest.yaml: per category, and `framework` for security. */
  anchors: { framework?: Span; categories: Map<string, Span>; fallback: Span };
  /** Whether the project has an attest.yaml (false: every default applies). */
  fromFile?: boolean;
  /** Severities `rules:` sets per diagnostic code (applied by ProjectIndex.findings). */
  rules: Rules;
  /** Findings on attest.yaml itself (syntax, schema, exclusions, period, framework). */
  findings: Finding[];
  exists?: (relativePath: string) => boolean;
  /** The workspace catalog attest.yaml names (loaded or not): a change to it reloads the configuration. */
  catalogPath?: string;
  /** Every workspace catalog file the frameworks name (loaded or not), the primary's first. */
  catalogPaths: string[];
  /** Workspace-relative path of a catalog loaded from the workspace, for navigation. */
  catalogFile?: string;
}

export interface ConfigEnv {
  /** Reads a workspace-relative file; undefined when missing or unreadable. */
  readFile(relativePath: string): string | undefined;
  /** Whether a workspace-relative path exists (evidence links); omitted: links are not checked. */
  exists?(relativePath: string): boolean;
  /** SHA-256 (hex) of a workspace-relative file inside the project (evidence integrity); omitted: not checked. */
  hash?(relativePath: string): string | undefined;
  today?: number;
}

/** Loads attest.yaml (or the defaults when `text` is undefined). Never throws. */
export function loadConfig(text: string | undefined, env: ConfigEnv): WorkspaceConfig {
  const today = env.today ?? realToday();
  const cfg: WorkspaceConfig = {
    catalog: builtInCatalog(),
    framework: 'tsc-2017',
    inScope: new Set(['security']),
    report: 'type1',
    controlGlobs: DEFAULT_CONTROL_GLOBS,
    policyGlobs: DEFAULT_POLICY_GLOBS,
    crosswalkGlobs: DEFAULT_CROSSWALK_GLOBS,
    frameworks: [],
    catalogPaths: [],
    exclusions: new Map(),
    sampling: { ...SAMPLING_DEFAULTS },
    asOf: today,
    today,
    maxFileSize: DEFAULT_MAX_FILE_SIZE,
    anchors: { categories: new Map(), fallback: { start: 0, end: 0 } },
    rules: new Rules(),
    findings: [],
  };
  cfg.frameworks = [defaultFramework(cfg)];
  if (env.exists) cfg.exists = env.exists;
  if (text === undefined) return cfg;
  cfg.fromFile = true;
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const base = text.length - body.length;
  const parsed = parseYaml(body, base);
  cfg.findings.push(...parsed.findings);
  const root = parsed.doc?.contents;
  cfg.anchors.fallback = anchorOf(root, base, ['framework']) ?? { start: base, end: base };
  if (!parsed.doc || parsed.value === undefined || parsed.value === null) return cfg;
  const value = parsed.value;
  if (typeof value !== 'object' || Array.isArray(value)) {
    cfg.findings.push(finding('schema', spanOf(root, base) ?? cfg.anchors.fallback, 'attest.yaml must be a mapping of settings (framework, categories, report, ...).'));
    return cfg;
  }
  const v = value as Record<string, unknown>;
  cfg.findings.push(...schemaFindings(configSchema, v, root, base, ['framework']));
  cfg.findings.push(...unknownKeyFindings(root, base, keysOf(configSchema), 'attest.yaml'));
  for (const [i, sys] of mapItems(valueOf(root, 'systems')).entries()) {
    cfg.findings.push(...unknownKeyFindings(sys, base, keysOf(systemSchema), `systems[${i}]`));
  }
  for (const ex of mapItems(valueOf(root, 'exclude'))) cfg.findings.push(...unknownKeyFindings(ex, base, keysOf(exclusionSchema), 'an exclusion'));
  cfg.findings.push(...unknownKeyFindings(valueOf(root, 'sampling'), base, keysOf(samplingSchema), '`sampling`'));
  cfg.rules = readRules(root, base, cfg.findings);

  const org = stringOf(valueOf(root, 'organization'))?.trim();
  if (org) cfg.organization = org;

  // Frameworks and the categories in scope.
  readFrameworks(root, base, cfg, env);
  readCategories(root, base, cfg);

  if (v.report === 'type2' || v.report === 'type1') cfg.report = v.report;
  if (Array.isArray(v.controls) && v.controls.every((g) => typeof g === 'string') && v.controls.length) cfg.controlGlobs = v.controls as string[];
  if (Array.isArray(v.policies) && v.policies.every((g) => typeof g === 'string') && v.policies.length) cfg.policyGlobs = v.policies as string[];
  if (Array.isArray(v.crosswalks) && v.crosswalks.every((g) => typeof g === 'string') && v.crosswalks.length) cfg.crosswalkGlobs = v.crosswalks as string[];
  if (typeof v.maxFileSize === 'number' && v.maxFileSize > 0) cfg.maxFileSize = v.maxFileSize;
  // Sample sizes: each valid one replaces its default (a bad one is a schema finding and keeps it).
  const sampling = v.sampling as Record<string, unknown> | undefined;
  if (sampling && typeof sampling === 'object') {
    for (const f of Object.keys(SAMPLING_DEFAULTS) as PeriodicFrequency[]) {
      const n = Object.prototype.hasOwnProperty.call(sampling, f) ? sampling[f] : undefined;
      if (typeof n === 'number' && Number.isInteger(n) && n > 0) cfg.sampling[f] = n;
    }
  }

  // Period.
  const periodNode = valueOf(root, 'period');
  const period = v.period as { start?: unknown; end?: unknown } | undefined;
  const start = parseDate(period?.start);
  const end = parseDate(period?.end);
  if (start !== undefined && end !== undefined && start < end) cfg.period = { start, end };
  if (cfg.report === 'type2' && !cfg.period) {
    const span = spanOf(periodNode, base) ?? spanOf(valueOf(root, 'report'), base) ?? cfg.anchors.fallback;
    const why = !period ? 'has no `period`' : start === undefined || end === undefined ? 'needs a `period` with valid `start` and `end` dates' : 'needs a `period` whose start comes before its end';
    cfg.findings.push(finding('missing-period', span, `A Type II report ${why} (the audit window, 3 to 12 months).`));
  }
  cfg.asOf = cfg.period ? Math.min(today, cfg.period.end) : today;

  // Exclusions, each in its framework.
  readExclusions(root, base, cfg);

  // Systems inventory.
  const sysNode = valueOf(root, 'systems');
  if (pairOf(root, 'systems')) {
    cfg.systems = new Map();
    for (const item of mapItems(sysNode)) {
      const idNode = valueOf(item, 'id');
      const id = stringOf(idNode);
      const span = spanOf(idNode, base);
      if (!id || !span) continue;
      const parsedSys = systemSchema.safeParse((v.systems as unknown[])[mapItems(sysNode).indexOf(item)]);
      const entry: SystemEntry = parsedSys.success ? parsedSys.data : { id, name: id };
      const inScope = entry.scope !== 'out';
      const first = cfg.systems.get(id);
      if (first) {
        (first.copies ??= []).push(span);
        cfg.findings.push(finding('duplicate-id', span, `System id \`${id}\` is defined more than once in the inventory.`));
        continue;
      }
      if (!inScope && !entry.reason?.trim()) {
        cfg.findings.push(finding('schema', span, `System \`${id}\` is out of scope: give the \`reason\` auditors will read.`, { missingField: 'reason' }));
      }
      cfg.systems.set(id, { entry, span, inScope });
    }
  }
  return cfg;
}
