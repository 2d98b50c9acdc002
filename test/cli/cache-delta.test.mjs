// A patched `attest check --cache` writes only the memo lines it replaced (a delta after the memo,
// core/cacheMemo.ts) while that stays small against the memo, and the memo whole again once it
// does not. Whatever was written, the next runs must print what a run without the cache prints,
// and a damaged delta must be ignored like a damaged memo.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runCli, tempWorkspace, removeDir } from '../helpers/attest.mjs';

const CONFIG = 'framework: tsc-2017\ncategories: [security, availability]\n';
const control = (i, status = 'implemented') => `id: C-${i}\ntitle: Control ${i}\nowner: ops\nstatus: ${status}\n${status === 'planned' ? 'due: 2026-01-01\n' : ''}criteria: [${['CC6.1', 'CC7.2', 'A1.2'][i % 3]}]\n`;
const FILES = { 'attest.yaml': CONFIG, 'policies/p.md': '---\nid: POL-1\ntitle: Policy\napproved: 2026-01-10\nreview: annually\ncriteria: [CC6.1, A1.2]\n---\n\n# Policy\n' };
for (let i = 0; i < 60; i++) FILES[`controls/c${String(i).padStart(2, '0')}.yaml`] = control(i, i % 7 === 0 ? 'planned' : 'implemented');

/** The cache file's header (its first line). */
function header(root) {
  const buf = fs.readFileSync(path.join(root, '.attestcache'));
  return JSON.parse(buf.toString('utf8', 0, buf.indexOf(10)));
}

function sameAsPlain(root, trace) {
  const plain = runCli(['check', '.', '--fail-on', 'none'], { cwd: root });
  const cached = runCli(['check', '.', '--fail-on', 'none', '--cache'], { cwd: root, env: { ATTEST_CACHE_TRACE: trace } });
  assert.deepEqual([cached.stdout, cached.stderr, cached.status], [plain.stdout, plain.stderr, plain.status]);
  return fs.readFileSync(trace, 'utf8').trim().split('\n').at(-1);
}

describe('attest check --cache writes a delta of its memo', () => {
  test('patched runs write deltas, then the memo whole once the delta has grown; every run prints what the run without the cache prints', () => {
    const root = tempWorkspace(FILES);
    const trace = `${root}-trace.txt`;
    try {
      sameAsPlain(root, trace);
      assert.equal(header(root).memo.delta, undefined, 'a full run writes the memo whole');
      const seen = [];
      for (let i = 1; i <= 40; i++) {
        // A status each time: coverage may move; each edit touches another file, so the delta grows.
        fs.writeFileSync(path.join(root, `controls/c${String(i).padStart(2, '0')}.yaml`), control(i, i % 7 === 0 || i % 2 === 0 ? 'retired' : 'planned'));
        const way = sameAsPlain(root, trace);
        assert.match(way, /^patched/);
        seen.push(header(root).memo.delta ? 'delta' : 'whole');
        if (i % 10 === 0) assert.equal(sameAsPlain(root, trace), 'replayed', 'nothing changed: replayed from the memo with its delta');
      }
      assert.equal(seen[0], 'delta', 'the first patch writes a delta');
      assert.ok(seen.includes('whole'), 'the memo is written whole again once the delta has grown');
      assert.ok(seen.lastIndexOf('delta') > seen.indexOf('whole'), 'and deltas follow again');
    } finally {
      removeDir(root);
      fs.rmSync(trace, { force: true });
    }
  });

  test('a damaged delta is ignored: the run is done in full and remembered anew', () => {
    const root = tempWorkspace(FILES);
    const trace = `${root}-trace.txt`;
    try {
      sameAsPlain(root, trace);
      fs.writeFileSync(path.join(root, 'controls/c01.yaml'), control(1, 'retired'));
      sameAsPlain(root, trace);
      const file = path.join(root, '.attestcache');
      assert.ok(header(root).memo.delta, 'a delta was written');
      const buf = fs.readFileSync(file);
      buf[buf.length - 3] ^= 0x01; // inside the delta, the file's last region
      fs.writeFileSync(file, buf);
      assert.match(sameAsPlain(root, trace), /^full/);
      assert.equal(header(root).memo.delta, undefined, 'remembered anew, whole');
      assert.equal(sameAsPlain(root, trace), 'replayed');
    } finally {
      removeDir(root);
      fs.rmSync(trace, { force: true });
    }
  });
});
