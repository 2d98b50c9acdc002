// The CLI reads a large folder on two threads when asked (ATTEST_THREADS=2): its output must not depend on it.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { runCli } from '../helpers/attest.mjs';
import { writeBigWorkspace, removeBigWorkspace } from '../helpers/bigWorkspace.mjs';

describe('a folder over the two-thread threshold', () => {
  let root;
  let locked;
  before(() => ({ root, locked } = writeBigWorkspace()));
  after(() => removeBigWorkspace(root));

  for (const args of [
    ['check', '--format', 'json', '--fail-on', 'warning'],
    ['coverage', '--format', 'json'],
    ['plan', '--format', 'csv'],
  ]) {
    test(`attest ${args.join(' ')}: the same output, problems and exit code with ATTEST_THREADS=1`, () => {
      // Run from the folder itself: stderr names files relative to the current directory.
      const two = runCli([args[0], root, ...args.slice(1)], { cwd: root, env: { ATTEST_THREADS: '2' } });
      const one = runCli([args[0], root, ...args.slice(1)], { cwd: root, env: { ATTEST_THREADS: '1' } });
      assert.ok(two.stdout.length > 1000);
      assert.equal(two.stdout, one.stdout);
      assert.equal(two.stderr, one.stderr);
      assert.equal(two.status, one.status);
      // Only the unreadable file is a problem (and nothing else, say a worker's output, reaches stderr).
      assert.equal(two.stderr, locked ? `attest: controls/zz/locked.yaml: cannot read: EACCES: permission denied, open '${root}/controls/zz/locked.yaml'\n` : '');
    });
  }
});
