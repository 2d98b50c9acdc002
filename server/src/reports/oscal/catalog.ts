import type { FrameworkConfig } from '../../core/index.js';
import type { ProjectReport } from '../reportModel.js';
import { criterionTokens, json, line, metadata, oscalContext, prop, prose, str, token } from './common.js';

/**
 * `attest export --format oscal-catalog [--framework ID]`: one of the project's frameworks (the
 * primary unless named) as an OSCAL catalog. A group per
 * criterion series, a control per criterion (its id the criterion id), with Attest's own titles,
 * summaries (the statement) and points of focus (the guidance).
 */

/** A framework's catalog uuid: keyed by the framework's id, so each framework has its own. */
export function catalogUuidOf(p: ProjectReport, framework = p.ws.config.framework): string {
  return oscalContext(p).uuid('catalog', framework);
}

export function oscalCatalog(p: ProjectReport, fw: FrameworkConfig = p.ws.config.frameworks[0]!): string {
  const ctx = oscalContext(p);
  const catalog = fw.catalog;
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
      uuid: catalogUuidOf(p, fw.id),
      metadata: metadata(ctx, catalog.title, catalog.id, fw.catalogFile ? `Exported by Attest from the catalog file ${fw.catalogFile} of ${ctx.title}.` : `Exported by Attest from its built-in ${fw.id} catalog. Titles, statements and points of focus are Attest's own summaries, not the text of the standard.`),
      ...(groups.length ? { groups } : {}),
    },
  });
}
