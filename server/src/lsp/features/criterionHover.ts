import { builtInCatalogById, compareIds, frameworkFor, frameworkLabel, refsIn, type Catalog, type ProjectIndex } from '../../core/index.js';
import type { Project } from '../project.js';

const MAX_LISTED = 15;

/**
 * Hover on a criterion of any framework (the primary one when `framework` is omitted): its
 * summary, status, exclusion, mappers, and what crosswalks relate it to.
 */
export function describeCriterion(folder: Project, id: string, framework?: string): string {
  const ws = folder.ws;
  const cfg = ws.config;
  const fw = framework === undefined ? cfg.frameworks[0]! : frameworkFor(cfg, framework);
  const catalog: Catalog | undefined = fw?.catalog ?? (framework !== undefined ? builtInCatalogById(framework) : undefined);
  const fwId = fw?.id ?? framework ?? cfg.framework;
  const c = catalog?.get(id);
  if (!c) return `**${id}**: not a criterion of ${fwId}.`;
  const status = fw ? ws.status(id, fw.id) : undefined;
  const where = fw ? (status ? ` · **${status}**` : ' · not in scope') : ` · ${fwId} is not one of this project's frameworks`;
  const other = fwId !== cfg.framework ? `${fwId} · ` : '';
  const lines = [`**${c.id} · ${c.title}**`, '', `_${other}${c.categoryTitle} · ${c.series} ${c.seriesTitle}_${where}`, '', c.description];
  if (c.pointsOfFocus.length) lines.push('', '**Points of focus**', ...c.pointsOfFocus.map((f) => `- ${f}`));
  const ex = fw?.exclusions.get(id);
  if (ex?.reason) lines.push('', `**Excluded:** ${ex.reason}`);
  if (fw) {
    const { controls, policies } = mappers(ws, fw.id, id);
    lines.push('', `**Controls:** ${list(controls)}`, '', `**Policies:** ${list(policies)}`);
  }
  const related = ws.crosswalks.related(fwId, id);
  if (related.length) {
    lines.push('', '**Crosswalks**');
    for (const r of related.slice(0, MAX_LISTED)) {
      const title = titleIn(ws, r.framework, r.id);
      lines.push(`- ${r.relationship} **${r.id}** (${r.framework})${title ? ` ${title}` : ''} · _${r.rel}_`);
    }
    if (related.length > MAX_LISTED) lines.push(`- … and ${related.length - MAX_LISTED} more`);
  }
  return lines.join('\n');
}

/** Hover on a framework id (in `frameworks:` or as a key of `criteria:`): its catalog and coverage. */
export function describeFramework(folder: Project, id: string): string {
  const cfg = folder.ws.config;
  const fw = frameworkFor(cfg, id);
  if (!fw) {
    const builtIn = builtInCatalogById(id);
    return builtIn ? `**${builtIn.title}** (\`${id}\`): built in, but not one of this project's frameworks; add it to \`frameworks:\` in attest.yaml for its coverage.` : `**${id}**: neither one of this project's frameworks nor a built-in catalog.`;
  }
  let covered = 0;
  let total = 0;
  for (const cid of fw.catalog.criteria.keys()) {
    const st = folder.ws.status(cid, fw.id);
    if (st === 'covered') covered++;
    if (st && st !== 'excluded') total++;
  }
  const role = fw === cfg.frameworks[0] ? 'primary framework' : 'framework';
  return [`**${frameworkLabel(fw)}**: ${covered}/${total} covered`, '', `The project's ${role}: ${fw.catalog.criteria.size} criteria in ${fw.catalog.categories.length} categories${fw.catalogFile ? `, from \`${fw.catalogFile}\`` : ', built in'}.`].join('\n');
}

function mappers(ws: ProjectIndex, framework: string, id: string): { controls: string[]; policies: string[] } {
  const maps = ws.criteria.of(framework);
  const primary = ws.config.framework;
  const controls: string[] = [];
  const policies: string[] = [];
  for (const rel of maps.controls.get(id)?.keys() ?? []) {
    for (const ctl of ws.facts(rel)!.controls) {
      if (ctl.status !== 'retired' && refsIn(ctl, framework, primary).some((r) => r.value === id)) controls.push(`${ctl.id}${ctl.status !== 'implemented' ? ` (${ctl.status})` : ''}`);
    }
  }
  for (const rel of maps.policies.get(id)?.keys() ?? []) {
    for (const pol of ws.facts(rel)!.policies) if (pol.status !== 'retired' && refsIn(pol, framework, primary).some((r) => r.value === id)) policies.push(pol.id);
  }
  return { controls: unique(controls), policies: unique(policies) };
}

function titleIn(ws: ProjectIndex, framework: string, id: string): string | undefined {
  return (frameworkFor(ws.config, framework)?.catalog ?? builtInCatalogById(framework))?.get(id)?.title;
}

function unique(xs: string[]): string[] {
  return [...new Set(xs)].sort(compareIds);
}

function list(xs: string[]): string {
  if (!xs.length) return '_none_';
  return xs.length > MAX_LISTED ? `${xs.slice(0, MAX_LISTED).join(', ')} and ${xs.length - MAX_LISTED} more` : xs.join(', ');
}
