import { CompletionItemKind, InsertTextFormat, MarkupKind, type CompletionItem, type CompletionList, type CompletionParams } from 'vscode-languageserver/node';
import { CATEGORY_IDS, CODES, cursorContext, fieldDocs, formatDay, lookup, schemas, type CursorContext, type FileKind } from '../../core/index.js';
import { flowContext, frameworkCompletion, type CriteriaOf } from './frameworkCompletion.js';
import type { Project } from '../project.js';
import type { Session } from '../session.js';

const S = schemas;
const ENUMS: Record<string, readonly string[]> = lookup({
  status: [...S.CONTROL_STATUSES],
  type: [...S.CONTROL_TYPES],
  automation: [...S.AUTOMATIONS],
  frequency: [...S.FREQUENCY_VALUES],
  review: [...S.FREQUENCY_VALUES],
  report: ['type1', 'type2'],
  kind: [...S.SYSTEM_KINDS],
  scope: ['in', 'out'],
  relationship: [...S.RELATIONSHIPS],
});
const POLICY_ENUMS: Record<string, readonly string[]> = lookup({ ...ENUMS, status: [...S.POLICY_STATUSES] });

/** Completion of criterion, policy and system ids, field names and enum values; text-based, so invalid files still complete. */
export function completion(s: Session, p: CompletionParams): CompletionList | null {
  const at = s.projectFor(p.textDocument.uri);
  const doc = s.documents.get(p.textDocument.uri);
  if (!at || !doc) return null;
  const kind = at.project.ws.kindOf(at.rel);
  if (!kind) return null;
  const text = doc.getText();
  const ctx = cursorContext(text, doc.offsetAt(p.position), kind) ?? flowContext(text, doc.offsetAt(p.position), kind);
  if (!ctx) return null;
  const range = { start: doc.positionAt(ctx.wordSpan.start), end: doc.positionAt(ctx.wordSpan.end) };
  const found = frameworkCompletion(at.project, kind, ctx, text, doc.offsetAt(p.position), criteria) ?? itemsFor(at.project, kind, ctx);
  const items = found.map((it) => ({ ...it, textEdit: { range, newText: it.insertText ?? it.label } }));
  // Until the first scan of the project finishes, policy ids (and more) are still arriving: an
  // incomplete list makes the editor ask again as the user types instead of keeping this one.
  return { isIncomplete: !at.project.scanned, items };
}

function itemsFor(folder: Project, kind: FileKind, ctx: CursorContext): CompletionItem[] {
  const keys = ctx.keys;
  const last = keys[keys.length - 1];
  const ws = folder.ws;
  if (kind === 'config' && keys[0] === 'rules') return rules(ctx);
  if (ctx.slot === 'item' || ctx.slot === 'value') {
    if (last === 'criteria' || keys.includes('satisfies') || (kind === 'config' && last === 'criterion')) return criteria(folder);
    if (last === 'policies' && kind === 'control') return policies(folder);
    if (last === 'systems' && kind === 'control') return systems(folder);
    if (last === 'categories' && kind === 'config') return categories(folder);
    if (ctx.slot === 'value' && last && (kind === 'policy' ? POLICY_ENUMS : ENUMS)[last]) {
      if (last === 'kind' && !(kind === 'config' && keys.includes('systems'))) return [];
      return (kind === 'policy' ? POLICY_ENUMS : ENUMS)[last]!.map((v, i) => ({ label: v, kind: CompletionItemKind.EnumMember, sortText: String(i).padStart(2, '0') }));
    }
    if (ctx.slot === 'value' && (last === 'collected' || last === 'raised' || last === 'resolved' || last === 'approved' || last === 'due')) {
      const today = formatDay(ws.config.today);
      return [{ label: today, kind: CompletionItemKind.Value, detail: 'today' }];
    }
    if (ctx.slot === 'value') return [];
    // `- ` starting a new mapping in a list of mappings (a register, evidence, systems, ...)
  }
  return fields(kind, keys, ctx);
}

/** Under `rules:` in attest.yaml: diagnostic codes as keys (with their help), severities as values. */
function rules(ctx: CursorContext): CompletionItem[] {
  const codes = CODES as Record<string, { severity: string; help: string }>;
  if (ctx.slot === 'key' && ctx.keys.length === 1) {
    const present = new Set(ctx.siblings);
    return Object.keys(codes)
      .filter((code) => !present.has(code) && !S.UNRULED_CODES[code])
      .map((code) => ({
        label: code,
        kind: CompletionItemKind.EnumMember,
        detail: `default: ${codes[code]!.severity}`,
        documentation: codes[code]!.help,
        insertText: `${code}: `,
        insertTextFormat: InsertTextFormat.PlainText,
        command: { title: 'Suggest', command: 'editor.action.triggerSuggest' },
      }));
  }
  const code = ctx.keys[1];
  if (ctx.slot !== 'value' || ctx.keys.length !== 2 || !code || !Object.prototype.hasOwnProperty.call(codes, code)) return [];
  const levels = S.LOCKED_RULES[code] ? ['error'] : [...S.RULE_LEVELS];
  return levels.map((level, i) => ({
    label: level,
    kind: CompletionItemKind.EnumMember,
    detail: level === codes[code]!.severity ? 'default' : level === 'off' ? 'not reported' : undefined,
    sortText: String(i).padStart(2, '0'),
  })) as CompletionItem[];
}

/** The criteria of a framework (default the primary), in-scope ones first, each with its status. */
const criteria: CriteriaOf = (folder, fw = folder.ws.config.frameworks[0]!) => {
  const out: CompletionItem[] = [];
  for (const c of fw.catalog.criteria.values()) {
    const inScope = fw.inScope.has(c.category);
    const status = folder.ws.status(c.id, fw.id);
    out.push({
      label: c.id,
      kind: CompletionItemKind.Reference,
      detail: inScope ? `${c.title}${status ? ` (${status})` : ''}` : `${c.title} (out of scope: ${c.categoryTitle})`,
      labelDetails: { description: inScope ? c.title : `out of scope · ${c.title}` },
      documentation: { kind: MarkupKind.Markdown, value: `**${c.id} ${c.title}**\n\n${c.description}\n\n_${c.categoryTitle} · ${c.series} ${c.seriesTitle}_` },
      sortText: `${inScope ? '0' : '1'}${sortableId(c.id)}`,
      filterText: `${c.id} ${c.title}`,
      insertText: c.id,
      tags: [],
    });
  }
  return out;
};

function sortableId(id: string): string {
  return id.replace(/\d+/g, (n) => n.padStart(3, '0'));
}

function policies(folder: Project): CompletionItem[] {
  const out: CompletionItem[] = [];
  for (const [id, files] of folder.ws.policyDefs) {
    const rel = files.keys().next().value as string;
    const p = folder.ws.facts(rel)?.policies.find((x) => x.id === id);
    out.push({ label: id, kind: CompletionItemKind.File, detail: p?.title ?? '', documentation: p ? `${p.title}${p.owner ? ` · owner ${p.owner}` : ''} · ${rel}` : rel });
  }
  return out;
}

function systems(folder: Project): CompletionItem[] {
  const out: CompletionItem[] = [];
  for (const [id, sys] of folder.ws.config.systems ?? []) {
    out.push({
      label: id,
      kind: CompletionItemKind.Module,
      detail: `${sys.entry.name}${sys.entry.kind ? ` (${sys.entry.kind})` : ''}${sys.inScope ? '' : ' · out of scope'}`,
      sortText: `${sys.inScope ? '0' : '1'}${id}`,
    });
  }
  return out;
}

function categories(folder: Project): CompletionItem[] {
  const ids = folder.ws.config.catalog.categories.map((c) => c.id);
  return (ids.length ? ids : [...CATEGORY_IDS]).map((id, i) => ({
    label: id,
    kind: CompletionItemKind.EnumMember,
    detail: folder.ws.config.catalog.category(id)?.title ?? id,
    sortText: String(i).padStart(2, '0'),
  }));
}

/** Field names of the mapping being typed into, without those already present. */
function fields(kind: FileKind, keys: string[], ctx: CursorContext): CompletionItem[] {
  const last = keys[keys.length - 1];
  let schema;
  if (kind === 'crosswalk') schema = keys.length === 0 ? S.crosswalkSchema : last === 'links' ? S.crosswalkLinkSchema : undefined;
  else if (kind === 'policy') schema = keys.length === 0 ? S.policySchema : undefined;
  else if (kind === 'config') {
    if (keys.length === 0) schema = S.configSchema;
    else if (last === 'systems') schema = S.systemSchema;
    else if (last === 'exclude') schema = S.exclusionSchema;
    else if (last === 'period') schema = S.configSchema.shape.period.unwrap();
  } else {
    if (keys.length === 0 || (keys.length === 1 && last === 'controls')) schema = S.controlSchema;
    else if (last === 'evidence') schema = S.evidenceSchema;
    else if (last === 'exceptions') schema = S.exceptionSchema;
  }
  if (!schema) return [];
  const docs = fieldDocs(schema);
  const present = new Set(ctx.siblings);
  const required = new Set(requiredKeys(schema));
  return Object.keys(docs)
    .filter((k) => !present.has(k) && !(kind === 'policy' && ['acronym', 'name', 'satisfies', 'majorRevisions'].includes(k)))
    .map((k, i) => ({
      label: k,
      kind: CompletionItemKind.Property,
      detail: required.has(k) ? 'required' : undefined,
      documentation: docs[k],
      insertText: `${k}: `,
      insertTextFormat: InsertTextFormat.PlainText,
      sortText: `${required.has(k) ? '0' : '1'}${String(i).padStart(2, '0')}`,
      command: ENUMS[k] || k === 'criteria' ? { title: 'Suggest', command: 'editor.action.triggerSuggest' } : undefined,
    })) as CompletionItem[];
}

function requiredKeys(schema: { shape: Record<string, { safeParse(v: unknown): { success: boolean } }> }): string[] {
  return Object.entries(schema.shape)
    .filter(([, v]) => !v.safeParse(undefined).success)
    .map(([k]) => k);
}
