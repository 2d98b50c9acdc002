import type { WorkspaceConfig } from '../config.js';
import { FREQUENCY_DAYS, formatDay } from '../dates.js';
import { finding, type Finding } from '../findings.js';
import type { ControlFact, EvidenceFact } from '../facts/types.js';
import { evidencedFlags, isPeriodic, population, type Interval, type PeriodicFrequency } from '../populations.js';
import { isPlaceholder } from './placeholder.js';

export type EvidenceStatus = 'current' | 'stale' | 'missing' | 'not-required';

/** Whether an entry is a sample at all: placeholders (`TODO`, `<…>`, empty) prove nothing. */
export function countsAsEvidence(e: EvidenceFact): boolean {
  return !e.placeholder && e.collected !== undefined;
}

/** Whether a control's evidence satisfies its frequency as of the workspace's "today". */
export function evidenceStatus(c: ControlFact, cfg: WorkspaceConfig): EvidenceStatus {
  if (cfg.report !== 'type2' || !cfg.period || c.status !== 'implemented' || !c.frequency) return 'not-required';
  if (cfg.asOf < cfg.period.start) return 'not-required';
  // The samples: entries that count, inside the period and not after the day judged as of.
  const p = cfg.period;
  let samples = 0;
  let newest = -Infinity;
  for (const e of c.evidence) {
    if (!countsAsEvidence(e) || e.collected! < p.start || e.collected! > p.end || e.collected! > cfg.asOf) continue;
    samples++;
    if (e.collected! > newest) newest = e.collected!;
  }
  if (samples === 0) return 'missing';
  const max = FREQUENCY_DAYS[c.frequency];
  if (max !== undefined && cfg.asOf - newest > max) return 'stale';
  return 'current';
}

/** formatDay, remembered: the same few hundred days recur in every control's messages. */
const dayTexts = new Map<number, string>();
function dayText(day: number): string {
  let t = dayTexts.get(day);
  if (t === undefined) {
    if (dayTexts.size >= 10_000) dayTexts.clear();
    dayTexts.set(day, (t = formatDay(day)));
  }
  return t;
}

export interface PopulationInterval extends Interval {
  evidenced: boolean;
}

/**
 * The population of an implemented periodic control in a Type II project (populations.ts), each
 * interval with whether an entry that counts is dated inside it; [] when none applies.
 */
export function controlPopulation(c: ControlFact, cfg: WorkspaceConfig): PopulationInterval[] {
  const p = populationOf(c, cfg);
  return p ? p.intervals.map((iv, i) => ({ start: iv.start, end: iv.end, evidenced: p.flags[i]! })) : [];
}

/**
 * A periodic control's population (shared, read only) and which of its intervals have a sample;
 * undefined when the control has none (not Type II, no period, not implemented, not periodic).
 */
function populationOf(c: ControlFact, cfg: WorkspaceConfig): { intervals: readonly Interval[]; flags: boolean[] } | undefined {
  if (cfg.report !== 'type2' || !cfg.period || c.status !== 'implemented' || !isPeriodic(c.frequency)) return undefined;
  const intervals = sharedPopulation(c.frequency, cfg.period, cfg.today);
  return { intervals, flags: evidencedFlags(intervals, countedDates(c)) };
}

function countedDates(c: ControlFact): number[] {
  const out: number[] = [];
  for (const e of c.evidence) if (countsAsEvidence(e)) out.push(e.collected!);
  return out;
}

/**
 * The population of a frequency over a period as of a day, worked out once and shared by every
 * control of that frequency (a daily control's is hundreds of intervals). Read only: callers that
 * hand intervals out copy them.
 */
const populations = new Map<PeriodicFrequency, { start: number; end: number; today: number; intervals: readonly Interval[] }>();
function sharedPopulation(frequency: PeriodicFrequency, period: Interval, today: number): readonly Interval[] {
  const hit = populations.get(frequency);
  if (hit && hit.start === period.start && hit.end === period.end && hit.today === today) return hit.intervals;
  const intervals = population(frequency, period, today);
  populations.set(frequency, { start: period.start, end: period.end, today, intervals });
  return intervals;
}

/** Intervals of the population with no sample, e.g. a quarterly control missing Q2. */
export function emptyIntervals(c: ControlFact, cfg: WorkspaceConfig): Interval[] {
  return controlPopulation(c, cfg).filter((i) => !i.evidenced).map(({ start, end }) => ({ start, end }));
}

/** How many intervals the population has, and how many hold a sample. */
export function sampleCounts(c: ControlFact, cfg: WorkspaceConfig): { expected: number; present: number } {
  const all = controlPopulation(c, cfg);
  return { expected: all.length, present: all.filter((i) => i.evidenced).length };
}

/** Consecutive empty intervals (flag false) as one stretch: a daily control missing 40 days is one line, not 40. */
function stretches(intervals: readonly Interval[], evidenced: readonly boolean[]): Array<Interval & { count: number }> {
  const out: Array<Interval & { count: number }> = [];
  for (let i = 0; i < intervals.length; i++) {
    if (evidenced[i]) continue;
    const g = intervals[i]!;
    const last = out[out.length - 1];
    if (last && last.end + 1 === g.start) {
      last.end = g.end;
      last.count++;
    } else out.push({ start: g.start, end: g.end, count: 1 });
  }
  return out;
}

function stretchText(i: Interval & { count: number }): string {
  const days = i.start === i.end ? dayText(i.start) : `${dayText(i.start)} to ${dayText(i.end)}`;
  return i.count > 1 ? `${days} (${i.count} intervals)` : days;
}

/** Type II evidence checks of one control: placeholders, missing, stale, gaps and dates outside the period. */
export function evidenceFindings(c: ControlFact, cfg: WorkspaceConfig): Finding[] {
  const out = placeholderFindings(c);
  if (cfg.report !== 'type2' || !cfg.period) return out;
  const { start, end } = cfg.period;
  for (const e of c.evidence) {
    if (e.collected !== undefined && e.collectedSpan && (e.collected < start || e.collected > end)) {
      out.push(finding('evidence-outside-period', e.collectedSpan, `${dayText(e.collected)} lies outside the audit period ${dayText(start)} to ${dayText(end)}; it is not a sample of this audit.`));
    }
  }
  const status = evidenceStatus(c, cfg);
  if (status === 'missing') {
    const held = c.evidence.filter((e) => e.placeholder).length;
    const note = held ? ` (${held === 1 ? 'its placeholder entry does' : `its ${held} placeholder entries do`} not count)` : '';
    out.push(finding('missing-evidence', c.idSpan, `Control ${c.id} runs ${c.frequency} but has no evidence dated inside the audit period${note}.`));
  } else if (status === 'stale') {
    const dated = c.evidence.filter((e) => countsAsEvidence(e) && e.collected! <= cfg.asOf && e.collected! >= start && e.collected! <= end);
    const newest = dated.reduce((a, b) => (b.collected! > a.collected! ? b : a));
    const age = cfg.asOf - newest.collected!;
    out.push(
      finding('stale-evidence', newest.collectedSpan!, `The newest evidence of ${c.id} is ${age} days old as of ${dayText(cfg.asOf)}; a ${c.frequency} control needs a sample at least every ${FREQUENCY_DAYS[c.frequency!]} days.`),
    );
  }
  const population = status === 'current' || status === 'stale' ? populationOf(c, cfg) : undefined;
  if (population) {
    // The intervals read in place: only the empty ones become objects (as stretches).
    const { intervals, flags } = population;
    const gaps = stretches(intervals, flags);
    if (gaps.length) {
      const list = gaps.slice(0, 6).map(stretchText).join('; ');
      let present = 0;
      for (const f of flags) if (f) present++;
      out.push(
        finding('evidence-gap', c.idSpan, `Control ${c.id} (${c.frequency}) has samples for ${present} of ${intervals.length} elapsed intervals; none for ${list}${gaps.length > 6 ? '; …' : ''}.`, {
          gaps: gaps.map((g) => [dayText(g.start), dayText(g.end)]),
        }),
      );
    }
  }
  return out;
}

/** `placeholder-evidence` on each empty or placeholder title or link (in every report type: it is unfinished work). */
function placeholderFindings(c: ControlFact): Finding[] {
  const out: Finding[] = [];
  for (const e of c.evidence) {
    if (!e.placeholder) continue;
    for (const [field, value, span] of [['title', e.title, e.titleSpan], ['link', e.link, e.linkSpan]] as const) {
      if (value === undefined || !span || !isPlaceholder(value)) continue;
      const v = value.trim();
      const what = v ? `a placeholder (\`${v.length > 40 ? `${v.slice(0, 40)}…` : v}\`)` : 'empty';
      out.push(finding('placeholder-evidence', span, `The evidence ${field} is ${what}: this entry counts as no evidence until it names the real sample.`, { field }));
    }
  }
  return out;
}
