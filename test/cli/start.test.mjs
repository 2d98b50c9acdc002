// `npm start` (scripts/start.mjs after the build): the example's findings and coverage, as of a
// fixed day, so what it prints is what README.md shows whatever the date it runs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROOT } from '../helpers/attest.mjs';

function start(env) {
  const { ATTEST_TODAY, ...rest } = process.env; // as a user runs it: no ATTEST_TODAY of their own
  const r = spawnSync(process.execPath, [path.join(ROOT, 'scripts/start.mjs')], { cwd: ROOT, env: { ...rest, ...env }, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('npm start prints the coverage excerpt of README.md, line for line', () => {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const block = /```\n\$ attest coverage examples\/acme-saas\n([\s\S]*?)```/.exec(readme);
  assert.ok(block, 'README.md shows `$ attest coverage examples/acme-saas`');
  const shown = block[1].split('\n').filter((l) => l.trim() && l.trim() !== '...');
  assert.ok(shown.length >= 5);
  const r = start();
  assert.equal(r.status, 0, r.stderr);
  const lines = r.stdout.split('\n');
  for (const line of shown) {
    // The README shortens long exclusion reasons with "...".
    const found = line.endsWith('...]') ? lines.some((l) => l.startsWith(line.slice(0, -4))) : lines.includes(line);
    assert.ok(found, `not in the output: ${line}`);
  }
});

test('npm start shows the deliberate gaps the example README lists, then check and coverage summaries', () => {
  const r = start();
  assert.equal(r.status, 0, r.stderr);
  // Judged as of the fixed day, whatever today is.
  assert.match(r.stdout, /The newest evidence of HR-05 is 107 days old as of 2026-10-01/);
  assert.match(r.stdout, /Control OPS-02 \(monthly\) has samples for 5 of 9 elapsed intervals/);
  assert.match(r.stdout, /remediation-overdue Planned control OPS-10 was due 2026-08-01/);
  assert.match(r.stdout, /Control HR-05 \(quarterly\) has samples for 2 of 3 elapsed intervals/);
  assert.match(r.stdout, /policy-review-overdue Policy POL-VENDOR/);
  assert.match(r.stdout, /^\d+ problems \(0 errors, /m);
  assert.match(r.stdout, /^Coverage \(tsc-2017, type2\): 30\/37 covered/m);
});

test('an ATTEST_TODAY of the caller still wins', () => {
  const r = start({ ATTEST_TODAY: '2026-03-01' });
  assert.equal(r.status, 0, r.stderr);
  assert.doesNotMatch(r.stdout, /OPS-10 was due/);
});
