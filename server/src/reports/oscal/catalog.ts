import type { ProjectReport } from '../reportModel.js';
import { criterionTokens, json, line, metadata, oscalContext, prop, prose, str, token } from './common.js';

/**
 * `attest export --format oscal-catalog`: the project's framework as an OSCAL catalog. A group per
 * criterion series, a control per criterion (its id the criterion id), with Attest's own titles,
 * summaries (the statement) and points of focus (the guidance).
 */

export function catalogUuidOf(p: ProjectReport): string {
  return oscalContext(p).uuid('catalog', p.ws.config.framework);
}

export function oscalCatalog(p: ProjectReport): string {
  const ctx = oscalContext(p);
  const cfg = p.ws.config;
  const catalog = cfg.catalog;
  const tokens = criterionTokens(catalog);
  const groupIds = new Set<string>();
  const groups = catalog.categories.flatMap((cat) =>
    cat.series
      .filter((s) => s.criteria.length)
      .map((s) => {
        let id = token(s.id);
        for (let n = 2; groupIds.has(id); n++) id = `${token(s.id)}_${n}`;
        groupIds.add(id);
        return {
          id,
          class: 'series',
          title: line(s.title, s.id),
          props: [prop('attest-category', cat.id)],
          controls: s.criteria.map((cid) => {
            const c = catalog.get(cid)!;
            const t = tokens.get(cid)!;
            const parts = [];
            if (c.description.trim()) parts.push({ id: `${t}_smt`, name: 'statement', prose: prose(c.description) });
            if (c.pointsOfFocus.length) parts.push({ id: `${t}_gdn`, name: 'guidance', title: 'Points of focus', prose: c.pointsOfFocus.map((x) => `- ${prose(x)}`).join('\n') });
            return {
              id: t,
              class: 'criterion',
              title: line(c.title, cid),
              props: [{ name: 'label', value: str(cid) }],
              ...(parts.length ? { parts } : {}),
            };
          }),
        };
      }),
  );
  return json({
    catalog: {
      uuid: catalogUuidOf(p),
      metadata: metadata(ctx, catalog.title, catalog.id, cfg.catalogFile ? `Exported by Attest from the catalog file ${cfg.catalogFile} of ${ctx.title}.` : `Exported by Attest from its built-in ${cfg.framework} catalog. Titles, statements and points of focus are Attest's own summaries, not the text of the standard.`),
      ...(groups.length ? { groups } : {}),
    },
  });
}
