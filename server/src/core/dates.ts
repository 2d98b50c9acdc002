/** Calendar dates as YYYY-MM-DD strings and whole days since the epoch (UTC, no time zones). */

/**
 * Days since 1970-01-01 of a real calendar date written YYYY-MM-DD (years 0100 to 9999). Integer
 * arithmetic, no Date object: every evidence date of every control goes through here.
 */
export function parseDate(value: unknown): number | undefined {
  if (typeof value !== 'string' || value.length !== 10 || value.charCodeAt(4) !== 45 || value.charCodeAt(7) !== 45) return undefined;
  const y = digits(value, 0, 4);
  const m = digits(value, 5, 2);
  const d = digits(value, 8, 2);
  // (Years below 100 were never read: Date.UTC takes them for 19xx.)
  if (y < 100 || m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return undefined;
  return daysFromCivil(y, m, d);
}

/** The number written by `n` ASCII digits from `at`; -1 when one is not a digit. */
function digits(s: string, at: number, n: number): number {
  let v = 0;
  for (let i = at; i < at + n; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

function daysInMonth(y: number, m: number): number {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (the era-based count: 400-year cycles of 146,097 days). */
function daysFromCivil(year: number, m: number, d: number): number {
  const y = m <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * ((m + 9) % 12) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

export function isDate(value: unknown): boolean {
  return parseDate(value) !== undefined;
}

export function formatDay(day: number): string {
  return new Date(day * 86_400_000).toISOString().slice(0, 10);
}

/**
 * ATTEST_TODAY as the CLI and the language server judge it: `{}` when unset or empty (the real
 * date), `{ day }` for a valid YYYY-MM-DD, else `{ error }` saying what is wrong, so a typo never
 * silently turns into the real date.
 */
export function parseTodayEnv(env: Record<string, string | undefined> = process.env): { day?: number; error?: string } {
  const value = env.ATTEST_TODAY;
  if (value === undefined || value === '') return {};
  const day = parseDate(value);
  if (day !== undefined) return { day };
  const shown = value.length > 40 ? `${value.slice(0, 40)}…` : value;
  return { error: `ATTEST_TODAY must be a calendar date written YYYY-MM-DD (got ${JSON.stringify(shown)})` };
}

/** "Today" for checks: ATTEST_TODAY when set (reproducible reports and tests), else the real date. */
export function today(env: Record<string, string | undefined> = process.env): number {
  const fixed = parseDate(env.ATTEST_TODAY);
  if (fixed !== undefined) return fixed;
  return Math.floor(Date.now() / 86_400_000);
}

/** Longest gap, in days, a frequency allows between two samples (undefined: no upper bound). */
export const FREQUENCY_DAYS: Record<string, number | undefined> = lookup({
  daily: 1,
  weekly: 7,
  monthly: 31,
  quarterly: 92,
  semiannually: 183,
  annually: 366,
  continuous: undefined,
  'on-event': undefined,
});

/** A lookup table without a prototype: user-typed keys such as `constructor` find nothing in it. */
export function lookup<T>(entries: Record<string, T>): Record<string, T> {
  return Object.freeze(Object.assign(Object.create(null) as Record<string, T>, entries));
}
