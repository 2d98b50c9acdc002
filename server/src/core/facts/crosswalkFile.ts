import { isMap } from 'yaml';
import { mapItems, spanOf, stringOf, valueOf, type AnyNode } from '../ast.js';
import { BUILT_IN_CATALOGS, builtInCatalogById, type Catalog } from '../catalog.js';
import type { WorkspaceConfig } from '../config.js';
import { finding, type Finding } from '../findings.js';
import { frameworkFor } from '../frameworks.js';
import { parseYaml } from '../parse/yamlText.js';
import { keysOf } from '../schema/common.js';
import { crosswalkLinkSchema, crosswalkSchema, RELATIONSHIPS } from '../schema/crosswalk.js';
import { schemaFindings } from '../schemaFindings.js';
import { unknownKeyFindings } from '../checks/unknownKeys.js';
import { closest, orList } from '../suggest.js';
import type { CrosswalkLink, CrosswalkRelationship, FileFacts, Ref } from './types.js';

/**
 * A crosswalk file: `from` and `to` name two frameworks (the project's or built-in ones), each
 * link relates a criterion of one to a criterion of the other. Links whose ids or relationship
 * are not valid are reported and left out.
 */
export function analyzeCrosswalkFile(text: string, cfg: WorkspaceConfig): FileFacts {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const base = text.length - body.length;
  const facts: FileFacts = { kind: 'crosswalk', controls: [], policies: [], local: [] };
  const parsed = parseYaml(body, base);
  facts.local.push(...parsed.findings);
  if (!parsed.doc || parsed.value === undefined) return facts;
  const root = parsed.doc.contents;
  if (!isMap(root) || !parsed.value || typeof parsed.value !== 'object' || Array.isArray(parsed.value)) {
    const s = spanOf(root, base) ?? { start: base, end: base };
    facts.local.push(finding('schema', { start: s.start, end: Math.min(s.end, s.start + 200) }, 'A crosswalk file is a mapping with `from`, `to`, `source` and `links` (formats.md).'));
    return facts;
  }
  facts.local.push(...schemaFindings(crosswalkSchema, parsed.value, root, base, ['from']));
  facts.local.push(...unknownKeyFindings(root, base, keysOf(crosswalkSchema), 'a crosswalk'));
  for (const link of mapItems(valueOf(root, 'links'))) facts.local.push(...unknownKeyFindings(link, base, keysOf(crosswalkLinkSchema), 'a crosswalk link'));
  const from = side(valueOf(root, 'from'), base, cfg, facts.local);
  const to = side(valueOf(root, 'to'), base, cfg, facts.local);
  if (!from || !to) return facts;
  const links: CrosswalkLink[] = [];
  for (const link of mapItems(valueOf(root, 'links'))) {
    const a = known(valueOf(link, 'from'), base, from, facts.local);
    const b = known(valueOf(link, 'to'), base, to, facts.local);
    const relationship = stringOf(valueOf(link, 'relationship'));
    if (a && b && (RELATIONSHIPS as readonly string[]).includes(relationship ?? '')) links.push({ from: a, to: b, relationship: relationship as CrosswalkRelationship });
  }
  const source = stringOf(valueOf(root, 'source'));
  facts.crosswalk = { from: from.id, to: to.id, ...(source !== undefined ? { source } : {}), links };
  return facts;
}

interface Side {
  id: string;
  catalog: Catalog;
}

/** `from:` or `to:`: one of the project's frameworks (by its id), else a built-in catalog. */
function side(node: AnyNode, base: number, cfg: WorkspaceConfig, local: Finding[]): Side | undefined {
  const id = stringOf(node)?.trim();
  const span = spanOf(node, base);
  if (!id || !span) return undefined; // missing or not text: the schema finding says so
  const project = frameworkFor(cfg, id);
  if (project) return { id: project.id, catalog: project.catalog };
  const builtIn = builtInCatalogById(id);
  if (builtIn) return { id, catalog: builtIn };
  const candidates = [...new Set([...cfg.frameworks.map((f) => f.id), ...BUILT_IN_CATALOGS])];
  const near = closest(id, candidates, 1);
  local.push(finding('schema', span, `\`${id}\` is neither one of this project's frameworks nor a built-in catalog (${orList(candidates)}).${near.length ? ` Did you mean ${near[0]}?` : ''}`, near.length ? { suggestions: near } : undefined));
  return undefined;
}

/** A link's id if its framework defines it; crosswalk-unknown-criterion otherwise. */
function known(node: AnyNode, base: number, fw: Side, local: Finding[]): Ref | undefined {
  const value = stringOf(node)?.trim();
  const span = spanOf(node, base);
  if (!value || !span) return undefined;
  if (fw.catalog.get(value)) return { value, span };
  const near = fw.catalog.suggest(value);
  local.push(finding('crosswalk-unknown-criterion', span, `Unknown criterion \`${value}\` in ${fw.id}: this link relates nothing.${near.length ? ` Did you mean ${near.join(', ')}?` : ''}`, { suggestions: near }));
  return undefined;
}
