// Pure: the `attest/coverage` payload -> tree nodes, status bar summary, gap lists.
// No `vscode` import here, so this file is unit-tested in plain Node.

export type CoverageStatus = 'covered' | 'planned' | 'policy-only' | 'uncovered' | 'excluded';
export type EvidenceStatus = 'current' | 'stale' | 'missing' | 'not-required';

export interface Position {
  line: number;
  character: number;
}
export interface Range {
  start: Position;
  end: Position;
}
export interface LocatedRef {
  id: string;
  title: string;
  uri: string;
  range: Range;
}
export interface ControlRef extends LocatedRef {
  status?: string;
  evidence?: EvidenceStatus;
}
export interface CriterionPayload {
  id: string;
  title: string;
  status?: CoverageStatus;
  /** The first controls by id: at most `limit` of them when the request set one. */
  controls: ControlRef[];
  policies: LocatedRef[];
  /** All non-retired controls mapping it (absent from older servers: then `controls` is complete). */
  controlCount?: number;
  policyCount?: number;
  reason?: string;
  evidenceGap?: boolean;
}
export interface CategoryPayload {
  id: string;
  title: string;
  inScope: boolean;
  criteria: CriterionPayload[];
}
export interface Totals {
  inScope: number;
  covered: number;
  planned: number;
  policyOnly: number;
  uncovered: number;
  excluded: number;
}
export interface SystemPayload {
  id: string;
  name: string;
  kind?: string;
  scope: 'in' | 'out';
  owner?: string;
  /** The first controls by id (at most `limit`); `status` is absent from older servers. */
  controls: ControlRef[];
  /** All controls naming it, and the implemented ones (absent from older servers). */
  controlCount?: number;
  implementedCount?: number;
}
/** The `attest/coverage` result (shared/spec/contracts.md). */
export interface CoveragePayload {
  framework: string;
  report: 'type1' | 'type2';
  period?: { start: string; end: string };
  totals: Totals;
  categories: CategoryPayload[];
  systems?: SystemPayload[];
}

/** The `attest/coverageEntries` result: the full lists for one criterion or one system. */
export interface CoverageEntries {
  controls: ControlRef[];
  policies: LocatedRef[];
}
/** What the "… more" nodes pass to `attest.showMapped` after the folder URI. */
export type MappedTarget = { criterion: string } | { system: string };

/** One workspace folder's coverage (or why there is none). */
export interface FolderCoverage {
  /** The workspace folder URI, as a string. */
  uri: string;
  name: string;
  payload?: CoveragePayload;
  error?: string;
}

export interface TreeOptions {
  /** Only criteria that are gaps (and the categories/series holding them). */
  gapsOnly: boolean;
  /** Hide categories that are not in scope (otherwise shown dimmed). */
  hideOutOfScope: boolean;
  /** Series titles by series id (CC6 -> "Logical and physical access"), from the catalog when known. */
  seriesTitles?: ReadonlyMap<string, string>;
}

export type NodeKind = 'folder' | 'category' | 'series' | 'criterion' | 'control' | 'policy' | 'system' | 'more' | 'message';

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
  /** Criterion nodes: the criterion and its folder, for the context menu commands. */
  criterion?: { id: string; title: string; folder: string; status?: CoverageStatus };
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

/** The part of a criterion id before the dot: CC6.1 -> CC6, A1.2 -> A1. */
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
  const order: CoverageStatus[] = ['uncovered', 'policy-only', 'planned'];
  for (const s of order) if (criteria.some((c) => c.status === s)) return { icon: 'shield', color: STATUS_ICON[s].color };
  if (criteria.some((c) => c.evidenceGap)) return { icon: 'shield', color: 'charts.yellow' };
  return { icon: 'shield', color: 'testing.iconPassed' };
}

function plural(n: number, one: string, many = one + 's'): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}

/** The whole count when the server sent one; older servers send complete lists. */
function total(count: number | undefined, listed: unknown[]): number {
  return count ?? listed.length;
}

/** The last child of a truncated list: "… 4,372 more controls", opening the full list in a picker. */
function moreNode(parent: string, folder: string, target: MappedTarget, controls: number, policies: number): CoverageNode | undefined {
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
    command: { command: 'attest.showMapped', title: 'Show All', arguments: [folder, target] },
  };
}

const EVIDENCE_NOTE: Partial<Record<EvidenceStatus, string>> = { missing: 'no evidence in period', stale: 'evidence stale' };

function controlNode(parent: string, c: ControlRef): CoverageNode {
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

function policyNode(parent: string, p: LocatedRef): CoverageNode {
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

function criterionNode(parent: string, folder: string, c: CriterionPayload, inScope: boolean): CoverageNode {
  const id = `${parent}/criterion:${c.id}`;
  const st = c.status ? STATUS_ICON[c.status] : undefined;
  const children = [...c.controls.map((x) => controlNode(id, x)), ...c.policies.map((x) => policyNode(id, x))];
  const more = moreNode(id, folder, { criterion: c.id }, total(c.controlCount, c.controls) - c.controls.length, total(c.policyCount, c.policies) - c.policies.length);
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
    criterion: { id: c.id, title: c.title, folder, ...(c.status ? { status: c.status } : {}) },
    ...(c.status ? { status: c.status } : {}),
  };
}

function categoryNodes(f: FolderCoverage, payload: CoveragePayload, parent: string, opts: TreeOptions): CoverageNode[] {
  const out: CoverageNode[] = [];
  for (const cat of payload.categories) {
    if (!cat.inScope && (opts.hideOutOfScope || opts.gapsOnly)) continue;
    const shown = opts.gapsOnly ? cat.criteria.filter(isGap) : cat.criteria;
    if (opts.gapsOnly && shown.length === 0) continue;
    const id = `${parent}/category:${cat.id}`;
    const n = counts(cat.criteria);
    const icon = worstIcon(cat.criteria, cat.inScope);
    const bySeries = new Map<string, CriterionPayload[]>();
    for (const c of shown) {
      const s = seriesOf(c.id);
      const list = bySeries.get(s) ?? [];
      list.push(c);
      bySeries.set(s, list);
    }
    const allSeries = new Map<string, CriterionPayload[]>();
    for (const c of cat.criteria) {
      const s = seriesOf(c.id);
      allSeries.set(s, [...(allSeries.get(s) ?? []), c]);
    }
    let children: CoverageNode[];
    if (allSeries.size > 1) {
      children = [...bySeries].map(([s, list]) => {
        const sid = `${id}/series:${s}`;
        const all = allSeries.get(s) ?? list;
        const sn = counts(all);
        const title = opts.seriesTitles?.get(s);
        return {
          id: sid,
          kind: 'series' as const,
          label: title ? `${s} ${title}` : s,
          description: cat.inScope ? seriesDescription(sn, opts.gapsOnly) : 'not in scope',
          tooltip: `**${s}**${title ? ` ${escapeMd(title)}` : ''}\n\n${cat.inScope ? `${sn.covered} of ${sn.total} in-scope criteria covered${sn.gaps ? `, ${plural(sn.gaps, 'gap')}` : ''}.` : 'Not in scope.'}`,
          ...worstIcon(all, cat.inScope),
          contextValue: 'attest.series',
          expanded: opts.gapsOnly,
          children: list.map((c) => criterionNode(sid, f.uri, c, cat.inScope)),
        };
      });
    } else {
      children = shown.map((c) => criterionNode(id, f.uri, c, cat.inScope));
    }
    out.push({
      id,
      kind: 'category',
      label: cat.title,
      description: cat.inScope ? seriesDescription(n, opts.gapsOnly) : 'not in scope',
      tooltip: cat.inScope
        ? `**${escapeMd(cat.title)}** (\`${cat.id}\`)\n\n${n.covered} of ${n.total} in-scope criteria covered${n.gaps ? `, ${plural(n.gaps, 'gap')}` : ''}.`
        : `**${escapeMd(cat.title)}** (\`${cat.id}\`)\n\nNot in scope: add \`${cat.id}\` under \`categories:\` in attest.yaml to bring it in.`,
      ...icon,
      contextValue: cat.inScope ? 'attest.category' : 'attest.category.outOfScope',
      expanded: cat.inScope,
      children,
    });
  }
  return out;
}

function seriesDescription(n: { covered: number; total: number; gaps: number }, gapsOnly: boolean): string {
  const base = `${n.covered}/${n.total} covered`;
  return gapsOnly || n.gaps ? `${base}, ${plural(n.gaps, 'gap')}` : base;
}

function messageNode(id: string, label: string, tooltip?: string, icon = 'info'): CoverageNode {
  return { id, kind: 'message', label, ...(tooltip ? { tooltip } : {}), icon, children: [] };
}

/** The coverage tree: categories -> series (when a category has several) -> criteria -> controls and policies.
 * With several folders, one folder node on top of each folder's categories. */
export function buildCoverageTree(folders: FolderCoverage[], opts: TreeOptions): CoverageNode[] {
  const roots: CoverageNode[] = [];
  const multi = folders.length > 1;
  for (const f of folders) {
    const parent = `folder:${f.uri}${opts.gapsOnly ? '#gaps' : ''}`;
    let nodes: CoverageNode[];
    if (f.payload) {
      nodes = categoryNodes(f, f.payload, parent, opts);
      if (opts.gapsOnly && nodes.length === 0) nodes = [messageNode(`${parent}/no-gaps`, 'No gaps: every in-scope criterion is covered or excluded.', undefined, 'pass')];
    } else {
      nodes = [messageNode(`${parent}/error`, f.error ? 'Coverage unavailable' : 'Loading coverage…', f.error, f.error ? 'warning' : 'loading~spin')];
    }
    if (!multi) {
      roots.push(...nodes);
      continue;
    }
    const t = f.payload?.totals;
    roots.push({
      id: parent,
      kind: 'folder',
      label: f.name,
      ...(t ? { description: `${t.covered}/${t.inScope - t.excluded} covered` } : {}),
      icon: 'root-folder',
      expanded: true,
      children: nodes,
    });
  }
  return roots;
}

/** The Systems view: system -> the controls naming it; in-scope systems with no implemented control marked. */
export function buildSystemsTree(folders: FolderCoverage[]): CoverageNode[] {
  const roots: CoverageNode[] = [];
  const multi = folders.filter((f) => f.payload?.systems).length > 1;
  for (const f of folders) {
    const systems = f.payload?.systems;
    if (!systems) continue;
    const parent = `systems:${f.uri}`;
    const known = controlStatuses(f.payload!);
    const nodes = systems.map((s): CoverageNode => {
      const id = `${parent}/system:${s.id}`;
      // Newer servers send each control's status; older ones only list it under the criteria.
      const controls = s.controls.map((c): ControlRef => ({ ...known.get(c.id), ...c }));
      const all = total(s.controlCount, s.controls);
      const implemented = s.implementedCount ?? controls.filter((c) => (c.status ?? 'implemented') === 'implemented').length;
      const unprotected = s.scope === 'in' && implemented === 0;
      // The verdict first: long system names get cut off at the view's edge.
      const desc = [s.scope === 'out' ? 'out of scope' : unprotected ? (all ? 'no implemented control' : 'unprotected') : plural(implemented, 'control'), s.name];
      const icon = s.scope === 'out' ? { icon: 'circle-slash', color: 'disabledForeground' } : unprotected ? { icon: 'warning', color: 'problemsWarningIcon.foreground' } : { icon: 'server', color: 'testing.iconPassed' };
      const tip = [`**${s.id}** ${escapeMd(s.name)}`];
      const facts = [s.kind ? `Kind: ${s.kind}` : '', s.owner ? `Owner: ${escapeMd(s.owner)}` : '', `Scope: ${s.scope}`].filter(Boolean);
      tip.push(facts.join(' · '));
      if (unprotected) tip.push('In scope, but no implemented control names this system.');
      else if (s.scope === 'in') tip.push(`Protected by ${plural(implemented, 'implemented control')}.`);
      if (all > implemented) tip.push(`Named by ${plural(all, 'control')} of any status.`);
      const children = controls.map((c) => controlNode(id, c));
      const more = moreNode(id, f.uri, { system: s.id }, all - s.controls.length, 0);
      if (more) children.push(more);
      return {
        id,
        kind: 'system',
        label: s.id,
        description: desc.join(' · '),
        tooltip: tip.join('\n\n'),
        ...icon,
        contextValue: unprotected ? 'attest.system.unprotected' : 'attest.system',
        expanded: false,
        children,
      };
    });
    if (!multi) roots.push(...nodes);
    else roots.push({ id: parent, kind: 'folder', label: f.name, icon: 'root-folder', expanded: true, children: nodes });
  }
  return roots;
}

/** Status and evidence of each control, from the criteria lists (systems list controls without evidence,
 * older servers without status). Only while no criterion list is truncated: a partial lookup would show
 * evidence notes on some controls and silently not on others. */
function controlStatuses(p: CoveragePayload): Map<string, { status?: string; evidence?: EvidenceStatus }> {
  const m = new Map<string, { status?: string; evidence?: EvidenceStatus }>();
  const criteria = p.categories.flatMap((cat) => cat.criteria);
  if (criteria.some((cr) => total(cr.controlCount, cr.controls) > cr.controls.length)) return m;
  for (const cr of criteria) for (const c of cr.controls) {
    m.set(c.id, { ...(c.status ? { status: c.status } : {}), ...(c.evidence ? { evidence: c.evidence } : {}) });
  }
  return m;
}

/** One QuickPick row of `attest.showMapped`: a control or policy and where it is. */
export interface MappedPick {
  kind: 'control' | 'policy';
  label: string;
  description: string;
  detail: string;
  uri: string;
  range: Range;
}

/** The rows of `attest.showMapped`, controls first; `relPath` turns a file URI into a workspace-relative path. */
export function mappedPicks(entries: CoverageEntries, relPath: (uri: string) => string): MappedPick[] {
  const controls = entries.controls.map((c): MappedPick => {
    const ev = c.evidence ? EVIDENCE_NOTE[c.evidence] : undefined;
    return { kind: 'control', label: c.id, description: c.title, detail: [c.status ?? 'implemented', ev, relPath(c.uri)].filter(Boolean).join(' · '), uri: c.uri, range: c.range };
  });
  const policies = entries.policies.map((p): MappedPick => ({ kind: 'policy', label: p.id, description: p.title, detail: `policy · ${relPath(p.uri)}`, uri: p.uri, range: p.range }));
  return [...controls, ...policies];
}

export interface Summary {
  /** "Attest 30/37" (covered / in scope less excluded), or "Attest" with no data. */
  text: string;
  covered: number;
  total: number;
  gaps: Array<{ folder: string; id: string; title: string; status: CoverageStatus; evidenceGap: boolean }>;
  /** Markdown: the totals and the gaps. */
  tooltip: string;
  severity: 'ok' | 'warning' | 'error' | 'none';
}

export function summarize(folders: FolderCoverage[], maxListed = 15): Summary {
  let covered = 0, total = 0, any = false;
  const gaps: Summary['gaps'] = [];
  const t: Totals = { inScope: 0, covered: 0, planned: 0, policyOnly: 0, uncovered: 0, excluded: 0 };
  for (const f of folders) {
    if (!f.payload) continue;
    any = true;
    const pt = f.payload.totals;
    for (const k of Object.keys(t) as Array<keyof Totals>) t[k] += pt[k];
    covered += pt.covered;
    total += pt.inScope - pt.excluded;
    for (const cat of f.payload.categories) for (const c of cat.criteria) {
      if (c.status && isGap(c)) gaps.push({ folder: f.name, id: c.id, title: c.title, status: c.status, evidenceGap: !!c.evidenceGap });
    }
  }
  if (!any) {
    const err = folders.find((f) => f.error)?.error;
    return { text: 'Attest', covered: 0, total: 0, gaps, tooltip: err ? `Attest: ${escapeMd(err)}` : 'Attest: computing coverage…', severity: 'none' };
  }
  const lines = [`**Attest coverage**: ${covered} of ${total} in-scope criteria covered`, `${t.planned} planned · ${t.policyOnly} policy-only · ${t.uncovered} uncovered · ${t.excluded} excluded`];
  if (gaps.length) {
    const multi = folders.length > 1;
    const order: CoverageStatus[] = ['uncovered', 'policy-only', 'planned', 'covered'];
    const sorted = [...gaps].sort((a, b) => order.indexOf(a.status) - order.indexOf(b.status));
    const list = sorted.slice(0, maxListed).map((g) => `- ${g.evidenceGap && g.status === 'covered' ? 'evidence gap' : g.status}: **${g.id}** ${escapeMd(g.title)}${multi ? ` (${escapeMd(g.folder)})` : ''}`);
    if (sorted.length > maxListed) list.push(`- … and ${sorted.length - maxListed} more`);
    lines.push(`Gaps:\n\n${list.join('\n')}`);
  } else {
    lines.push('No gaps.');
  }
  lines.push('Click to show the coverage view.');
  const severity = t.uncovered > 0 ? 'error' : gaps.length ? 'warning' : 'ok';
  return { text: `Attest ${covered}/${total}`, covered, total, gaps, tooltip: lines.join('\n\n'), severity };
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

/** Series ids and titles from a catalog's YAML text (`- id: CC6` followed by `title: …`), without a YAML parser:
 * the client bundle stays small. Criterion ids (with a dot) are skipped. */
export function seriesTitlesFromCatalog(text: string): Map<string, string> {
  const titles = new Map<string, string>();
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const m = /^(\s*)-\s+id:\s*["']?([A-Za-z][A-Za-z0-9-]*)["']?\s*(?:#.*)?$/.exec(lines[i]!);
    if (!m) continue;
    const indent = m[1]!.length + 2;
    for (let j = i + 1; j < lines.length && j < i + 6; j++) {
      const l = lines[j]!;
      if (!l.trim()) continue;
      const lead = l.length - l.trimStart().length;
      if (lead < indent) break;
      const t = /^\s*title:\s*(.+?)\s*$/.exec(l);
      if (t && lead === indent) {
        titles.set(m[2]!, t[1]!.replace(/^(["'])(.*)\1$/, '$2'));
        break;
      }
    }
  }
  return titles;
}
