// ATTEST_TODAY fixes "today"; a value that is not a YYYY-MM-DD date is an error for every
// command, never silently the real date.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { runCli, runJson, FIXTURES, EXAMPLE } from '../helpers/attest.mjs';

const CLEAN = path.join(FIXTURES, 'cli-clean');
const COMMANDS = [['check'], ['check', '--format', 'json'], ['coverage'], ['coverage', '--format', 'html'], ['plan'], ['plan', '--format', 'json']];

describe('ATTEST_TODAY', () => {
  for (const bad of ['garbage', '2026-02-30', '2026-1-5', '05/01/2026', '2026-10-01T00:00:00Z']) {
    for (const args of COMMANDS) {
      test(`ATTEST_TODAY=${bad}: attest ${args.join(' ')} exits 2 with a message on stderr, nothing on stdout`, () => {
        const r = runCli([args[0], CLEAN, ...args.slice(1)], { today: bad });
        assert.equal(r.status, 2, r.stdout + r.stderr);
        assert.equal(r.stdout, '');
        assert.match(r.stderr, /ATTEST_TODAY/);
        assert.ok(r.stderr.includes(bad), r.stderr);
        assert.match(r.stderr, /YYYY-MM-DD/);
      });
    }
  }

  test('a valid date is used: the plan judges as of it', () => {
    const early = runJson(['plan', EXAMPLE, '--format', 'json'], { today: '2026-02-01' }).json.items.find((i) => i.id === 'OPS-10');
    const late = runJson(['plan', EXAMPLE, '--format', 'json'], { today: '2026-10-01' }).json.items.find((i) => i.id === 'OPS-10');
    assert.equal(early.overdue, false);
    assert.equal(late.overdue, true);
  });

  test('unset or empty: the real date, exit 0', () => {
    // spawnSync leaves out variables whose value is undefined: that run has no ATTEST_TODAY at all.
    assert.equal(runCli(['check', CLEAN], { env: { ATTEST_TODAY: undefined } }).status, 0);
    assert.equal(runCli(['check', CLEAN], { env: { ATTEST_TODAY: '' } }).status, 0);
  });
});
