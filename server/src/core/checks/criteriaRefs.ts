import type { WorkspaceConfig } from '../config.js';
import { finding, type Finding } from '../findings.js';
import type { Ref } from '../facts/types.js';
import { closest, orList } from '../suggest.js';

/** unknown-criterion, duplicate-criterion and out-of-scope-criterion for one criteria list. */
export function criteriaRefFindings(refs: Ref[], cfg: WorkspaceConfig): Finding[] {
  const out: Finding[] = [];
  const seen = new Set<string>();
  const listed = new Set(refs.map((r) => r.value));
  for (const ref of refs) {
    const c = cfg.catalog.get(ref.value);
    if (!c) {
      out.push(unknownCriterion(ref, listed, cfg));
      continue;
    }
    if (seen.has(ref.value)) {
      out.push(finding('duplicate-criterion', ref.span, `${ref.value} is already listed above.`, { criterion: ref.value }));
      continue;
    }
    seen.add(ref.value);
    if (!cfg.inScope.has(c.category)) {
      out.push(finding('out-of-scope-criterion', ref.span, `${ref.value} belongs to ${c.categoryTitle}, ${notInScope(cfg)}; it counts for no coverage.`, { category: c.category }));
    }
  }
  return out;
}

/** Why a category is out of scope, true with or without attest.yaml. */
function notInScope(cfg: WorkspaceConfig): string {
  if (cfg.fromFile) return 'which attest.yaml does not put in scope';
  const always = cfg.catalog.category('security') ?? cfg.catalog.categories[0];
  return `which is not in scope (only ${always?.title ?? 'Security'} is in scope without attest.yaml)`;
}

/**
 * Suggests only ids the list does not already hold, so the fix never creates a duplicate. When
 * the closest id is already listed (`CC6.10` beside `CC6.1`), it says so and suggests the other
 * criteria of that series instead of far-off ids of other series.
 */
function unknownCriterion(ref: Ref, listed: Set<string>, cfg: WorkspaceConfig): Finding {
  const head = `Unknown criterion \`${ref.value}\` in ${cfg.framework}.`;
  const near = cfg.catalog.suggest(ref.value);
  const nearest = near[0];
  if (nearest !== undefined && listed.has(nearest)) {
    const series = cfg.catalog.get(nearest)!.series;
    const siblings = [...cfg.catalog.criteria.values()].filter((x) => x.series === series && !listed.has(x.id)).map((x) => x.id);
    const others = closest(ref.value, siblings, 3).concat(siblings).filter((id, i, all) => all.indexOf(id) === i).slice(0, 3);
    const hint = others.length ? `; did you mean another ${series} criterion: ${orList(others)}?` : '.';
    return finding('unknown-criterion', ref.span, `${head} ${nearest} is already in this list${hint}`, { suggestions: others, alreadyListed: nearest });
  }
  const fresh = near.filter((id) => !listed.has(id));
  return finding('unknown-criterion', ref.span, `${head}${fresh.length ? ` Did you mean ${fresh.join(', ')}?` : ''}`, { suggestions: fresh });
}
