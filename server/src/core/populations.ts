/**
 * Type II populations: the calendar intervals a periodic control runs in over the audit window.
 * An auditor counts calendar years, half-years, quarters, months, ISO weeks (Monday to Sunday)
 * and days, never blocks counted from the period's start; intervals cut by the period's edges
 * are clipped to it and still count. One implementation for evidence-gap, samples, plan and hover.
 */

/** The frequencies that have a population; continuous and on-event controls have none. */
export const PERIODIC_FREQUENCIES = ['annually', 'semiannually', 'quarterly', 'monthly', 'weekly', 'daily'] as const;
export type PeriodicFrequency = (typeof PERIODIC_FREQUENCIES)[number];

/** Inclusive, in epoch days. */
export interface Interval {
  start: number;
  end: number;
}

const MONTHS: Record<string, number> = { annually: 12, semiannually: 6, quarterly: 3, monthly: 1 };

export function isPeriodic(frequency: string | undefined): frequency is PeriodicFrequency {
  return frequency !== undefined && (PERIODIC_FREQUENCIES as readonly string[]).includes(frequency);
}

/** The first day of the calendar interval of `frequency` that holds `day`. */
export function intervalStart(frequency: PeriodicFrequency, day: number): number {
  if (frequency === 'daily') return day;
  // 1970-01-01 (day 0) was a Thursday: Monday is 3 days before it.
  if (frequency === 'weekly') return day - (((day + 3) % 7) + 7) % 7;
  const d = new Date(day * 86_400_000);
  const months = MONTHS[frequency]!;
  const m = d.getUTCMonth();
  return Date.UTC(d.getUTCFullYear(), m - (m % months), 1) / 86_400_000;
}

/** The first day of the interval after the one starting on `start` (an interval's own start). */
function nextStart(frequency: PeriodicFrequency, start: number): number {
  if (frequency === 'daily') return start + 1;
  if (frequency === 'weekly') return start + 7;
  const d = new Date(start * 86_400_000);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + MONTHS[frequency]!, 1) / 86_400_000;
}

/** Every calendar interval of `frequency` that overlaps [from, to], clipped to it, in order. */
export function calendarIntervals(frequency: PeriodicFrequency, from: number, to: number): Interval[] {
  const out: Interval[] = [];
  for (let s = intervalStart(frequency, from); s <= to; ) {
    const next = nextStart(frequency, s);
    out.push({ start: Math.max(s, from), end: Math.min(next - 1, to) });
    s = next;
  }
  return out;
}

/**
 * The population of a periodic control: the clipped intervals of the period that ended before
 * `today` (an interval whose last day is today has not ended). Once the period is over every
 * interval has ended, so the same rule gives all of them.
 */
export function population(frequency: PeriodicFrequency, period: Interval, today: number): Interval[] {
  const out: Interval[] = [];
  for (let s = intervalStart(frequency, period.start); s <= period.end && s < today; ) {
    const next = nextStart(frequency, s);
    const end = Math.min(next - 1, period.end);
    if (end >= today) break;
    out.push({ start: Math.max(s, period.start), end });
    s = next;
  }
  return out;
}

/**
 * Marks which intervals hold at least one of `dates`. Intervals are sorted and disjoint, so one
 * pass over the sorted dates suffices (a daily control's population is hundreds of intervals).
 */
export function evidencedFlags(intervals: readonly Interval[], dates: readonly number[]): boolean[] {
  const sorted = [...dates].sort((a, b) => a - b);
  const out = new Array<boolean>(intervals.length).fill(false);
  let j = 0;
  for (let i = 0; i < intervals.length; i++) {
    const iv = intervals[i]!;
    while (j < sorted.length && sorted[j]! < iv.start) j++;
    out[i] = j < sorted.length && sorted[j]! <= iv.end;
  }
  return out;
}
