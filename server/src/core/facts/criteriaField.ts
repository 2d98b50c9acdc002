import { isMap, isScalar, type Node, type YAMLMap } from 'yaml';
import { spanOf, stringItems, type AnyNode } from '../ast.js';
import type { WorkspaceConfig } from '../config.js';
import { frameworkFor } from '../frameworks.js';
import type { FrameworkRefs, Ref } from './types.js';

export interface CriteriaField {
  /** The primary framework's ids. */
  primary: Ref[];
  /** The mapping form: one entry per key, in file order. */
  byFramework?: FrameworkRefs[];
}

/**
 * `criteria:` of a control or policy: a list (the primary framework's ids) or a mapping from
 * framework id to a list. Keys are resolved against the project's frameworks here, so everything
 * downstream reads ids per framework without knowing how they were written.
 */
export function readCriteria(node: AnyNode, base: number, cfg: Pick<WorkspaceConfig, 'framework' | 'frameworks'>): CriteriaField {
  if (!isMap(node)) return { primary: stringItems(node, base) };
  const byFramework: FrameworkRefs[] = [];
  let primary: Ref[] | undefined;
  for (const pair of (node as YAMLMap<Node, AnyNode>).items) {
    const keySpan = spanOf(pair.key, base);
    if (!isScalar(pair.key) || !keySpan || pair.key.value === null) continue;
    const key = String(pair.key.value);
    const entry: FrameworkRefs = { key: { value: key, span: keySpan }, refs: stringItems(pair.value, base) };
    const framework = frameworkFor(cfg, key)?.id;
    if (framework !== undefined) entry.framework = framework;
    const span = spanOf(pair.value, base);
    if (span) entry.span = span;
    byFramework.push(entry);
    if (framework === cfg.framework && primary === undefined) primary = entry.refs;
  }
  return { primary: primary ?? [], byFramework };
}
