// Pure: the plain-data tree nodes both views are built of, and the pieces they share (control,
// policy and "… more" nodes, status icons). No `vscode` import, so this is unit-tested in Node.
import type { ControlRef, CoveragePayload, CoverageStatus, CriterionPayload, EvidenceStatus, LocatedRef, Range } from '../../../server/src/protocol';

/** One Attest project's coverage (or why there is none yet). */
export interface ProjectCoverage {
  /** The project folder's URI (from attest/projects), or a workspace folder's while none is known. */
  uri: string;
  /** What the views call it: the project's name, its workspace folder's name for `.`. */
  name: string;
  payload?: CoveragePayload;
  error?: string;
}

/** A framework of a project (`id` as attest.yaml names it). */
export interface FrameworkRef {
  project: string;
  id: string;
}

/** What the "… more" nodes pass to `attest.showMapped` after the project URI (`framework`: a criterion's, when not the primary). */
export type MappedTarget = { criterion: string; framework?: string } | { system: string };

export type NodeKind = 'project' | 'framework' | 'category' | 'series' | 'criterion' | 'control' | 'policy' | 'system' | 'more' | 'message';

/** A tree node: everything a TreeItem needs, as plain data. */
export interface CoverageNode {
  /** Stable across refreshes (keeps expansion state); unique within one view. */
  id: string;
  kind: NodeKind;
  label: string;
  description?: string;
  /** Markdown. */
  tooltip?: string;
  /** A codicon id, and a theme colour id for it. */
  icon?: string;
  color?: string;
  /** For TreeItem.contextValue (menus). */
  contextValue?: string;
  expanded?: boolean;
  children: CoverageNode[];
  /** What clicking opens. */
  location?: { uri: string; range: Range };
  /** What clicking runs, for nodes without a location ('more': attest.showMapped). */
  command?: { command: string; title: string; arguments: unknown[] };
  /** Criterion nodes: the criterion and its project (and its framework when not the primary), for the context menu commands. */
  criterion?: { id: string; title: string; project: string; status?: CoverageStatus; framework?: string };
  /** The root of a framework other than the primary: its categories are fetched while it is expanded. */
  framework?: FrameworkRef;
  status?: CoverageStatus;
}

export const GAP_STATUSES: readonly CoverageStatus[] = ['uncovered', 'planned', 'policy-only'];

export const STATUS_ICON: Record<CoverageStatus, { icon: string; color: string; label: string; why: string }> = {
  covered: { icon: 'pass-filled', color: 'testing.iconPassed', label: 'covered', why: 'At least one implemented control maps this criterion.' },
  planned: { icon: 'clock', color: 'charts.yellow', label: 'planned', why: 'Only planned controls map this criterion: nothing carries it out yet.' },
  'policy-only': { icon: 'book', color: 'charts.orange', label: 'policy-only', why: 'Only policies map this criterion: no control carries it out.' },
  uncovered: { icon: 'error', color: 'testing.iconFailed', label: 'uncovered', why: 'No control or policy maps this criterion.' },
  excluded: { icon: 'circle-slash', color: 'disabledForeground', label: 'excluded', why: 'Carved out of scope in attest.yaml.' },
};

export function isGap(c: CriterionPayload): boolean {
  return (c.status !== undefined && GAP_STATUSES.includes(c.status)) || c.evidenceGap === true;
}

export function plural(n: number, one: string, many = one + 's'): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}

/** The whole count when the payload has one, else the list is complete. */
export function total(count: number | undefined, listed: unknown[]): number {
  return count ?? listed.length;
}

/** "30/37 covered": covered of in scope less excluded. */
export function coveredText(p: CoveragePayload): string {
  return `${p.totals.covered}/${p.totals.inScope - p.totals.excluded} covered`;
}

/** The last child of a truncated list: "… 4,372 more controls", opening the full list in a picker. */
export function moreNode(parent: string, project: string, target: MappedTarget, controls: number, policies: number): CoverageNode | undefined {
  if (controls <= 0 && policies <= 0) return undefined;
  const more = (n: number, one: string, many: string) => (n > 0 ? plural(n, `more ${one}`, `more ${many}`) : '');
  const parts = [more(controls, 'control', 'controls'), more(policies, 'policy', 'policies')].filter(Boolean);
  const what = 'criterion' in target ? `mapping ${target.criterion}` : `naming ${target.system}`;
  return {
    id: `${parent}/more`,
    kind: 'more',
    label: `… ${parts.join(' and ')}`,
    tooltip: `Only the first entries are listed here. Click to pick from every control${'criterion' in target ? ' and policy' : ''} ${what}.`,
    icon: 'ellipsis',
    contextValue: 'attest.more',
    children: [],
    command: { command: 'attest.showMapped', title: 'Show All', arguments: [project, target] },
  };
}

export const EVIDENCE_NOTE: Partial<Record<EvidenceStatus, string>> = { missing: 'no evidence in period', stale: 'evidence stale' };

export function controlNode(parent: string, c: ControlRef): CoverageNode {
  const notes: string[] = [];
  if (c.status && c.status !== 'implemented') notes.push(c.status);
  const ev = c.evidence ? EVIDENCE_NOTE[c.evidence] : undefined;
  if (ev) notes.push(ev);
  const icon = c.status === 'planned' ? { icon: 'clock', color: 'charts.yellow' } : ev ? { icon: 'gear', color: 'charts.yellow' } : { icon: 'gear', color: '' };
  const tip = [`**${c.id}** ${escapeMd(c.title)}`, `Control, ${c.status ?? 'implemented'}${c.evidence && c.evidence !== 'not-required' ? `, evidence ${c.evidence}` : ''}.`];
  return {
    id: `${parent}/control:${c.id}`,
    kind: 'control',
    label: c.id,
    description: notes.length ? `${c.title} (${notes.join(', ')})` : c.title,
    tooltip: tip.join('\n\n'),
    icon: icon.icon,
    ...(icon.color ? { color: icon.color } : {}),
    contextValue: 'attest.control',
    children: [],
    location: { uri: c.uri, range: c.range },
  };
}

export function policyNode(parent: string, p: LocatedRef): CoverageNode {
  return {
    id: `${parent}/policy:${p.id}`,
    kind: 'policy',
    label: p.id,
    description: p.title,
    tooltip: `**${p.id}** ${escapeMd(p.title)}\n\nPolicy.`,
    icon: 'book',
    contextValue: 'attest.policy',
    children: [],
    location: { uri: p.uri, range: p.range },
  };
}

export function messageNode(id: string, label: string, tooltip?: string, icon = 'info'): CoverageNode {
  return { id, kind: 'message', label, ...(tooltip ? { tooltip } : {}), icon, children: [] };
}

/** With several projects, one node per project on top of its own nodes; one project shows its nodes alone. */
export function perProject(projects: ProjectCoverage[], idOf: (p: ProjectCoverage) => string, nodesOf: (p: ProjectCoverage, id: string) => CoverageNode[] | undefined, describe: (p: ProjectCoverage, nodes: CoverageNode[]) => string | undefined): CoverageNode[] {
  const shown = projects.map((p) => ({ p, id: idOf(p) })).map(({ p, id }) => ({ p, id, nodes: nodesOf(p, id) }));
  const withNodes = shown.filter((s) => s.nodes !== undefined);
  if (projects.length <= 1) return withNodes.flatMap((s) => s.nodes!);
  return withNodes.map(({ p, id, nodes }) => {
    const description = describe(p, nodes!);
    return {
      id,
      kind: 'project' as const,
      label: p.name,
      ...(description ? { description } : {}),
      tooltip: `**${escapeMd(p.name)}**\n\nAttest project at \`${p.uri}\``,
      icon: 'root-folder',
      contextValue: 'attest.project',
      expanded: true,
      children: nodes!,
    };
  });
}

/** Flatten a tree to "label — description" lines with indentation (test API and debugging). */
export function snapshot(nodes: CoverageNode[], depth = Infinity, indent = ''): string[] {
  const out: string[] = [];
  for (const n of nodes) {
    out.push(`${indent}${n.label}${n.description ? ` — ${n.description}` : ''}`);
    if (depth > 1) out.push(...snapshot(n.children, depth - 1, indent + '  '));
  }
  return out;
}

export function escapeMd(s: string): string {
  return s.replace(/[\\`*_{}[\]<>#|]/g, (m) => `\\${m}`);
}
