import { builtInCatalogById, type Catalog } from '../catalog.js';
import type { WorkspaceConfig } from '../config.js';
import { finding, type Finding } from '../findings.js';
import { frameworkFor, suggestFramework } from '../frameworks.js';
import type { FrameworkRefs, Ref } from '../facts/types.js';
import { closest, orList } from '../suggest.js';

/** The framework a list of ids is checked against. */
interface Checked {
  id: string;
  catalog: Catalog;
  inScope: Set<string>;
}

/** The findings on a control's or policy's `criteria:`, per framework in the mapping form. */
export function criteriaFindings(f: { criteria: Ref[]; criteriaByFramework?: FrameworkRefs[] }, cfg: WorkspaceConfig): Finding[] {
  if (!f.criteriaByFramework) return criteriaRefFindings(f.criteria, cfg);
  const out: Finding[] = [];
  for (const e of f.criteriaByFramework) {
    const fw = e.framework !== undefined ? frameworkFor(cfg, e.framework) : undefined;
    if (fw) {
      out.push(...criteriaRefFindings(e.refs, cfg, fw));
      continue;
    }
    const builtIn = builtInCatalogById(e.key.value);
    if (builtIn) {
      // A framework Attest knows but the project does not list: ids are checked, nothing counts.
      out.push(finding('out-of-scope-criterion', e.key.span, `${e.key.value} is not one of this project's frameworks (add it to \`frameworks:\` in attest.yaml): the criteria listed under it count for no coverage.`, { framework: e.key.value }));
      out.push(...criteriaRefFindings(e.refs, cfg, { id: e.key.value, catalog: builtIn, inScope: new Set(builtIn.categories.map((c) => c.id)) }));
      continue;
    }
    const ids = cfg.frameworks.map((x) => x.id);
    const near = suggestFramework(e.key.value, ids);
    out.push(finding('unknown-framework', e.key.span, `Unknown framework \`${e.key.value}\`: not one of this project's frameworks (${ids.join(', ')}).${near.length ? ` Did you mean ${near[0]}?` : ''}`, { suggestions: near }));
  }
  return out;
}

/** unknown-criterion, duplicate-criterion and out-of-scope-criterion for one criteria list (of the primary framework unless `fw` says). */
export function criteriaRefFindings(refs: Ref[], cfg: WorkspaceConfig, fw: Checked = { id: cfg.framework, catalog: cfg.catalog, inScope: cfg.inScope }): Finding[] {
  const out: Finding[] = [];
  // Both sets only when a list is long or names an unknown id: the usual list is a few known ids.
  let seen: Set<string> | undefined;
  let listed: Set<string> | undefined;
  for (let i = 0; i < refs.length; i++) {
    const ref = refs[i]!;
    const c = fw.catalog.get(ref.value);
    if (!c) {
      out.push(unknownCriterion(ref, (listed ??= new Set(refs.map((r) => r.value))), fw));
      continue;
    }
    // Listed above: an earlier ref with this id (known too, as the id is the same).
    if (refs.length > 8 ? (seen ??= new Set()).has(ref.value) : listedBefore(refs, i)) {
      out.push(finding('duplicate-criterion', ref.span, `${ref.value} is already listed above.`, { criterion: ref.value }));
      continue;
    }
    seen?.add(ref.value);
    if (!fw.inScope.has(c.category)) {
      out.push(finding('out-of-scope-criterion', ref.span, `${ref.value} belongs to ${c.categoryTitle}, ${notInScope(cfg, fw)}; it counts for no coverage.`, { category: c.category }));
    }
  }
  return out;
}

function listedBefore(refs: Ref[], i: number): boolean {
  for (let j = 0; j < i; j++) if (refs[j]!.value === refs[i]!.value) return true;
  return false;
}

/** Why a category is out of scope, true with or without attest.yaml. */
function notInScope(cfg: WorkspaceConfig, fw: Checked): string {
  if (cfg.fromFile) return 'which attest.yaml does not put in scope';
  const always = fw.catalog.category('security') ?? fw.catalog.categories[0];
  return `which is not in scope (only ${always?.title ?? 'Security'} is in scope without attest.yaml)`;
}

/**
 * Suggests only ids the list does not already hold, so the fix never creates a duplicate. When
 * the closest id is already listed (`CC6.10` beside `CC6.1`), it says so and suggests the other
 * criteria of that series instead of far-off ids of other series.
 */
function unknownCriterion(ref: Ref, listed: Set<string>, fw: Checked): Finding {
  const head = `Unknown criterion \`${ref.value}\` in ${fw.id}.`;
  const near = fw.catalog.suggest(ref.value);
  const nearest = near[0];
  if (nearest !== undefined && listed.has(nearest)) {
    const series = fw.catalog.get(nearest)!.series;
    const siblings = [...fw.catalog.criteria.values()].filter((x) => x.series === series && !listed.has(x.id)).map((x) => x.id);
    const others = closest(ref.value, siblings, 3).concat(siblings).filter((id, i, all) => all.indexOf(id) === i).slice(0, 3);
    const hint = others.length ? `; did you mean another ${series} criterion: ${orList(others)}?` : '.';
    return finding('unknown-criterion', ref.span, `${head} ${nearest} is already in this list${hint}`, { suggestions: others, alreadyListed: nearest });
  }
  const fresh = near.filter((id) => !listed.has(id));
  return finding('unknown-criterion', ref.span, `${head}${fresh.length ? ` Did you mean ${fresh.join(', ')}?` : ''}`, { suggestions: fresh });
}
