// Pure: the Systems view's nodes from the `systems` of `attest/coverage` answers.
import type { ControlRef, CoveragePayload, EvidenceStatus, SystemPayload } from '../../../server/src/protocol';
import { controlNode, escapeMd, moreNode, perProject, plural, total, type CoverageNode, type ProjectCoverage } from './nodes';

function systemNode(parent: string, project: string, s: SystemPayload, known: Map<string, { status?: string; evidence?: EvidenceStatus }>): CoverageNode {
  const id = `${parent}/system:${s.id}`;
  // System controls carry no evidence: take it from the criteria lists when they are complete.
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
  const more = moreNode(id, project, { system: s.id }, all - s.controls.length, 0);
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
}

/** The Systems view: system -> the controls naming it; in-scope systems with no implemented control marked.
 * With several projects, one node per project that has an inventory. */
export function buildSystemsTree(projects: ProjectCoverage[]): CoverageNode[] {
  return perProject(
    projects,
    (p) => `systems:${p.uri}`,
    (p, parent) => {
      const systems = p.payload?.systems;
      if (!systems) return undefined;
      const known = controlStatuses(p.payload!);
      return systems.map((s) => systemNode(parent, p.uri, s, known));
    },
    (_, nodes) => {
      const bare = nodes.filter((n) => n.contextValue === 'attest.system.unprotected').length;
      return `${plural(nodes.length, 'system')}${bare ? `, ${bare} unprotected` : ''}`;
    },
  );
}

/** Status and evidence of each control, from the criteria lists (systems list controls without evidence).
 * Only while no criterion list is truncated: a partial lookup would show evidence notes on some
 * controls and silently not on others. */
function controlStatuses(p: CoveragePayload): Map<string, { status?: string; evidence?: EvidenceStatus }> {
  const m = new Map<string, { status?: string; evidence?: EvidenceStatus }>();
  const criteria = p.categories.flatMap((cat) => cat.criteria);
  if (criteria.some((cr) => total(cr.controlCount, cr.controls) > cr.controls.length)) return m;
  for (const cr of criteria) for (const c of cr.controls) {
    m.set(c.id, { ...(c.status ? { status: c.status } : {}), ...(c.evidence ? { evidence: c.evidence } : {}) });
  }
  return m;
}
