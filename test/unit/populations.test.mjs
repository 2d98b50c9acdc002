// Type II populations: calendar intervals (years, half-years, quarters, months, ISO weeks from
// Monday, days) clipped to the period, counted once ended before "today" (all once the period is
// over); evidence-gap judges the same intervals.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { core, day, memoryWorkspace, withCode, control } from '../helpers/attest.mjs';

const fmt = (d) => new Date(d * 86_400_000).toISOString().slice(0, 10);
/** The population as [start, end] date strings. */
function pop(frequency, start, end, today) {
  return core.population(frequency, { start: day(start), end: day(end) }, day(today)).map((i) => [fmt(i.start), fmt(i.end)]);
}

describe('calendar intervals', () => {
  test('a period starting mid-quarter: the first quarter is cut to start on the period start and still counts', () => {
    assert.deepEqual(pop('quarterly', '2026-02-15', '2026-12-31', '2027-03-01'), [
      ['2026-02-15', '2026-03-31'],
      ['2026-04-01', '2026-06-30'],
      ['2026-07-01', '2026-09-30'],
      ['2026-10-01', '2026-12-31'],
    ]);
  });

  test('a period ending mid-month: the last month is cut to end on the period end', () => {
    assert.deepEqual(pop('monthly', '2026-01-01', '2026-03-20', '2026-06-01').at(-1), ['2026-03-01', '2026-03-20']);
    assert.equal(pop('monthly', '2026-01-01', '2026-03-20', '2026-06-01').length, 3);
  });

  test('a period starting mid-week (Wednesday 2026-01-07): ISO weeks run Monday to Sunday, the first one cut', () => {
    assert.deepEqual(pop('weekly', '2026-01-07', '2026-12-31', '2026-01-26'), [
      ['2026-01-07', '2026-01-11'],
      ['2026-01-12', '2026-01-18'],
      ['2026-01-19', '2026-01-25'],
    ]);
  });

  test('an interval whose last day is today has not ended', () => {
    // Sunday 2026-01-25 closes a week: on that day it is still running.
    assert.equal(pop('weekly', '2026-01-07', '2026-12-31', '2026-01-25').length, 2);
    assert.equal(pop('monthly', '2026-01-01', '2026-12-31', '2026-09-30').length, 8);
    assert.equal(pop('monthly', '2026-01-01', '2026-12-31', '2026-10-01').length, 9);
    assert.equal(pop('daily', '2026-01-01', '2026-12-31', '2026-01-11').length, 10);
    assert.deepEqual(pop('quarterly', '2026-01-01', '2026-12-31', '2026-01-01'), [], 'nothing on the first day');
  });

  test('today inside the period, on its last day, and after it', () => {
    assert.equal(pop('monthly', '2026-01-01', '2026-12-31', '2026-12-31').length, 11, 'December ends today: not yet');
    assert.equal(pop('monthly', '2026-01-01', '2026-12-31', '2027-01-01').length, 12, 'the period is over: every month');
    assert.equal(pop('monthly', '2026-01-01', '2026-12-31', '2030-06-01').length, 12);
    assert.deepEqual(pop('monthly', '2026-01-01', '2026-12-31', '2025-11-01'), [], 'before the period: none');
  });

  test('a leap year: February runs to the 29th, 366 days, 53 ISO weeks touching 2024 (the last one cut)', () => {
    assert.deepEqual(pop('monthly', '2024-01-01', '2024-12-31', '2025-02-01')[1], ['2024-02-01', '2024-02-29']);
    assert.equal(pop('daily', '2024-01-01', '2024-12-31', '2025-02-01').length, 366);
    const weeks = pop('weekly', '2024-01-01', '2024-12-31', '2025-02-01');
    assert.equal(weeks.length, 53);
    assert.deepEqual(weeks[0], ['2024-01-01', '2024-01-07'], '2024-01-01 was a Monday');
    assert.deepEqual(weeks.at(-1), ['2024-12-30', '2024-12-31']);
    assert.equal(pop('daily', '2023-01-01', '2023-12-31', '2024-02-01').length, 365);
  });

  test('years and half-years are calendar ones, even for a period across the new year', () => {
    assert.deepEqual(pop('annually', '2025-07-01', '2026-06-30', '2026-08-01'), [
      ['2025-07-01', '2025-12-31'],
      ['2026-01-01', '2026-06-30'],
    ]);
    assert.deepEqual(pop('semiannually', '2025-04-01', '2026-03-31', '2026-05-01'), [
      ['2025-04-01', '2025-06-30'],
      ['2025-07-01', '2025-12-31'],
      ['2026-01-01', '2026-03-31'],
    ]);
  });

  test('frequencies without a population', () => {
    for (const f of ['continuous', 'on-event', undefined, 'hourly']) assert.equal(core.isPeriodic(f), false, String(f));
    for (const f of ['annually', 'semiannually', 'quarterly', 'monthly', 'weekly', 'daily']) assert.equal(core.isPeriodic(f), true, f);
  });
});

describe('evidence-gap on calendar intervals', () => {
  const cfg = (start, end = '2026-12-31') => `report: type2\nperiod:\n  start: ${start}\n  end: ${end}\n`;
  const ctl = (id, frequency, dates) => control(id, { extra: `frequency: ${frequency}\nevidence:\n${dates.map((d, i) => `  - title: sample ${i + 1}\n    collected: ${d}\n`).join('')}` });

  test('a period starting mid-quarter: quarters are calendar quarters, not 3-month blocks from the start', () => {
    const text = ctl('Q-1', 'quarterly', ['2026-03-01', '2026-08-01']);
    const ws = memoryWorkspace({ config: cfg('2026-02-15'), files: { 'controls/q.yaml': text } });
    const f = withCode(ws, 'controls/q.yaml', 'evidence-gap');
    assert.equal(f.length, 1);
    assert.deepEqual(f[0].data.gaps, [['2026-04-01', '2026-06-30']]);
    assert.match(f[0].message, /samples for 2 of 3 elapsed intervals; none for 2026-04-01 to 2026-06-30\./);
  });

  test('weekly: ISO weeks; a daily control gets the interval check too', () => {
    // Period from Wednesday 2026-07-01; today Thursday 2026-07-16: weeks 07-01..07-05 and 07-06..07-12 have ended.
    const weekly = ctl('W-1', 'weekly', ['2026-07-02', '2026-07-15']);
    const daily = ctl('D-1', 'daily', ['2026-07-01', '2026-07-02', '2026-07-15']);
    const ws = memoryWorkspace({ config: cfg('2026-07-01'), today: '2026-07-16', files: { 'controls/w.yaml': weekly, 'controls/d.yaml': daily } });
    const w = withCode(ws, 'controls/w.yaml', 'evidence-gap');
    assert.deepEqual(w[0]?.data.gaps, [['2026-07-06', '2026-07-12']]);
    const d = withCode(ws, 'controls/d.yaml', 'evidence-gap');
    assert.equal(d.length, 1);
    // Consecutive empty days read as one stretch.
    assert.deepEqual(d[0].data.gaps, [['2026-07-03', '2026-07-14']]);
    assert.match(d[0].message, /samples for 3 of 15 elapsed intervals; none for 2026-07-03 to 2026-07-14 \(12 intervals\)\./);
  });

  test('every interval evidenced: no gap, whatever the period start', () => {
    const text = ctl('M-1', 'monthly', ['2026-03-20', '2026-04-02', '2026-05-31']);
    const ws = memoryWorkspace({ config: cfg('2026-03-15'), today: '2026-06-10', files: { 'controls/m.yaml': text } });
    assert.deepEqual(withCode(ws, 'controls/m.yaml', 'evidence-gap'), []);
  });
});
