import type { Span } from '../text.js';

/** Where a policy's YAML header lies in the Markdown file. */
export interface FrontMatter {
  /** The header text (without the delimiter lines). */
  source: string;
  /** Offset of `source` in the file. */
  base: number;
  /** The body after the closing delimiter. */
  bodyStart: number;
  style: 'dashes' | 'comply';
}

export type FrontMatterResult =
  | { kind: 'found'; fm: FrontMatter }
  | { kind: 'unclosed'; span: Span }
  | { kind: 'absent' };

const LINE = /([^\r\n]*)(\r\n|\r|\n|$)/y;

function* lines(text: string, from: number): Generator<{ start: number; text: string; next: number }> {
  let pos = from;
  while (pos < text.length) {
    LINE.lastIndex = pos;
    const m = LINE.exec(text)!;
    const next = pos + m[0].length;
    yield { start: pos, text: m[1]!, next };
    if (next === pos) return;
    pos = next;
  }
}

const isDelimiter = (line: string) => /^---\s*$/.test(line);

/**
 * Finds the header: either between an opening and a closing `---` line, or (strongdm/comply)
 * from the first line, which must look like a YAML key, up to the first `---` line.
 * `start` skips a byte order mark.
 */
export function splitFrontMatter(text: string, start = 0): FrontMatterResult {
  const it = lines(text, start);
  const first = it.next();
  if (first.done) return { kind: 'absent' };
  if (isDelimiter(first.value.text)) {
    for (const l of it) {
      if (isDelimiter(l.text) || /^\.\.\.\s*$/.test(l.text)) {
        return { kind: 'found', fm: { source: text.slice(first.value.next, l.start), base: first.value.next, bodyStart: l.next, style: 'dashes' } };
      }
    }
    return { kind: 'unclosed', span: { start: first.value.start, end: first.value.start + first.value.text.length } };
  }
  if (!/^[A-Za-z_][\w-]*\s*:(\s|$)/.test(first.value.text)) return { kind: 'absent' };
  for (const l of lines(text, start)) {
    if (isDelimiter(l.text)) {
      return { kind: 'found', fm: { source: text.slice(start, l.start), base: start, bodyStart: l.next, style: 'comply' } };
    }
  }
  return { kind: 'unclosed', span: { start: first.value.start, end: first.value.start + first.value.text.length } };
}
