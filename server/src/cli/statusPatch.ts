import { configuredIndex, CONFIG_FILE, coverageTotals, LineIndex, type Finding } from '../core/index.js';
import { configFindings, policyCoverageFindings, type StatusView } from '../core/checks/crossFile.js';
import { StatusOverlay } from '../core/crossState.js';
import type { FileFacts } from '../core/facts/types.js';
import { othersKey, ownCross } from '../core/factsShape.js';
import { factsOfSkeleton, skeletonOf } from '../core/factsSkeleton.js';
import type { Span } from '../core/text.js';
import { coverageSummaryLine } from '../reports/coverageReport.js';
import { recrossed } from './acrossPatch.js';
import { crossTied, fileOf, rowOf, type ChangedFile, type CheckMemo, type Cross, type FileMemo, type ProjectMemo } from './checkMemo.js';

// `attest check --cache` for edits whose reach other files' findings hold only through coverage
// statuses and protected systems: a status, a criterion a control maps, a system it names, with
// its ids, policy references, evidence links and policy mappings unchanged (ownCross's key). The
// edited files are analysed again; the project's status counts (kept in the memo, crossState.ts)
// move by what they mapped before (their skeletons) and map now; attest.yaml, the coverage line
// and the policies mapping a criterion whose status moved are worked out again. Nothing else is
// read: not the other files, not their skeletons.

/** The code of the findings crossFile.ts gives a policy file from statuses (its last cross-file findings). */
const COVERAGE_CODE = 'uncovered-criterion';

/**
 * The check patched for `changed` (files of its projects, each with its new text): the memo and
 * whether coverage counts moved; undefined when a change reaches beyond its file and the statuses
 * it moves (an id, a policy reference, an unknown file, a file now too large) and the check must
 * be patched across files (acrossPatch.ts) or run whole.
 */
export function patchCheck(memo: CheckMemo, changed: ReadonlyMap<string, ChangedFile>, base: { today: number }): { memo: CheckMemo; moved: boolean } | undefined {
  const left = new Map(changed);
  const projects: ProjectMemo[] = [];
  let moved = false;
  for (const p of memo.projects) {
    const mine = p.files.filter((f) => left.delete(fileOf(p.root, f.rel)));
    if (!mine.length) {
      projects.push(p);
      continue;
    }
    const next = patchFiles(p, mine, changed, base.today);
    if (!next) return undefined;
    moved ||= next.moved;
    projects.push(next.project);
  }
  if (left.size) return undefined; // a changed file no project lists (it cannot be: the folders did not change)
  return { memo: { projects }, moved };
}

/**
 * A project's memo patched for its edited files `mine`; undefined when an edit reaches further
 * (ownCross's key moved, attest.yaml, no skeleton to move the counts by, a file now too large).
 */
function patchFiles(p: ProjectMemo, mine: FileMemo[], changed: ReadonlyMap<string, ChangedFile>, today: number): { project: ProjectMemo; moved: boolean } | undefined {
  const { ws, configText } = configuredIndex(p.root, { today });
  const overlay = p.state && new StatusOverlay(ws.config, p.state);
  let countsMoved = false;
  const edited: Array<{ f: FileMemo; facts: FileFacts; text: string }> = [];
  for (const f of mine) {
    const { text, size } = changed.get(fileOf(p.root, f.rel))!;
    // A file now over the size limit is only named (file-too-large), as the full load does.
    if (f.cross === null || f.rel === CONFIG_FILE || size > ws.config.maxFileSize) return undefined;
    ws.loadFile(f.rel, text);
    const facts = ws.facts(f.rel);
    if (!facts || ownCross(facts).key !== f.own) return undefined;
    if (othersKey(facts) !== f.others) {
      const old = f.skel === undefined ? undefined : factsOfSkeleton(f.skel);
      if (!overlay || !old) return undefined;
      overlay.move(f.rel, old, facts);
      countsMoved = true;
    }
    edited.push({ f, facts, text });
  }
  const moved = overlay && countsMoved ? overlay.movedCriteria() : [];
  const view: StatusView | undefined = moved.length ? overlay : undefined;
  const files = [...p.files];
  const at = new Map<string, number>();
  const indexOf = (rel: string): number => {
    if (!at.size) files.forEach((f, i) => at.set(f.rel, i));
    return at.get(rel) ?? -1;
  };
  for (const { f, facts, text } of edited) {
    const spans = ownCross(facts).spans;
    const cross = view ? withCoverage(f.cross!, view, facts, spans) : f.cross;
    if (!cross) return undefined;
    const lines = new LineIndex(text);
    const found = cross.map(([k, code, severity, message]): Finding => ({ code, severity, message, span: spans[k]! }));
    const rows = ws.config.rules.shown([...facts.local, ...found]).map((x) => rowOf(lines.range(x.span), x));
    const skel = skeletonOf(facts, lines);
    files[files.indexOf(f)] = { ...f, others: othersKey(facts), cross, rows, ...(skel !== undefined ? { skel } : {}) };
  }
  if (view) {
    const done = new Set(edited.map((e) => e.f.rel));
    for (const [fw, id] of moved) {
      for (const rel of overlay!.policyFiles(fw, id)) {
        if (done.has(rel)) continue;
        done.add(rel);
        const i = indexOf(rel);
        const f = files[i];
        const facts = f?.skel === undefined ? undefined : factsOfSkeleton(f.skel);
        if (!f || !facts || f.cross === null) return undefined;
        const spans = ownCross(facts).spans;
        const cross = withCoverage(f.cross, view, facts, spans);
        const next = cross && recrossed(ws.config.rules, f, spans, cross);
        if (!next) return undefined;
        files[i] = next;
      }
    }
  }
  if (overlay && countsMoved && overlay.configMoved() && files[0]?.rel === CONFIG_FILE) {
    const lines = new LineIndex(configText ?? '');
    const found = ws.config.rules.shown([...ws.config.findings, ...configFindings(overlay)]);
    files[0] = { ...files[0], rows: found.map((x) => rowOf(lines.range(x.span), x)) };
  }
  const cfg = ws.config;
  const coverageLine = view ? coverageSummaryLine({ framework: cfg.framework, report: cfg.report, totals: coverageTotals(view) }) : p.coverageLine;
  const project = { ...p, coverageLine, ...(overlay && countsMoved ? { state: overlay.state() } : {}), files };
  return { project, moved: countsMoved };
}

/** A file's cross-file findings with its policies' coverage worked out anew (the rest stays: ids, references and links did not change). */
function withCoverage(cross: Cross[], view: StatusView, facts: FileFacts, spans: ReadonlyArray<Span | undefined>): Cross[] | undefined {
  const coverage = crossTied(policyCoverageFindings(view, facts), spans);
  return coverage ? [...cross.filter((c) => c[1] !== COVERAGE_CODE), ...coverage] : undefined;
}
