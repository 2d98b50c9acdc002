import type { WorkspaceConfig } from './config.js';

import type { CoverageStatus } from '../protocol.js';
export type { CoverageStatus };
export const STATUSES: CoverageStatus[] = ['covered', 'planned', 'policy-only', 'uncovered', 'excluded'];

/** Counts of what maps each criterion: the only inputs of its coverage status. */
export interface CriterionCounts {
  implemented: number;
  planned: number;
  policies: number;
}

/** formats.md's ladder, best first; undefined for unknown or out-of-scope criteria (of the primary framework). */
export function statusOf(cfg: WorkspaceConfig, criterionId: string, n: CriterionCounts | undefined): CoverageStatus | undefined {
  return frameworkStatus(cfg, criterionId, n);
}

/** The ladder in one framework: its catalog, scope and exclusions. */
export function frameworkStatus(fw: Pick<WorkspaceConfig, 'catalog' | 'inScope' | 'exclusions'>, criterionId: string, n: CriterionCounts | undefined): CoverageStatus | undefined {
  const c = fw.catalog.get(criterionId);
  if (!c || !fw.inScope.has(c.category)) return undefined;
  if (fw.exclusions.get(criterionId)?.reason) return 'excluded';
  if (n && n.implemented > 0) return 'covered';
  if (n && n.planned > 0) return 'planned';
  if (n && n.policies > 0) return 'policy-only';
  return 'uncovered';
}
