// Pure: what the editor's pickers list (the remediation plan, Type II samples) as plain entries.
// No `vscode` import, so it is unit-tested in plain Node; locationPicker.ts shows them.
import type { Range } from '../../server/src/protocol';

/** One row of a picker, or a separator heading the rows after it. */
export interface PickEntry {
  label: string;
  description?: string;
  detail?: string;
  separator?: boolean;
  /** Where picking the row goes (rows without one open nothing). */
  uri?: string;
  range?: Range;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}

/** "label — description" lines, as the tests and the API read a picker. */
export function pickLines(entries: readonly PickEntry[]): string[] {
  return entries.map((e) => (e.separator ? `-- ${e.label}` : e.description ? `${e.label} — ${e.description}` : e.label));
}
