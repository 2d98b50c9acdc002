// Type II evidence and review cadence with fixed dates.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { core, memoryWorkspace, withCode, findingsOf, rangeOf, pos, addDays, policy } from '../helpers/attest.mjs';

const TYPE2 = 'report: type2\nperiod:\n  start: 2026-01-01\n  end: 2026-12-31\n';
const TYPE2_CODES = ['missing-evidence', 'stale-evidence', 'evidence-outside-period', 'policy-review-overdue', 'evidence-gap'];

function ctl(id, frequency, dates, extra = '') {
  let s = `id: ${id}\ntitle: Control ${id}\nowner: ops\ncriteria: [CC7.2]\n`;
  if (frequency) s += `frequency: ${frequency}\n`;
  s += extra;
  if (dates.length) s += 'evidence:\n' + dates.map((d, i) => `  - title: sample ${i + 1}\n    collected: ${d}\n`).join('');
  return s;
}

function type2Codes(ws, rel) {
  return findingsOf(ws, rel).filter((f) => TYPE2_CODES.includes(f.code));
}

describe('missing-evidence', () => {
  test('an implemented control with a frequency and no evidence: on its id', () => {
    const text = ctl('MON-1', 'monthly', []);
    const ws = memoryWorkspace({ config: TYPE2, files: { 'controls/m.yaml': text } });
    const f = withCode(ws, 'controls/m.yaml', 'missing-evidence');
    assert.equal(f.length, 1);
    assert.deepEqual(f[0].range, rangeOf(text, 'MON-1'));
    assert.equal(f[0].severity, 'warning');
  });

  test('evidence only outside the period: missing-evidence, plus evidence-outside-period on each date', () => {
    const text = ctl('MON-1', 'monthly', ['2025-12-15', '2027-01-05']);
    const ws = memoryWorkspace({ config: TYPE2, files: { 'controls/m.yaml': text } });
    assert.equal(withCode(ws, 'controls/m.yaml', 'missing-evidence').length, 1);
    const out = withCode(ws, 'controls/m.yaml', 'evidence-outside-period');
    assert.deepEqual(out.map((f) => f.range), [rangeOf(text, '2025-12-15'), rangeOf(text, '2027-01-05')]);
    assert.ok(out.every((f) => f.severity === 'information'));
  });

  test('no Type II finding for planned or retired controls, controls without frequency, or a Type I report', () => {
    const planned = ctl('P-1', 'monthly', [], 'status: planned\ndue: 2027-01-01\n');
    const retired = ctl('R-1', 'monthly', [], 'status: retired\n');
    const noFreq = ctl('N-1', undefined, []);
    const ws = memoryWorkspace({ config: TYPE2, files: { 'controls/p.yaml': planned, 'controls/r.yaml': retired, 'controls/n.yaml': noFreq } });
    for (const rel of ['controls/p.yaml', 'controls/r.yaml', 'controls/n.yaml']) assert.deepEqual(type2Codes(ws, rel), [], rel);
    const t1 = memoryWorkspace({ config: 'report: type1\nperiod:\n  start: 2026-01-01\n  end: 2026-12-31\n', files: { 'controls/m.yaml': ctl('M-1', 'monthly', ['2020-01-01']) } });
    assert.deepEqual(type2Codes(t1, 'controls/m.yaml'), []);
  });

  test('continuous and on-event controls need one dated sample in the period', () => {
    const none = ctl('C-1', 'continuous', []);
    const one = ctl('C-2', 'continuous', ['2026-01-02']);
    const ev = ctl('E-1', 'on-event', ['2026-02-01']);
    const ws = memoryWorkspace({ config: TYPE2, files: { 'controls/c1.yaml': none, 'controls/c2.yaml': one, 'controls/e.yaml': ev } });
    assert.equal(withCode(ws, 'controls/c1.yaml', 'missing-evidence').length, 1);
    assert.deepEqual(type2Codes(ws, 'controls/c2.yaml'), [], 'one old sample is enough for continuous');
    assert.deepEqual(type2Codes(ws, 'controls/e.yaml'), []);
  });
});

describe('stale-evidence', () => {
  const today = '2026-10-01';
  const bounds = { daily: 1, weekly: 7, monthly: 31, quarterly: 92, semiannually: 183 };
  for (const [freq, days] of Object.entries(bounds)) {
    test(`${freq}: a sample exactly ${days} days old is current, ${days + 1} days old is stale`, () => {
      const atBound = addDays(today, -days);
      const overBound = addDays(today, -(days + 1));
      // Older samples keep every elapsed interval filled, so only staleness is judged.
      const filler = [];
      for (let d = '2026-01-01'; d < overBound; d = addDays(d, 1)) filler.push(d);
      const ok = ctl('OK-1', freq, [...filler, atBound]);
      const stale = ctl('ST-1', freq, [...filler, overBound]);
      const ws = memoryWorkspace({ config: TYPE2, today, files: { 'controls/ok.yaml': ok, 'controls/st.yaml': stale } });
      assert.deepEqual(withCode(ws, 'controls/ok.yaml', 'stale-evidence'), []);
      assert.deepEqual(withCode(ws, 'controls/ok.yaml', 'missing-evidence'), []);
      const f = withCode(ws, 'controls/st.yaml', 'stale-evidence');
      assert.equal(f.length, 1);
      assert.deepEqual(f[0].range, rangeOf(stale, overBound), 'on the newest evidence date');
      assert.match(f[0].message, new RegExp(`${days + 1} days`));
    });
  }

  test('annually: 366 days is current, 367 is stale (two-year period)', () => {
    const cfg = 'report: type2\nperiod:\n  start: 2025-01-01\n  end: 2026-12-31\n';
    const ok = ctl('OK-1', 'annually', [addDays('2026-10-01', -366)]);
    const stale = ctl('ST-1', 'annually', [addDays('2026-10-01', -367)]);
    const ws = memoryWorkspace({ config: cfg, files: { 'controls/ok.yaml': ok, 'controls/st.yaml': stale } });
    assert.deepEqual(withCode(ws, 'controls/ok.yaml', 'stale-evidence'), []);
    assert.equal(withCode(ws, 'controls/st.yaml', 'stale-evidence').length, 1);
  });

  test('the stale finding is on the newest sample, not on older ones listed after it', () => {
    const text = ctl('Q-1', 'quarterly', ['2026-06-01', '2026-02-01']);
    const ws = memoryWorkspace({ config: TYPE2, files: { 'controls/q.yaml': text } });
    const f = withCode(ws, 'controls/q.yaml', 'stale-evidence');
    assert.equal(f.length, 1);
    assert.deepEqual(f[0].range, rangeOf(text, '2026-06-01'));
  });
});

describe('evidence-gap', () => {
  test('a quarterly control missing Q2: the finding names 2026-04-01 to 2026-06-30 and no other quarter', () => {
    const text = ctl('Q-1', 'quarterly', ['2026-03-20', '2026-09-25']);
    const ws = memoryWorkspace({ config: TYPE2, files: { 'controls/q.yaml': text } });
    const f = withCode(ws, 'controls/q.yaml', 'evidence-gap');
    assert.equal(f.length, 1);
    assert.deepEqual(f[0].range, rangeOf(text, 'Q-1'));
    assert.match(f[0].message, /2026-04-01 to 2026-06-30/);
    assert.doesNotMatch(f[0].message, /2026-01-01|2026-07-01|2026-10-01 to/);
    assert.deepEqual(f[0].data.gaps, [['2026-04-01', '2026-06-30']]);
  });

  test('the quarter in progress is not a gap yet', () => {
    const text = ctl('Q-1', 'quarterly', ['2026-03-20', '2026-06-20', '2026-09-25']);
    const ws = memoryWorkspace({ config: TYPE2, today: '2026-12-20', files: { 'controls/q.yaml': text } });
    assert.deepEqual(withCode(ws, 'controls/q.yaml', 'evidence-gap'), []);
  });

  test('a period that ended: its last quarter, empty, is a gap (judged as of the period end)', () => {
    const text = ctl('Q-1', 'quarterly', ['2026-02-15', '2026-05-15', '2026-09-30']);
    const ws = memoryWorkspace({ config: TYPE2, today: '2027-03-01', files: { 'controls/q.yaml': text } });
    const f = withCode(ws, 'controls/q.yaml', 'evidence-gap');
    assert.equal(f.length, 1, JSON.stringify(findingsOf(ws, 'controls/q.yaml')));
    assert.match(f[0].message, /2026-10-01 to 2026-12-31/);
  });
});

describe('leap year', () => {
  const LEAP = 'report: type2\nperiod:\n  start: 2024-01-01\n  end: 2024-12-31\n';

  test('2024-02-29 is a valid sample date that fills Q1 and February; 2023-02-29 is not a date', () => {
    const q = ctl('Q-1', 'quarterly', ['2024-02-29', '2024-05-01']);
    const bad = ctl('B-1', 'quarterly', ['2023-02-29']);
    const ws = memoryWorkspace({ config: LEAP, today: '2024-07-01', files: { 'controls/q.yaml': q, 'controls/b.yaml': bad } });
    assert.deepEqual(findingsOf(ws, 'controls/q.yaml'), []);
    const f = withCode(ws, 'controls/b.yaml', 'schema');
    assert.equal(f.length, 1);
    assert.deepEqual(f[0].range, rangeOf(bad, '2023-02-29'));
  });

  test('day counts cross 29 February: 31 days from 2024-02-29 is 2024-03-31', () => {
    const ok = ctl('OK-1', 'monthly', ['2024-01-31', '2024-02-29']);
    const stale = ctl('ST-1', 'monthly', ['2024-01-31', '2024-02-28']);
    const ws = memoryWorkspace({ config: LEAP, today: '2024-03-31', files: { 'controls/ok.yaml': ok, 'controls/st.yaml': stale } });
    assert.deepEqual(withCode(ws, 'controls/ok.yaml', 'stale-evidence'), []);
    assert.equal(withCode(ws, 'controls/st.yaml', 'stale-evidence').length, 1);
  });

  test('a February gap in a leap year runs to the 29th', () => {
    const text = ctl('M-1', 'monthly', ['2024-01-15', '2024-03-15']);
    const ws = memoryWorkspace({ config: LEAP, today: '2024-04-01', files: { 'controls/m.yaml': text } });
    const f = withCode(ws, 'controls/m.yaml', 'evidence-gap');
    assert.equal(f.length, 1);
    assert.deepEqual(f[0].data.gaps, [['2024-02-01', '2024-02-29']]);
  });
});

describe('policy-review-overdue', () => {
  test('approved + interval before today: overdue on `approved`; exactly today: not yet', () => {
    const today = '2026-10-01';
    const overdueDate = addDays(today, -367);
    const boundDate = addDays(today, -366);
    const late = policy('POL-LATE', { extra: `approved: ${overdueDate}\nreview: annually\n` });
    const ok = policy('POL-OK', { extra: `approved: ${boundDate}\nreview: annually\n` });
    const ws = memoryWorkspace({ config: TYPE2, today, files: { 'policies/late.md': late, 'policies/ok.md': ok } });
    const f = withCode(ws, 'policies/late.md', 'policy-review-overdue');
    assert.equal(f.length, 1);
    assert.deepEqual(f[0].range, rangeOf(late, overdueDate));
    assert.equal(f[0].severity, 'warning');
    assert.deepEqual(withCode(ws, 'policies/ok.md', 'policy-review-overdue'), []);
  });

  test('quarterly review: 92 days', () => {
    const late = policy('POL-Q', { extra: `approved: ${addDays('2026-10-01', -93)}\nreview: quarterly\n` });
    const ws = memoryWorkspace({ config: TYPE2, files: { 'policies/q.md': late } });
    assert.equal(withCode(ws, 'policies/q.md', 'policy-review-overdue').length, 1);
  });

  test('not for retired policies, nor Type I reports', () => {
    const ret = policy('POL-R', { extra: 'approved: 2020-01-01\nreview: annually\nstatus: retired\n' });
    const ws = memoryWorkspace({ config: TYPE2, files: { 'policies/r.md': ret } });
    assert.deepEqual(withCode(ws, 'policies/r.md', 'policy-review-overdue'), []);
    const t1 = memoryWorkspace({ files: { 'policies/a.md': policy('POL-A', { extra: 'approved: 2020-01-01\nreview: annually\n' }) } });
    assert.deepEqual(withCode(t1, 'policies/a.md', 'policy-review-overdue'), []);
  });
});

describe('missing-period', () => {
  test('type2 without period: an error on the report value', () => {
    const cfg = 'framework: tsc-2017\nreport: type2\n';
    const ws = memoryWorkspace({ config: cfg });
    const f = withCode(ws, 'attest.yaml', 'missing-period');
    assert.equal(f.length, 1);
    assert.deepEqual(f[0].range, rangeOf(cfg, 'type2'));
    assert.equal(f[0].severity, 'error');
  });

  test('start after end, or an invalid date: an error on the period', () => {
    for (const cfg of ['report: type2\nperiod:\n  start: 2026-12-31\n  end: 2026-01-01\n', 'report: type2\nperiod:\n  start: 2026-02-30\n  end: 2026-12-31\n']) {
      const ws = memoryWorkspace({ config: cfg });
      const f = withCode(ws, 'attest.yaml', 'missing-period');
      assert.equal(f.length, 1, cfg);
      assert.deepEqual(f[0].range.start, pos(cfg, 'start'));
      assert.ok(f[0].text.includes('end:'), JSON.stringify(f[0].text));
    }
  });

  test('a valid period with type1, or type2 with a valid period: no missing-period', () => {
    assert.deepEqual(withCode(memoryWorkspace({ config: TYPE2 }), 'attest.yaml', 'missing-period'), []);
    assert.deepEqual(withCode(memoryWorkspace({ config: 'report: type1\n' }), 'attest.yaml', 'missing-period'), []);
  });

  test('without a valid period, no evidence checks run', () => {
    const ws = memoryWorkspace({ config: 'report: type2\n', files: { 'controls/m.yaml': ctl('M-1', 'monthly', []) } });
    assert.deepEqual(type2Codes(ws, 'controls/m.yaml'), []);
  });
});

describe('the period relative to today', () => {
  test('a period not started: no missing, stale or gap findings yet', () => {
    const text = ctl('M-1', 'monthly', []);
    const q = ctl('Q-1', 'quarterly', ['2025-11-01']);
    const ws = memoryWorkspace({ config: TYPE2, today: '2025-12-01', files: { 'controls/m.yaml': text, 'controls/q.yaml': q } });
    assert.deepEqual(type2Codes(ws, 'controls/m.yaml'), []);
    assert.deepEqual(type2Codes(ws, 'controls/q.yaml').map((f) => f.code), ['evidence-outside-period']);
  });

  test('a period that ended: staleness and reviews are judged as of the period end', () => {
    // 2026-10-01 is 91 days before 2026-12-31 (current for quarterly) but 151 days before today.
    const q = ctl('Q-1', 'quarterly', ['2026-03-01', '2026-06-01', '2026-10-01']);
    const pol = policy('POL-A', { extra: 'approved: 2026-01-05\nreview: annually\n' });
    const ws = memoryWorkspace({ config: TYPE2, today: '2027-03-01', files: { 'controls/q.yaml': q, 'policies/a.md': pol } });
    assert.deepEqual(withCode(ws, 'controls/q.yaml', 'stale-evidence'), []);
    assert.deepEqual(withCode(ws, 'controls/q.yaml', 'missing-evidence'), []);
    assert.deepEqual(withCode(ws, 'policies/a.md', 'policy-review-overdue'), [], 'review due 2027-01-06: after the period end, before today');
  });

  test('a period that ended long ago with a stale control: stale as of the period end', () => {
    const q = ctl('Q-1', 'quarterly', ['2026-01-10', '2026-04-10', '2026-07-10', '2026-09-01']);
    const ws = memoryWorkspace({ config: TYPE2, today: '2027-06-01', files: { 'controls/q.yaml': q } });
    const f = withCode(ws, 'controls/q.yaml', 'stale-evidence');
    assert.equal(f.length, 1);
    assert.match(f[0].message, /121 days/);
    assert.match(f[0].message, /2026-12-31/);
  });
});

describe('coverage with Type II', () => {
  test('the coverage model carries the period and flags covered criteria with no current evidence', () => {
    const stale = ctl('ST-1', 'monthly', ['2026-01-05']);
    const ws = memoryWorkspace({ config: TYPE2, files: { 'controls/s.yaml': stale } });
    const cov = core.buildCoverage(ws);
    assert.equal(cov.report, 'type2');
    assert.deepEqual(cov.period, { start: '2026-01-01', end: '2026-12-31' });
    const c = cov.categories[0].criteria.find((x) => x.id === 'CC7.2');
    assert.equal(c.status, 'covered');
    assert.equal(c.evidenceGap, true);
    assert.equal(c.controls[0].evidence, 'stale');
  });
});
