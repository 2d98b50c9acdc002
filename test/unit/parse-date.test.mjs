// Dates are read by arithmetic (core/dates.ts parseDate): it must accept exactly the real calendar
// dates written YYYY-MM-DD and give the day count JavaScript's own Date gives for them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { core } from '../helpers/attest.mjs';

/** What a Date says: the day count of a valid date, else undefined. */
function byDate(s) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = Date.UTC(y, mo - 1, d);
  const back = new Date(t);
  return back.getUTCFullYear() === y && back.getUTCMonth() === mo - 1 && back.getUTCDate() === d ? t / 86_400_000 : undefined;
}

const pad = (n, w) => String(n).padStart(w, '0');

test('every day from 1600 to 2500 reads as the Date count, and the day after the last of each month does not exist', () => {
  for (let day = byDate('1600-01-01'); day <= byDate('2500-12-31'); day++) {
    const s = new Date(day * 86_400_000).toISOString().slice(0, 10);
    assert.equal(core.parseDate(s), day, s);
  }
  for (const s of ['2023-02-29', '2024-02-30', '1900-02-29', '2026-04-31', '2026-13-01', '2026-00-10', '2026-01-00', '2026-01-32']) assert.equal(core.parseDate(s), undefined, s);
  assert.equal(core.parseDate('2000-02-29'), byDate('2000-02-29'));
});

test('odd strings: the same answer as Date', () => {
  const chars = fc.constantFrom(...'0123456789-/ +x\n');
  const near = fc.tuple(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 })).map(([y, m, d]) => `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`);
  fc.assert(
    fc.property(fc.oneof(near, fc.string({ unit: chars, maxLength: 12 }), fc.anything()), (s) => {
      assert.equal(core.parseDate(s), typeof s === 'string' ? byDate(s) : undefined, JSON.stringify(s));
    }),
    { numRuns: 5000 },
  );
});
