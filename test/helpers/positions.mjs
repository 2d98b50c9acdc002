// Offsets and LSP positions found by matching text, so a test names the place it means ("the
// second CC6.1") instead of counting lines. Lines end at \r\n, \n or \r; characters are UTF-16
// code units, as LSP counts them by default.

/**
 * Offset of the `nth` (from 0) occurrence of `needle` in `text`, searching from the first
 * occurrence of `after` when given. Throws when not found, so a test never passes on a typo.
 */
export function offsetOf(text, needle, { after, nth = 0 } = {}) {
  let from = 0;
  if (after !== undefined) {
    from = text.indexOf(after);
    if (from < 0) throw new Error(`anchor ${JSON.stringify(after)} not in text`);
  }
  let at = text.indexOf(needle, from);
  for (let i = 0; i < nth && at >= 0; i++) at = text.indexOf(needle, at + 1);
  if (at < 0) throw new Error(`needle ${JSON.stringify(needle)}${nth ? ` (occurrence ${nth + 1})` : ''} not in text`);
  return at;
}

/** Zero-based {line, character} of an offset. */
export function positionAt(text, offset) {
  let line = 0;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    const c = text[i];
    if (c === '\n' || (c === '\r' && text[i + 1] !== '\n')) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, character: offset - lineStart };
}

/** Offset of an LSP position (the inverse of positionAt; a line past the end gives the text's length). */
export function offsetAt(text, { line, character }) {
  let start = 0;
  for (let l = 0; l < line; l++) {
    let i = start;
    while (i < text.length && text[i] !== '\n' && text[i] !== '\r') i++;
    if (i >= text.length) return text.length;
    start = i + (text[i] === '\r' && text[i + 1] === '\n' ? 2 : 1);
  }
  return start + character;
}

/**
 * Position of a needle in a text: `shift` characters into its `nth` occurrence (after `after`,
 * see offsetOf). `pos(text, 'CC6.1', { shift: 5 })` is just after the first CC6.1.
 */
export function pos(text, needle, { shift = 0, nth, after } = {}) {
  return positionAt(text, offsetOf(text, needle, { nth, after }) + shift);
}

/** The LSP range covering exactly the needle (options as offsetOf). */
export function rangeOf(text, needle, opts) {
  const start = offsetOf(text, needle, opts);
  return { start: positionAt(text, start), end: positionAt(text, start + needle.length) };
}

/** The text an LSP range covers. */
export function textAt(text, range) {
  return text.slice(offsetAt(text, range.start), offsetAt(text, range.end));
}
