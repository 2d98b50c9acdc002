// Type II samples (core.samplesOf): sizes from `sampling:`, a seeded draw that is reproducible,
// changes with the seed and never exceeds the population, each drawn interval evidenced or not.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { core, memoryWorkspace, withCode, control } from '../helpers/attest.mjs';

const TYPE2 = 'report: type2\nperiod:\n  start: 2026-01-01\n  end: 2026-12-31\n';
const ctl = (id, frequency, dates = [], extra = '') =>
  control(id, { extra: `frequency: ${frequency}\n${extra}${dates.length ? `evidence:\n${dates.map((d, i) => `  - title: sample ${i + 1}\n    collected: ${d}\n`).join('')}` : ''}` });

function daysOf(year, step = 1) {
  const out = [];
  for (let t = Date.UTC(year, 0, 1); t < Date.UTC(year + 1, 0, 1); t += step * 86_400_000) out.push(new Date(t).toISOString().slice(0, 10));
  return out;
}

const files = {
  'controls/daily.yaml': ctl('OPS-10', 'daily', daysOf(2026, 3).filter((d) => d < '2026-10-01')),
  'controls/monthly.yaml': ctl('OPS-2', 'monthly', ['2026-01-15', '2026-02-15', '2026-05-15']),
  'controls/quarterly.yaml': ctl('AC-04', 'quarterly', ['2026-03-31']),
  'controls/weekly.yaml': ctl('AC-10', 'weekly', []),
  'controls/continuous.yaml': ctl('MON-1', 'continuous', ['2026-02-01']),
  'controls/planned.yaml': ctl('PL-1', 'monthly', [], 'status: planned\ndue: 2027-01-01\n'),
};

describe('samplesOf', () => {
  const ws = memoryWorkspace({ config: TYPE2, files });
  const s = core.samplesOf(ws, 1);
  const byId = Object.fromEntries(s.controls.map((c) => [c.id, c]));

  test('implemented periodic controls only, sorted by id (numbers in ids compare as numbers)', () => {
    assert.deepEqual(s.controls.map((c) => c.id), ['AC-04', 'AC-10', 'OPS-2', 'OPS-10']);
    assert.equal(s.seed, 1);
  });

  test('populations as of 2026-10-01 and the default sizes (quarterly 2, monthly 2, weekly 5, daily 25)', () => {
    assert.deepEqual([byId['AC-04'].population, byId['AC-04'].size], [3, 2]);
    assert.deepEqual([byId['OPS-2'].population, byId['OPS-2'].size], [9, 2]);
    assert.deepEqual([byId['OPS-10'].population, byId['OPS-10'].size], [273, 25]);
    // ISO weeks from Monday 2025-12-29 (cut to start 2026-01-01) to the week ending Sunday 2026-09-27.
    assert.deepEqual([byId['AC-10'].population, byId['AC-10'].size], [39, 5]);
  });

  test('the draw: distinct intervals of the population, by start, evidenced as the evidence says', () => {
    for (const c of s.controls) {
      assert.equal(c.selected.length, c.size, c.id);
      const starts = c.selected.map((x) => x.start);
      assert.deepEqual(starts, [...new Set(starts)].sort(), `${c.id}: distinct, by start`);
      for (const x of c.selected) {
        const iv = c.intervals.find((i) => core.formatDay(i.start) === x.start);
        assert.ok(iv && core.formatDay(iv.end) === x.end, `${c.id} ${x.start} is an interval of the population`);
        assert.equal(x.evidenced, iv.evidenced);
      }
    }
    assert.ok(byId['AC-10'].selected.every((x) => !x.evidenced), 'no evidence: nothing evidenced');
    const ops2 = byId['OPS-2'].intervals.map((i) => i.evidenced);
    assert.deepEqual(ops2, [true, true, false, false, true, false, false, false, false]);
    assert.equal(byId['OPS-2'].evidenced, 3);
  });

  test('the same seed and files draw the same intervals, in a fresh index too', () => {
    const again = core.samplesOf(memoryWorkspace({ config: TYPE2, files }), 1);
    assert.deepEqual(core.samplesPayload(again), core.samplesPayload(s));
  });

  test('another seed draws other intervals', () => {
    const other = core.samplesOf(ws, 2);
    assert.equal(other.seed, 2);
    const daily = (r) => r.controls.find((c) => c.id === 'OPS-10').selected.map((x) => x.start);
    assert.notDeepEqual(daily(other), daily(s));
    assert.equal(daily(other).length, 25);
    // Across many seeds, every drawn set stays within the population and its size.
    const seen = new Set();
    for (let seed = 0; seed < 40; seed++) {
      const q = core.samplesOf(ws, seed).controls.find((c) => c.id === 'OPS-2');
      assert.equal(q.selected.length, 2);
      seen.add(q.selected.map((x) => x.start).join(','));
    }
    assert.ok(seen.size > 10, `40 seeds, ${seen.size} different draws of 2 of 9 months`);
  });

  test('a seed only changes which intervals, not how many or whether they hold evidence', () => {
    const other = core.samplesOf(ws, 123456789);
    for (const c of other.controls) assert.equal(c.selected.length, byId[c.id].size);
  });
});

describe('sample sizes', () => {
  test('`sampling:` replaces the defaults it names, never above the population', () => {
    const cfg = `${TYPE2}sampling:\n  quarterly: 4\n  daily: 400\n`;
    const ws = memoryWorkspace({ config: cfg, files });
    const s = core.samplesOf(ws, 7);
    const byId = Object.fromEntries(s.controls.map((c) => [c.id, c]));
    assert.deepEqual([byId['AC-04'].population, byId['AC-04'].size, byId['AC-04'].selected.length], [3, 3, 3], 'four asked, three exist');
    assert.deepEqual([byId['OPS-10'].size, byId['OPS-10'].selected.length], [273, 273]);
    assert.equal(byId['OPS-2'].size, 2, 'monthly keeps its default');
    assert.deepEqual(withCode(ws, 'attest.yaml', 'schema'), []);
  });

  test('a bad size is a schema error and keeps the default; an unknown frequency key is an unknown field', () => {
    const cfg = `${TYPE2}sampling:\n  monthly: 0\n  quarterly: two\n  biweekly: 3\n`;
    const ws = memoryWorkspace({ config: cfg, files });
    assert.equal(withCode(ws, 'attest.yaml', 'schema').length, 2);
    const unknown = withCode(ws, 'attest.yaml', 'unknown-field');
    assert.equal(unknown.length, 1);
    assert.equal(unknown[0].text, 'biweekly');
    const byId = Object.fromEntries(core.samplesOf(ws).controls.map((c) => [c.id, c]));
    assert.equal(byId['OPS-2'].size, 2);
    assert.equal(byId['AC-04'].size, 2);
  });
});

describe('no population', () => {
  test('before any interval has ended: listed with population 0 and nothing drawn', () => {
    const ws = memoryWorkspace({ config: TYPE2, today: '2026-01-01', files });
    const s = core.samplesOf(ws);
    assert.equal(s.controls.length, 4);
    for (const c of s.controls) assert.deepEqual([c.population, c.size, c.selected], [0, 0, []], c.id);
  });

  test('a Type I project, or a Type II one without a valid period, has no samples', () => {
    assert.deepEqual(core.samplesOf(memoryWorkspace({ files })).controls, []);
    assert.deepEqual(core.samplesOf(memoryWorkspace({ config: 'report: type2\n', files })).controls, []);
  });

  test('after the period: every interval, whatever today is', () => {
    const s = core.samplesOf(memoryWorkspace({ config: TYPE2, today: '2028-05-05', files }));
    const byId = Object.fromEntries(s.controls.map((c) => [c.id, c]));
    assert.equal(byId['OPS-10'].population, 365);
    assert.equal(byId['AC-04'].population, 4);
    assert.equal(byId['AC-10'].population, 53);
  });
});
