import { CompletionItemKind, type CompletionItem } from 'vscode-languageserver/node';
import { BUILT_IN_CATALOGS, builtInCatalogById, frameworkFor, type CursorContext, type FileKind, type FrameworkConfig } from '../../core/index.js';
import type { Project } from '../project.js';

/** A framework's criteria as completion items (completion.ts owns their look). */
export type CriteriaOf = (folder: Project, fw?: Pick<FrameworkConfig, 'id' | 'catalog' | 'inScope'>) => CompletionItem[];

/**
 * Completion where several frameworks meet: framework ids (in `frameworks:`, as keys of the
 * mapping form of `criteria:`, as a crosswalk's `from`/`to`) and each framework's own criteria
 * under its key. Undefined when the cursor is in none of those places.
 */
export function frameworkCompletion(folder: Project, kind: FileKind, ctx: CursorContext, text: string, offset: number, criteria: CriteriaOf): CompletionItem[] | undefined {
  const keys = ctx.keys;
  const last = keys[keys.length - 1];
  const parent = keys[keys.length - 2];
  if (kind === 'config') {
    if (keys.length === 1 && (last === 'frameworks' || last === 'framework') && ctx.slot !== 'key') return builtIns(folder, last === 'frameworks' && folder.ws.config.frameworksListed ? folder.ws.config.frameworks.map((f) => f.id) : []);
    if (parent === 'exclude' && last === 'framework' && ctx.slot === 'value') return projectFrameworks(folder, []);
    return undefined;
  }
  if (kind === 'crosswalk') {
    if (keys.length === 1 && (last === 'from' || last === 'to') && ctx.slot === 'value') return [...projectFrameworks(folder, []), ...builtIns(folder, folder.ws.config.frameworks.map((f) => f.id))];
    const side = flowKey(text, offset) ?? (parent === 'links' && ctx.slot === 'value' ? last : undefined);
    if (side === 'from' || side === 'to') {
      const fw = named(folder, new RegExp(`^${side}:[ \\t]*["']?([^\\s"'#]+)`, 'm').exec(text)?.[1]);
      return fw ? criteria(folder, fw) : [];
    }
    return undefined;
  }
  // Controls and policies: the mapping form of `criteria:`.
  const inline = inlineMapping(text, offset);
  if (inline) return inline.key === undefined ? frameworkKeys(folder, inline.present) : underKey(folder, inline.key, criteria);
  if (last === 'criteria' && ctx.slot === 'key') return frameworkKeys(folder, ctx.siblings);
  if (parent === 'criteria' && last !== undefined && ctx.slot !== 'key') return underKey(folder, last, criteria);
  return undefined;
}

/** The criteria of the framework a key names: the project's, else a built-in one; none for an unknown key. */
function underKey(folder: Project, key: string, criteria: CriteriaOf): CompletionItem[] {
  const fw = named(folder, key);
  return fw ? criteria(folder, fw) : [];
}

function named(folder: Project, key: string | undefined): Pick<FrameworkConfig, 'id' | 'catalog' | 'inScope'> | undefined {
  if (key === undefined) return undefined;
  const fw = frameworkFor(folder.ws.config, key);
  if (fw) return fw;
  const builtIn = builtInCatalogById(key);
  return builtIn && { id: key, catalog: builtIn, inScope: new Set(builtIn.categories.map((c) => c.id)) };
}

/** The project's frameworks as keys of `criteria:` (those not written yet), the primary first. */
function frameworkKeys(folder: Project, present: string[]): CompletionItem[] {
  return projectFrameworks(folder, present).map((it) => ({ ...it, insertText: `${it.label}: `, command: { title: 'Suggest', command: 'editor.action.triggerSuggest' } }));
}

function projectFrameworks(folder: Project, present: string[]): CompletionItem[] {
  return folder.ws.config.frameworks
    .map((f, i) => ({ label: f.id, kind: CompletionItemKind.Module, detail: `${f.catalog.title}${i === 0 ? ' (primary)' : ''}`, sortText: String(i).padStart(2, '0') }))
    .filter((it) => !present.includes(it.label));
}

function builtIns(folder: Project, present: string[]): CompletionItem[] {
  return BUILT_IN_CATALOGS.filter((id) => !present.includes(id)).map((id, i) => ({
    label: id,
    kind: CompletionItemKind.Module,
    detail: builtInCatalogById(id)!.title,
    documentation: `${builtInCatalogById(id)!.criteria.size} criteria, built in.`,
    sortText: String(i).padStart(2, '0'),
  }));
}

/**
 * Where cursorContext reads nothing (a flow mapping on one line: `criteria: { iso27001-2022: [A.5`,
 * a crosswalk's `- { from: CC6.1, to: A.5`): a context for the word under the cursor, only there.
 */
export function flowContext(text: string, offset: number, kind: FileKind): CursorContext | undefined {
  const inside = kind === 'crosswalk' ? flowKey(text, offset) !== undefined : (kind === 'control' || kind === 'policy') && inlineMapping(text, offset) !== undefined;
  if (!inside) return undefined;
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const word = /[\w.\-]*$/.exec(text.slice(lineStart, offset))![0];
  const after = /^[\w.\-]*/.exec(text.slice(offset))![0];
  return { keys: [], slot: 'item', word, wordSpan: { start: offset - word.length, end: offset + after.length }, siblings: [], inFrontMatter: kind === 'policy' };
}

/**
 * Inside a flow mapping of `criteria:` on the cursor's line (`criteria: { tsc-2017: [CC6.1], iso27001-2022: [A.5`):
 * the key whose list is being typed, or no key while a key is typed (with the keys already there).
 */
function inlineMapping(text: string, offset: number): { key?: string; present: string[] } | undefined {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const m = /(?:^|[\s{,])criteria\s*:\s*\{([^}]*)$/.exec(text.slice(lineStart, offset));
  if (!m) return undefined;
  const inside = m[1]!;
  const present = [...inside.matchAll(/([\w./-]+)\s*:/g)].map((x) => x[1]!);
  const open = /([\w./-]+)\s*:\s*\[[^\]]*$/.exec(inside);
  if (open) return { key: open[1]!, present };
  return /(^|,)\s*[\w.-]*$/.test(inside) ? { present } : undefined;
}

/** The key of a flow mapping whose value the cursor is in (`- { from: CC6.2, to: A.5`). */
function flowKey(text: string, offset: number): string | undefined {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const m = /\{[^}]*?([\w-]+)\s*:\s*[\w.-]*$/.exec(text.slice(lineStart, offset));
  return m?.[1];
}
