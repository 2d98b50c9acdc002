#!/usr/bin/env node
// Does the first scan's second thread pay? Times the load phase alone (scan, read, parse, facts,
// index: loadWorkspaceParallel) in fresh processes, one thread (ATTEST_THREADS=1) and two
// (ATTEST_THREADS=2: the worker analyses too; ATTEST_THREADS=read: it only reads ahead), interleaved,
// and prints medians of wall and CPU time with their ratios.
//   node bench/threads.mjs [--sizes 10k,50k] [--runs 5] [--dist dir]
import { spawnSync } from 'node:child_process';
import * as os from 'node:os';
import * as path from 'node:path';
import { ROOT, ensureWorkspace } from './generate.mjs';

const args = process.argv.slice(2);
const opt = (name, dflt) => (args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1] : dflt);
const SIZES = opt('sizes', '10k').split(',');
const RUNS = Number(opt('runs', 5));
const CORE = path.join(path.resolve(opt('dist', path.join(ROOT, 'dist'))), 'core.js');

// One load in a fresh process: what a CLI run or a server start pays for it.
// mainCpuMs: the main thread's own CPU time (/proc), what bounds the wall time on an idle machine
// whatever the load of the shared one.
const child = (core) => `
const fs = require('fs');
const mainCpu = () => { const f = fs.readFileSync('/proc/self/task/' + process.pid + '/stat', 'utf8'); const v = f.slice(f.lastIndexOf(')') + 2).split(' '); return (Number(v[11]) + Number(v[12])) * 10; };
const core = require(${JSON.stringify(core)});
const t0 = performance.now(); const c0 = process.cpuUsage(); const m0 = mainCpu();
core.loadWorkspaceParallel(process.argv[1]).then((r) => {
  const c = process.cpuUsage(c0);
  console.log(JSON.stringify({ ms: performance.now() - t0, cpuMs: (c.user + c.system) / 1000, mainCpuMs: mainCpu() - m0, files: [...r.ws.rels()].length, workerFiles: r.workerFiles }));
});`;

function once(root, threads, core = CORE) {
  const r = spawnSync(process.execPath, ['-e', child(core), root], { env: { ...process.env, ATTEST_TODAY: '2026-10-01', ATTEST_THREADS: String(threads) }, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout);
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/**
 * The load phase on one thread, on two (analysing) and reading ahead; with `baseDist`, also that
 * build's load phase on one thread (what the issue measured before any of this work), all interleaved.
 */
export function measureThreads(root, runs = RUNS, baseDist) {
  const one = [];
  const two = [];
  const read = [];
  const baseOne = [];
  const baseCore = baseDist && path.join(path.resolve(baseDist), 'core.js');
  for (let i = 0; i < runs; i++) {
    // Rotate which goes first so load drift hits all alike.
    const all = [[one, 1], [two, 2], [read, 'read'], ...(baseCore ? [[baseOne, 1, baseCore]] : [])];
    for (let k = 0; k < all.length; k++) {
      const [list, n, core] = all[(k + i) % all.length];
      list.push(once(root, n, core));
    }
  }
  const m = (l, k) => median(l.map((x) => x[k]));
  const of = (l) => ({ ms: m(l, 'ms'), cpuMs: m(l, 'cpuMs'), mainCpuMs: m(l, 'mainCpuMs'), workerFiles: m(l, 'workerFiles') });
  return { runs, cores: os.availableParallelism(), one: of(one), two: of(two), read: of(read), ...(baseCore ? { baseOne: of(baseOne) } : {}) };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.error(`load average at start: ${os.loadavg().map((x) => x.toFixed(2)).join(', ')}`);
  for (const size of SIZES) {
    const { root } = ensureWorkspace(size);
    const r = measureThreads(root);
    console.log(
      `${size}: one thread ${r.one.ms.toFixed(0)} ms (CPU ${r.one.cpuMs.toFixed(0)} ms, main thread ${r.one.mainCpuMs.toFixed(0)} ms), two ${r.two.ms.toFixed(0)} ms (CPU ${r.two.cpuMs.toFixed(0)} ms, main thread ${r.two.mainCpuMs.toFixed(0)} ms, worker took ${r.two.workerFiles} files): wall ${(r.one.ms / r.two.ms).toFixed(2)}x, main-thread CPU ${(r.one.mainCpuMs / r.two.mainCpuMs).toFixed(2)}x; reading ahead ${r.read.ms.toFixed(0)} ms: wall ${(r.one.ms / r.read.ms).toFixed(2)}x`,
    );
  }
  console.error(`load average at end: ${os.loadavg().map((x) => x.toFixed(2)).join(', ')}`);
}

