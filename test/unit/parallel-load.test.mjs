// The first scan on two threads (loadWorkspaceParallel) ends with exactly the index a one-thread
// load builds, including when the worker is not wanted, cannot start, dies or stops answering.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { core, day, tempWorkspace, removeDir, control, ROOT } from '../helpers/attest.mjs';
import { writeBigWorkspace, removeBigWorkspace } from '../helpers/bigWorkspace.mjs';

const today = day('2026-10-01');

/** Everything a host reads of an index, in the order it holds it. */
function snapshot({ ws, problems }) {
  const rels = [...ws.rels()];
  return {
    rels,
    files: rels.map((rel) => ({ rel, text: ws.text(rel), facts: ws.facts(rel), findings: ws.findings(rel) })),
    config: ws.findings('attest.yaml'),
    problems,
    coverage: core.buildCoverage(ws),
    plan: core.buildPlan(ws),
    coverageVersion: ws.coverageVersion,
  };
}

describe('loadWorkspaceParallel', () => {
  let root;
  let locked;
  let expected;
  let scripts;
  before(() => {
    ({ root, locked } = writeBigWorkspace());
    expected = snapshot(core.loadWorkspace(root, { today }));
    scripts = fs.mkdtempSync(path.join(os.tmpdir(), 'attest-workers-'));
    process.env.ATTEST_THREADS = '2'; // the second thread is opt-in
  });
  after(() => {
    delete process.env.ATTEST_THREADS;
    removeBigWorkspace(root);
    removeDir(scripts);
  });

  test('the generated workspace has what the comparison needs', () => {
    const codes = new Set(expected.files.flatMap((f) => f.findings.map((x) => x.code)));
    for (const c of ['duplicate-id', 'unknown-criterion', 'unknown-policy', 'unknown-system', 'out-of-scope-system', 'broken-evidence-link', 'missing-owner', 'unknown-field', 'file-too-large', 'yaml-syntax', 'schema']) assert.ok(codes.has(c), c);
    assert.ok(expected.rels.length > 2000);
    assert.ok(expected.rels.includes('controls/registers/big.yaml'));
    if (locked) assert.deepEqual(expected.problems.map((p) => p.rel), ['controls/zz/locked.yaml']);
  });

  /**
   * Loads until the worker has done a share (at most five times), each load compared in full.
   * The worker claims batches while the main thread works: on a loaded machine it may start
   * only once the main thread has claimed them all, which is correct but shows nothing of it.
   */
  async function loadsWithWorker(check) {
    let share = 0;
    for (let i = 0; i < 5 && share === 0; i++) {
      const r = await core.loadWorkspaceParallel(root, { today });
      assert.equal(r.workerError, undefined);
      check(r);
      assert.deepEqual(snapshot(r), expected);
      share = r.workerFiles;
    }
    return share;
  }

  test('two threads: the same index, the same findings, coverage and plan, with the worker doing a share', async () => {
    const share = await loadsWithWorker((r) => assert.ok(r.workerFiles < expected.rels.length));
    assert.ok(share > 0, 'the worker analysed files in one of five loads');
  });

  test('by default (or ATTEST_THREADS=read) a second thread reads files ahead and the main thread analyses them all: the same index', async () => {
    for (const threads of ['read', undefined]) {
      if (threads) process.env.ATTEST_THREADS = threads;
      else delete process.env.ATTEST_THREADS;
      try {
        const share = await loadsWithWorker((r) => assert.equal(r.workerMode, 'read'));
        assert.ok(share > 0, 'the worker read files in one of five loads');
      } finally {
        process.env.ATTEST_THREADS = '2';
      }
    }
  });

  test('ATTEST_THREADS=1, and small workspaces, stay on one thread', async () => {
    process.env.ATTEST_THREADS = '1';
    try {
      const r = await core.loadWorkspaceParallel(root, { today });
      assert.equal(r.workerFiles, 0);
      assert.deepEqual(snapshot(r), expected);
    } finally {
      process.env.ATTEST_THREADS = '2';
    }
    const small = tempWorkspace({ 'controls/a.yaml': control('A-1'), 'policies/p.md': '---\nid: P\ntitle: P\n---\n' });
    try {
      const r = await core.loadWorkspaceParallel(small, { today });
      assert.equal(r.workerFiles, 0);
      assert.deepEqual(snapshot(r), snapshot(core.loadWorkspace(small, { today })));
    } finally {
      removeDir(small);
    }
  });

  test('a worker that cannot start: the main thread loads everything', async () => {
    const r = await core.loadWorkspaceParallel(root, { today, workerScript: path.join(scripts, 'missing.js') });
    assert.equal(r.workerFiles, 0);
    assert.ok(r.workerError);
    assert.deepEqual(snapshot(r), expected);
  });

  test('a worker that dies holding batches: none is lost', async () => {
    const script = path.join(scripts, 'dies.cjs');
    fs.writeFileSync(script, "const { workerData } = require('node:worker_threads');\nconst s = new Int32Array(workerData.shared);\nfor (let i = 0; i < 3; i++) Atomics.add(s, 0, 1);\nthrow new Error('worker died');\n");
    const r = await core.loadWorkspaceParallel(root, { today, workerScript: script });
    assert.match(r.workerError, /worker died/);
    assert.deepEqual(snapshot(r), expected);
  });

  test('a worker that stops answering is given up after the stall timeout', async () => {
    const script = path.join(scripts, 'hangs.cjs');
    fs.writeFileSync(script, "const { workerData } = require('node:worker_threads');\nAtomics.add(new Int32Array(workerData.shared), 0, 1);\nsetInterval(() => {}, 1000);\n");
    const r = await core.loadWorkspaceParallel(root, { today, workerScript: script, stallMs: 300 });
    assert.match(r.workerError, /no answer/);
    assert.deepEqual(snapshot(r), expected);
  });
});

test('facts survive a JSON round trip unchanged (the worker sends them as JSON)', () => {
  for (const dir of ['examples/acme-saas', 'test/fixtures/cli-errors', 'test/fixtures/report-escaping']) {
    const { ws } = core.loadWorkspace(path.join(ROOT, dir), { today });
    for (const rel of ws.rels()) {
      const facts = ws.facts(rel);
      assert.deepEqual(JSON.parse(JSON.stringify(facts)), facts, rel);
    }
  }
});
