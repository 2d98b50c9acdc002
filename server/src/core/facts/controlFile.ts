import { isMap } from 'yaml';
import { anchorOf, mapItems, pairOf, spanOf, stringItems, stringOf, valueOf, type AnyNode } from '../ast.js';
import type { WorkspaceConfig } from '../config.js';
import { parseDate } from '../dates.js';
import { finding, type Finding } from '../findings.js';
import { schemaFindings } from '../schemaFindings.js';
import { quickValid } from './quickSchema.js';
import { parseYaml } from '../parse/yamlText.js';
import { controlSchema, evidenceSchema, exceptionSchema, registerSchema } from '../schema/control.js';
import { FREQUENCY_VALUES, keysOf } from '../schema/common.js';
import { unknownKeyFindings } from '../checks/unknownKeys.js';
import { controlChecks } from '../checks/controlChecks.js';
import { isPlaceholder } from '../checks/placeholder.js';
import type { ControlFact, EvidenceFact, ExceptionFact, FileFacts } from './types.js';
import type { Span } from '../text.js';
import { readCriteria } from './criteriaField.js';
import { cachedChunk, chunkCache, exact, registerChunks, type Chunk, type ChunkResult } from './registerChunks.js';

// Read once: keysOf builds a new array from the schema's shape on every call.
const CONTROL_KEYS = keysOf(controlSchema);
const EVIDENCE_KEYS = keysOf(evidenceSchema);
const EXCEPTION_KEYS = keysOf(exceptionSchema);
const REGISTER_KEYS = keysOf(registerSchema);
const SHA256 = /^[0-9a-f]{64}$/i;

/** Parses a control file (one control, or a `controls:` register) into facts and local findings. */
export function analyzeControlFile(text: string, cfg: WorkspaceConfig): FileFacts {
  const chunks = registerChunks(text);
  if (chunks) return analyzeRegister(text, chunks, cfg);
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const base = text.length - body.length;
  const facts: FileFacts = { kind: 'control', controls: [], policies: [], local: [] };
  const parsed = parseYaml(body, base);
  facts.local.push(...parsed.findings);
  const value = parsed.value;
  if (value === null && !parsed.findings.length) {
    facts.local.push(finding('schema', { start: base, end: base }, 'This control file is empty: write a control (`id`, `title`, ...) or a `controls:` register.'));
    return facts;
  }
  if (!parsed.doc || value === undefined || value === null) return facts;
  const root = parsed.doc.contents;
  if (!isMap(root) || typeof value !== 'object' || Array.isArray(value)) {
    const s = spanOf(root, base) ?? { start: base, end: base };
    facts.local.push(finding('schema', { start: s.start, end: Math.min(s.end, lineEnd(text, s.start)) }, 'A control file holds one control (a mapping with `id`) or a register (a mapping with a `controls:` list).'));
    return facts;
  }
  const isRegister = pairOf(root, 'controls') !== undefined && pairOf(root, 'id') === undefined;
  if (isRegister) {
    facts.local.push(...unknownKeyFindings(root, base, REGISTER_KEYS, 'a control register'));
    const listNode = valueOf(root, 'controls');
    const list = (value as { controls?: unknown }).controls;
    if (!Array.isArray(list)) {
      facts.local.push(...schemaFindings(registerSchema, value, root, base));
      return facts;
    }
    mapItems(listNode).forEach((node, i) => readControl(node, list[i], base, facts, cfg));
  } else {
    readControl(root, value, base, facts, cfg);
  }
  for (const c of facts.controls) pushAll(facts.local, controlChecks(c, cfg));
  facts.controls = exact(facts.controls);
  facts.local = exact(facts.local);
  return facts;
}

/** A large plain register, one cached item at a time. */
function analyzeRegister(text: string, chunks: Chunk[], cfg: WorkspaceConfig): FileFacts {
  const facts: FileFacts = { kind: 'control', controls: [], policies: [], local: [] };
  const cache = chunkCache(cfg);
  for (const ch of chunks) {
    // Unchanged items at unchanged offsets come back as the same objects (see cachedChunk).
    const r = cachedChunk(cache, text.slice(ch.start, ch.end), ch.start, (item, base) => analyzeItem(item, base, cfg));
    for (const c of r.controls) facts.controls.push(c);
    for (const f of r.local) facts.local.push(f);
  }
  return facts;
}

/** One register item that starts at `base` in the file. */
function analyzeItem(item: string, base: number, cfg: WorkspaceConfig): ChunkResult {
  const facts: FileFacts = { kind: 'control', controls: [], policies: [], local: [] };
  const parsed = parseYaml(item, base);
  facts.local.push(...parsed.findings);
  const seq = parsed.doc?.contents;
  const node = mapItems(seq)[0];
  if (parsed.doc && Array.isArray(parsed.value)) readControl(node, parsed.value[0], base, facts, cfg);
  for (const c of facts.controls) pushAll(facts.local, controlChecks(c, cfg));
  return { controls: exact(facts.controls), local: exact(facts.local) };
}

function readControl(node: unknown, value: unknown, base: number, facts: FileFacts, cfg: WorkspaceConfig): void {
  // Where a finding about the whole control goes; only worked out when one needs it (rare).
  const anchor = (): Span => anchorOf(node, base) ?? spanOf(node, base) ?? { start: base, end: base };
  if (!isMap(node) || !value || typeof value !== 'object' || Array.isArray(value)) {
    facts.local.push(finding('schema', anchor(), 'Each control is a mapping with at least `id` and `title`.'));
    return;
  }
  const v = value as Record<string, unknown>;
  // A valid control (the usual case) needs no findings from zod: quickValid says so sooner.
  if (!quickValid(controlSchema, v)) facts.local.push(...schemaFindings(controlSchema, v, node as never, base));
  const evidenceItems = mapItems(valueOf(node, 'evidence'));
  const exceptionItems = mapItems(valueOf(node, 'exceptions'));
  pushAll(facts.local, unknownKeyFindings(node, base, CONTROL_KEYS, () => `control ${typeof v.id === 'string' ? v.id : ''}`.trim()));
  for (const ev of evidenceItems) pushAll(facts.local, unknownKeyFindings(ev, base, EVIDENCE_KEYS, 'an evidence entry'));
  for (const ex of exceptionItems) pushAll(facts.local, unknownKeyFindings(ex, base, EXCEPTION_KEYS, 'an exception'));

  const idNode = valueOf(node, 'id');
  const id = stringOf(idNode);
  const idSpan = spanOf(idNode, base);
  if (!id || !idSpan || /\s/.test(id)) return; // the schema finding says why; no facts without an id
  const status = v.status === 'planned' || v.status === 'retired' ? v.status : 'implemented';
  const criteriaNode = valueOf(node, 'criteria');
  const criteria = readCriteria(criteriaNode, base, cfg);
  const fact: ControlFact = {
    id,
    idSpan,
    span: spanOf(node, base)!,
    title: str(v, 'title') ?? '',
    status,
    criteria: criteria.primary,
    policies: stringItems(valueOf(node, 'policies'), base),
    systems: stringItems(valueOf(node, 'systems'), base),
    evidence: [],
    exceptions: [],
  };
  // Optional fields only when present, in this order (the order the facts were always written in).
  const description = str(v, 'description');
  if (description !== undefined) fact.description = description;
  const owner = str(v, 'owner');
  if (owner !== undefined) fact.owner = owner;
  const type = str(v, 'type');
  if (type !== undefined) fact.type = type;
  const automation = str(v, 'automation');
  if (automation !== undefined) fact.automation = automation;
  const freq = str(v, 'frequency');
  if (freq && (FREQUENCY_VALUES as readonly string[]).includes(freq)) fact.frequency = freq;
  if (criteria.byFramework) fact.criteriaByFramework = criteria.byFramework;
  const criteriaSpan = spanOf(criteriaNode, base);
  if (criteriaSpan) fact.criteriaSpan = criteriaSpan;
  const dueNode = valueOf(node, 'due');
  const due = parseDate(stringOf(dueNode));
  if (due !== undefined) {
    fact.due = due;
    fact.dueSpan = spanOf(dueNode, base)!;
  }
  fact.evidence = evidenceItems.map((ev) => readEvidence(ev, base));
  fact.exceptions = exceptionItems.map((ex) => readException(ex, base, anchor));
  facts.controls.push(fact);
}

/** One entry of `evidence:`. */
function readEvidence(ev: AnyNode, base: number): EvidenceFact {
  const colNode = valueOf(ev, 'collected');
  const linkNode = valueOf(ev, 'link');
  const titleNode = valueOf(ev, 'title');
  const t = stringOf(titleNode);
  const day = parseDate(stringOf(colNode));
  const link = stringOf(linkNode);
  let e: EvidenceFact;
  // The usual entry, written whole: one object of its final shape, no property store grown per field.
  if (t !== undefined && day !== undefined && link !== undefined) e = { title: t, titleSpan: spanOf(titleNode, base)!, collected: day, collectedSpan: spanOf(colNode, base)!, link, linkSpan: spanOf(linkNode, base)! };
  else {
    e = {};
    if (t !== undefined) {
      e.title = t;
      e.titleSpan = spanOf(titleNode, base)!;
    }
    if (day !== undefined) {
      e.collected = day;
      e.collectedSpan = spanOf(colNode, base)!;
    }
    if (link !== undefined) {
      e.link = link;
      e.linkSpan = spanOf(linkNode, base)!;
    }
  }
  // The span even of a bad value (the schema reports it): the quick fix that records the hash replaces it.
  const shaNode = valueOf(ev, 'sha256');
  const shaSpan = pairOf(ev, 'sha256') ? spanOf(shaNode, base) : undefined;
  if (shaSpan) e.sha256Span = shaSpan;
  const sha = stringOf(shaNode)?.trim();
  if (sha && SHA256.test(sha)) e.sha256 = sha.toLowerCase();
  // A missing or unreadable title, or a link written but empty: the schema says why; it proves nothing either.
  if (t === undefined || isPlaceholder(t) || (pairOf(ev, 'link') && (link === undefined || isPlaceholder(link)))) e.placeholder = true;
  return e;
}

/** One entry of `exceptions:`. */
function readException(ex: AnyNode, base: number, anchor: () => Span): ExceptionFact {
  const dueN = valueOf(ex, 'due');
  const e: ExceptionFact = { span: spanOf(ex, base) ?? anchor() };
  const raised = parseDate(stringOf(valueOf(ex, 'raised')));
  if (raised !== undefined) e.raised = raised;
  const summary = stringOf(valueOf(ex, 'summary'));
  if (summary !== undefined) e.summary = summary;
  const d = parseDate(stringOf(dueN));
  if (d !== undefined) {
    e.due = d;
    e.dueSpan = spanOf(dueN, base)!;
  }
  const resolved = parseDate(stringOf(valueOf(ex, 'resolved')));
  if (resolved !== undefined) e.resolved = resolved;
  const owner = stringOf(valueOf(ex, 'owner'));
  if (owner !== undefined) e.owner = owner;
  return e;
}

const str = (v: Record<string, unknown>, k: string): string | undefined => (typeof v[k] === 'string' ? (v[k] as string) : undefined);

/** Appends without spreading (most lists here are empty). */
function pushAll<T>(to: T[], items: readonly T[]): void {
  for (let i = 0; i < items.length; i++) to.push(items[i]!);
}

function lineEnd(text: string, from: number): number {
  const i = text.slice(from).search(/\r?\n|\r/);
  return i < 0 ? text.length : from + i;
}
