import * as path from 'node:path';
import { formatDay, type Catalog } from '../../core/index.js';
import type { ProjectReport } from '../reportModel.js';
import { ATTEST_NAMESPACE, uuidV5 } from '../uuid.js';

/** What the three OSCAL exports share: the version, stable UUIDs, metadata and datatype guards. */

/** The OSCAL version of the schemas Attest's exports are valid against (../shared/oscal). */
export const OSCAL_VERSION = '1.2.2';
/** The namespace of Attest's own property names (OSCAL's are only those without `ns`). */
export const ATTEST_NS = 'https://github.com/attest-dev/attest/ns/oscal';

export interface OscalContext {
  /** Names the project in every UUID: `organization`, else the project folder's name (never a path, so UUIDs do not depend on where the clone lives). */
  key: string;
  title: string;
  /** "Today" (ATTEST_TODAY) at midnight UTC: two runs on the same day are byte-identical. */
  timestamp: string;
  /** The as-of day, the version of a document about the project's state. */
  asOf: string;
  uuid(kind: string, id?: string): string;
}

export function oscalContext(p: ProjectReport): OscalContext {
  const cfg = p.ws.config;
  const key = cfg.organization ?? path.basename(p.root);
  return {
    key,
    title: key,
    timestamp: `${formatDay(cfg.today)}T00:00:00Z`,
    asOf: formatDay(cfg.asOf),
    // Newlines cannot occur in a key or kind, so the parts never run into each other.
    uuid: (kind, id) => uuidV5(ATTEST_NAMESPACE, `${key}\n${kind}${id === undefined ? '' : `\n${id}`}`),
  };
}

/** A StringDatatype: non-empty, no surrounding whitespace, one line. */
export function str(s: string | undefined | null, fallback = '-'): string {
  const t = (s ?? '').replace(/\s+/g, ' ').trim();
  return t || fallback;
}

/** A MarkupLine (Markdown, one line): user text shown as text, not as Markdown or HTML. */
export function line(s: string | undefined | null, fallback = '-'): string {
  return str(s, fallback).replace(/([\\`*_[\]<>#|])/g, '\\$1');
}

/** A MarkupMultiline paragraph from user text. */
export function prose(s: string): string {
  return s.replace(/\r\n?/g, '\n').replace(/([\\`*_[\]<>#|])/g, '\\$1').trim();
}

export interface Prop {
  name: string;
  value: string;
  ns?: string;
}

/** One of Attest's own properties (`attest-control`, `attest-kind`, ...). */
export function prop(name: string, value: string): Prop {
  return { name, ns: ATTEST_NS, value: str(value) };
}

export function metadata(ctx: OscalContext, title: string, version: string, remarks?: string): Record<string, unknown> {
  return {
    title: line(title),
    'last-modified': ctx.timestamp,
    version: str(version),
    'oscal-version': OSCAL_VERSION,
    ...(remarks ? { remarks } : {}),
  };
}

const TOKEN = /^(\p{L}|_)(\p{L}|\p{N}|[.\-_])*$/u;

/** An id as an OSCAL token (an XML NCName): kept as it is when valid, else made valid. */
export function token(id: string): string {
  if (TOKEN.test(id)) return id;
  const body = id.replace(/[^\p{L}\p{N}._-]/gu, '_');
  return /^(\p{L}|_)/u.test(body) ? body : `_${body}`;
}

/** Every criterion's token, unique within the catalog: the catalog's control ids and the component's control-ids. */
export function criterionTokens(catalog: Catalog): Map<string, string> {
  const out = new Map<string, string>();
  const used = new Set<string>();
  for (const id of catalog.criteria.keys()) {
    let t = token(id);
    for (let n = 2; used.has(t); n++) t = `${token(id)}_${n}`;
    used.add(t);
    out.set(id, t);
  }
  return out;
}

export function json(doc: unknown): string {
  return JSON.stringify(doc, null, 2) + '\n';
}
