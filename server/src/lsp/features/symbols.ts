import { SymbolKind, type DocumentSymbol, type DocumentSymbolParams, type SymbolInformation, type WorkspaceSymbolParams } from 'vscode-languageserver/node';
import { CONFIG_FILE } from '../../core/index.js';
import type { Session } from '../session.js';

const MAX_WORKSPACE_SYMBOLS = 1000;

/** Controls of a file (a register lists many), a policy with its sections, the inventory of attest.yaml. */
export function documentSymbols(s: Session, p: DocumentSymbolParams): DocumentSymbol[] | null {
  const at = s.projectFor(p.textDocument.uri);
  if (!at) return null;
  const { project: folder, rel } = at;
  const r = (span: { start: number; end: number }) => s.range(folder, rel, span);
  if (rel === CONFIG_FILE) {
    const out: DocumentSymbol[] = [];
    for (const [id, sys] of folder.ws.config.systems ?? []) out.push({ name: id, detail: sys.entry.name, kind: SymbolKind.Module, range: r(sys.span), selectionRange: r(sys.span) });
    for (const fw of folder.ws.config.frameworks) {
      for (const [id, ex] of fw.exclusions) out.push({ name: `exclude ${id}`, detail: ex.reason ?? '', kind: SymbolKind.Key, range: r(ex.span), selectionRange: r(ex.span) });
    }
    return out;
  }
  const facts = folder.ws.facts(rel);
  if (!facts) return null;
  const out: DocumentSymbol[] = facts.controls.map((c) => ({
    name: c.id,
    detail: c.title,
    kind: SymbolKind.Class,
    range: r({ start: Math.min(c.span.start, c.idSpan.start), end: Math.max(c.span.end, c.idSpan.end) }),
    selectionRange: r(c.idSpan),
  }));
  for (const pol of facts.policies) {
    const end = Math.max(pol.span.end, ...pol.sections.map((x) => x.span.end));
    out.push({
      name: pol.id,
      detail: pol.title,
      kind: SymbolKind.File,
      range: r({ start: Math.min(pol.span.start, pol.idSpan.start), end }),
      selectionRange: r(pol.idSpan),
      children: pol.sections.map((sec) => ({ name: sec.title, detail: `h${sec.level}`, kind: SymbolKind.String, range: r(sec.span), selectionRange: r(sec.span) })),
    });
  }
  return out;
}

/** Every control and policy of every folder, by id or title. */
export function workspaceSymbols(s: Session, p: WorkspaceSymbolParams): SymbolInformation[] {
  const q = p.query.toLowerCase();
  const out: SymbolInformation[] = [];
  for (const folder of s.projects.all) {
    for (const rel of folder.ws.rels()) {
      const f = folder.ws.facts(rel)!;
      for (const c of f.controls) {
        if (q && !c.id.toLowerCase().includes(q) && !c.title.toLowerCase().includes(q)) continue;
        out.push({ name: `${c.id} ${c.title}`, kind: SymbolKind.Class, location: s.location(folder, rel, c.idSpan), containerName: rel });
        if (out.length >= MAX_WORKSPACE_SYMBOLS) return out;
      }
      for (const pol of f.policies) {
        if (q && !pol.id.toLowerCase().includes(q) && !pol.title.toLowerCase().includes(q)) continue;
        out.push({ name: `${pol.id} ${pol.title}`, kind: SymbolKind.File, location: s.location(folder, rel, pol.idSpan), containerName: rel });
        if (out.length >= MAX_WORKSPACE_SYMBOLS) return out;
      }
    }
  }
  return out;
}
