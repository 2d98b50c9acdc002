import * as path from 'node:path';
import { isSeq, type YAMLSeq } from 'yaml';
import { anchorOf, mapItems, spanOf, stringOf, valueOf, type AnyNode } from './ast.js';
import { BUILT_IN_CATALOGS, builtInCatalogById, parseCatalog, type Catalog } from './catalog.js';
import { finding, type Finding } from './findings.js';
import { closest, orList } from './suggest.js';
import type { Span } from './text.js';
import type { FrameworkRefs, Ref } from './facts/types.js';

// The frameworks of a project (formats.md, "Several frameworks from one set of controls"):
// `framework:` names one, `frameworks:` several, the first being the primary one. Each has its
// catalog, its scope and its exclusions; the primary's are also the configuration's own
// `catalog`, `inScope` and `exclusions`, which everything written for one framework reads.

export interface Exclusion {
  reason?: string;
  span: Span;
}

export interface FrameworkConfig {
  /** How the project names it: a built-in id, or the catalog file's path as written. */
  id: string;
  catalog: Catalog;
  /** Categories in scope: by `categories:` for TSC-shaped catalogs, every category otherwise. */
  inScope: Set<string>;
  exclusions: Map<string, Exclusion>;
  /** Its entry in `frameworks:`, or the value of `framework:`. */
  span?: Span;
  /** The project-relative catalog file it was read from (not for built-ins). */
  catalogFile?: string;
}

/** What of the configuration (config.ts's WorkspaceConfig) the frameworks are read into. */
export interface FrameworksPart {
  catalog: Catalog;
  framework: string;
  inScope: Set<string>;
  exclusions: Map<string, Exclusion>;
  frameworks: FrameworkConfig[];
  frameworksListed?: boolean;
  catalogPaths: string[];
  catalogPath?: string;
  catalogFile?: string;
  anchors: { framework?: Span; categories: Map<string, Span>; fallback: Span };
  findings: Finding[];
}

/** Whether a catalog scopes by TSC categories (`categories:`, security always in): it has `security`. */
export function isTscShaped(catalog: Catalog): boolean {
  return catalog.category('security') !== undefined;
}

/** The project's framework a key names: its id as the project writes it, or its catalog's own id. */
export function frameworkFor(cfg: { frameworks: FrameworkConfig[] }, key: string): FrameworkConfig | undefined {
  return cfg.frameworks.find((f) => f.id === key) ?? cfg.frameworks.find((f) => f.catalog.id === key);
}

/** The framework id probably meant: one the key begins (`iso27001` -> iso27001-2022), else the closest. */
export function suggestFramework(key: string, ids: readonly string[]): string[] {
  const lower = key.toLowerCase();
  const prefixed = ids.filter((id) => id.toLowerCase().startsWith(lower) || lower.startsWith(id.toLowerCase()));
  return prefixed.length ? prefixed.slice(0, 1) : closest(key, ids, 1);
}

/** A framework's display name: `ISO/IEC 27001:2022 (iso27001-2022)`. */
export function frameworkLabel(f: FrameworkConfig): string {
  return f.catalog.title && f.catalog.title !== f.id ? `${f.catalog.title} (${f.id})` : f.id;
}

/** One framework with its own scope; TSC-shaped ones start with security, others with everything. */
function frameworkOf(id: string, catalog: Catalog, span?: Span): FrameworkConfig {
  const inScope = new Set(isTscShaped(catalog) ? ['security'] : catalog.categories.map((c) => c.id));
  const f: FrameworkConfig = { id, catalog, inScope, exclusions: new Map() };
  if (span) f.span = span;
  return f;
}

/** The default: TSC 2017 alone, sharing the configuration's scope and exclusions. */
export function defaultFramework(cfg: Pick<FrameworksPart, 'catalog' | 'framework' | 'inScope' | 'exclusions'>): FrameworkConfig {
  return { id: cfg.framework, catalog: cfg.catalog, inScope: cfg.inScope, exclusions: cfg.exclusions };
}

/** Reads `framework:` or `frameworks:`; sets the frameworks and the primary's fields of `cfg`. */
export function readFrameworks(root: AnyNode, base: number, cfg: FrameworksPart, env: { readFile(rel: string): string | undefined }): void {
  const listNode = valueOf(root, 'frameworks');
  const oneNode = valueOf(root, 'framework');
  const frameworks: FrameworkConfig[] = [];
  if (isSeq(listNode)) {
    cfg.frameworksListed = true;
    const oneSpan = spanOf(oneNode, base);
    if (oneNode !== undefined && oneNode !== null && oneSpan) {
      cfg.findings.push(finding('schema', oneSpan, 'Write either `framework:` or `frameworks:`, not both: `frameworks:` applies.'));
    }
    const seen = new Set<string>();
    for (const item of (listNode as YAMLSeq<AnyNode>).items) {
      const id = stringOf(item)?.trim();
      const span = spanOf(item, base);
      if (!id || !span) continue; // a non-text entry: the schema finding says why
      if (seen.has(id)) {
        cfg.findings.push(finding('schema', span, `\`${id}\` is already listed in \`frameworks:\`.`));
        continue;
      }
      seen.add(id);
      const loaded = loadFramework(id, env);
      if (loaded.catalog) {
        const f = frameworkOf(id, loaded.catalog, span);
        if (loaded.file) f.catalogFile = loaded.file;
        frameworks.push(f);
      } else if (loaded.missing) {
        const near = suggestFramework(id, BUILT_IN_CATALOGS);
        cfg.findings.push(finding('unknown-framework', span, `Unknown framework \`${id}\`: neither a built-in catalog (${orList([...BUILT_IN_CATALOGS])}) nor a catalog file in the project.${near.length ? ` Did you mean ${near[0]}?` : ''}`, { suggestions: near }));
      } else {
        cfg.findings.push(finding('schema', span, loaded.error));
      }
      if (loaded.path) cfg.catalogPaths.push(loaded.path);
    }
    if (!frameworks.length) {
      // Nothing usable: TSC 2017 stands in, so controls are still checked against something.
      frameworks.push(frameworkOf('tsc-2017', builtInCatalogById('tsc-2017')!));
    }
  } else {
    const fwSpan = spanOf(oneNode, base);
    const fw = stringOf(oneNode)?.trim();
    let primary = frameworkOf('tsc-2017', builtInCatalogById('tsc-2017')!, fwSpan);
    if (fw !== undefined && fw !== 'tsc-2017') {
      const loaded = loadFramework(fw, env);
      if (loaded.path) cfg.catalogPaths.push(loaded.path);
      if (loaded.catalog) {
        primary = frameworkOf(fw, loaded.catalog, fwSpan);
        if (loaded.file) primary.catalogFile = loaded.file;
      } else {
        cfg.findings.push(finding('schema', fwSpan ?? cfg.anchors.fallback, `${loaded.error} Falling back to the built-in tsc-2017 catalog.`));
      }
    }
    frameworks.push(primary);
  }
  const primary = frameworks[0]!;
  cfg.frameworks = frameworks;
  cfg.catalog = primary.catalog;
  cfg.framework = primary.id;
  cfg.inScope = primary.inScope;
  cfg.exclusions = primary.exclusions;
  if (primary.span) cfg.anchors.framework = primary.span;
  if (primary.catalogFile) cfg.catalogFile = primary.catalogFile;
  if (cfg.catalogPaths.length) cfg.catalogPath = cfg.catalogPaths[0]!;
}

interface Loaded {
  catalog?: Catalog;
  file?: string;
  /** The normalised path it was looked for at (not for built-ins). */
  path?: string;
  /** Neither built in nor a readable file. */
  missing?: boolean;
  error: string;
}

/** A built-in catalog by id, else a catalog file by project-relative path. */
function loadFramework(id: string, env: { readFile(rel: string): string | undefined }): Loaded {
  const builtIn = builtInCatalogById(id);
  if (builtIn) return { catalog: builtIn, error: '' };
  const normal = path.posix.normalize(id.replace(/\\/g, '/'));
  if (path.posix.isAbsolute(normal) || normal.startsWith('..')) {
    return { missing: true, error: `Catalog \`${id}\` must be a path inside the workspace (or a built-in catalog: ${orList([...BUILT_IN_CATALOGS])}).` };
  }
  const text = env.readFile(normal);
  if (text === undefined) {
    const near = closest(id, BUILT_IN_CATALOGS, 1);
    return { path: normal, missing: true, error: `Framework \`${id}\` is neither a built-in catalog${near.length ? ` (did you mean ${near[0]}?)` : ` (${orList([...BUILT_IN_CATALOGS])})`} nor a readable catalog file.` };
  }
  const load = parseCatalog(text, normal);
  if (!load.catalog) return { path: normal, error: `Catalog file \`${id}\` is invalid: ${load.findings.slice(0, 3).map((f) => f.message).join(' ')}` };
  return { catalog: load.catalog, file: id, path: normal, error: '' };
}

/**
 * `categories:` scope the TSC-shaped framework (the first such, else the primary): every other
 * framework has all its criteria in scope (formats.md).
 */
export function readCategories(root: AnyNode, base: number, cfg: FrameworksPart): void {
  const scoped = cfg.frameworks.find((f) => isTscShaped(f.catalog)) ?? cfg.frameworks[0]!;
  for (const item of mapItems(valueOf(root, 'categories'))) {
    const id = stringOf(item);
    const s = spanOf(item, base);
    if (id === undefined || !s) continue;
    if (scoped.catalog.category(id)) {
      scoped.inScope.add(id);
      cfg.anchors.categories.set(id, s);
      continue;
    }
    const known = scoped.catalog.categories.map((c) => c.id);
    const near = closest(id, known, 1);
    cfg.findings.push(finding('schema', s, `\`${id}\` is not a category of ${scoped.id}: expected ${known.join(', ')}.${near.length ? ` Did you mean ${near[0]}?` : ''}`, near.length ? { suggestions: near } : undefined));
  }
}

/** `exclude:` entries, each in the framework that has its criterion (or the one its `framework:` names). */
export function readExclusions(root: AnyNode, base: number, cfg: FrameworksPart): void {
  for (const item of mapItems(valueOf(root, 'exclude'))) {
    const critNode = valueOf(item, 'criterion');
    const id = stringOf(critNode);
    const critSpan = spanOf(critNode, base) ?? anchorOf(item, base, ['criterion']) ?? cfg.anchors.fallback;
    if (id === undefined) continue;
    let candidates = cfg.frameworks;
    const fwNode = valueOf(item, 'framework');
    const fwKey = stringOf(fwNode);
    if (fwKey !== undefined) {
      const named = frameworkFor(cfg, fwKey);
      if (!named) {
        const near = suggestFramework(fwKey, cfg.frameworks.map((f) => f.id));
        cfg.findings.push(finding('unknown-framework', spanOf(fwNode, base) ?? critSpan, `\`${fwKey}\` is not one of this project's frameworks (${cfg.frameworks.map((f) => f.id).join(', ')}).${near.length ? ` Did you mean ${near[0]}?` : ''}`, { suggestions: near }));
        continue;
      }
      candidates = [named];
    }
    const target = candidates.find((f) => f.catalog.get(id));
    if (!target) {
      const near = [...new Set(candidates.flatMap((f) => f.catalog.suggest(id)))].slice(0, 3);
      cfg.findings.push(finding('unknown-criterion', critSpan, `Unknown criterion \`${id}\` in ${orList(candidates.map((f) => f.id))}.${near.length ? ` Did you mean ${near.join(', ')}?` : ''}`, { suggestions: near }));
      continue;
    }
    const reason = stringOf(valueOf(item, 'reason'))?.trim();
    if (!reason) {
      cfg.findings.push(finding('exclusion-without-reason', critSpan, `The exclusion of ${id} needs a \`reason\`: auditors ask why it does not apply.`));
    }
    target.exclusions.set(id, reason ? { reason, span: critSpan } : { span: critSpan });
  }
}

/**
 * Every framework's ids a control or policy maps, the primary's first: what coverage counts.
 * Keys naming none of the project's frameworks count for nothing (their own finding says why).
 */
export function mappedCriteria(f: { criteria: Ref[]; criteriaByFramework?: FrameworkRefs[] }, primary: string): Array<{ framework: string; refs: Ref[] }> {
  const out = [{ framework: primary, refs: f.criteria }];
  for (const e of f.criteriaByFramework ?? []) {
    if (e.framework !== undefined && e.framework !== primary && !out.some((o) => o.framework === e.framework)) out.push({ framework: e.framework, refs: e.refs });
  }
  return out;
}

/** The ids a control or policy maps in one framework. */
export function refsIn(f: { criteria: Ref[]; criteriaByFramework?: FrameworkRefs[] }, framework: string, primary: string): Ref[] {
  if (framework === primary) return f.criteria;
  return f.criteriaByFramework?.find((e) => e.framework === framework)?.refs ?? [];
}
