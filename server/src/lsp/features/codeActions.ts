import { CodeActionKind, type CodeAction, type CodeActionParams, type Diagnostic, type TextEdit, type WorkspaceEdit } from 'vscode-languageserver/node';
import { CONFIG_FILE, formatDay, LineIndex, type ControlFact } from '../../core/index.js';
import { excludeEdit } from '../../core/exclusionEdit.js';
import { blankPolicy } from '../../core/policyTemplates.js';
import type { Project } from '../project.js';
import type { Session } from '../session.js';
import { alsoMapActions } from './crosswalkActions.js';
import { evidenceEntryEdit, evidenceEntryText, hashActions } from './evidenceActions.js';

type Data = { suggestions?: string[]; missingField?: string; criterion?: string; status?: string; policy?: string; system?: string; alreadyListed?: string; replacement?: string };

/** Quick fixes for Attest's diagnostics; every one is a workspace edit that undo reverts. */
export function codeActions(s: Session, p: CodeActionParams): CodeAction[] {
  const at = s.projectFor(p.textDocument.uri);
  if (!at) return [];
  const { project: folder, rel } = at;
  const text = folder.ws.text(rel);
  if (text === undefined) return [];
  const lines = folder.ws.lineIndex(rel)!;
  const uri = p.textDocument.uri;
  const out: CodeAction[] = [];
  const edit = (edits: TextEdit[]): WorkspaceEdit => ({ changes: { [uri]: edits } });
  for (const d of p.context.diagnostics) {
    if (d.source !== 'attest') continue;
    const data = (d.data ?? {}) as Data;
    const code = String(d.code);
    if (code === 'unknown-criterion' && data.alreadyListed) {
      // `CC6.10` beside `CC6.1`: most likely a slip on an id already there.
      const listed = removeListItem(text, lines, lines.offset(d.range.start), lines.offset(d.range.end));
      out.push(fix(`Remove ${text.slice(lines.offset(d.range.start), lines.offset(d.range.end))} (${data.alreadyListed} is already listed)`, d, edit([listed]), true));
    }
    if ((code === 'unknown-criterion' || code === 'unknown-policy' || code === 'unknown-system') && data.suggestions?.length) {
      data.suggestions.forEach((id, i) => out.push(fix(`Change to ${id}`, d, edit([{ range: d.range, newText: id }]), i === 0 && !data.alreadyListed)));
    }
    if (code === 'schema' && !data.missingField && data.suggestions?.length) {
      out.push(fix(`Change to ${data.suggestions[0]}`, d, edit([{ range: d.range, newText: data.suggestions[0]! }]), true));
    }
    if (code === 'numeric-version' && data.replacement) {
      out.push(fix(`Quote the version: ${data.replacement}`, d, edit([{ range: d.range, newText: data.replacement }]), true));
    }
    if ((code === 'unknown-field' || code === 'unknown-rule') && data.suggestions?.length) {
      out.push(fix(`Rename to \`${data.suggestions[0]}\``, d, edit([{ range: d.range, newText: data.suggestions[0]! }]), true));
    }
    if (code === 'unknown-policy' && data.policy) {
      const created = createPolicy(folder, data.policy);
      if (created) out.push(fix(`Create policy ${data.policy} (${created.rel})`, d, created.edit, !data.suggestions?.length));
    }
    if (code === 'duplicate-criterion') {
      const start = lines.offset(d.range.start);
      out.push(fix('Remove the duplicated criterion', d, edit([removeListItem(text, lines, start, lines.offset(d.range.end))]), true));
    }
    if ((code === 'schema' || code === 'missing-owner' || code === 'missing-due') && data.missingField && data.missingField !== 'front matter') {
      const value = data.missingField === 'due' ? formatDay(folder.ws.config.today + 30) : placeholder(data.missingField);
      const e = insertField(text, lines, lines.offset(d.range.start), data.missingField, value);
      if (e) out.push(fix(`Add \`${data.missingField}\``, d, edit([e]), true));
    }
    if (code === 'uncovered-criterion' && data.criterion && rel === CONFIG_FILE) {
      const ins = excludeEdit(text, data.criterion, `TODO explain why ${data.criterion} does not apply`);
      out.push(fix(`Exclude ${data.criterion} from scope (with a reason to write)`, d, edit([{ range: lines.range({ start: ins.offset, end: ins.offset + ins.length }), newText: ins.text }]), false));
    }
    if (code === 'remediation-overdue') {
      const exc = exceptionAt(folder, rel, lines.offset(d.range.start));
      if (exc) {
        const e = insertField(text, lines, lines.offset(d.range.start), 'resolved', formatDay(folder.ws.config.today), true);
        if (e) out.push(fix('Mark the exception resolved today', d, edit([e]), false));
      }
    }
    if (code === 'missing-evidence' || code === 'stale-evidence' || code === 'evidence-gap') {
      const c = controlAt(folder, rel, lines.offset(d.range.start));
      const today = folder.ws.config.today;
      if (c) out.push(fix('Add an evidence entry dated today', d, evidenceEntryEdit(s, uri, appendEvidence(text, lines, c, today), today), code !== 'evidence-gap'));
    }
  }
  const refactors = !p.context.only || p.context.only.some((k) => k.startsWith(CodeActionKind.Refactor));
  out.push(...hashActions(folder, rel, uri, lines.offset(p.range.start), p.context.diagnostics, refactors));
  // Without a diagnostic: map what crosswalks relate the control's criteria to.
  if (!p.context.only || p.context.only.some((k) => CodeActionKind.RefactorRewrite.startsWith(k))) out.push(...alsoMapActions(folder.ws, rel, uri, lines.offset(p.range.start)));
  // Without a diagnostic: add evidence to the control under the cursor.
  if (refactors) {
    const c = controlAt(folder, rel, lines.offset(p.range.start));
    const today = folder.ws.config.today;
    if (c && !out.some((a) => a.title.startsWith('Add an evidence entry'))) {
      out.push({ title: 'Add an evidence entry dated today', kind: CodeActionKind.Refactor, edit: evidenceEntryEdit(s, uri, appendEvidence(text, lines, c, today), today) });
    }
  }
  return out;
}

function fix(title: string, d: Diagnostic, edit: WorkspaceEdit, preferred: boolean): CodeAction {
  return { title, kind: CodeActionKind.QuickFix, diagnostics: [d], edit, isPreferred: preferred };
}

function placeholder(field: string): string {
  return field === 'title' ? 'TODO title' : field === 'id' ? 'TODO-ID' : field === 'owner' ? 'TODO-owner' : field === 'reason' ? 'TODO explain why' : 'TODO';
}

function lineStartOf(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

function eol(text: string): string {
  return text.includes('\r\n') ? '\r\n' : '\n';
}

/** Inserts `key: value` on the line after the anchor, at the anchor key's indentation. */
function insertField(text: string, lines: LineIndex, anchor: number, key: string, value: string, below = true): TextEdit | undefined {
  const ls = lineStartOf(text, anchor);
  const line = text.slice(ls, text.indexOf('\n', ls) < 0 ? text.length : text.indexOf('\n', ls));
  const m = /^(\s*)(-\s+)?/.exec(line)!;
  const indent = ' '.repeat(m[1]!.length + (m[2]?.length ?? 0));
  const nl = eol(text);
  const lineNo = lines.position(anchor).line;
  if (!below) return { range: { start: { line: lineNo, character: 0 }, end: { line: lineNo, character: 0 } }, newText: `${indent}${key}: ${value}${nl}` };
  if (lineNo + 1 >= lines.lineCount) {
    const endPos = lines.position(text.length);
    return { range: { start: endPos, end: endPos }, newText: `${text.endsWith('\n') ? '' : nl}${indent}${key}: ${value}${nl}` };
  }
  const pos = { line: lineNo + 1, character: 0 };
  return { range: { start: pos, end: pos }, newText: `${indent}${key}: ${value}${nl}` };
}

/** Removes one item from a flow list (with its comma) or a block list (its whole line). */
function removeListItem(text: string, lines: LineIndex, start: number, end: number): TextEdit {
  const ls = lineStartOf(text, start);
  const before = text.slice(ls, start);
  if (/^\s*-\s+$/.test(before)) {
    const next = text.indexOf('\n', end);
    const stop = next < 0 ? text.length : next + 1;
    return { range: lines.range({ start: ls, end: stop }), newText: '' };
  }
  const prevComma = /,\s*$/.exec(text.slice(ls, start));
  if (prevComma) return { range: lines.range({ start: ls + prevComma.index, end }), newText: '' };
  const nextComma = /^\s*,\s*/.exec(text.slice(end));
  return { range: lines.range({ start, end: end + (nextComma ? nextComma[0].length : 0) }), newText: '' };
}

function controlAt(folder: Project, rel: string, offset: number): ControlFact | undefined {
  return folder.ws.facts(rel)?.controls.find((c) => offset >= Math.min(c.span.start, c.idSpan.start) && offset <= c.span.end);
}

function exceptionAt(folder: Project, rel: string, offset: number): boolean {
  return !!folder.ws.facts(rel)?.controls.some((c) => c.exceptions.some((e) => e.dueSpan && e.dueSpan.start === offset));
}

/** A new evidence entry (placeholder title and link) at the end of the control's `evidence:` list, or a new `evidence:` field. */
function appendEvidence(text: string, lines: LineIndex, c: ControlFact, today: number): TextEdit {
  const nl = eol(text);
  const idLine = text.slice(lineStartOf(text, c.idSpan.start), c.idSpan.start);
  const m = /^(\s*)(-\s+)?/.exec(idLine)!;
  const indent = ' '.repeat(m[1]!.length + (m[2]?.length ?? 0));
  const body = text.slice(c.span.start, c.span.end);
  const ev = new RegExp(`(^|\\n)${indent}evidence:[ \\t]*(\\r?\\n)`).exec(body);
  const entryIndent = `${indent}  `;
  // Placeholders, not TODO text that reads as filed: left unfilled they count as no evidence.
  const entry = evidenceEntryText(entryIndent, today, nl);
  if (ev) {
    // The block ends before the first non-blank line indented no deeper than `evidence:`
    // (a compact `- ` item at the same indentation still belongs to it).
    let pos = c.span.start + ev.index + ev[0].length;
    let insertAt = pos;
    while (pos < text.length) {
      const next = text.indexOf('\n', pos);
      const stop = next < 0 ? text.length : next + 1;
      const line = text.slice(pos, stop).replace(/\r?\n$/, '');
      if (line.trim() !== '') {
        const ind = line.length - line.trimStart().length;
        const compactItem = ind === indent.length && line.trimStart().startsWith('- ');
        if (ind < indent.length || (ind === indent.length && !compactItem) || pos >= c.span.end) break;
        insertAt = stop;
      }
      pos = stop;
    }
    pos = insertAt;
    const prefix = pos > 0 && text[pos - 1] !== '\n' ? nl : '';
    return { range: lines.range({ start: pos, end: pos }), newText: prefix + entry };
  }
  let end = c.span.end;
  while (end > c.span.start && /\s/.test(text[end - 1]!)) end--;
  return { range: lines.range({ start: end, end }), newText: `${nl}${indent}evidence:${nl}${entry.replace(new RegExp(`${nl}$`), '')}` };
}

/** A new policy file for an unknown policy id, created by the edit (undo removes it). */
function createPolicy(folder: Project, id: string): { rel: string; edit: WorkspaceEdit } | undefined {
  const dir = (folder.ws.config.policyGlobs[0] ?? 'policies/**/*.md').split(/[*{]/)[0]!.replace(/\/$/, '') || 'policies';
  const name = id.toLowerCase().replace(/^pol-/, '').replace(/[^a-z0-9-]+/g, '-') || 'policy';
  const rel = `${dir}/${name}.md`;
  if (folder.ws.has(rel)) return undefined;
  const uri = folder.uriOf(rel);
  const body = blankPolicy(id, name, folder.ws.config.today);
  return {
    rel,
    edit: {
      documentChanges: [
        { kind: 'create', uri, options: { ignoreIfExists: true } },
        { textDocument: { uri, version: null }, edits: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: body }] },
      ],
    },
  };
}
