// "Today" is an input of the core, not a clock it reads: moving it re-judges what depends on it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { core, memoryWorkspace, withCode, control, day } from '../helpers/attest.mjs';

const planned = control('AC-09', { extra: 'status: planned\ndue: 2026-10-02\n' });

test('moving today past a due date shows remediation-overdue, without building a new index', () => {
  const ws = memoryWorkspace({ files: { 'controls/a.yaml': planned }, today: '2026-10-01' });
  assert.deepEqual(withCode(ws, 'controls/a.yaml', 'remediation-overdue'), []);
  const affected = ws.setToday(day('2026-10-03'));
  assert.ok(affected.has('controls/a.yaml'), 'the control is re-checked');
  assert.deepEqual(withCode(ws, 'controls/a.yaml', 'remediation-overdue').map((f) => f.text), ['2026-10-02']);
  assert.equal(core.formatDay(ws.config.today), '2026-10-03');
});

test('the same day again changes nothing', () => {
  const ws = memoryWorkspace({ files: { 'controls/a.yaml': planned }, today: '2026-10-01' });
  assert.equal(ws.setToday(day('2026-10-01')).size, 0);
});

test('a Type II policy review falls due when the day passes its review date', () => {
  const ws = memoryWorkspace({
    config: 'report: type2\nperiod: { start: 2026-01-01, end: 2026-12-31 }\n',
    files: { 'policies/p.md': '---\nid: POL-A\ntitle: A\nowner: ciso\nstatus: approved\napproved: 2025-10-15\nreview: annually\ncriteria: [CC6.1]\n---\n' },
    today: '2026-10-01',
  });
  assert.deepEqual(withCode(ws, 'policies/p.md', 'policy-review-overdue'), []);
  ws.setToday(day('2026-10-20'));
  assert.equal(withCode(ws, 'policies/p.md', 'policy-review-overdue').length, 1);
});
