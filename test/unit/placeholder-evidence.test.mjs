// Placeholder evidence (`TODO`, `TBD`, `<…>`, empty) is reported on the value and counts as no
// evidence everywhere: missing/stale evidence, coverage, samples and the plan.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { core, memoryWorkspace, withCode, findingsOf, rangeOf, control } from '../helpers/attest.mjs';

const TYPE2 = 'report: type2\nperiod:\n  start: 2026-01-01\n  end: 2026-12-31\n';
const entry = ({ title = 'Access review export', link, collected = '2026-09-30' } = {}) =>
  `  - title: ${title}\n    collected: ${collected}\n${link === undefined ? '' : `    link: ${link}\n`}`;
const withEvidence = (id, entries, frequency = 'quarterly') => control(id, { extra: `frequency: ${frequency}\nevidence:\n${entries.join('')}` });

describe('placeholder-evidence', () => {
  const placeholders = ['TODO', '"todo: describe the sample"', 'TBD', 'tbd later', 'FIXME', 'XXX', '…', '...', '"<what the sample is>"', '"<…>"', '""', "''"];
  for (const value of placeholders) {
    test(`a title ${value}: warned on the value, and the entry counts as no evidence`, () => {
      const text = withEvidence('AC-1', [entry({ title: value })]);
      const ws = memoryWorkspace({ config: TYPE2, files: { 'controls/a.yaml': text } });
      const f = withCode(ws, 'controls/a.yaml', 'placeholder-evidence');
      assert.equal(f.length, 1, JSON.stringify(findingsOf(ws, 'controls/a.yaml')));
      assert.equal(f[0].severity, 'warning');
      assert.deepEqual(f[0].range, rangeOf(text, value, { after: 'title:' }));
      assert.match(f[0].message, /counts as no evidence/);
      assert.equal(withCode(ws, 'controls/a.yaml', 'missing-evidence').length, 1);
    });
  }

  for (const value of ['TODO', '"<link to the ticket>"', 'evidence/<file>.csv', '""', 'https://tickets.example.com/<id>']) {
    test(`a link ${value}: warned on the value, no broken-evidence-link, and no evidence`, () => {
      const text = withEvidence('AC-1', [entry({ link: value })]);
      const ws = memoryWorkspace({ config: TYPE2, files: { 'controls/a.yaml': text } });
      const f = withCode(ws, 'controls/a.yaml', 'placeholder-evidence');
      assert.equal(f.length, 1);
      assert.deepEqual(f[0].range, rangeOf(text, value, { after: 'link:' }));
      assert.deepEqual(withCode(ws, 'controls/a.yaml', 'broken-evidence-link'), []);
      assert.equal(withCode(ws, 'controls/a.yaml', 'missing-evidence').length, 1);
    });
  }

  test('both title and link placeholders: one finding on each', () => {
    const text = withEvidence('AC-1', [entry({ title: 'TODO describe the sample', link: 'TODO' })]);
    const ws = memoryWorkspace({ config: TYPE2, files: { 'controls/a.yaml': text } });
    assert.deepEqual(withCode(ws, 'controls/a.yaml', 'placeholder-evidence').map((f) => f.text), ['TODO describe the sample', 'TODO']);
  });

  test('real titles and links are not placeholders', () => {
    for (const [title, link] of [['Todoist export of the review tasks', 'https://tickets.example.com/SEC-1'], ['Q3 access review', 'evidence/q3.csv'], ['XXL backup restore test', undefined], ['TBDs closed in review', undefined]]) {
      const text = withEvidence('AC-1', [entry({ title, link })]);
      const ws = memoryWorkspace({ config: TYPE2, files: { 'controls/a.yaml': text } });
      assert.deepEqual(withCode(ws, 'controls/a.yaml', 'placeholder-evidence'), [], title);
      assert.deepEqual(withCode(ws, 'controls/a.yaml', 'missing-evidence'), [], title);
    }
  });

  test('in a register item, and in a Type I project (unfinished work all the same)', () => {
    const text = `controls:\n  - id: R-1\n    title: One\n    owner: o\n    criteria: [CC6.1]\n    evidence:\n      - title: TBD\n        collected: 2026-03-01\n`;
    const ws = memoryWorkspace({ files: { 'controls/r.yaml': text } });
    const f = withCode(ws, 'controls/r.yaml', 'placeholder-evidence');
    assert.equal(f.length, 1);
    assert.deepEqual(f[0].range, rangeOf(text, 'TBD'));
  });

  test('the missing-evidence message says placeholders do not count', () => {
    const text = withEvidence('AC-1', [entry({ title: 'TODO' }), entry({ title: 'TBD', collected: '2026-06-30' })]);
    const ws = memoryWorkspace({ config: TYPE2, files: { 'controls/a.yaml': text } });
    assert.match(withCode(ws, 'controls/a.yaml', 'missing-evidence')[0].message, /its 2 placeholder entries do not count/);
  });
});

describe('placeholders count as no evidence', () => {
  test('stale: the newest real sample is judged, not a newer placeholder', () => {
    const text = withEvidence('M-1', [entry({ title: 'June scan', collected: '2026-06-01' }), entry({ title: 'TODO', collected: '2026-09-30' })], 'monthly');
    const ws = memoryWorkspace({ config: TYPE2, files: { 'controls/m.yaml': text } });
    const stale = withCode(ws, 'controls/m.yaml', 'stale-evidence');
    assert.equal(stale.length, 1);
    assert.deepEqual(stale[0].range, rangeOf(text, '2026-06-01'));
  });

  test('coverage: a criterion covered only by a control with placeholder evidence has no current evidence', () => {
    const text = withEvidence('AC-1', [entry({ link: '<ticket>' })]);
    const ws = memoryWorkspace({ config: TYPE2, files: { 'controls/a.yaml': text } });
    const c = core.buildCoverage(ws).categories[0].criteria.find((x) => x.id === 'CC6.1');
    assert.equal(c.controls[0].evidence, 'missing');
    assert.equal(c.evidenceGap, true);
  });

  test('samples and plan: an interval whose only entry is a placeholder is not evidenced', () => {
    const text = withEvidence('Q-1', [entry({ title: 'Q1 review', collected: '2026-03-15' }), entry({ title: 'TODO', collected: '2026-05-15' }), entry({ title: 'Q3 review', collected: '2026-08-15' })]);
    const ws = memoryWorkspace({ config: TYPE2, files: { 'controls/q.yaml': text } });
    const [q] = core.samplesOf(ws).controls;
    assert.deepEqual(q.intervals.map((i) => i.evidenced), [true, false, true]);
    const item = core.buildPlan(ws).find((p) => p.kind === 'evidence' && p.id === 'Q-1');
    assert.match(item.title, /2026-04-01/);
    assert.equal(withCode(ws, 'controls/q.yaml', 'evidence-gap').length, 1);
  });
});
