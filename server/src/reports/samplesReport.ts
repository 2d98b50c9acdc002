import { formatDay, samplesOf, samplesPayload, type ControlSamples, type ProjectSamples } from '../core/index.js';
import { filesWithErrorsText } from './coverageReport.js';
import { csv } from './csv.js';
import { filesWithErrorsMarkdown, mdCell } from './markdown.js';
import { fromCwd, rootOf, several, type FolderReport, type ProjectReport } from './reportModel.js';

/** `attest samples` as text, markdown, CSV and JSON: per project, each control's population and seeded draw. */

export type SamplesFormat = 'text' | 'markdown' | 'csv' | 'json';

interface Drawn {
  p: ProjectReport;
  s: ProjectSamples;
}

function draw(r: FolderReport, seed: number): Drawn[] {
  return r.projects.map((p) => ({ p, s: samplesOf(p.ws, seed) }));
}

const interval = (x: { start: string; end: string }): string => (x.start === x.end ? x.start : `${x.start} to ${x.end}`);

/** Why a project lists no control: not Type II, or no control with a periodic frequency. */
function emptyNote(p: ProjectReport): string {
  const cfg = p.ws.config;
  if (cfg.report !== 'type2' || !cfg.period) return 'Not a Type II project (report: type2 with a valid period): nothing to sample.';
  return 'No implemented control runs annually, semiannually, quarterly, monthly, weekly or daily: nothing to sample.';
}

function headline(p: ProjectReport, s: ProjectSamples): string {
  const cfg = p.ws.config;
  const period = cfg.period ? ` over ${formatDay(cfg.period.start)} to ${formatDay(cfg.period.end)}` : '';
  const asOf = cfg.period && cfg.today > cfg.period.end ? ' (the period is over)' : ` (intervals ended before ${formatDay(cfg.today)})`;
  return `Type II samples, seed ${s.seed}${period}${asOf}`;
}

function controlText(r: FolderReport, p: ProjectReport, c: ControlSamples): string[] {
  const lines = [`${c.id}  ${c.frequency}  population ${c.population}, ${c.evidenced} evidenced; sample ${c.size}  ${c.title}  ${fromCwd(r, p, c.rel)}`];
  if (!c.population) lines.push('  no interval has ended yet');
  for (const x of c.selected) lines.push(`  ${interval(x).padEnd(24)} ${x.evidenced ? 'evidenced' : 'NO EVIDENCE'}`);
  return lines;
}

function projectText(r: FolderReport, d: Drawn): string {
  const { p, s } = d;
  const lines = several(r) ? [`Project ${rootOf(r, p)}`] : [];
  if (!s.controls.length) lines.push(emptyNote(p));
  else {
    lines.push(headline(p, s), '');
    for (const c of s.controls) lines.push(...controlText(r, p, c));
    const drawn = s.controls.reduce((n, c) => n + c.selected.length, 0);
    const missing = s.controls.reduce((n, c) => n + c.selected.filter((x) => !x.evidenced).length, 0);
    lines.push('', `${s.controls.length} control${s.controls.length === 1 ? '' : 's'}, ${drawn} interval${drawn === 1 ? '' : 's'} drawn, ${missing} without evidence.`);
  }
  const errors = filesWithErrorsText(r, p);
  if (errors.length) lines.push('', ...errors);
  return lines.join('\n') + '\n';
}

function markdown(r: FolderReport, d: Drawn): string {
  const { p, s } = d;
  const out = [`# Type II samples${several(r) ? `: ${mdCell(rootOf(r, p))}` : ''}`, ''];
  if (!s.controls.length) out.push(emptyNote(p), '');
  else {
    out.push(`${headline(p, s)}.`, '', '| Control | Frequency | Population | Evidenced | Sample | Drawn intervals |', '| --- | --- | --- | --- | --- | --- |');
    for (const c of s.controls) {
      const drawn = c.selected.map((x) => `${interval(x)} ${x.evidenced ? '✔' : '✘ no evidence'}`).join('<br>') || '—';
      out.push(`| ${mdCell(c.id)} ${mdCell(c.title)} | ${c.frequency} | ${c.population} | ${c.evidenced} | ${c.size} | ${drawn} |`);
    }
    out.push('');
  }
  return [...out, ...filesWithErrorsMarkdown(r, p, 2)].join('\n');
}

/** One row per drawn interval (a control with none drawn: one row without dates); `project` first when there are several. */
function csvRows(r: FolderReport, ds: Drawn[]): string {
  const header = ['control', 'frequency', 'population', 'size', 'start', 'end', 'evidenced'];
  const rows = [several(r) ? ['project', ...header] : header];
  for (const { p, s } of ds) {
    for (const c of s.controls) {
      const base = [c.id, c.frequency, String(c.population), String(c.size)];
      const cells = c.selected.length ? c.selected.map((x) => [...base, x.start, x.end, String(x.evidenced)]) : [[...base, '', '', '']];
      for (const row of cells) rows.push(several(r) ? [rootOf(r, p), ...row] : row);
    }
  }
  return csv(rows);
}

/** The contract's shape; with several projects, one list whose controls each name their `project` (as `plan --format json`). */
function json(r: FolderReport, ds: Drawn[], seed: number): string {
  const controls = ds.flatMap(({ p, s }) => samplesPayload(s).controls.map((c) => (several(r) ? { ...c, project: rootOf(r, p) } : c)));
  return JSON.stringify({ seed, controls }, null, 2) + '\n';
}

export function samplesReport(r: FolderReport, seed: number, format: SamplesFormat): string {
  const ds = draw(r, seed);
  if (format === 'json') return json(r, ds, seed);
  if (format === 'csv') return csvRows(r, ds);
  if (format === 'markdown') return ds.map((d) => markdown(r, d)).join('\n');
  return ds.map((d) => projectText(r, d)).join('\n');
}
