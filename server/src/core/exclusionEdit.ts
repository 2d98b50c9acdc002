// Pure: the edit that carves a criterion out of scope in attest.yaml (appends { criterion, reason }
// to `exclude:`), keeping the file's list style, indent and line ends. One source for the editor's
// "Exclude from Scope" command and the language server's quick fix; no imports, so the extension
// bundles it too.

export interface TextInsert {
  /** Offset (UTF-16) where `text` replaces `length` characters. */
  offset: number;
  length: number;
  text: string;
}

/** A YAML scalar for a one-line value: plain when that is safe, else double-quoted (JSON is valid YAML). */
export function yamlScalar(value: string): string {
  const v = value.replace(/\s+/g, ' ').trim();
  const plainSafe = /^[A-Za-z0-9(][^:#"'\\{}[\],&*!|>%@`]*$/.test(v) && !/\s$/.test(v) && !/^(true|false|null|yes|no|on|off|~)$/i.test(v) && !/^[0-9.+-]+$/.test(v);
  return plainSafe ? v : JSON.stringify(v);
}

/** The edit that appends `{ criterion, reason }` to `exclude:` in attest.yaml (text may be empty: a new file). */
export function excludeEdit(text: string, criterion: string, reason: string): TextInsert {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const r = yamlScalar(reason);
  const lines = splitLines(text);
  const keyIdx = lines.findIndex((l) => /^exclude\s*:/.test(l.text));
  if (keyIdx < 0) {
    const sep = text.length === 0 || text.endsWith('\n') ? '' : eol;
    const gap = text.trim().length ? eol : '';
    return { offset: text.length, length: 0, text: `${sep}${gap}exclude:${eol}  - criterion: ${criterion}${eol}    reason: ${r}${eol}` };
  }
  const key = lines[keyIdx]!;
  const after = key.text.replace(/^exclude\s*:/, '');
  const value = after.replace(/\s+#.*$/, '').trim();
  if (value === '[]' || value === '~' || value === 'null') {
    // `exclude: []` -> a block list on the following lines.
    const start = key.offset + key.text.indexOf(':') + 1;
    const end = key.offset + key.text.length;
    return { offset: start, length: end - start, text: `${eol}  - criterion: ${criterion}${eol}    reason: ${r}` };
  }
  if (value.startsWith('[')) {
    // A flow sequence (possibly over several lines): add an item before its closing bracket.
    const from = key.offset + key.text.indexOf('[');
    const close = findFlowEnd(text, from);
    if (close >= 0) {
      const inner = text.slice(from + 1, close).trim();
      return { offset: close, length: 0, text: `${inner ? ', ' : ''}{ criterion: ${criterion}, reason: ${r} }` };
    }
  }
  // A block sequence: find its items' indent and the end of the block.
  let last = keyIdx;
  let indent: string | undefined;
  for (let i = keyIdx + 1; i < lines.length; i++) {
    const l = lines[i]!.text;
    if (/^\s*$/.test(l) || /^\s*#/.test(l)) {
      if (/^\s*#/.test(l) && !/^\s/.test(l)) break; // a top-level comment ends the block
      continue;
    }
    if (!/^\s/.test(l) && !l.startsWith('- ') && l !== '-') break; // the next top-level key
    if (indent === undefined) {
      const m = /^(\s*)-(\s|$)/.exec(l);
      if (m) indent = m[1];
    }
    last = i;
  }
  const ind = indent ?? '  ';
  const lastLine = lines[last]!;
  const at = lastLine.offset + lastLine.text.length + lastLine.eol.length;
  const needEol = lastLine.eol.length === 0 ? eol : '';
  return { offset: at, length: 0, text: `${needEol}${ind}- criterion: ${criterion}${eol}${ind}  reason: ${r}${eol}` };
}

function findFlowEnd(text: string, open: number): number {
  let depth = 0;
  let quote: string | undefined;
  for (let i = open; i < text.length; i++) {
    const ch = text[i]!;
    if (quote) {
      if (ch === '\\' && quote === '"') i++;
      else if (ch === quote) quote = undefined;
      continue;
    }
    if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '[' || ch === '{') depth++;
    else if (ch === ']' || ch === '}') {
      depth--;
      if (depth === 0) return i;
    } else if (ch === '#' && /\s/.test(text[i - 1] ?? ' ')) {
      const nl = text.indexOf('\n', i);
      if (nl < 0) return -1;
      i = nl;
    }
  }
  return -1;
}

interface Line {
  text: string;
  offset: number;
  eol: string;
}
function splitLines(text: string): Line[] {
  const out: Line[] = [];
  const re = /\r\n|\n/g;
  let start = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    out.push({ text: text.slice(start, m.index), offset: start, eol: m[0] });
    start = m.index + m[0].length;
  }
  if (start < text.length || out.length === 0) out.push({ text: text.slice(start), offset: start, eol: '' });
  return out;
}
