// A folder with no project is an error, never "No problems in 0 files": a CI job pointed at the
// wrong folder must fail.
import { test, describe, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runCli, tempDir, tempWorkspace, removeDir } from '../helpers/attest.mjs';

describe('a folder with no project and no control or policy file', () => {
  const empty = tempDir('attest-empty-');
  const unrelated = tempWorkspace({
    'README.md': '# An app\n',
    'src/index.ts': 'export {};\n',
    'docs/security.md': '---\nid: POL-X\ntitle: Not in policies/\n---\n',
    'config/app.yaml': 'id: AC-01\ntitle: Not in controls/\n',
    'node_modules/dep/attest.yaml': 'framework: tsc-2017\n',
    '.github/attest.yaml': 'framework: tsc-2017\n',
  });
  after(() => {
    removeDir(empty);
    removeDir(unrelated);
  });

  for (const [what, folder] of [['an empty folder', empty], ['a folder with only unrelated files (attest.yaml only under node_modules/ and .github/)', unrelated]]) {
    for (const args of [['check'], ['check', '--format', 'sarif'], ['coverage', '--format', 'json'], ['plan']]) {
      test(`${what}: attest ${args.join(' ')} exits 2, names the folder and what was looked for on stderr`, () => {
        const r = runCli([args[0], folder, ...args.slice(1)]);
        assert.equal(r.status, 2, r.stdout + r.stderr);
        assert.equal(r.stdout, '');
        assert.ok(r.stderr.includes(folder), r.stderr);
        assert.match(r.stderr, /attest\.yaml/);
        assert.match(r.stderr, /controls\/ or policies\//);
      });
    }
  }

  test('the current directory by default: the same message names it', () => {
    const r = runCli(['check'], { cwd: empty });
    assert.equal(r.status, 2);
    assert.ok(r.stderr.includes(fs.realpathSync(empty)) || r.stderr.includes(empty), r.stderr);
  });

  test('a folder inside a project (its policies/): exit 2, and the message names the project to run on', () => {
    const dir = tempWorkspace({ 'attest.yaml': 'framework: tsc-2017\n', 'policies/access.md': '---\nid: POL-A\ntitle: A\n---\n' });
    try {
      const r = runCli(['check', path.join(dir, 'policies')]);
      assert.equal(r.status, 2);
      assert.ok(r.stderr.includes(`inside the project at ${dir}:`), r.stderr);
    } finally {
      removeDir(dir);
    }
  });

  test('a folder with only controls/ (no attest.yaml) is still one project', () => {
    const dir = tempWorkspace({ 'controls/a.yaml': 'id: A-1\ntitle: A\nowner: o\ncriteria: [CC6.1]\n' });
    try {
      const r = runCli(['check', dir, '--fail-on', 'none']);
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stdout, /in 1 file\./);
    } finally {
      removeDir(dir);
    }
  });
});
