// `attest samples [folder] [--seed N] [--format text|markdown|csv|json]` as a real process: the
// contract's JSON, reproducible per seed, other formats with the same draw, several projects,
// files with errors named, bad usage.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { runCli, runJson, parseCsv } from '../helpers/cli.mjs';
import { tempWorkspace, removeDir } from '../helpers/workspaces.mjs';
import { EXAMPLE } from '../helpers/paths.mjs';

const TYPE2 = 'report: type2\nperiod:\n  start: 2026-01-01\n  end: 2026-12-31\n';
const ctl = (id, frequency, dates = [], extra = '') =>
  `id: ${id}\ntitle: Control ${id}\nowner: ops\ncriteria: [CC6.1]\nfrequency: ${frequency}\n${extra}${dates.length ? `evidence:\n${dates.map((d, i) => `  - title: sample ${i + 1}\n    collected: ${d}\n`).join('')}` : ''}`;

let root;
before(() => {
  root = tempWorkspace({
    'attest.yaml': `${TYPE2}sampling:\n  weekly: 3\n`,
    'controls/b.yaml': ctl('AC-10', 'quarterly', ['2026-02-01']),
    'controls/a.yaml': ctl('AC-9', 'daily', ['2026-01-02', '2026-05-05']),
    'controls/w.yaml': ctl('OPS-1', 'weekly', ['2026-01-01']),
    'controls/y.yaml': ctl('GOV-1', 'annually', ['2026-02-01']),
    'controls/c.yaml': ctl('MON-1', 'continuous', ['2026-01-01']),
  });
});
after(() => removeDir(root));

describe('attest samples --format json', () => {
  test('the contract shape: seed, controls sorted by id, intervals by start; population 0 listed with selected []', () => {
    const r = runJson(['samples', root, '--format', 'json']);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.json.seed, 1);
    assert.deepEqual(r.json.controls.map((c) => c.id), ['AC-9', 'AC-10', 'GOV-1', 'OPS-1']);
    for (const c of r.json.controls) {
      assert.deepEqual(Object.keys(c), ['id', 'frequency', 'population', 'size', 'selected']);
      assert.ok(c.selected.length === c.size && c.size <= c.population, c.id);
      for (const x of c.selected) assert.deepEqual(Object.keys(x), ['start', 'end', 'evidenced']);
      const starts = c.selected.map((x) => x.start);
      assert.deepEqual(starts, [...starts].sort());
    }
    const byId = Object.fromEntries(r.json.controls.map((c) => [c.id, c]));
    assert.deepEqual(byId['GOV-1'], { id: 'GOV-1', frequency: 'annually', population: 0, size: 0, selected: [] });
    assert.deepEqual([byId['AC-9'].population, byId['AC-9'].size], [273, 25]);
    assert.deepEqual([byId['AC-10'].population, byId['AC-10'].size], [3, 2]);
    assert.deepEqual([byId['OPS-1'].population, byId['OPS-1'].size], [39, 3], 'sampling: weekly 3');
  });

  test('the same seed gives the same output byte for byte; another seed another draw', () => {
    const a = runCli(['samples', root, '--format', 'json', '--seed', '42']);
    const b = runCli(['samples', root, '--format', 'json', '--seed=42']);
    assert.equal(a.stdout, b.stdout);
    const c = runJson(['samples', root, '--format', 'json', '--seed', '43']).json;
    assert.equal(c.seed, 43);
    const daily = (j) => j.controls.find((x) => x.id === 'AC-9').selected.map((x) => x.start).join();
    assert.notEqual(daily(c), daily(JSON.parse(a.stdout)));
  });

  test('after the period every interval counts; a quarter with only a later sample is not evidenced', () => {
    const j = runJson(['samples', root, '--format', 'json', '--seed', '3'], { today: '2027-02-01' }).json;
    const q = j.controls.find((x) => x.id === 'AC-10');
    assert.equal(q.population, 4);
    const y = j.controls.find((x) => x.id === 'GOV-1');
    assert.deepEqual(y.selected, [{ start: '2026-01-01', end: '2026-12-31', evidenced: true }]);
  });
});

describe('other formats draw the same intervals', () => {
  const json = () => runJson(['samples', root, '--format', 'json', '--seed', '9']).json;

  test('csv: one row per drawn interval, one row without dates for a population of 0', () => {
    const r = runCli(['samples', root, '--format', 'csv', '--seed', '9']);
    assert.equal(r.status, 0);
    const rows = parseCsv(r.stdout);
    assert.deepEqual(rows[0], ['control', 'frequency', 'population', 'size', 'start', 'end', 'evidenced']);
    const expected = json().controls.flatMap((c) => (c.selected.length ? c.selected.map((x) => [c.id, c.frequency, String(c.population), String(c.size), x.start, x.end, String(x.evidenced)]) : [[c.id, c.frequency, String(c.population), String(c.size), '', '', '']]));
    assert.deepEqual(rows.slice(1), expected);
  });

  test('text: each control with its file from the current directory, each drawn interval evidenced or not', () => {
    const r = runCli(['samples', root, '--seed', '9'], { cwd: root });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^Type II samples, seed 9 over 2026-01-01 to 2026-12-31/);
    assert.match(r.stdout, /^AC-10 {2}quarterly {2}population 3, 1 evidenced; sample 2 {2}Control AC-10 {2}controls\/b\.yaml$/m);
    const q = json().controls.find((c) => c.id === 'AC-10');
    for (const x of q.selected) assert.match(r.stdout, new RegExp(`^  ${x.start} to ${x.end} +${x.evidenced ? 'evidenced' : 'NO EVIDENCE'}$`, 'm'));
    assert.match(r.stdout, /no interval has ended yet/);
  });

  test('markdown: a table with the drawn intervals', () => {
    const r = runCli(['samples', root, '--format', 'markdown', '--seed', '9']);
    assert.match(r.stdout, /^# Type II samples$/m);
    assert.match(r.stdout, /^\| Control \| Frequency \| Population \| Evidenced \| Sample \| Drawn intervals \|$/m);
    assert.match(r.stdout, /^\| AC-10 Control AC-10 \| quarterly \| 3 \| 1 \| 2 \| .*2026-/m);
  });
});

describe('projects and problems', () => {
  test('several projects: one list, each control naming its project (as plan --format json)', () => {
    const mono = tempWorkspace({
      'a/attest.yaml': TYPE2,
      'a/controls/x.yaml': ctl('X-1', 'monthly', ['2026-01-05']),
      'b/attest.yaml': 'report: type1\n',
      'b/controls/y.yaml': ctl('Y-1', 'monthly'),
      'c/attest.yaml': TYPE2,
      'c/controls/z.yaml': ctl('Z-1', 'quarterly'),
    });
    try {
      const j = runJson(['samples', mono, '--format', 'json']).json;
      assert.deepEqual(j.controls.map((c) => [c.project, c.id]), [['a', 'X-1'], ['c', 'Z-1']]);
      const text = runCli(['samples', mono]).stdout;
      assert.match(text, /^Project b\nNot a Type II project/m);
    } finally {
      removeDir(mono);
    }
  });

  test('a Type I project: nothing to sample, exit 0', () => {
    const t1 = tempWorkspace({ 'attest.yaml': 'report: type1\n', 'controls/a.yaml': ctl('A-1', 'monthly') });
    try {
      const r = runJson(['samples', t1, '--format', 'json']);
      assert.equal(r.status, 0);
      assert.deepEqual(r.json, { seed: 1, controls: [] });
      assert.match(runCli(['samples', t1]).stdout, /Not a Type II project/);
    } finally {
      removeDir(t1);
    }
  });

  test('a control file with errors is named (its controls may be missing from the draw)', () => {
    const bad = tempWorkspace({ 'attest.yaml': TYPE2, 'controls/a.yaml': ctl('A-1', 'monthly'), 'controls/broken.yaml': 'id: B-1\ntitle: [unclosed\n' });
    try {
      const r = runCli(['samples', bad], { cwd: bad });
      assert.match(r.stdout, /Files with errors[^\n]*:\n {2}controls\/broken\.yaml/);
    } finally {
      removeDir(bad);
    }
  });

  test('the example project draws as of ATTEST_TODAY', () => {
    const j = runJson(['samples', EXAMPLE, '--format', 'json']).json;
    const ac03 = j.controls.find((c) => c.id === 'AC-03');
    assert.deepEqual([ac03.frequency, ac03.population, ac03.size], ['quarterly', 3, 2]);
  });
});

describe('bad usage exits 2', () => {
  for (const [args, message] of [
    [['--seed', 'abc'], /--seed must be a whole number/],
    [['--seed', '1.5'], /--seed must be a whole number/],
    [['--format', 'html'], /--format must be one of text, markdown, csv, json/],
    [['--fail-on', 'error'], /unknown option --fail-on/],
    [['extra-folder'], /expected one folder/],
  ]) {
    test(args.join(' '), () => {
      const r = runCli(['samples', root, ...args]);
      assert.equal(r.status, 2);
      assert.match(r.stderr, message);
      assert.equal(r.stdout, '');
    });
  }

  test('a folder with no project, and a bad ATTEST_TODAY', () => {
    const empty = tempWorkspace({ 'README.md': 'nothing\n' });
    try {
      assert.equal(runCli(['samples', empty]).status, 2);
      const r = runCli(['samples', root], { today: '2026-13-01' });
      assert.equal(r.status, 2);
      assert.match(r.stderr, /ATTEST_TODAY/);
    } finally {
      removeDir(empty);
    }
  });

  test('--help prints the usage', () => {
    const r = runCli(['samples', '--help']);
    assert.equal(r.status, 0);
    assert.match(r.stdout, /^usage: attest samples/);
    assert.match(runCli(['--help']).stdout, /attest samples \[folder\]/);
  });
});
