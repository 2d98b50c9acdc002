/** Calendar dates as YYYY-MM-DD strings and whole days since the epoch (UTC, no time zones). */
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function parseDate(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const m = DATE.exec(value);
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = Date.UTC(y, mo - 1, d);
  const back = new Date(t);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return undefined;
  return t / 86_400_000;
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
