import { CodeActionKind, type CodeAction, type TextEdit } from 'vscode-languageserver/node';
import { frameworkFor, mappedCriteria, type ControlFact, type LineIndex, type ProjectIndex, type Span } from '../../core/index.js';

/**
 * "Also map <id> (<framework>)" on a control: for each criterion it maps, the criteria that
 * crosswalks relate it to in the project's other frameworks, when the control does not map them
 * yet. Each is a workspace edit adding the id under its framework's key of `criteria:` (turning
 * the list form into the mapping form when needed).
 */
export function alsoMapActions(ws: ProjectIndex, rel: string, uri: string, offset: number): CodeAction[] {
  const text = ws.text(rel);
  const lines = ws.lineIndex(rel);
  const c = ws.facts(rel)?.controls.find((x) => offset >= Math.min(x.span.start, x.idSpan.start) && offset <= x.span.end);
  if (!c || text === undefined || !lines) return [];
  const cfg = ws.config;
  const mapped = mappedCriteria(c, cfg.framework);
  const has = new Set(mapped.flatMap((m) => m.refs.map((r) => `${m.framework}\u0000${r.value}`)));
  const out: CodeAction[] = [];
  for (const m of mapped) {
    for (const r of new Set(m.refs.map((x) => x.value))) {
      for (const rel of ws.crosswalks.related(m.framework, r)) {
        const fw = frameworkFor(cfg, rel.framework);
        const key = fw && `${fw.id}\u0000${rel.id}`;
        if (!fw || fw.id === m.framework || has.has(key!)) continue;
        has.add(key!);
        const edits = addCriterion(text, lines, c, fw.id, rel.id, cfg.framework);
        if (!edits) continue;
        out.push({ title: `Also map ${rel.id} (${fw.id})`, kind: CodeActionKind.RefactorRewrite, edit: { changes: { [uri]: edits } } });
      }
    }
  }
  return out;
}

/** The edit that adds `id` under `framework` in a control's `criteria:`; undefined when its shape is not one Attest writes into. */
export function addCriterion(text: string, lines: LineIndex, c: ControlFact, framework: string, id: string, primary: string): TextEdit[] | undefined {
  const at = (offset: number, newText: string): TextEdit[] => [{ range: lines.range({ start: offset, end: offset }), newText }];
  const nl = text.includes('\r\n') ? '\r\n' : '\n';
  if (!c.criteriaSpan) return undefined;
  // A block collection's range runs to the next key: its own text ends at its last non-space.
  let end = c.criteriaSpan.end;
  while (end > c.criteriaSpan.start && /\s/.test(text[end - 1]!)) end--;
  const list = { start: c.criteriaSpan.start, end };
  if (!c.criteriaByFramework) {
    // The list form becomes the mapping form: the primary's ids under its own key, then the new one.
    const key = keyOf(text, list);
    if (!key) return undefined;
    const ids = c.criteria.map((r) => text.slice(r.span.start, r.span.end)).join(', ');
    const indent = ' '.repeat(key.column + 2);
    return [{ range: lines.range({ start: key.colon + 1, end: list.end }), newText: `${nl}${indent}${primary}: [${ids}]${nl}${indent}${framework}: [${id}]` }];
  }
  const entry = c.criteriaByFramework.find((e) => e.framework === framework);
  if (entry?.span && entry.span.end > entry.span.start) {
    const last = entry.refs[entry.refs.length - 1];
    if (text[entry.span.start] === '[') return last ? at(last.span.end, `, ${id}`) : [{ range: lines.range(entry.span), newText: `[${id}]` }];
    if (!last) return undefined;
    const itemLine = lineStart(text, last.span.start);
    const dash = /^(\s*-\s+)/.exec(text.slice(itemLine, last.span.start))?.[1];
    return dash ? at(lineEnd(text, last.span.end), `${nl}${dash}${id}`) : undefined;
  }
  if (entry) {
    const colon = text.indexOf(':', entry.key.span.end);
    return colon < 0 ? undefined : at(colon + 1, ` [${id}]`);
  }
  const lastEntry = c.criteriaByFramework[c.criteriaByFramework.length - 1];
  if (text[list.start] === '{') return at(lastEntry ? (lastEntry.span?.end ?? lastEntry.key.span.end) : list.start + 1, `${lastEntry ? ', ' : ''}${framework}: [${id}]`);
  if (!lastEntry) return undefined;
  const indent = ' '.repeat(lastEntry.key.span.start - lineStart(text, lastEntry.key.span.start));
  return at(lineEnd(text, list.end), `${nl}${indent}${framework}: [${id}]`);
}

/** The `criteria:` key before a value: its column and the offset of its colon. */
function keyOf(text: string, value: Span): { column: number; colon: number } | undefined {
  const keyAt = text.lastIndexOf('criteria', value.start);
  if (keyAt < 0 || !/^criteria\s*:\s*$/.test(text.slice(keyAt, value.start))) return undefined;
  return { column: keyAt - lineStart(text, keyAt), colon: text.indexOf(':', keyAt + 'criteria'.length) };
}

function lineStart(text: string, offset: number): number {
  return Math.max(text.lastIndexOf('\n', offset - 1), text.lastIndexOf('\r', offset - 1)) + 1;
}

function lineEnd(text: string, offset: number): number {
  const i = text.slice(offset).search(/\r?\n|\r/);
  return i < 0 ? text.length : offset + i;
}
