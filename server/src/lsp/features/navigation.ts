import type { DefinitionParams, Location, ReferenceParams } from 'vscode-languageserver/node';
import { frameworkFor, LineIndex, occurrences, symbolAt } from '../../core/index.js';
import type { Project } from '../project.js';
import type { Session } from '../session.js';

/** The project, file and symbol (id) under the cursor. */
function symbolUnder(s: Session, p: DefinitionParams) {
  const at = s.projectFor(p.textDocument.uri);
  if (!at) return undefined;
  const offset = s.offset(at.project, at.rel, p.position);
  const sym = offset === undefined ? undefined : symbolAt(at.project.ws, at.rel, offset);
  return sym && { at, sym };
}

/** Policy id -> policy file; control id -> its definition; system -> inventory; criterion -> catalog entry or mappers. */
export function definition(s: Session, p: DefinitionParams): Location[] | null {
  const found = symbolUnder(s, p);
  if (!found) return null;
  const { at, sym } = found;
  const ws = at.project.ws;
  if (sym.kind === 'criterion') {
    const entry = catalogEntry(s, at.project, sym.id, sym.framework);
    if (entry) return [entry];
    return occurrences(ws, 'criterion', sym.id, sym.framework).map((o) => s.location(at.project, o.rel, o.span));
  }
  if (sym.kind === 'framework') {
    // A catalog file opens at its start; a built-in framework has no file to go to.
    const file = frameworkFor(ws.config, sym.id)?.catalogFile;
    return file ? [{ uri: at.project.uriOf(file), range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } }] : null;
  }
  if (sym.kind === 'category') return null;
  const defs = occurrences(ws, sym.kind, sym.id).filter((o) => o.role === 'definition');
  return defs.map((o) => s.location(at.project, o.rel, o.span));
}

/** Every occurrence: for a criterion, every control and policy that maps it (and the catalog entry). */
export function references(s: Session, p: ReferenceParams): Location[] | null {
  const found = symbolUnder(s, p);
  if (!found || found.sym.kind === 'category' || found.sym.kind === 'framework') return null;
  const { at, sym } = found;
  const occ = occurrences(at.project.ws, sym.kind, sym.id, sym.framework).filter((o) => p.context.includeDeclaration || o.role !== 'definition');
  const out = occ.map((o) => s.location(at.project, o.rel, o.span));
  if (sym.kind === 'criterion' && p.context.includeDeclaration) {
    const entry = catalogEntry(s, at.project, sym.id, sym.framework);
    if (entry) out.unshift(entry);
  }
  return out;
}

/** Where a workspace catalog file defines a criterion (found by its `id:` or comply's top-level key); `framework`: not the primary's. */
function catalogEntry(_s: Session, folder: Project, id: string, framework?: string): Location | null {
  const file = framework === undefined ? folder.ws.config.catalogFile : frameworkFor(folder.ws.config, framework)?.catalogFile;
  if (!file) return null;
  const text = folder.readText(file);
  if (text === undefined) return null;
  const escaped = id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const m = new RegExp(`(^|\\n)(\\s*(?:-\\s+)?id:\\s*["']?)(${escaped})["']?\\s*(\\r?\\n|$)|(^|\\n)(${escaped}):`).exec(text);
  if (!m) return null;
  const start = m[3] !== undefined ? m.index + m[1]!.length + m[2]!.length : m.index + m[5]!.length;
  const lines = new LineIndex(text);
  return { uri: folder.uriOf(file), range: lines.range({ start, end: start + id.length }) };
}
