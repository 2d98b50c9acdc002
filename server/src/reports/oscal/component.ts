import type { ProjectReport } from '../reportModel.js';
import { catalogUuidOf } from './catalog.js';
import { criterionTokens, json, line, metadata, oscalContext, prop, str } from './common.js';

/**
 * `attest export --format oscal-component`: one component, the project's system, whose control
 * implementation points at the exported catalog and holds one implemented-requirement per
 * in-scope, not excluded criterion that an implemented control maps, naming those controls.
 */

/** The criteria the component implements and the implemented controls behind each, from the coverage model the editor shows. */
export function implementedCriteria(p: ProjectReport): Array<{ id: string; title: string; controls: Array<{ id: string; title: string }> }> {
  const out = [];
  for (const cat of p.coverage.categories) {
    if (!cat.inScope) continue;
    for (const c of cat.criteria) {
      if (!c.status || c.status === 'excluded') continue;
      const controls = c.controls.filter((x) => x.status === 'implemented').map((x) => ({ id: x.id, title: x.title }));
      if (controls.length) out.push({ id: c.id, title: c.title, controls });
    }
  }
  return out;
}

export function oscalComponent(p: ProjectReport): string {
  const ctx = oscalContext(p);
  const cfg = p.ws.config;
  const tokens = criterionTokens(cfg.catalog);
  const resource = ctx.uuid('catalog-resource', cfg.framework);
  const requirements = implementedCriteria(p).map((c) => ({
    uuid: ctx.uuid('implemented-requirement', c.id),
    'control-id': tokens.get(c.id)!,
    description: `${line(c.title, c.id)}: implemented by ${c.controls.map((x) => `${line(x.id)} (${line(x.title, x.id)})`).join(', ')}.`,
    props: c.controls.map((x) => prop('attest-control', x.id)),
  }));
  const implementation = {
    uuid: ctx.uuid('control-implementation', cfg.framework),
    source: `#${resource}`,
    description: `How ${line(ctx.title)} meets the in-scope criteria of ${line(cfg.catalog.title)}, as of ${ctx.asOf}.`,
    'implemented-requirements': requirements,
  };
  return json({
    'component-definition': {
      uuid: ctx.uuid('component-definition'),
      metadata: metadata(ctx, `${ctx.title}: component definition`, ctx.asOf),
      components: [
        {
          uuid: ctx.uuid('component'),
          type: 'this-system',
          title: line(ctx.title),
          description: `The system ${line(ctx.title)} describes in its Attest project (${str(cfg.framework)}, ${cfg.report === 'type2' ? 'Type II' : 'Type I'}).`,
          props: [prop('attest-framework', cfg.framework)],
          // OSCAL needs at least one requirement in an implementation: none implemented, none listed.
          ...(requirements.length ? { 'control-implementations': [implementation] } : {}),
        },
      ],
      'back-matter': {
        resources: [
          {
            uuid: resource,
            title: line(cfg.catalog.title),
            description: `The OSCAL catalog of ${str(cfg.framework)} that \`attest export --format oscal-catalog\` writes for this project (its uuid is the document id).`,
            props: [prop('attest-framework', cfg.framework)],
            'document-ids': [{ identifier: catalogUuidOf(p) }],
          },
        ],
      },
    },
  });
}
