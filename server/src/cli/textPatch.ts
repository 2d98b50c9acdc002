import type { Severity } from '../core/index.js';
import { checkSummary, diagnosticLine } from '../reports/checkReport.js';
import { sameRow, type CheckMemo, type Row } from './checkMemo.js';

// A patched `attest check --cache` in text prints the last run's text with the lines of the files
// it re-checked replaced, and the summary and coverage lines made anew: rendering all of a large
// project's findings again (7,000 lines at 10,000 controls) would cost more than the patch.

/**
 * The text of the check `after` and its findings' counts by severity, from `old`, the text of the check `before` (the same folder and
 * command); undefined where it is not a plain replacement of lines (several projects, a different
 * file list, a project gaining its first finding or losing its last) or `old` is not that text.
 */
export function patchedCheckText(old: string, before: CheckMemo, after: CheckMemo, base: { folder: string; cwd: string }): { stdout: string; counts: Record<Severity, number> } | undefined {
  const b = before.projects[0];
  const a = after.projects[0];
  if (before.projects.length !== 1 || after.projects.length !== 1 || !a || !b || a.root !== b.root || a.files.length !== b.files.length) return undefined;
  const r = { ...base, projects: [a] };
  /** Replaced row lines: from which line, how many, with what. */
  const edits: Array<{ line: number; count: number; lines: string[] }> = [];
  // (Plain indexed loops: this runs once per process over every file, before V8 optimises anything.)
  let line = 0;
  let errors = 0;
  let warnings = 0;
  let information = 0;
  let hints = 0;
  const bf = b.files;
  const af = a.files;
  for (let j = 0; j < af.length; j++) {
    const fb = bf[j]!;
    const fa = af[j]!;
    if (fa !== fb) {
      if (fa.rel !== fb.rel) return undefined;
      if (!sameRows(fa.rows, fb.rows)) edits.push({ line, count: fb.rows.length, lines: fa.rows.map((x) => diagnosticLine(r, a, fa.rel, { line: x[0], character: x[1] }, { severity: x[5], code: x[4], message: x[6] })) });
    }
    line += fb.rows.length;
    const rows = fa.rows;
    for (let k = 0; k < rows.length; k++) {
      const s = rows[k]![5];
      if (s === 'error') errors++;
      else if (s === 'warning') warnings++;
      else if (s === 'information') information++;
      else hints++;
    }
  }
  const counts: Record<Severity, number> = { error: errors, warning: warnings, information, hint: hints };
  const shownBefore = line;
  const shownAfter = errors + warnings + information + hints;
  // The text: the findings' lines, a blank line when there are any, the summary, the coverage line.
  const starts = lineStarts(old);
  if ((shownBefore === 0) !== (shownAfter === 0) || starts.length !== shownBefore + (shownBefore ? 1 : 0) + 3 || !old.endsWith('\n')) return undefined;
  const parts: string[] = [];
  let at = 0;
  for (const e of edits) {
    parts.push(old.slice(at, starts[e.line]), ...e.lines.map((l) => `${l}\n`));
    at = starts[e.line + e.count]!;
  }
  const tail = starts[starts.length - 3]!; // where the summary line starts
  parts.push(old.slice(at, tail), `${checkSummary(counts, a.fileCount)}\n${a.coverageLine}\n`);
  return { stdout: parts.join(''), counts };
}

function sameRows(x: readonly Row[], y: readonly Row[]): boolean {
  return x.length === y.length && x.every((r, i) => sameRow(r, y[i]!));
}

/** Where each line of `text` starts, and its length as the last entry. */
function lineStarts(text: string): number[] {
  const out = [0];
  for (let i = text.indexOf('\n'); i >= 0 && i < text.length - 1; i = text.indexOf('\n', i + 1)) out.push(i + 1);
  out.push(text.length);
  return out;
}
