import * as path from 'node:path';
import { CONFIG_FILE, LineIndex, type Code, type FileStamp, type Finding, type Severity } from '../core/index.js';
import { crossStateOf, type CrossState } from '../core/crossState.js';
import { othersKey, ownCross } from '../core/factsShape.js';
import { skeletonOf } from '../core/factsSkeleton.js';
import type { Range, Span } from '../core/text.js';
import { checkedFolder, type CheckedFolder, type CheckedProject } from '../reports/checkReport.js';
import type { ProjectDiagnostic, FolderReport } from '../reports/reportModel.js';

// What `attest check --cache` keeps of a check to patch it: per file its findings as shown, the
// keys of what other files and its own cross-file findings take from it (factsShape.ts), and
// those cross-file findings tied to the spans they sit on. When only files changed whose keys
// stay the same (a comment, a title, an owner, evidence dates, moved lines), no other file's
// findings and no coverage figure can differ: those files alone are analysed again (statusPatch.ts,
// which also takes edits that move only coverage statuses, from the counts kept per project).

/** A project file's absolute path: a join without path.join's normalising (tens of thousands per run; roots are absolute and normal, rels `/`-separated). */
export function fileOf(root: string, rel: string): string {
  return root + path.sep + (path.sep === '/' ? rel : rel.split('/').join(path.sep));
}

/** A diagnostic as shown: range (zero-based), code, severity, message. */
export type Row = [number, number, number, number, Code, Severity, string];
/** A cross-file finding (before the project's rules): the index of its span among ownCross's, code, severity, message. */
export type Cross = [number, Code, Severity, string];

export interface FileMemo {
  rel: string;
  /** othersKey and ownCross's key of its facts ('' for none). */
  others: string;
  own: string;
  /** null: a finding whose span is not one of the facts' (the file cannot be patched). */
  cross: Cross[] | null;
  rows: Row[];
  /** What other files' findings take from it (factsSkeleton.ts); undefined for none (the file is then read again). */
  skel?: string;
}

export interface ProjectMemo {
  root: string;
  fileCount: number;
  coverageLine: string;
  /** The counts coverage statuses are made of (a status edit is patched from them: statusPatch.ts). */
  state?: CrossState;
  files: FileMemo[];
}

export interface CheckMemo {
  projects: ProjectMemo[];
}

/** A finding as shown at `r`. */
export const rowOf = (r: Range, f: Finding): Row => [r.start.line, r.start.character, r.end.line, r.end.character, f.code, f.severity, f.message];
/** Whether two rows show the same finding at the same place. */
export const sameRow = (a: Row, b: Row): boolean => a.every((v, i) => v === b[i]);

/** A file's cross-file findings tied to the spans of its facts (ownCross's); null when one sits elsewhere (the file cannot be patched). */
export function crossTied(found: readonly Finding[], spans: ReadonlyArray<Span | undefined>): Cross[] | null {
  const out: Cross[] = [];
  for (const f of found) {
    const k = spans.indexOf(f.span);
    if (k < 0) return null;
    out.push([k, f.code, f.severity, f.message]);
  }
  return out;
}

/** A file's keys as the last memo has them, by absolute path, with the content hash they are for. */
export type KnownKeys = ReadonlyMap<string, { hash: string; others: string; own: string }>;

/** The keys of the last memo's files, joined with their content hashes (from its input stamps). */
export function knownKeys(memo: CheckMemo, hashOf: (abs: string) => string | undefined): KnownKeys {
  const out = new Map<string, { hash: string; others: string; own: string }>();
  for (const p of memo.projects) {
    for (const f of p.files) {
      const abs = fileOf(p.root, f.rel);
      const hash = hashOf(abs);
      if (hash) out.set(abs, { hash, others: f.others, own: f.own });
    }
  }
  return out;
}

/**
 * The memo of a check run (the report as loaded, findings shown in full). A file whose content
 * hash (`hashOf`) is the one `known` has keeps its keys from there: keys follow from the content.
 */
export function checkMemo(r: FolderReport, hashOf: (abs: string) => string | undefined = () => undefined, known: KnownKeys = new Map()): CheckMemo {
  const shown = checkedFolder(r);
  return {
    projects: r.projects.map((p, i) => {
      const rows = new Map<string, Row[]>();
      for (const d of p.diagnostics) {
        let list = rows.get(d.file);
        if (!list) rows.set(d.file, (list = []));
        list.push(rowOf(d.range, d.finding));
      }
      const rels = [...(p.ws.has(CONFIG_FILE) ? [CONFIG_FILE] : []), ...[...p.ws.rels()].sort()];
      const files = rels.map((rel): FileMemo => {
        const facts = rel === CONFIG_FILE ? undefined : p.ws.facts(rel);
        if (!facts) return { rel, others: '', own: '', cross: null, rows: rows.get(rel) ?? [] };
        const skel = skeletonOf(facts, new LineIndex(p.ws.text(rel) ?? ''));
        const abs = fileOf(p.root, rel);
        const hash = hashOf(abs);
        const old = hash !== undefined ? known.get(abs) : undefined;
        const found = p.ws.crossOf(rel);
        const fresh = old && old.hash === hash ? undefined : ownCross(facts);
        const keys = fresh ? { others: othersKey(facts), own: fresh.key } : old!;
        const cross = found.length ? crossTied(found, (fresh ?? ownCross(facts)).spans) : [];
        return { rel, others: keys.others, own: keys.own, cross, rows: rows.get(rel) ?? [], ...(skel !== undefined ? { skel } : {}) };
      });
      return { root: p.root, fileCount: p.fileCount, coverageLine: shown.projects[i]!.coverageLine, state: crossStateOf(p.ws), files };
    }),
  };
}

/** A changed file as read now: its text, its size on disk and its stat. */
export interface ChangedFile {
  text: string;
  size: number;
  stat?: FileStamp;
}

/** The check as the text and SARIF forms print it. */
export function checkedOf(memo: CheckMemo, base: { folder: string; cwd: string }): CheckedFolder {
  const projects = memo.projects.map(
    (p): CheckedProject => ({
      root: p.root,
      fileCount: p.fileCount,
      coverageLine: p.coverageLine,
      diagnostics: p.files.flatMap((f) =>
        f.rows.map(([sl, sc, el, ec, code, severity, message]) => ({ file: f.rel, range: { start: { line: sl, character: sc }, end: { line: el, character: ec } }, finding: { code, severity, message, span: { start: 0, end: 0 } } })),
      ),
    }),
  );
  return { folder: base.folder, cwd: base.cwd, projects };
}
