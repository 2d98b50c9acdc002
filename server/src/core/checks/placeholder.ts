/**
 * Whether an evidence title or link is a placeholder rather than a description or an address:
 * text written to fill the slot until the real sample is filed. Such an entry proves nothing.
 *
 * - empty or only whitespace;
 * - only dots or ellipses (`...`, `…`);
 * - starting with a to-do marker as a word, in any letter case: `TODO`, `TBD`, `FIXME`, `XXX`
 *   (`TODO`, `todo: link`, `TBD later`; not `Todoist export`);
 * - holding an angle-bracket slot: `<…>`, `<ticket url>`, `evidence/<file>.csv` (real URLs and
 *   paths never contain `<` and `>`; a title written as a template does).
 */
const MARKER = /^(?:todo|tbd|fixme|xxx)(?![\p{L}\p{N}_])/iu;
const DOTS = /^[.…\s]+$/u;
const SLOT = /<[^<>\n]*>/u;

export function isPlaceholder(value: string): boolean {
  const v = value.trim();
  return v === '' || DOTS.test(v) || MARKER.test(v) || SLOT.test(v);
}
