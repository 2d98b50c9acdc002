// Systems in scope, remediation codes and the remediation plan.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { core, memoryWorkspace, withCode, findingsOf, rangeOf, addDays, control, policy } from '../helpers/attest.mjs';

const INVENTORY = `framework: tsc-2017
systems:
  - id: api
    name: Public API
    kind: software
    owner: platform-team
  - id: vpn
    name: VPN
    kind: infrastructure
  - id: db
    name: Customer database
    kind: data
    owner: data-team
  - id: legacy-ftp
    name: Legacy FTP gateway
    kind: infrastructure
    scope: out
    reason: Shut down before the audit period starts.
`;

describe('systems codes', () => {
  const ctlA = control('AC-01', { extra: 'systems: [api, legacy-ftp, apii]\n' });
  const ctlP = control('AC-07', { criteria: ['CC6.2'], extra: 'status: planned\ndue: 2027-01-15\nsystems: [vpn]\n' });
  const ws = memoryWorkspace({ config: INVENTORY, files: { 'controls/a.yaml': ctlA, 'controls/p.yaml': ctlP } });

  test('unknown-system: an error on the unknown id', () => {
    const f = withCode(ws, 'controls/a.yaml', 'unknown-system');
    assert.equal(f.length, 1);
    assert.deepEqual(f[0].range, rangeOf(ctlA, 'apii'));
    assert.equal(f[0].severity, 'error');
  });

  test('out-of-scope-system: information on the id, with the reason', () => {
    const f = withCode(ws, 'controls/a.yaml', 'out-of-scope-system');
    assert.equal(f.length, 1);
    assert.deepEqual(f[0].range, rangeOf(ctlA, 'legacy-ftp'));
    assert.equal(f[0].severity, 'information');
    assert.match(f[0].message, /Shut down/);
  });

  test('unprotected-system: in-scope systems no implemented control names, on their id in attest.yaml', () => {
    const f = withCode(ws, 'attest.yaml', 'unprotected-system');
    const ids = f.map((x) => x.text).sort();
    assert.deepEqual(ids, ['db', 'vpn'], 'vpn is only named by a planned control; legacy-ftp is out of scope');
    for (const x of f) assert.deepEqual(x.range, rangeOf(INVENTORY, x.text, { after: `- id: ${x.text}\n` }));
  });

  test('unprotected-system only when controls name systems at all', () => {
    const plain = memoryWorkspace({ config: INVENTORY, files: { 'controls/a.yaml': control('AC-01') } });
    assert.deepEqual(withCode(plain, 'attest.yaml', 'unprotected-system'), []);
  });

  test('without an inventory, system names are not checked', () => {
    const none = memoryWorkspace({ files: { 'controls/a.yaml': ctlA } });
    assert.deepEqual(findingsOf(none, 'controls/a.yaml').filter((f) => /system/.test(f.code)), []);
  });

  test('the coverage model lists the inventory with the controls naming each system', () => {
    const cov = core.buildCoverage(ws);
    const byId = new Map(cov.systems.map((s) => [s.id, s]));
    assert.deepEqual([...byId.keys()], ['api', 'vpn', 'db', 'legacy-ftp']);
    assert.deepEqual(byId.get('api').controls.map((c) => c.id), ['AC-01']);
    assert.deepEqual(byId.get('vpn').controls.map((c) => c.id), ['AC-07']);
    assert.equal(byId.get('legacy-ftp').scope, 'out');
    assert.equal(byId.get('api').scope, 'in');
    assert.equal(byId.get('api').kind, 'software');
  });

  test('a system id defined twice in the inventory is a duplicate-id on the second', () => {
    const cfg = 'systems:\n  - id: api\n    name: A\n  - id: api\n    name: B\n';
    const w = memoryWorkspace({ config: cfg });
    const f = withCode(w, 'attest.yaml', 'duplicate-id');
    assert.equal(f.length, 1);
    assert.deepEqual(f[0].range, rangeOf(cfg, 'api', { nth: 1 }));
  });
});

describe('remediation-overdue and missing-due', () => {
  const today = '2026-10-01';

  test('a planned control due before today: warning on the due date; due today: not yet', () => {
    const late = control('LATE-1', { extra: `status: planned\ndue: ${addDays(today, -1)}\n` });
    const onTime = control('NOW-1', { criteria: ['CC6.2'], extra: `status: planned\ndue: ${today}\n` });
    const ws = memoryWorkspace({ today, files: { 'controls/late.yaml': late, 'controls/now.yaml': onTime } });
    const f = withCode(ws, 'controls/late.yaml', 'remediation-overdue');
    assert.equal(f.length, 1);
    assert.deepEqual(f[0].range, rangeOf(late, addDays(today, -1)));
    assert.equal(f[0].severity, 'warning');
    assert.deepEqual(withCode(ws, 'controls/now.yaml', 'remediation-overdue'), []);
  });

  test('an open exception past its due date: on that date; a resolved one: nothing', () => {
    const text = control('AC-06', {
      extra: `exceptions:
  - raised: 2026-02-10
    summary: Two leavers kept VPN access for nine days.
    due: 2026-03-15
  - raised: 2026-02-11
    summary: Fixed already.
    due: 2026-03-16
    resolved: 2026-03-01
  - raised: 2026-09-01
    summary: Not due yet.
    due: 2026-12-01
`,
    });
    const ws = memoryWorkspace({ today, files: { 'controls/a.yaml': text } });
    const f = withCode(ws, 'controls/a.yaml', 'remediation-overdue');
    assert.equal(f.length, 1);
    assert.deepEqual(f[0].range, rangeOf(text, '2026-03-15'));
  });

  test('a planned control without due: information on its id', () => {
    const text = control('PL-1', { extra: 'status: planned\n' });
    const ws = memoryWorkspace({ files: { 'controls/p.yaml': text } });
    const f = withCode(ws, 'controls/p.yaml', 'missing-due');
    assert.equal(f.length, 1);
    assert.deepEqual(f[0].range, rangeOf(text, 'PL-1'));
    assert.equal(f[0].severity, 'information');
  });

  test('implemented controls with a past due date are not overdue', () => {
    const text = control('IM-1', { extra: 'due: 2020-01-01\n' });
    const ws = memoryWorkspace({ files: { 'controls/i.yaml': text } });
    assert.deepEqual(withCode(ws, 'controls/i.yaml', 'remediation-overdue'), []);
  });
});

describe('remediation plan', () => {
  const config = `report: type2
period:
  start: 2026-01-01
  end: 2026-12-31
systems:
  - id: api
    name: Public API
    owner: platform-team
  - id: db
    name: Database
    owner: data-team
`;
  const files = {
    'controls/planned-late.yaml': control('PL-LATE', { owner: 'sre', criteria: ['CC7.5'], extra: 'status: planned\ndue: 2026-08-01\n' }),
    'controls/planned-later.yaml': control('PL-LATER', { owner: 'sec', criteria: ['CC3.4'], extra: 'status: planned\ndue: 2026-12-15\n' }),
    'controls/planned-nodue.yaml': control('PL-NODUE', { owner: 'sec', criteria: ['CC3.4'], extra: 'status: planned\n' }),
    'controls/impl.yaml': control('IM-1', {
      owner: 'it-team',
      criteria: ['CC6.1'],
      extra: `systems: [api]
frequency: monthly
evidence:
  - title: old
    collected: 2026-05-01
exceptions:
  - raised: 2026-02-10
    summary: Exception one
    due: 2026-09-01
  - raised: 2026-09-10
    summary: Exception two
    owner: alice
    due: 2026-11-30
  - raised: 2026-09-10
    summary: Exception without due
`,
    }),
    'policies/old.md': policy('POL-OLD', { owner: 'CISO', criteria: ['CC1.1'], extra: 'approved: 2025-06-01\nreview: annually\n' }),
  };
  const ws = memoryWorkspace({ config, files, today: '2026-10-01' });
  const plan = core.buildPlan(ws);
  const find = (kind, id, pred = () => true) => plan.filter((p) => p.kind === kind && p.id === id && pred(p));

  test('overdue items first, then by due date, items without due last', () => {
    const firstNotOverdue = plan.findIndex((p) => !p.overdue);
    assert.ok(firstNotOverdue > 0, 'there are overdue items, and they come first');
    assert.ok(plan.slice(firstNotOverdue).every((p) => !p.overdue), 'no overdue item after a non-overdue one');
    for (const group of [plan.slice(0, firstNotOverdue), plan.slice(firstNotOverdue)]) {
      const firstNull = group.findIndex((p) => p.due === null);
      const dated = firstNull < 0 ? group : group.slice(0, firstNull);
      if (firstNull >= 0) assert.ok(group.slice(firstNull).every((p) => p.due === null), 'no dated item after an undated one');
      for (let i = 1; i < dated.length; i++) assert.ok(dated[i - 1].due <= dated[i].due, `${dated[i - 1].due} before ${dated[i].due}`);
    }
    for (const p of plan) assert.equal(p.overdue, p.due !== null && p.due < '2026-10-01', `${p.kind} ${p.id} overdue flag`);
  });

  test('planned controls, with their owner and due', () => {
    const late = find('control', 'PL-LATE')[0];
    assert.deepEqual([late.owner, late.due, late.overdue, late.rel], ['sre', '2026-08-01', true, 'controls/planned-late.yaml']);
    assert.equal(find('control', 'PL-NODUE')[0].due, null);
  });

  test('criteria that are planned carry the earliest planned due; uncovered and policy-only criteria are listed', () => {
    const cc75 = find('criterion', 'CC7.5')[0];
    assert.equal(cc75.due, '2026-08-01');
    assert.equal(cc75.overdue, true);
    assert.equal(cc75.owner, null);
    assert.equal(find('criterion', 'CC3.4')[0].due, '2026-12-15');
    assert.equal(find('criterion', 'CC1.1').length, 1, 'policy-only');
    assert.equal(find('criterion', 'CC2.3').length, 1, 'uncovered');
    assert.equal(find('criterion', 'CC6.1').length, 0, 'covered');
  });

  test('open exceptions are items of the control, owner from the exception or the control', () => {
    const ex = find('exception', 'IM-1');
    assert.equal(ex.length, 3);
    const one = ex.find((p) => p.title === 'Exception one');
    assert.deepEqual([one.owner, one.due, one.overdue], ['it-team', '2026-09-01', true]);
    const two = ex.find((p) => p.title === 'Exception two');
    assert.deepEqual([two.owner, two.due, two.overdue], ['alice', '2026-11-30', false]);
    assert.equal(ex.find((p) => p.title === 'Exception without due').due, null);
  });

  test('stale evidence and overdue policy reviews (Type II) are items', () => {
    const ev = find('evidence', 'IM-1');
    assert.equal(ev.length, 1);
    assert.equal(ev[0].overdue, true);
    assert.equal(ev[0].due, '2026-06-01', 'the newest sample plus 31 days');
    const rev = find('policy-review', 'POL-OLD');
    assert.equal(rev.length, 1);
    assert.equal(rev[0].owner, 'CISO');
    assert.equal(rev[0].overdue, true);
  });

  test('unprotected in-scope systems are items with the system owner', () => {
    const sys = find('system', 'db');
    assert.equal(sys.length, 1);
    assert.equal(sys[0].owner, 'data-team');
    assert.equal(sys[0].rel, 'attest.yaml');
    assert.equal(find('system', 'api').length, 0);
  });

  test('an empty workspace with everything excluded or covered has an empty plan', () => {
    const cfg = 'exclude:\n' + core.builtInCatalog().categories[0].criteria.filter((id) => id !== 'CC6.1').map((id) => `  - criterion: ${id}\n    reason: Not applicable.\n`).join('');
    const w = memoryWorkspace({ config: cfg, files: { 'controls/a.yaml': control('A-1') } });
    assert.deepEqual(core.buildPlan(w), []);
  });
});
