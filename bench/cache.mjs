#!/usr/bin/env node
// Issue 18: `attest check` cold and with a warm cache, beside `ajv validate` of the same control
// files against criteria/schemas/control.schema.json and the parse floor; the server's cold index
// with and without its cache; and whether the first scan's second thread pays. Every figure of a
// size comes from one run, interleaved repetitions, medians. Writes bench/out/cache-<size>.json and
// the "Cache and cold check" section of bench/RESULTS.md (between its markers).
//   node bench/cache.mjs [--sizes 1k,10k,50k] [--runs N] [--dist dir] [--base dir] [--no-write]
//                        [--label name] [--base-label name]
// --base: also time `attest check` and the server's cold index of another build (the code before
// this work: "today's" of the targets), interleaved with the rest.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { BENCH, ROOT, ensureWorkspace } from './generate.mjs';
import { LspProcess, uriOf, CLIENT_LIMIT } from './lsp.mjs';
import { measureThreads } from './threads.mjs';
import { renderCacheSection, writeCacheSection } from './cacheReport.mjs';

const args = process.argv.slice(2);
const opt = (name, dflt) => (args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1] : dflt);
const SIZES = opt('sizes', '1k,10k').split(',');
const DIST = path.resolve(opt('dist', path.join(ROOT, 'dist')));
const CLI = path.join(DIST, 'cli.js');
const SERVER = path.join(DIST, 'server.js');
const BASE = opt('base') ? path.resolve(opt('base')) : undefined;
const AJV = path.join(ROOT, 'node_modules/ajv-cli/dist/index.js');
const SCHEMA = path.join(ROOT, 'criteria/schemas/control.schema.json');
const TODAY = '2026-10-01';
const OUT = path.join(BENCH, 'out');
const log = (...a) => console.error('[cache-bench]', ...a);

/** Wall time, CPU time (user+sys, all threads, from GNU time) and peak RSS of one process. */
function timed(argv, env = {}) {
  return new Promise((resolve, reject) => {
    const tf = path.join(os.tmpdir(), `attest-cache-bench-${process.pid}.time`);
    const t0 = performance.now();
    const p = spawn('/usr/bin/time', ['-f', '%U %S %M', '-o', tf, process.execPath, ...argv], { env: { ...process.env, ATTEST_TODAY: TODAY, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    p.stderr.on('data', (d) => (err += d));
    p.on('exit', (code) => {
      const ms = performance.now() - t0;
      if (code !== 0 && code !== 1) return reject(new Error(`${argv.join(' ')} exited ${code}: ${err.slice(-1000)}`));
      const [u, s, kb] = fs.readFileSync(tf, 'utf8').trim().split('\n').pop().split(' ').map(Number);
      resolve({ ms, cpuMs: (u + s) * 1000, rssMB: kb / 1024 });
    });
  });
}

/** Spawn to a complete `attest/coverage` answer (the scan is done), as the editor asks it. */
async function serverIndex(root, cacheDir, { waitForSave = false, server = SERVER } = {}) {
  const s = new LspProcess(process.execPath, [server, '--stdio'], { env: { ATTEST_TODAY: TODAY, ATTEST_CACHE_DIR: cacheDir }, configuration: (it) => (it.section === 'attest' ? {} : null) });
  try {
    await s.initialize(root);
    await s.request('attest/coverage', { folder: uriOf(root), limit: CLIENT_LIMIT });
    const r = { ms: performance.now() - s.t0, cpuMs: s.cpuMs() };
    // Peak memory once the server is idle (at least 2 s on, then no CPU for 250 ms): a start that
    // answered from its stored coverage builds the coverage itself a second later, and that belongs
    // to its start too.
    for (let last = -1, i = 0; i < 60; i++) {
      await new Promise((res) => setTimeout(res, 250));
      const cpu = s.cpuMs();
      if (i >= 8 && cpu - last < 20) break;
      last = cpu;
    }
    r.hwmMB = s.memory().hwmMB;
    if (waitForSave) for (let i = 0; i < 600 && !fs.readdirSync(cacheDir).some((f) => f.endsWith('.cache')); i++) await new Promise((res) => setTimeout(res, 100));
    return r;
  } finally {
    await s.shutdown();
  }
}

const median = (xs) => {
  const s = xs.filter(Number.isFinite).sort((a, b) => a - b);
  return s.length ? (s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2) : NaN;
};
const summary = (list) => ({ n: list.length, ms: median(list.map((x) => x.ms)), min: Math.min(...list.map((x) => x.ms)), max: Math.max(...list.map((x) => x.ms)), cpuMs: median(list.map((x) => x.cpuMs)), mb: Math.max(...list.map((x) => x.rssMB ?? x.hwmMB)) });

async function benchSize(size) {
  const runs = Number(opt('runs', size === '50k' ? 3 : 5));
  const src = ensureWorkspace(size).root;
  // A private copy: the one-file edits must not touch the shared benchmark workspace.
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), `attest-cache-bench-${size}-`));
  const root = path.join(tmp, 'ws');
  fs.cpSync(src, root, { recursive: true });
  const cacheFile = path.join(tmp, 'check.cache');
  const serverCache = path.join(tmp, 'server-cache');
  fs.mkdirSync(serverCache);
  // One single-control file (not a register) changes between "one file changed" runs.
  const edited = path.join(root, 'controls', fs.readdirSync(path.join(root, 'controls'), { recursive: true }).find((f) => f.endsWith('.yaml') && !f.includes('register')));
  const original = fs.readFileSync(edited, 'utf8');
  // ATTEST_CACHE_TRACE: how each cached run went (replayed, patched, full), counted per figure.
  const traceFile = path.join(tmp, 'trace.txt');
  const ways = {};
  const check = async (cache, figure) => {
    fs.rmSync(traceFile, { force: true });
    const res = await timed([CLI, 'check', root, '--fail-on', 'none', ...(cache ? ['--cache', '--cache-location', cacheFile] : [])], cache ? { ATTEST_CACHE_TRACE: traceFile } : {});
    if (figure) {
      const way = fs.readFileSync(traceFile, 'utf8').trim().replace(/ \d+$/, '');
      (ways[figure] ??= {})[way] = (ways[figure][way] ?? 0) + 1;
    }
    return res;
  };
  const r = { size, runs, floor: [], ajv: [], cold: [], warm: [], oneChanged: [], oneSubstance: [], serverCold: [], serverWarm: [], serverSame: [], baseCold: [], baseServer: [] };
  log(`${size}: priming (page cache, check cache, server cache)`);
  await timed([path.join(BENCH, 'floor.mjs'), root]);
  await check(true);
  await serverIndex(root, serverCache, { waitForSave: true });
  const steps = [
    ['floor', () => timed([path.join(BENCH, 'floor.mjs'), root])],
    ['ajv', () => timed([AJV, 'validate', '-s', SCHEMA, '-d', `${root}/controls/**/*.yaml`, '-d', `${root}/controls/**/*.yml`, '--strict=false', '--errors=no'])],
    ['cold', () => check(false)],
    ['warm', () => check(true, 'warm')],
    [
      'oneChanged',
      (i) => {
        // A comment appended or removed, whatever the title is now (steps rotate).
        const now = fs.readFileSync(edited, 'utf8');
        fs.writeFileSync(edited, /# edited \d+\n$/.test(now) ? now.replace(/# edited \d+\n$/, '') : `${now}# edited ${i}\n`);
        return check(true, 'oneChanged');
      },
    ],
    [
      // A change other files depend on: the control's status (retired or back), so coverage moves.
      'oneSubstance',
      () => {
        const now = fs.readFileSync(edited, 'utf8');
        const status = /^status: (\w+)$/m.exec(now)[1];
        fs.writeFileSync(edited, now.replace(/^status: \w+$/m, `status: ${status === 'retired' ? /^status: (\w+)$/m.exec(original)[1] : 'retired'}`));
        return check(true, 'oneSubstance');
      },
    ],
    ['serverCold', () => serverIndex(root, 'off')],
    ['serverWarm', () => serverIndex(root, serverCache)],
    // Reopening with nothing changed since the last start (the case): one start brings the
    // cache up to date with the edits above (untimed), the next is timed.
    ['serverSame', async () => (await serverIndex(root, serverCache), serverIndex(root, serverCache))],
    ...(BASE
      ? [
          ['baseCold', () => timed([path.join(BASE, 'cli.js'), 'check', root, '--fail-on', 'none'])],
          ['baseServer', () => serverIndex(root, 'off', { server: path.join(BASE, 'server.js') })],
        ]
      : []),
  ];
  for (let i = 0; i < runs; i++) {
    // Rotate the order so load drift hits every figure alike.
    for (let k = 0; k < steps.length; k++) {
      const [name, run] = steps[(k + i) % steps.length];
      r[name].push(await run(i));
    }
    log(`${size}: repetition ${i + 1}/${runs} done`);
  }
  fs.writeFileSync(edited, original);
  r.cacheBytes = fs.statSync(cacheFile).size;
  r.threads = measureThreads(root, runs, BASE);
  fs.rmSync(tmp, { recursive: true, force: true });
  const out = { size, runs, cacheBytes: r.cacheBytes, threads: r.threads, ways };
  for (const k of ['floor', 'ajv', 'cold', 'warm', 'oneChanged', 'oneSubstance', 'serverCold', 'serverWarm', 'serverSame', ...(BASE ? ['baseCold', 'baseServer'] : [])]) out[k] = summary(r[k]);
  return out;
}

async function main() {
  const loadStart = os.loadavg().map((x) => x.toFixed(2)).join(', ');
  const results = [];
  for (const size of SIZES) {
    const r = await benchSize(size);
    results.push(r);
    fs.mkdirSync(OUT, { recursive: true });
    fs.writeFileSync(path.join(OUT, `cache-${size}.json`), JSON.stringify(r, null, 1));
    console.log(JSON.stringify(r));
  }
  // --label / --base-label: how RESULTS.md names the builds (say, the commit they were built from).
  const meta = { base: BASE && opt('base-label', path.relative(ROOT, BASE) || BASE), date: new Date().toISOString().replace('T', ' ').slice(0, 16) + ' UTC', loadStart, loadEnd: os.loadavg().map((x) => x.toFixed(2)).join(', '), node: process.version, dist: opt('label', path.relative(ROOT, DIST) || DIST) };
  const section = renderCacheSection(results, meta);
  if (!args.includes('--no-write')) writeCacheSection(path.join(BENCH, 'RESULTS.md'), section);
  console.log(section);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
