// Smaller parts of the core API that hosts rely on.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { core, memoryWorkspace, day, control, tempWorkspace, removeDir } from '../helpers/attest.mjs';

describe('dates', () => {
  test('parseDate accepts real calendar dates only, leap days included', () => {
    assert.equal(core.parseDate('2024-02-29'), day('2024-02-29'));
    assert.equal(core.parseDate('2023-02-29'), undefined);
    assert.equal(core.parseDate('2026-13-01'), undefined);
    assert.equal(core.parseDate('2026-1-01'), undefined);
    assert.equal(core.parseDate(20260101), undefined);
    assert.equal(core.formatDay(day('2024-02-29')), '2024-02-29');
  });

  test('ATTEST_TODAY fixes today; an invalid value falls back to the real date', () => {
    assert.equal(core.today({ ATTEST_TODAY: '2026-10-01' }), day('2026-10-01'));
    const real = Math.floor(Date.now() / 86_400_000);
    assert.ok(Math.abs(core.today({ ATTEST_TODAY: 'tomorrow' }) - real) <= 1);
  });
});

describe('capFindings', () => {
  test('keeps the most severe findings up to the limit and says how many were left out', () => {
    const fs = [
      core.finding('out-of-scope-criterion', { start: 1, end: 2 }, 'info'),
      core.finding('missing-owner', { start: 5, end: 6 }, 'warn'),
      core.finding('schema', { start: 9, end: 10 }, 'err'),
      core.finding('unknown-field', { start: 12, end: 13 }, 'warn2'),
    ];
    const kept = core.capFindings(fs, 2);
    assert.equal(kept.length, 3);
    assert.deepEqual(kept.slice(0, 2).map((f) => f.message), ['warn', 'err']);
    assert.equal(kept[2].code, 'too-many-problems');
    assert.match(kept[2].message, /2/);
    assert.deepEqual(core.capFindings(fs, 0), fs);
    assert.deepEqual(core.capFindings(fs, 10), fs);
  });
});

describe('plan without attest.yaml', () => {
  test('criterion items have no file and no range', () => {
    const ws = memoryWorkspace({ files: { 'controls/a.yaml': control('A-1') } });
    const crit = core.buildPlan(ws).filter((p) => p.kind === 'criterion');
    assert.equal(crit.length, 32);
    for (const p of crit) {
      assert.equal(p.rel, null);
      assert.equal(p.span, null);
      assert.equal(p.due, null);
      assert.equal(p.overdue, false);
    }
  });
});

describe('loadWorkspace', () => {
  test('finds controls (.yaml and .yml) and policies by the default globs, ignores other files', () => {
    const dir = tempWorkspace({
      'controls/a.yaml': control('A-1'),
      'controls/deep/b.yml': control('B-1', { criteria: ['CC6.2'] }),
      'controls/notes.txt': 'not a control',
      'policies/p.md': '---\nid: POL-1\ntitle: P\nowner: o\ncriteria: [CC6.3]\n---\n',
      'docs/other.md': '---\nid: NOPE\n---\n',
    });
    try {
      const { ws, problems } = core.loadWorkspace(dir, { today: day('2026-10-01') });
      assert.deepEqual(problems, []);
      assert.deepEqual([...ws.rels()].sort(), ['controls/a.yaml', 'controls/deep/b.yml', 'policies/p.md']);
      const t = core.buildCoverage(ws).totals;
      assert.equal(t.covered, 2);
      assert.equal(t.policyOnly, 1);
    } finally {
      removeDir(dir);
    }
  });

  test('custom globs in attest.yaml replace the defaults', () => {
    const dir = tempWorkspace({
      'attest.yaml': 'controls: ["soc2/controls/*.yaml"]\npolicies: ["soc2/policies/*.md"]\n',
      'soc2/controls/a.yaml': control('A-1'),
      'controls/ignored.yaml': control('IGN-1'),
      'soc2/policies/p.md': '---\nid: POL-1\ntitle: P\nowner: o\ncriteria: [CC6.3]\n---\n',
    });
    try {
      const { ws } = core.loadWorkspace(dir, { today: day('2026-10-01') });
      assert.deepEqual([...ws.rels()].sort(), ['soc2/controls/a.yaml', 'soc2/policies/p.md']);
    } finally {
      removeDir(dir);
    }
  });
});

test('ids sort in the natural order of the collator, with or without the fast path', async () => {
  const fc = (await import('fast-check')).default;
  const collator = new Intl.Collator(undefined, { numeric: true });
  const prefix = fc.oneof(fc.constantFrom('A', 'AC', 'ACX', 'VM', 'Z'), fc.stringMatching(/^[A-Z]{1,4}$/));
  const plain = fc.tuple(prefix, fc.integer({ min: 0, max: 999_999_999 }), fc.constantFrom('', '0', '00')).map(([p, n, z]) => `${p}-${z}${n}`.slice(0, p.length + 10));
  const other = fc.oneof(fc.stringMatching(/^[A-Za-z]{1,3}[-_.]?0?\d{0,4}[a-z]?$/), fc.string({ maxLength: 6 }), fc.constantFrom('AC-01', 'AC-1', 'ac-2', 'AC-2a', 'AC_3', 'Ä-1'));
  const id = fc.oneof(plain, plain, other);
  fc.assert(
    fc.property(id, id, (a, b) => Math.sign(core.compareIds(a, b)) === Math.sign(collator.compare(a, b))),
    { seed: 3, numRuns: 20000 },
  );
  assert.deepEqual(['AC-10', 'AC-2', 'ACX-1', 'AB-7', 'AC-1'].sort(core.compareIds), ['AB-7', 'AC-1', 'AC-2', 'AC-10', 'ACX-1']);
  // Lists of controls sort in the collator's order too, equal ids keeping their order (stable).
  fc.assert(
    fc.property(fc.array(id, { maxLength: 60 }), (ids) => {
      const items = ids.map((x, at) => ({ id: x, at }));
      const want = [...items].sort((a, b) => collator.compare(a.id, b.id) || a.at - b.at);
      assert.deepEqual(core.sortByIds(items), want);
    }),
    { seed: 5, numRuns: 2000 },
  );
});
