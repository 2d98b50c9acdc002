// `attest evidence hash [folder]`: "<sha256>  <path>" for every project file an evidence entry
// links to (paths from the current directory, so `sha256sum -c` checks them), then, as comments,
// the `sha256:` lines to paste into entries that record none or another one.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runCli } from '../helpers/cli.mjs';
import { tempWorkspace, removeDir } from '../helpers/workspaces.mjs';

const sha = (s) => createHash('sha256').update(s).digest('hex');
const CONTROL = `id: AC-1
title: Access review
owner: sec
criteria: [CC6.1]
evidence:
  - title: Q1 export
    collected: 2026-03-31
    link: evidence/q1.csv
    sha256: ${sha('q1\n')}
  - title: Q2 export
    collected: 2026-06-30
    link: ./evidence/q2.csv
  - title: Q3 export
    collected: 2026-09-30
    link: evidence/q3.csv
    sha256: ${sha('old q3\n')}
  - title: Ticket
    collected: 2026-09-30
    link: https://tickets.example.com/SEC-1
  - title: Lost
    collected: 2026-09-30
    link: evidence/lost.csv
  - title: Not filed yet
    collected: 2026-09-30
    link: TODO
`;
let root;
before(() => {
  root = tempWorkspace({ 'controls/a.yaml': CONTROL, 'evidence/q1.csv': 'q1\n', 'evidence/q2.csv': 'q2\n', 'evidence/q3.csv': 'new q3\n' });
});
after(() => removeDir(root));

test('one line per linked file, sorted, paths from the current directory; URLs and placeholders skipped', () => {
  const r = runCli(['evidence', 'hash', '.'], { cwd: root });
  assert.equal(r.status, 0, r.stderr);
  const lines = r.stdout.split('\n').filter((l) => l && !l.startsWith('#'));
  assert.deepEqual(lines, [`${sha('q1\n')}  evidence/q1.csv`, `${sha('q2\n')}  evidence/q2.csv`, `${sha('new q3\n')}  evidence/q3.csv`]);
  assert.match(r.stdout, /^# missing: evidence\/lost\.csv \(broken-evidence-link\)$/m);
});

test('what to paste: the entries without a hash or with another one, each with its file:line and the sha256 line', () => {
  const r = runCli(['evidence', 'hash', root], { cwd: path.dirname(root) });
  const base = path.basename(root);
  assert.match(r.stdout, /^# 2 evidence entries record no SHA-256 of their file, or another one; paste the sha256 line under the link:$/m);
  assert.match(r.stdout, new RegExp(`^# ${base}/controls/a\\.yaml:12  AC-1  Q2 export\\n#     sha256: ${sha('q2\n')}$`, 'm'));
  assert.match(r.stdout, new RegExp(`^# ${base}/controls/a\\.yaml:15  AC-1  Q3 export  \\(records another hash\\)\\n#     sha256: ${sha('new q3\n')}$`, 'm'));
  assert.doesNotMatch(r.stdout, /Q1 export/, 'Q1 records its current hash');
  assert.match(r.stdout, new RegExp(`^${sha('q1\n')}  ${base}/evidence/q1\\.csv$`, 'm'));
});

test('sha256sum -c accepts the output as it is', { skip: spawnSync('sha256sum', ['--version']).status === 0 ? false : 'no sha256sum on this machine' }, () => {
  const out = runCli(['evidence', 'hash'], { cwd: root }).stdout;
  fs.writeFileSync(path.join(root, 'SUMS'), out);
  const r = spawnSync('sha256sum', ['-c', 'SUMS'], { cwd: root, encoding: 'utf8' });
  fs.rmSync(path.join(root, 'SUMS'));
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /evidence\/q3\.csv: OK/);
});

test('a project whose entries link to no file says so', () => {
  const none = tempWorkspace({ 'controls/a.yaml': 'id: A-1\ntitle: A\nowner: o\ncriteria: [CC6.1]\n' });
  try {
    const r = runCli(['evidence', 'hash', none]);
    assert.equal(r.status, 0);
    assert.equal(r.stdout, '# No evidence entry links to a file in the project.\n');
  } finally {
    removeDir(none);
  }
});

test('bad usage exits 2', () => {
  for (const args of [['evidence'], ['evidence', 'sign'], ['evidence', 'hash', 'a', 'b'], ['evidence', 'hash', '--format', 'json']]) {
    const r = runCli(args, { cwd: root });
    assert.equal(r.status, 2, args.join(' '));
    assert.match(r.stderr, /attest evidence hash/);
  }
});
