// Dates as the tests write them (YYYY-MM-DD), computed independently of the code under test.

/** The day every test runs on (ATTEST_TODAY for the CLI and the language server). */
export const TODAY = '2026-10-01';

/** Epoch day of a YYYY-MM-DD date. */
export function day(s) {
  const [y, m, d] = s.split('-').map(Number);
  return Date.UTC(y, m - 1, d) / 86_400_000;
}

/** YYYY-MM-DD of `s` shifted by `n` days. */
export function addDays(s, n) {
  return new Date((day(s) + n) * 86_400_000).toISOString().slice(0, 10);
}
