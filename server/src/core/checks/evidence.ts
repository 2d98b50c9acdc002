import type { WorkspaceConfig } from '../config.js';
import { FREQUENCY_DAYS, formatDay, lookup } from '../dates.js';
import { finding, type Finding } from '../findings.js';
import type { ControlFact } from '../facts/types.js';

export type EvidenceStatus = 'current' | 'stale' | 'missing' | 'not-required';

/** Whether a control's evidence satisfies its frequency as of the workspace's "today". */
export function evidenceStatus(c: ControlFact, cfg: WorkspaceConfig): EvidenceStatus {
  if (cfg.report !== 'type2' || !cfg.period || c.status !== 'implemented' || !c.frequency) return 'not-required';
  if (cfg.asOf < cfg.period.start) return 'not-required';
  const inPeriod = c.evidence.filter((e) => e.collected !== undefined && e.collected >= cfg.period!.start && e.collected <= cfg.period!.end && e.collected <= cfg.asOf);
  if (inPeriod.length === 0) return 'missing';
  const max = FREQUENCY_DAYS[c.frequency];
  const newest = Math.max(...inPeriod.map((e) => e.collected!));
  if (max !== undefined && cfg.asOf - newest > max) return 'stale';
  return 'current';
}

/** The fully elapsed sampling intervals of the period, each with whether it holds a sample. */
function elapsedIntervals(c: ControlFact, cfg: WorkspaceConfig): Array<{ start: number; end: number; sampled: boolean }> {
  const step = c.frequency ? INTERVALS[c.frequency] : undefined;
  if (!cfg.period || !step) return []; // daily, continuous, on-event: staleness says enough
  const dates = c.evidence.map((e) => e.collected).filter((d): d is number => d !== undefined);
  const out: Array<{ start: number; end: number; sampled: boolean }> = [];
  const ended = cfg.today > cfg.period.end;
  for (let i = 0; ; i++) {
    const s = step.months ? addMonths(cfg.period.start, step.months * i) : cfg.period.start + step.days! * i;
    const next = step.months ? addMonths(cfg.period.start, step.months * (i + 1)) : s + step.days!;
    const e = Math.min(next - 1, cfg.period.end);
    // Only intervals that have fully elapsed: today's is still open, unless the period has ended.
    if (s > cfg.period.end || (ended ? e > cfg.asOf : e >= cfg.asOf)) break;
    out.push({ start: s, end: e, sampled: dates.some((d) => d >= s && d <= e) });
  }
  return out;
}

/** Elapsed intervals with no sample, e.g. a quarterly control missing Q2. */
export function emptyIntervals(c: ControlFact, cfg: WorkspaceConfig): Array<{ start: number; end: number }> {
  return elapsedIntervals(c, cfg).filter((i) => !i.sampled).map(({ start, end }) => ({ start, end }));
}

/** How many elapsed intervals of the period the frequency implies, and how many hold a sample. */
export function sampleCounts(c: ControlFact, cfg: WorkspaceConfig): { expected: number; present: number } {
  const all = elapsedIntervals(c, cfg);
  return { expected: all.length, present: all.filter((i) => i.sampled).length };
}

/** Sampling intervals: calendar months from the period start (so quarters read as Q1, Q2, ...), or days. */
const INTERVALS: Record<string, { months?: number; days?: number } | undefined> = lookup({
  weekly: { days: 7 },
  monthly: { months: 1 },
  quarterly: { months: 3 },
  semiannually: { months: 6 },
  annually: { months: 12 },
});

function addMonths(day: number, months: number): number {
  const d = new Date(day * 86_400_000);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, d.getUTCDate()) / 86_400_000;
}

/** Type II evidence checks of one control: missing, stale, gaps and dates outside the period. */
export function evidenceFindings(c: ControlFact, cfg: WorkspaceConfig): Finding[] {
  if (cfg.report !== 'type2' || !cfg.period) return [];
  const out: Finding[] = [];
  const { start, end } = cfg.period;
  for (const e of c.evidence) {
    if (e.collected !== undefined && e.collectedSpan && (e.collected < start || e.collected > end)) {
      out.push(finding('evidence-outside-period', e.collectedSpan, `${formatDay(e.collected)} lies outside the audit period ${formatDay(start)} to ${formatDay(end)}; it is not a sample of this audit.`));
    }
  }
  const status = evidenceStatus(c, cfg);
  if (status === 'missing') {
    out.push(finding('missing-evidence', c.idSpan, `Control ${c.id} runs ${c.frequency} but has no evidence dated inside the audit period.`));
  } else if (status === 'stale') {
    const dated = c.evidence.filter((e) => e.collected !== undefined && e.collected <= cfg.asOf && e.collected >= start);
    const newest = dated.reduce((a, b) => (b.collected! > a.collected! ? b : a));
    const age = cfg.asOf - newest.collected!;
    out.push(
      finding('stale-evidence', newest.collectedSpan!, `The newest evidence of ${c.id} is ${age} days old as of ${formatDay(cfg.asOf)}; a ${c.frequency} control needs a sample at least every ${FREQUENCY_DAYS[c.frequency!]} days.`),
    );
  }
  if (status === 'current' || status === 'stale') {
    const gaps = emptyIntervals(c, cfg);
    if (gaps.length) {
      const list = gaps.slice(0, 6).map((g) => `${formatDay(g.start)} to ${formatDay(g.end)}`).join('; ');
      const { expected, present } = sampleCounts(c, cfg);
      out.push(finding('evidence-gap', c.idSpan, `Control ${c.id} (${c.frequency}) has samples for ${present} of ${expected} elapsed intervals; none for ${list}${gaps.length > 6 ? '; …' : ''}.`, { gaps: gaps.map((g) => [formatDay(g.start), formatDay(g.end)]) }));
    }
  }
  return out;
}
