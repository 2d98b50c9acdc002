import { builtInCatalogById, frameworkFor, frameworkLabel, type Catalog, type ProjectIndex } from '../../core/index.js';
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
  // Coverage's own entry of the criterion, memoised until what maps it changes: the same mappers
  // the coverage view lists, already in id order.
  const entry = fw && folder.coverage.criterion(fw, id);
  if (entry) {
    const controls = distinct(entry.controls.map((x) => `${x.id}${x.status !== 'implemented' ? ` (${x.status})` : ''}`));
    lines.push('', `**Controls:** ${list(controls)}`, '', `**Policies:** ${list(distinct(entry.policies.map((x) => x.id)))}`);
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

function titleIn(ws: ProjectIndex, framework: string, id: string): string | undefined {
  return (frameworkFor(ws.config, framework)?.catalog ?? builtInCatalogById(framework))?.get(id)?.title;
}

/** An id defined in several files is listed once. */
function distinct(xs: string[]): string[] {
  return [...new Set(xs)];
}

function list(xs: string[]): string {
  if (!xs.length) return '_none_';
  return xs.length > MAX_LISTED ? `${xs.slice(0, MAX_LISTED).join(', ')} and ${xs.length - MAX_LISTED} more` : xs.join(', ');
}
