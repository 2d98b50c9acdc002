import type { WorkspaceConfig } from '../config.js';
import { finding, type Finding } from '../findings.js';
import type { Ref } from '../facts/types.js';

/** unknown-criterion, duplicate-criterion and out-of-scope-criterion for one criteria list. */
export function criteriaRefFindings(refs: Ref[], cfg: WorkspaceConfig): Finding[] {
  const out: Finding[] = [];
  const seen = new Set<string>();
  for (const ref of refs) {
    const c = cfg.catalog.get(ref.value);
    if (!c) {
      // Suggest only ids the list does not already hold, so the fix never creates a duplicate.
      const near = cfg.catalog.suggest(ref.value).filter((id) => !refs.some((r) => r.value === id));
      out.push(
        finding('unknown-criterion', ref.span, `Unknown criterion \`${ref.value}\` in ${cfg.framework}.${near.length ? ` Did you mean ${near.join(', ')}?` : ''}`, { suggestions: near }),
      );
      continue;
    }
    if (seen.has(ref.value)) {
      out.push(finding('duplicate-criterion', ref.span, `${ref.value} is already listed above.`, { criterion: ref.value }));
      continue;
    }
    seen.add(ref.value);
    if (!cfg.inScope.has(c.category)) {
      out.push(finding('out-of-scope-criterion', ref.span, `${ref.value} belongs to ${c.categoryTitle}, which attest.yaml does not put in scope; it counts for no coverage.`, { category: c.category }));
    }
  }
  return out;
}
