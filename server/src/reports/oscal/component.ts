import { coverageOfFramework, type CoverageModel, type FrameworkConfig } from '../../core/index.js';
import type { ProjectReport } from '../reportModel.js';
import { catalogUuidOf } from './catalog.js';
import { criterionTokens, json, line, metadata, oscalContext, prop, str, type OscalContext } from './common.js';

/**
 * `attest export --format oscal-component`: one component, the project's system, with one control
 * implementation per framework of the project (the primary first), each pointing at that
 * framework's exported catalog and holding one implemented-requirement per in-scope, not
 * excluded criterion that an implemented control maps, naming those controls.
 */

/** The criteria the component implements and the implemented controls behind each, from the coverage model the editor shows (the primary's unless given another framework's). */
export function implementedCriteria(p: ProjectReport, coverage: Pick<CoverageModel, 'categories'> = p.coverage): Array<{ id: string; title: string; controls: Array<{ id: string; title: string }> }> {
  const out = [];
  for (const cat of coverage.categories) {
    if (!cat.inScope) continue;
    for (const c of cat.criteria) {
      if (!c.status || c.status === 'excluded') continue;
      const controls = c.controls.filter((x) => x.status === 'implemented').map((x) => ({ id: x.id, title: x.title }));
      if (controls.length) out.push({ id: c.id, title: c.title, controls });
    }
  }
  return out;
}

/** One framework's control implementation, or null when no implemented control maps it (OSCAL needs one requirement at least). */
function implementationOf(p: ProjectReport, ctx: OscalContext, fw: FrameworkConfig, primary: boolean): Record<string, unknown> | null {
  const coverage = primary ? p.coverage : coverageOfFramework(p.coverage, fw.id);
  if (!coverage) return null;
  const tokens = criterionTokens(fw.catalog);
  // The primary's requirement UUIDs keep the name they had before other frameworks; the others' name their framework too.
  const name = (id: string) => (primary ? id : `${fw.id}\n${id}`);
  const requirements = implementedCriteria(p, coverage).map((c) => ({
    uuid: ctx.uuid('implemented-requirement', name(c.id)),
    'control-id': tokens.get(c.id)!,
    description: `${line(c.title, c.id)}: implemented by ${c.controls.map((x) => `${line(x.id)} (${line(x.title, x.id)})`).join(', ')}.`,
    props: c.controls.map((x) => prop('attest-control', x.id)),
  }));
  if (!requirements.length) return null;
  return {
    uuid: ctx.uuid('control-implementation', fw.id),
    source: `#${ctx.uuid('catalog-resource', fw.id)}`,
    description: `How ${line(ctx.title)} meets the in-scope criteria of ${line(fw.catalog.title)}, as of ${ctx.asOf}.`,
    props: [prop('attest-framework', fw.id)],
    'implemented-requirements': requirements,
  };
}

export function oscalComponent(p: ProjectReport): string {
  const ctx = oscalContext(p);
  const cfg = p.ws.config;
  const implementations = cfg.frameworks.map((fw, i) => implementationOf(p, ctx, fw, i === 0)).filter((x) => x !== null);
  return json({
    'component-definition': {
      uuid: ctx.uuid('component-definition'),
      metadata: metadata(ctx, `${ctx.title}: component definition`, ctx.asOf),
      components: [
        {
          uuid: ctx.uuid('component'),
          type: 'this-system',
          title: line(ctx.title),
          description: `The system ${line(ctx.title)} describes in its Attest project (${cfg.frameworks.map((f) => str(f.id)).join(', ')}, ${cfg.report === 'type2' ? 'Type II' : 'Type I'}).`,
          props: cfg.frameworks.map((f) => prop('attest-framework', f.id)),
          ...(implementations.length ? { 'control-implementations': implementations } : {}),
        },
      ],
      'back-matter': {
        resources: cfg.frameworks.map((fw) => ({
          uuid: ctx.uuid('catalog-resource', fw.id),
          title: line(fw.catalog.title),
          description: `The OSCAL catalog of ${str(fw.id)} that \`attest export --format oscal-catalog${fw === cfg.frameworks[0] ? '' : ` --framework ${str(fw.id)}`}\` writes for this project (its uuid is the document id).`,
          props: [prop('attest-framework', fw.id)],
          'document-ids': [{ identifier: catalogUuidOf(p, fw.id) }],
        })),
      },
    },
  });
}
