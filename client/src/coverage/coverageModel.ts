// Pure: `attest/coverage` answers -> the coverage tree's nodes. No `vscode` import, so this file
// is unit-tested in plain Node. The wire types come from the server's protocol module.
import type { CategoryPayload, CoveragePayload, CriterionPayload, FrameworkCoveragePayload } from '../../../server/src/protocol';
import { controlNode, coveredText, escapeMd, isGap, messageNode, moreNode, perProject, plural, policyNode, STATUS_ICON, total, type CoverageNode, type ProjectCoverage } from './nodes';

export type { CategoryPayload, ControlRef, CoverageEntries, CoveragePayload, CoverageStatus, CriterionPayload, EvidenceStatus, FrameworkCoveragePayload, LocatedRef, Position, ProjectInfo, Range, SeriesRef, SystemPayload, Totals } from '../../../server/src/protocol';
export * from './nodes';
export * from './summary';
export * from './systemsModel';

export interface TreeOptions {
  /** Only criteria that are gaps (and the categories/series holding them). */
  gapsOnly: boolean;
  /** Hide categories that are not in scope (otherwise shown dimmed). */
  hideOutOfScope: boolean;
}

/** The part of a criterion id before the dot: CC6.1 -> CC6, A1.2 -> A1 (the series when the payload names none). */
export function seriesOf(criterionId: string): string {
  const dot = criterionId.indexOf('.');
  return dot > 0 ? criterionId.slice(0, dot) : criterionId;
}

function counts(criteria: CriterionPayload[]): { covered: number; total: number; gaps: number } {
  const scoped = criteria.filter((c) => c.status !== undefined && c.status !== 'excluded');
  return { covered: scoped.filter((c) => c.status === 'covered').length, total: scoped.length, gaps: criteria.filter(isGap).length };
}

function worstIcon(criteria: CriterionPayload[], inScope: boolean): { icon: string; color: string } {
  if (!inScope) return { icon: 'circle-outline', color: 'disabledForeground' };
  for (const s of ['uncovered', 'policy-only', 'planned'] as const) if (criteria.some((c) => c.status === s)) return { icon: 'shield', color: STATUS_ICON[s].color };
  if (criteria.some((c) => c.evidenceGap)) return { icon: 'shield', color: 'charts.yellow' };
  return { icon: 'shield', color: 'testing.iconPassed' };
}

export function criterionTooltip(c: CriterionPayload, inScope: boolean): string {
  const lines = [`**${c.id}** ${escapeMd(c.title)}`];
  if (!inScope || !c.status) {
    lines.push('Not in scope: its category is not listed under `categories:` in attest.yaml.');
  } else {
    lines.push(`Status: **${STATUS_ICON[c.status].label}**. ${STATUS_ICON[c.status].why}`);
    if (c.status === 'excluded' && c.reason) lines.push(`Reason: ${escapeMd(c.reason)}`);
    if (c.evidenceGap) lines.push('Evidence gap: no covering control has current evidence for the audit period.');
  }
  const n = total(c.controlCount, c.controls), p = total(c.policyCount, c.policies);
  if (n || p) lines.push(`Mapped by ${plural(n, 'control')} and ${plural(p, 'policy', 'policies')}.`);
  return lines.join('\n\n');
}

/** `framework`: the criterion's when it is not the primary one (commands and "… more" name it). */
function criterionNode(parent: string, project: string, c: CriterionPayload, inScope: boolean, framework?: string): CoverageNode {
  const id = `${parent}/criterion:${c.id}`;
  const st = c.status ? STATUS_ICON[c.status] : undefined;
  const children = [...c.controls.map((x) => controlNode(id, x)), ...c.policies.map((x) => policyNode(id, x))];
  const more = moreNode(id, project, framework ? { criterion: c.id, framework } : { criterion: c.id }, total(c.controlCount, c.controls) - c.controls.length, total(c.policyCount, c.policies) - c.policies.length);
  if (more) children.push(more);
  let description = c.title;
  if (st && c.status !== 'covered') description += ` · ${st.label}`;
  if (c.evidenceGap) description += ' · evidence gap';
  const icon = st ? (c.evidenceGap ? { icon: 'warning', color: 'charts.yellow' } : st) : { icon: 'circle-outline', color: 'disabledForeground' };
  const ctx = ['attest.criterion'];
  if (inScope && c.status !== 'excluded') ctx.push('excludable');
  return {
    id,
    kind: 'criterion',
    label: c.id,
    description,
    tooltip: criterionTooltip(c, inScope),
    icon: icon.icon,
    color: icon.color,
    contextValue: ctx.join(' '),
    children,
    expanded: false,
    criterion: { id: c.id, title: c.title, project, ...(c.status ? { status: c.status } : {}), ...(framework ? { framework } : {}) },
    ...(c.status ? { status: c.status } : {}),
  };
}

/** A category's criteria by series, in catalog order: the series the server names (with titles), else the id prefixes. */
function bySeries(cat: CategoryPayload, criteria: CriterionPayload[]): Map<string, { title?: string; criteria: CriterionPayload[] }> {
  const named = new Map<string, { id: string; title: string }>();
  for (const s of cat.series ?? []) for (const id of s.criteria) named.set(id, s);
  const out = new Map<string, { title?: string; criteria: CriterionPayload[] }>();
  for (const c of criteria) {
    const s = named.get(c.id);
    const key = s?.id ?? seriesOf(c.id);
    let group = out.get(key);
    if (!group) out.set(key, (group = { ...(s ? { title: s.title } : {}), criteria: [] }));
    group.criteria.push(c);
  }
  return out;
}

function categoryNodes(project: string, categories: CategoryPayload[], parent: string, opts: TreeOptions, framework?: string): CoverageNode[] {
  const out: CoverageNode[] = [];
  for (const cat of categories) {
    if (!cat.inScope && (opts.hideOutOfScope || opts.gapsOnly)) continue;
    const shown = opts.gapsOnly ? cat.criteria.filter(isGap) : cat.criteria;
    if (opts.gapsOnly && shown.length === 0) continue;
    const id = `${parent}/category:${cat.id}`;
    const n = counts(cat.criteria);
    const allSeries = bySeries(cat, cat.criteria);
    let children: CoverageNode[];
    if (allSeries.size > 1) {
      children = [...bySeries(cat, shown)].map(([s, group]) => {
        const sid = `${id}/series:${s}`;
        const all = allSeries.get(s)?.criteria ?? group.criteria;
        const sn = counts(all);
        const title = group.title;
        return {
          id: sid,
          kind: 'series' as const,
          label: title ? `${s} ${title}` : s,
          description: cat.inScope ? seriesDescription(sn, opts.gapsOnly) : 'not in scope',
          tooltip: `**${s}**${title ? ` ${escapeMd(title)}` : ''}\n\n${cat.inScope ? `${sn.covered} of ${sn.total} in-scope criteria covered${sn.gaps ? `, ${plural(sn.gaps, 'gap')}` : ''}.` : 'Not in scope.'}`,
          ...worstIcon(all, cat.inScope),
          contextValue: 'attest.series',
          expanded: opts.gapsOnly,
          children: group.criteria.map((c) => criterionNode(sid, project, c, cat.inScope, framework)),
        };
      });
    } else {
      children = shown.map((c) => criterionNode(id, project, c, cat.inScope, framework));
    }
    out.push({
      id,
      kind: 'category',
      label: cat.title,
      description: cat.inScope ? seriesDescription(n, opts.gapsOnly) : 'not in scope',
      tooltip: cat.inScope
        ? `**${escapeMd(cat.title)}** (\`${cat.id}\`)\n\n${n.covered} of ${n.total} in-scope criteria covered${n.gaps ? `, ${plural(n.gaps, 'gap')}` : ''}.`
        : `**${escapeMd(cat.title)}** (\`${cat.id}\`)\n\nNot in scope: add \`${cat.id}\` under \`categories:\` in attest.yaml to bring it in.`,
      ...worstIcon(cat.criteria, cat.inScope),
      contextValue: cat.inScope ? 'attest.category' : 'attest.category.outOfScope',
      expanded: cat.inScope,
      children,
    });
  }
  return out;
}

/**
 * One root per framework when a project has several (the primary first, expanded), each over its
 * own categories; a project with one framework shows its categories alone. Another framework's
 * categories come only while its root is expanded (the answer carries its totals otherwise): its
 * root then counts from the totals and holds a "Loading" line until they arrive.
 */
function frameworkNodes(project: string, payload: CoveragePayload, frameworks: FrameworkCoveragePayload[], parent: string, opts: TreeOptions): CoverageNode[] {
  const out: CoverageNode[] = [];
  frameworks.forEach((fw, i) => {
    const id = `${parent}/framework:${fw.id}`;
    const cats = i === 0 ? payload.categories : fw.categories;
    let children: CoverageNode[];
    let n: { covered: number; total: number; gaps: number };
    let icon: { icon: string; color: string };
    if (cats) {
      children = categoryNodes(project, cats, id, opts, i === 0 ? undefined : fw.id);
      if (opts.gapsOnly && children.length === 0) return;
      const all = cats.filter((c) => c.inScope).flatMap((c) => c.criteria);
      n = counts(all);
      icon = worstIcon(all, true);
    } else {
      n = totalsCounts(fw);
      if (opts.gapsOnly && n.gaps === 0) return;
      children = [messageNode(`${id}/loading`, 'Loading criteria…', undefined, 'loading~spin')];
      icon = totalsIcon(fw);
    }
    const role = i === 0 ? 'The primary framework' : 'Another framework';
    out.push({
      id,
      kind: 'framework',
      label: fw.title,
      description: `${fw.id} · ${seriesDescription(n, opts.gapsOnly)}`,
      tooltip: `**${escapeMd(fw.title)}** (\`${fw.id}\`)\n\n${role} of this project: ${n.covered} of ${n.total} in-scope criteria covered${n.gaps ? `, ${plural(n.gaps, 'gap')}` : ''}.`,
      ...icon,
      contextValue: 'attest.framework',
      expanded: i === 0 || opts.gapsOnly,
      children,
      ...(i === 0 ? {} : { framework: { project, id: fw.id } }),
    });
  });
  return out;
}

/** What `counts` gives over a framework's criteria, from its totals (an answer without its categories). */
function totalsCounts(fw: FrameworkCoveragePayload): { covered: number; total: number; gaps: number } {
  const t = fw.totals;
  return { covered: t.covered, total: t.inScope - t.excluded, gaps: t.uncovered + t.planned + t.policyOnly + (fw.evidenceGaps ?? 0) };
}

/** What `worstIcon` gives, from a framework's totals. */
function totalsIcon(fw: FrameworkCoveragePayload): { icon: string; color: string } {
  const t = fw.totals;
  const worst = t.uncovered ? 'uncovered' : t.policyOnly ? 'policy-only' : t.planned ? 'planned' : undefined;
  if (worst) return { icon: 'shield', color: STATUS_ICON[worst].color };
  return { icon: 'shield', color: fw.evidenceGaps ? 'charts.yellow' : 'testing.iconPassed' };
}

/**
 * The answer with the categories of the frameworks `keep` refuses left out (as the server leaves
 * them out), or the same object when there are none to drop: what a collapsed root no longer shows.
 */
export function dropFrameworkCategories(payload: CoveragePayload, keep: (framework: string) => boolean): CoveragePayload {
  const fws = payload.frameworks;
  if (!fws?.some((f, i) => i > 0 && f.categories && !keep(f.id))) return payload;
  return {
    ...payload,
    frameworks: fws.map((f, i) => {
      if (i === 0 || !f.categories || keep(f.id)) return f;
      const evidenceGaps = f.categories.reduce((k, cat) => k + cat.criteria.filter((c) => c.evidenceGap).length, 0);
      return { id: f.id, title: f.title, totals: f.totals, evidenceGaps };
    }),
  };
}

function seriesDescription(n: { covered: number; total: number; gaps: number }, gapsOnly: boolean): string {
  const base = `${n.covered}/${n.total} covered`;
  return gapsOnly || n.gaps ? `${base}, ${plural(n.gaps, 'gap')}` : base;
}

/** The coverage tree: categories -> series (when a category has several) -> criteria -> controls and policies.
 * With several frameworks, one node per framework on top of its categories; with several projects,
 * one project node on top of each project's. */
export function buildCoverageTree(projects: ProjectCoverage[], opts: TreeOptions): CoverageNode[] {
  return perProject(
    projects,
    (p) => `project:${p.uri}${opts.gapsOnly ? '#gaps' : ''}`,
    (p, parent) => {
      if (!p.payload) return [messageNode(`${parent}/error`, p.error ? 'Coverage unavailable' : 'Loading coverage…', p.error, p.error ? 'warning' : 'loading~spin')];
      const fws = p.payload.frameworks;
      const nodes = fws && fws.length > 1 ? frameworkNodes(p.uri, p.payload, fws, parent, opts) : categoryNodes(p.uri, p.payload.categories, parent, opts);
      return opts.gapsOnly && nodes.length === 0 ? [messageNode(`${parent}/no-gaps`, 'No gaps: every in-scope criterion is covered or excluded.', undefined, 'pass')] : nodes;
    },
    (p) => (p.payload ? coveredText(p.payload) : undefined),
  );
}
