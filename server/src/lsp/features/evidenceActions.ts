import { CodeActionKind, type CodeAction, type Diagnostic, type TextEdit, type WorkspaceEdit } from 'vscode-languageserver/node';
import { evidencePath, formatDay, isPlaceholder, type ControlFact, type EvidenceFact, type LineIndex } from '../../core/index.js';
import type { Project } from '../project.js';
import type { Session } from '../session.js';

/**
 * Evidence code actions: a new evidence entry as a snippet the user fills in, and recording the
 * SHA-256 of a linked file.
 *
 * A new entry's title and link are placeholders (`<what the sample is>`): left as they are they
 * count as no evidence and show `placeholder-evidence`, so the fix can never silence a check.
 * Clients that accept snippet edits in workspace edits (LSP 3.18 `SnippetTextEdit`, announced as
 * `workspace.workspaceEdit.snippetEditSupport`: VS Code with vscode-languageclient 10 or later)
 * get them as tab stops: VS Code applies a code action's snippet edit in the editor it was
 * invoked from, selecting the title first, Tab moving to the date, then the link.
 */

const TITLE = '<what the sample is>';
const LINK = '<URL, or path of the evidence file>';

const snippetClients = new WeakSet<Session>();

/** Called once the client's capabilities are known (initialize). */
export function setSnippetEdits(s: Session, supported: boolean): void {
  if (supported) snippetClients.add(s);
  else snippetClients.delete(s);
}

/** The lines of a new evidence entry at `indent`, collected `today`, with placeholder title and link. */
export function evidenceEntryText(indent: string, today: number, nl: string): string {
  return `${indent}- title: ${TITLE}${nl}${indent}  collected: ${formatDay(today)}${nl}${indent}  link: ${LINK}${nl}`;
}

/** The edit that inserts a new evidence entry (`edit` from appendEvidence): with tab stops when the client takes snippets. */
export function evidenceEntryEdit(s: Session, uri: string, edit: TextEdit, today: number): WorkspaceEdit {
  if (!snippetClients.has(s)) return { changes: { [uri]: [edit] } };
  const date = formatDay(today);
  // Escape what snippet syntax reserves, then turn the three values into tab stops.
  let snippet = edit.newText.replace(/[$}\\]/g, (ch) => `\\${ch}`);
  snippet = snippet.replace(TITLE, `\${1:${TITLE}}`).replace(`collected: ${date}`, `collected: \${2:${date}}`).replace(LINK, `\${3:${LINK}}$0`);
  return { documentChanges: [{ textDocument: { uri, version: null }, edits: [{ range: edit.range, snippet: { kind: 'snippet', value: snippet } }] }] };
}

/** The evidence entry whose mapping holds `offset`, with the control it belongs to. */
function evidenceAt(project: Project, rel: string, offset: number): { c: ControlFact; e: EvidenceFact } | undefined {
  for (const c of project.ws.facts(rel)?.controls ?? []) {
    if (offset < c.span.start || offset > c.span.end) continue;
    for (const e of c.evidence) {
      const spans = [e.titleSpan, e.collectedSpan, e.linkSpan, e.sha256Span].filter((x) => x !== undefined);
      if (spans.some((sp) => lineOf(project, rel, sp.start) === lineOf(project, rel, offset) || (offset >= sp.start && offset <= sp.end))) return { c, e };
    }
  }
  return undefined;
}

function lineOf(project: Project, rel: string, offset: number): number {
  return project.ws.lineIndex(rel)!.position(offset).line;
}

/**
 * `evidence-changed`: record the file's current hash (the reviewer accepts the new content).
 * With `refactors`, on an entry linking to a project file whose `sha256` is missing or not a
 * hash: record it.
 */
export function hashActions(project: Project, rel: string, uri: string, offset: number, diagnostics: Diagnostic[], refactors: boolean): CodeAction[] {
  const out: CodeAction[] = [];
  for (const d of diagnostics) {
    const data = (d.data ?? {}) as { sha256?: string; file?: string };
    if (d.source !== 'attest' || String(d.code) !== 'evidence-changed' || typeof data.sha256 !== 'string') continue;
    out.push({ title: `Record the current SHA-256 of ${data.file ?? 'the evidence file'}`, kind: CodeActionKind.QuickFix, diagnostics: [d], edit: { changes: { [uri]: [{ range: d.range, newText: data.sha256 }] } }, isPreferred: false });
  }
  const at = refactors ? evidenceAt(project, rel, offset) : undefined;
  const target = at?.e.linkSpan && !isPlaceholder(at.e.link!) ? evidencePath(at.e.link) : undefined;
  if (!at || target === undefined || at.e.sha256 !== undefined) return out;
  const hash = project.ws.linkHash(target);
  if (!hash) return out;
  const text = project.ws.text(rel)!;
  const lines = project.ws.lineIndex(rel)!;
  const sp = at.e.sha256Span;
  // A `sha256:` written but empty or not a hash is replaced; none yet: a line after the link.
  const edit = sp ? { range: lines.range(sp), newText: sp.start === sp.end && text[sp.start - 1] === ':' ? ` ${hash}` : hash } : insertAfterLink(text, lines, at.e.linkSpan!.start, hash);
  out.push({ title: `Record the SHA-256 of ${target}`, kind: CodeActionKind.Refactor, edit: { changes: { [uri]: [edit] } } });
  return out;
}

/** `sha256: <hash>` on the line after the link, at the link key's indentation. */
function insertAfterLink(text: string, lines: LineIndex, linkValue: number, hash: string): TextEdit {
  const ls = text.lastIndexOf('\n', linkValue - 1) + 1;
  const m = /^(\s*)(-\s+)?/.exec(text.slice(ls, linkValue))!;
  const indent = ' '.repeat(m[1]!.length + (m[2]?.length ?? 0));
  const nl = text.includes('\r\n') ? '\r\n' : '\n';
  const lineNo = lines.position(linkValue).line;
  if (lineNo + 1 >= lines.lineCount) {
    const end = lines.position(text.length);
    return { range: { start: end, end }, newText: `${text.endsWith('\n') ? '' : nl}${indent}sha256: ${hash}${nl}` };
  }
  const pos = { line: lineNo + 1, character: 0 };
  return { range: { start: pos, end: pos }, newText: `${indent}sha256: ${hash}${nl}` };
}
