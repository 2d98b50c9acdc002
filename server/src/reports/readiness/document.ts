/**
 * The readiness report as a small document tree (headings, paragraphs, tables of inline runs).
 * sections.ts builds it once from the model; html.ts and markdown.ts only render it, so the two
 * formats cannot drift apart in content.
 */

/** A run of text: plain, an identifier (never broken across lines), a date (neither broken), a status word, strong text, a warning (overdue, unprotected) or a path. */
export type Inline = string | { id: string } | { date: string } | { status: string } | { strong: string } | { flag: string } | { path: string };

export type Cell = Inline[];

export interface TableRow {
  cells: Cell[];
  /** How the row is set off: a retired control, an overdue item, a gap. */
  mark?: 'retired' | 'overdue' | 'gap';
}

export type Block =
  | { kind: 'p'; content: Inline[] }
  | { kind: 'facts'; rows: Array<{ label: string; value: Inline[] }> }
  | { kind: 'h3'; text: string; note?: string }
  | { kind: 'table'; head: string[]; rows: TableRow[]; wide?: boolean }
  | { kind: 'list'; items: Inline[][] };

export interface DocSection {
  name: string;
  /** A stable anchor (no user text): `scope`, `remediation-plan`, ... */
  anchor: string;
  blocks: Block[];
}

export interface ReportDoc {
  title: string;
  subtitle: Inline[];
  sections: DocSection[];
}

/** Ids separated by commas, each one unbreakable; `none` when empty. */
export function ids(list: string[], none = '—'): Inline[] {
  if (!list.length) return [none];
  return list.flatMap((id, i) => (i ? [', ', { id }] : [{ id }]));
}

export function text(s: string | null | undefined, none = '—'): Inline[] {
  return [s ?? none];
}

export function date(d: string | null | undefined, none = '—'): Inline[] {
  return d ? [{ date: d }] : [none];
}
