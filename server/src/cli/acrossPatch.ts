import { coverageTotals, configuredIndex, CONFIG_FILE, LineIndex, type Finding, type ProjectIndex } from '../core/index.js';
import type { Rules } from '../core/rules.js';
import type { Span } from '../core/text.js';
import { crossStateOf } from '../core/crossState.js';
import { othersKey, ownCross } from '../core/factsShape.js';
import { factsOfSkeleton, skeletonOf, skeletonRange } from '../core/factsSkeleton.js';
import { coverageSummaryLine } from '../reports/coverageReport.js';
import type { CheckedFolder } from '../reports/checkReport.js';
import { crossTied, fileOf, rowOf, sameRow, type ChangedFile, type CheckMemo, type Cross, type FileMemo, type ProjectMemo, type Row } from './checkMemo.js';

// `attest check --cache` after an edit that reaches other files (a status, an id, a criterion, a
// policy reference): the project's index is rebuilt from the skeletons the memo keeps of every
// file (factsSkeleton.ts), the changed files are read and applied to it as the language server
// applies an edit (ProjectIndex.setFile), and only the files that edit affects get their
// cross-file findings again; the others keep their findings from the memo, unread.

const NO_SPAN: Span = { start: 0, end: 0 };
/** Rows in the order findings are shown (compareFindings: position, then code, then message). */
const byPosition = (a: Row, b: Row): number => a[0] - b[0] || a[1] - b[1] || a[2] - b[2] || a[3] - b[3] || a[4].localeCompare(b[4]) || a[6].localeCompare(b[6]);

/**
 * The check patched for `changed` through the projects' indexes rebuilt from skeletons; undefined
 * when it cannot be (attest.yaml changed, a file has no skeleton, a file is now too large, a
 * finding sits where no skeleton span is) and the whole check must run.
 */
export function patchAcross(memo: CheckMemo, changed: ReadonlyMap<string, ChangedFile>, base: { today: number }): { memo: CheckMemo } | undefined {
  const left = new Map(changed);
  const projects: ProjectMemo[] = [];
  for (const p of memo.projects) {
    const mine = p.files.filter((f) => left.has(fileOf(p.root, f.rel)));
    for (const f of mine) left.delete(fileOf(p.root, f.rel));
    if (!mine.length) projects.push(p);
    else {
      const next = patchProject(p, mine, changed, base.today);
      if (!next) return undefined;
      projects.push(next);
    }
  }
  if (left.size) return undefined;
  return { memo: { projects } };
}

function patchProject(p: ProjectMemo, mine: FileMemo[], changed: ReadonlyMap<string, ChangedFile>, today: number): ProjectMemo | undefined {
  if (mine.some((f) => f.rel === CONFIG_FILE)) return undefined;
  const { ws, configText } = configuredIndex(p.root, { today });
  const byRel = new Map<string, FileMemo>();
  for (const f of p.files) {
    if (f.rel === CONFIG_FILE) continue;
    const facts = f.skel === undefined ? undefined : factsOfSkeleton(f.skel);
    if (!facts) return undefined;
    ws.loadFile(f.rel, '', facts);
    byRel.set(f.rel, f);
  }
  // The changed files as the language server applies an edit: what it affects is worked out.
  const affected = new Set<string>();
  const texts = new Map<string, string>();
  for (const f of mine) {
    const { text, size } = changed.get(fileOf(p.root, f.rel))!;
    if (size > ws.config.maxFileSize) return undefined;
    texts.set(f.rel, text);
    for (const a of ws.setFile(f.rel, text)) affected.add(a);
  }
  const files = new Map(p.files.map((f) => [f.rel, f]));
  for (const rel of affected) {
    if (rel === CONFIG_FILE) {
      if (!files.has(CONFIG_FILE)) continue;
      const lines = new LineIndex(configText ?? '');
      files.set(CONFIG_FILE, { ...files.get(CONFIG_FILE)!, rows: ws.findings(CONFIG_FILE).map((x) => rowOf(lines.range(x.span), x)) });
      continue;
    }
    const f = byRel.get(rel);
    if (!f) return undefined;
    const text = texts.get(rel);
    const next = text !== undefined ? changedFile(ws, f, text) : affectedFile(ws, f);
    if (!next) return undefined;
    files.set(rel, next);
  }
  const cfg = ws.config;
  const coverageLine = coverageSummaryLine({ framework: cfg.framework, report: cfg.report, totals: coverageTotals(ws) });
  return { ...p, coverageLine, state: crossStateOf(ws), files: p.files.map((f) => files.get(f.rel)!) };
}

/** A changed file: read, analysed, its findings in full, its keys and skeleton anew. */
function changedFile(ws: ProjectIndex, f: FileMemo, text: string): FileMemo | undefined {
  const facts = ws.facts(f.rel);
  if (!facts) return undefined;
  const lines = new LineIndex(text);
  const cross = crossOf(ws, f.rel);
  if (!cross) return undefined;
  const skel = skeletonOf(facts, lines);
  const mine = ownCross(facts);
  return {
    rel: f.rel,
    others: othersKey(facts),
    own: mine.key,
    cross,
    rows: ws.findings(f.rel).map((x) => rowOf(lines.range(x.span), x)),
    ...(skel !== undefined ? { skel } : {}),
  };
}

/** An unchanged file an edit affects: its own findings kept, its cross-file ones worked out again (positions from its skeleton). */
function affectedFile(ws: ProjectIndex, f: FileMemo): FileMemo | undefined {
  const cross = f.cross === null ? undefined : crossOf(ws, f.rel);
  return cross && recrossed(ws.config.rules, f, ownCross(ws.facts(f.rel)!).spans, cross);
}

/**
 * An unread file with new cross-file findings `cross` (tied to `spans`, its skeleton's): the rows
 * its last cross-file findings became are taken out, what is left is its own; the new ones join them.
 */
export function recrossed(rules: Rules, f: FileMemo, spans: ReadonlyArray<Span | undefined>, cross: Cross[]): FileMemo | undefined {
  if (f.cross === null) return undefined;
  const shown = (xs: Cross[]): Row[] => rules.shown(xs.map(([k, code, severity, message]): Finding => ({ code, severity, message, span: spans[k] ?? NO_SPAN }))).map((x) => rowOf(skeletonRange(x.span), x));
  const rows = [...f.rows];
  for (const row of shown(f.cross)) {
    const i = rows.findIndex((r) => sameRow(r, row));
    if (i < 0) return undefined;
    rows.splice(i, 1);
  }
  return { ...f, cross, rows: [...rows, ...shown(cross)].sort(byPosition) };
}

/** A file's cross-file findings tied to its spans (checkMemo's form); undefined when one sits elsewhere. */
function crossOf(ws: ProjectIndex, rel: string): Cross[] | undefined {
  return crossTied(ws.crossOf(rel), ownCross(ws.facts(rel)!).spans) ?? undefined;
}
