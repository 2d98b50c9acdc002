import type { CoverageModel, Located } from './coverage.js';
import type { Range } from './text.js';
import type { Workspace } from './workspace.js';

export interface LocatedOut {
  id: string;
  title: string;
  uri: string;
  range: Range;
}

/** The `attest/coverage` wire shape: the model with file positions as URIs and LSP ranges. */
export function coveragePayload(ws: Workspace, model: CoverageModel, uriOf: (rel: string) => string): unknown {
  const loc = (l: Located): LocatedOut => ({ id: l.id, title: l.title, uri: uriOf(l.rel), range: ws.lineIndex(l.rel)!.range(l.span) });
  return {
    ...model,
    categories: model.categories.map((cat) => ({
      ...cat,
      criteria: cat.criteria.map((c) => ({
        ...c,
        controls: c.controls.map((x) => ({ ...loc(x), status: x.status, evidence: x.evidence })),
        policies: c.policies.map(loc),
      })),
    })),
    ...(model.systems ? { systems: model.systems.map((s) => ({ ...s, controls: s.controls.map(loc) })) } : {}),
  };
}
