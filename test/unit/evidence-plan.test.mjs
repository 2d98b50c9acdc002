// Evidence gaps in the remediation plan: one `evidence` item per control with intervals of its
// population that hold no sample, its title naming the first missing interval's start date.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { core, memoryWorkspace, control } from '../helpers/attest.mjs';

const TYPE2 = 'report: type2\nperiod:\n  start: 2026-01-01\n  end: 2026-12-31\n';
const ctl = (id, frequency, dates, title = `Control ${id}`) =>
  control(id, { title, owner: 'ops', extra: `frequency: ${frequency}\n${dates.length ? `evidence:\n${dates.map((d, i) => `  - title: sample ${i + 1}\n    collected: ${d}\n`).join('')}` : ''}` });

const files = {
  'controls/q.yaml': ctl('Q-1', 'quarterly', ['2026-03-20', '2026-09-25'], 'Quarterly review'),
  'controls/m.yaml': ctl('M-1', 'monthly', ['2026-01-10', '2026-02-10', '2026-06-10', '2026-09-10']),
  'controls/w.yaml': ctl('W-1', 'weekly', []),
  'controls/ok.yaml': ctl('OK-1', 'quarterly', ['2026-03-01', '2026-06-01', '2026-09-01']),
  'controls/c.yaml': ctl('C-1', 'continuous', ['2026-02-01']),
};
const plan = core.buildPlan(memoryWorkspace({ config: TYPE2, files }));
const evidence = (id) => plan.filter((p) => p.kind === 'evidence' && p.id === id);

test('a current control that skipped a quarter: one item naming that quarter\'s start, due when it ended', () => {
  const [item, ...more] = evidence('Q-1');
  assert.equal(more.length, 0);
  assert.equal(item.title, 'No evidence for the quarterly interval from 2026-04-01: Quarterly review');
  assert.equal(item.due, '2026-06-30');
  assert.equal(item.overdue, true);
  assert.equal(item.owner, 'ops');
  assert.equal(item.rel, 'controls/q.yaml');
});

test('several missing intervals: still one item, naming the first', () => {
  const items = evidence('M-1');
  assert.equal(items.length, 1);
  assert.match(items[0].title, /^No evidence for 5 monthly intervals, the first from 2026-03-01: /);
});

test('no evidence at all: one item naming the first interval of the population', () => {
  const items = evidence('W-1');
  assert.equal(items.length, 1);
  // The ISO week holding 2026-01-01 starts on Monday 2025-12-29, cut to the period start.
  assert.match(items[0].title, /^No evidence for 39 weekly intervals, the first from 2026-01-01: /);
  assert.equal(items[0].due, '2026-01-08', 'missing evidence: due one frequency after the period start');
});

test('every interval evidenced, or no population (continuous): no evidence item', () => {
  assert.deepEqual(evidence('OK-1'), []);
  assert.deepEqual(evidence('C-1'), []);
});

test('attest plan --format json carries them with the contract fields', () => {
  const payload = core.planPayload(memoryWorkspace({ config: TYPE2, files }), plan);
  const q = payload.items.find((i) => i.kind === 'evidence' && i.id === 'Q-1');
  assert.deepEqual(Object.keys(q).sort(), ['due', 'file', 'id', 'kind', 'overdue', 'owner', 'range', 'title']);
  assert.match(q.title, /2026-04-01/);
});
