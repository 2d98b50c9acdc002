import { ResponseError, type PrepareRenameParams, type Range, type RenameParams, type TextEdit, type WorkspaceEdit } from 'vscode-languageserver/node';
import { occurrences, symbolAt } from '../../core/index.js';
import type { Session } from '../session.js';

const RENAMABLE = new Set(['control', 'policy', 'system']);

/** Control, policy and system ids can be renamed; criterion ids belong to the framework and cannot. */
export function prepareRename(s: Session, p: PrepareRenameParams): { range: Range; placeholder: string } | null {
  const at = s.folderFor(p.textDocument.uri);
  if (!at) return null;
  const offset = s.offset(at.folder, at.rel, p.position);
  if (offset === undefined) return null;
  const sym = symbolAt(at.folder.ws, at.rel, offset);
  if (!sym) throw new ResponseError(-32803, 'Only control, policy and system ids can be renamed.');
  if (sym.kind === 'criterion') throw new ResponseError(-32803, `${sym.id} is a criterion of the framework; criterion ids cannot be renamed.`);
  if (!RENAMABLE.has(sym.kind)) throw new ResponseError(-32803, 'Only control, policy and system ids can be renamed.');
  if (sym.kind === 'policy' && !occurrences(at.folder.ws, 'policy', sym.id).some((o) => o.role === 'definition')) {
    throw new ResponseError(-32803, `No policy defines ${sym.id}; there is nothing to rename.`);
  }
  return { range: s.range(at.folder, at.rel, sym.span), placeholder: sym.id };
}

export function rename(s: Session, p: RenameParams): WorkspaceEdit | null {
  const at = s.folderFor(p.textDocument.uri);
  if (!at) return null;
  const offset = s.offset(at.folder, at.rel, p.position);
  if (offset === undefined) return null;
  const sym = symbolAt(at.folder.ws, at.rel, offset);
  if (!sym || !RENAMABLE.has(sym.kind)) throw new ResponseError(-32803, 'Only control, policy and system ids can be renamed.');
  const newName = p.newName.trim();
  if (!newName || /\s/.test(newName) || /[:#\[\]{},&*!|>'"%@`]/.test(newName)) {
    throw new ResponseError(-32602, `"${p.newName}" is not a valid id: use letters, digits, dots, dashes or underscores, without spaces.`);
  }
  const ws = at.folder.ws;
  if (newName !== sym.id && occurrences(ws, sym.kind, newName).some((o) => o.role === 'definition')) {
    throw new ResponseError(-32602, `A ${sym.kind} with id ${newName} already exists.`);
  }
  const changes: Record<string, TextEdit[]> = {};
  for (const o of occurrences(ws, sym.kind, sym.id)) {
    const uri = at.folder.uriOf(o.rel);
    (changes[uri] ??= []).push({ range: s.range(at.folder, o.rel, o.span), newText: quoteIfNeeded(ws.text(o.rel)!.slice(o.span.start, o.span.end), newName) });
  }
  return { changes };
}

/** Keep the quoting style of the original scalar. */
function quoteIfNeeded(original: string, name: string): string {
  const q = original[0];
  return q === '"' || q === "'" ? `${q}${name}${q}` : name;
}
