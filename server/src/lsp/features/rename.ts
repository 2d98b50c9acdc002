import { ResponseError, type PrepareRenameParams, type Range, type RenameParams, type TextEdit, type WorkspaceEdit } from 'vscode-languageserver/node';
import { CONFIG_FILE, occurrences, symbolAt, type Span, type SymbolAt, type ProjectIndex } from '../../core/index.js';
import type { Session } from '../session.js';

const RENAMABLE = new Set(['control', 'policy', 'system']);

/** What a rename at a position renames: the symbol and the exact places to edit. */
interface Target {
  kind: SymbolAt['kind'];
  id: string;
  span: Span;
  places: Array<{ rel: string; span: Span }>;
}

/**
 * The places a rename edits. An id defined once: its definition and every reference. An id
 * defined several times (a duplicate-id error): renaming one definition is how a user makes it
 * unique, so only that definition changes and the references stay with the id that remains
 * defined. A reference to a duplicated id is ambiguous: refused, naming the fix.
 */
function targetAt(ws: ProjectIndex, rel: string, offset: number): Target {
  const copy = systemCopyAt(ws, rel, offset);
  if (copy) return { kind: 'system', id: copy.id, span: copy.span, places: [{ rel, span: copy.span }] };
  const sym = symbolAt(ws, rel, offset);
  if (!sym) throw new ResponseError(-32803, 'Only control, policy and system ids can be renamed.');
  if (sym.kind === 'criterion') throw new ResponseError(-32803, `${sym.id} is a criterion of the framework; criterion ids cannot be renamed.`);
  if (!RENAMABLE.has(sym.kind)) throw new ResponseError(-32803, 'Only control, policy and system ids can be renamed.');
  const all = occurrences(ws, sym.kind, sym.id);
  const defs = all.filter((o) => o.role === 'definition').length + (sym.kind === 'system' ? (ws.config.systems?.get(sym.id)?.copies?.length ?? 0) : 0);
  if (sym.kind === 'policy' && defs === 0) throw new ResponseError(-32803, `No policy defines ${sym.id}; there is nothing to rename.`);
  if (defs > 1) {
    if (sym.role !== 'definition') throw new ResponseError(-32803, `${sym.id} is defined ${defs} times, so this reference is ambiguous: rename one of its definitions first to make it unique.`);
    return { ...sym, places: [{ rel, span: sym.span }] };
  }
  return { ...sym, places: all.map((o) => ({ rel: o.rel, span: o.span })) };
}

/** A later entry of the systems inventory that repeats an id (the index knows only the first). */
function systemCopyAt(ws: ProjectIndex, rel: string, offset: number): { id: string; span: Span } | undefined {
  if (rel !== CONFIG_FILE) return undefined;
  for (const [id, sys] of ws.config.systems ?? []) {
    const span = sys.copies?.find((c) => offset >= c.start && offset <= c.end);
    if (span) return { id, span };
  }
  return undefined;
}

/** Control, policy and system ids can be renamed; criterion ids belong to the framework and cannot. */
export function prepareRename(s: Session, p: PrepareRenameParams): { range: Range; placeholder: string } | null {
  const at = s.projectFor(p.textDocument.uri);
  if (!at) return null;
  const offset = s.offset(at.project, at.rel, p.position);
  if (offset === undefined) return null;
  const t = targetAt(at.project.ws, at.rel, offset);
  return { range: s.range(at.project, at.rel, t.span), placeholder: t.id };
}

export function rename(s: Session, p: RenameParams): WorkspaceEdit | null {
  const at = s.projectFor(p.textDocument.uri);
  if (!at) return null;
  const offset = s.offset(at.project, at.rel, p.position);
  if (offset === undefined) return null;
  const ws = at.project.ws;
  const t = targetAt(ws, at.rel, offset);
  const newName = p.newName.trim();
  if (!newName || /\s/.test(newName) || /[:#\[\]{},&*!|>'"%@`]/.test(newName)) {
    throw new ResponseError(-32602, `"${p.newName}" is not a valid id: use letters, digits, dots, dashes or underscores, without spaces.`);
  }
  if (newName !== t.id && (occurrences(ws, t.kind, newName).some((o) => o.role === 'definition') || (t.kind === 'system' && ws.config.systems?.has(newName)))) {
    throw new ResponseError(-32602, `A ${t.kind} with id ${newName} already exists.`);
  }
  const changes: Record<string, TextEdit[]> = {};
  for (const o of t.places) {
    const uri = at.project.uriOf(o.rel);
    (changes[uri] ??= []).push({ range: s.range(at.project, o.rel, o.span), newText: quoteIfNeeded(ws.text(o.rel)!.slice(o.span.start, o.span.end), newName) });
  }
  return { changes };
}

/** Keep the quoting style of the original scalar. */
function quoteIfNeeded(original: string, name: string): string {
  const q = original[0];
  return q === '"' || q === "'" ? `${q}${name}${q}` : name;
}
