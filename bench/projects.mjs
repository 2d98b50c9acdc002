#!/usr/bin/env node
// Projects in the benchmark (issue 13, issue 14 point 1): two figures the main run does not take.
//
//   node bench/projects.mjs [--part all|layouts|first] [--runs 4] [--samples 30]
//                           [--first-sizes 10k,50k] [--first-runs 10k:3,50k:2]
//                           [--one-threads N] [--dist <dir>] [--profile] [--no-write]
//                           [--report-only]   (rewrite the section from bench/out/projects.json)
//
// layouts: the same 10k files held in one project and spread over the 20 projects of a monorepo
//   (bench/monorepo.mjs), interleaved over --runs repetitions: cold index (spawn -> every
//   project's `attest/coverage` answered) and edit -> diagnostics of one file.
// first: during the first scan of ws-10k / ws-50k, the time until an open file's first
//   publishDiagnostics (a control with an unknown criterion, one with a YAML syntax error, both
//   opened right after `initialized`) beside the time until `attest/coverage` answers.
// The server measured is a build of HEAD (bench/headBuild.mjs: `git archive HEAD`, `npm run build`)
// in bench/out/head-dist/, so the figures belong to a commit and not to others' work in
// progress in dist/; --dist <dir> measures another build. Results: bench/out/projects.json and
// the "Projects" section of bench/RESULTS.md (between its markers; run.mjs keeps it).
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { BENCH, ROOT, ensureWorkspace } from './generate.mjs';
import { CLIENT_LIMIT, LspProcess, positionAt, sleep, uriOf } from './lsp.mjs';
import { ensureMonorepo } from './monorepo.mjs';
import { buildHead } from './headBuild.mjs';
import { renderSection, summarizeLayouts, writeSection } from './projectsReport.mjs';

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : dflt;
};
const PART = opt('part', 'all');
const RUNS = Number(opt('runs', 4));
const SAMPLES = Number(opt('samples', 30));
const FIRST_SIZES = opt('first-sizes', '10k,50k').split(',').filter(Boolean);
const FIRST_RUNS = Object.fromEntries(opt('first-runs', '10k:3,50k:2').split(',').map((x) => x.split(':')).map(([k, v]) => [k, Number(v)]));
const PROFILE = args.includes('--profile');
const ONE_THREADS = opt('one-threads');
const TODAY = '2026-10-01';
const OUT = path.join(BENCH, 'out');
const PROF_DIR = path.join(OUT, 'prof');
const log = (...a) => console.error('[projects]', ...a);

// ---------------------------------------------------------------------------------------------
// The server measured

const git = (...a) => spawnSync('git', a, { cwd: ROOT, encoding: 'utf8' }).stdout?.trim() ?? '';
const sha = (f) => createHash('sha256').update(fs.readFileSync(f)).digest('hex').slice(0, 12);

/** dist/server.js of HEAD (bench/headBuild.mjs) or of --dist, and what it is. */
function serverUnderTest() {
  if (!opt('dist')) {
    const { dist, commit } = buildHead('head');
    const server = path.join(dist, 'server.js');
    return { server, code: `commit ${commit} (a build of HEAD: \`git archive HEAD\` + \`npm run build\`); server.js sha256 ${sha(server)}` };
  }
  const server = path.join(path.resolve(opt('dist')), 'server.js');
  if (!fs.existsSync(server)) throw new Error(`${server} does not exist`);
  return { server, code: `${path.relative(ROOT, server)} at commit ${git('log', '-1', '--format=%h %s').slice(0, 90)}; sha256 ${sha(server)}` };
}

let SERVER;
// Cold means cold: no scan cache (the server keeps one in ~/.cache/attest since 477b512).
const start = (tag, env = {}) => {
  const prof = PROFILE ? ['--cpu-prof', '--cpu-prof-dir', PROF_DIR, '--cpu-prof-name', `${tag}-${Date.now()}.cpuprofile`] : [];
  const s = new LspProcess(process.execPath, [...prof, SERVER, '--stdio'], { env: { ATTEST_TODAY: TODAY, ATTEST_CACHE_DIR: 'off', ...env }, configuration: (it) => (it.section === 'attest' ? {} : null) });
  // The server's own log lines (how long each project's scan took, on how many threads).
  s.logs = [];
  s.conn.onNotification('window/logMessage', (p) => {
    s.lastMessageAt = performance.now();
    s.logs.push(`${(performance.now() - s.t0).toFixed(0)} ms: ${p.message}`);
    if (p.type === 1) s.stderr += `[log] ${p.message}\n`;
  });
  return s;
};

/**
 * CPU time (user + system) of one thread, in ms. A first scan's critical path is the server's
 * main thread (it indexes every file); the indexing worker and V8's helpers run beside it, so on
 * an idle machine the cold index takes about the main thread's CPU time, whatever the load now.
 */
function threadCpuMs(pid, tid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(f[11]) + Number(f[12])) * 1000) / 100; // utime + stime, USER_HZ = 100
  } catch {
    return NaN;
  }
}

/** Reads every file under `root` once, so the first timed run does not pay for a cold page cache. */
function warmPageCache(root) {
  for (const e of fs.readdirSync(root, { withFileTypes: true })) {
    const p = path.join(root, e.name);
    if (e.isDirectory()) warmPageCache(p);
    else fs.readFileSync(p);
  }
}

// ---------------------------------------------------------------------------------------------
// 1. One project vs 20

/** Flips `status: implemented` to a typo and back in the open `file`; edit -> matching publish, ms. */
async function flipStatus(s, file, samples, warmup = 6) {
  const uri = uriOf(file);
  const text = s.texts.get(uri);
  const at = text.indexOf('status: implemented');
  const line = positionAt(text, at).line;
  const out = [];
  for (let i = 0; i < samples + warmup + ((samples + warmup) % 2); i++) { // even: the file ends as it began
    const typo = i % 2 === 0;
    const p = s.expect(uri, (ds) => ds.some((d) => d.range.start.line === line) === typo);
    const t = typo ? s.replace(file, 'status: implemented', 'status: implementd', at) : s.replace(file, 'status: implementd', 'status: implemented', at);
    const got = await p;
    if (i >= warmup) out.push(got - t);
    await sleep(15);
  }
  return out;
}

async function layoutSession(layout, root, single, env) {
  const s = start(`layout-${layout}`, env);
  try {
    await s.initialize(root);
    const { projects } = await s.request('attest/projects');
    const answered = [];
    const coverages = await Promise.all(
      projects.map(async (p) => {
        const c = await s.request('attest/coverage', { project: p.uri, limit: CLIENT_LIMIT });
        answered.push(performance.now() - s.t0);
        return c;
      }),
    );
    const cold = performance.now() - s.t0;
    const cpu = s.cpuMs();
    const mainCpu = threadCpuMs(s.pid, s.pid);
    await s.quiet(300);
    const r = { layout, projects: projects.length, cold, cpu, mainCpu, firstProjectMs: Math.min(...answered), memMB: s.memory().hwmMB, published: s.publishCount, covered: coverages.reduce((n, c) => n + c.totals.covered, 0), logs: s.logs.slice() };
    await s.quiet(1500); // the post-scan collection; an editor in steady use
    s.open(single);
    await sleep(50);
    r.edit = await flipStatus(s, single, SAMPLES);
    return r;
  } finally {
    await s.shutdown();
  }
}

async function layouts() {
  const m = ensureMonorepo('10k', { projects: 20 });
  warmPageCache(m.one.root);
  warmPageCache(m.mono.root);
  // --one-threads N: the one project again with ATTEST_THREADS=N, to see what a thread is worth.
  const variants = { one: [m.one, {}], mono: [m.mono, {}] };
  if (ONE_THREADS) variants.one1 = [m.one, { ATTEST_THREADS: ONE_THREADS }];
  const names = Object.keys(variants);
  const res = { manifest: m, one: [], mono: [], one1: [], one1Threads: ONE_THREADS };
  for (let i = 0; i < RUNS; i++) {
    // Interleaved, in alternating order, so drifting load hits all alike.
    for (const layout of i % 2 ? [...names].reverse() : names) {
      const [lay, env] = variants[layout];
      const r = await layoutSession(layout, lay.root, path.join(lay.root, lay.single), env);
      res[layout].push(r);
      const e = [...r.edit].sort((a, b) => a - b);
      log(`  run ${i + 1} ${layout.padEnd(4)}: cold ${r.cold.toFixed(0)} ms (cpu ${r.cpu.toFixed(0)} ms, main thread ${r.mainCpu.toFixed(0)} ms; first project ${r.firstProjectMs.toFixed(0)} ms; ${r.memMB.toFixed(0)} MB; ${r.published} published), edit p50 ${e[e.length >> 1].toFixed(1)} ms; load ${os.loadavg()[0].toFixed(2)}`);
    }
  }
  return res;
}

// ---------------------------------------------------------------------------------------------
// 2. First diagnostics of open files during the first scan

/** Resolves with the arrival time and diagnostics of the next publish for `uri`. */
function nextPublish(s, uri) {
  return new Promise((resolve) => {
    const w = (p, t) => {
      if (p.uri !== uri) return;
      s.waiters.delete(w);
      resolve({ t, codes: p.diagnostics.map((d) => d.code) });
    };
    s.waiters.add(w);
  });
}

async function firstDiagnostics(size) {
  const m = ensureWorkspace(size);
  warmPageCache(m.root);
  const fileA = path.join(m.root, m.single); // gets an unknown criterion
  const fileB = path.join(m.root, m.dupA); // gets a YAML syntax error
  const textA = fs.readFileSync(fileA, 'utf8').replace('criteria: [', 'criteria: [CC99.9, ');
  const textB = fs.readFileSync(fileB, 'utf8').replace('status: implemented', 'status: [implemented');
  const out = [];
  for (let i = 0; i < (FIRST_RUNS[size] ?? 2); i++) {
    const s = start(`first-${size}`);
    try {
      await s.initialize(m.root);
      const tInit = performance.now() - s.t0;
      const pa = nextPublish(s, uriOf(fileA));
      const pb = nextPublish(s, uriOf(fileB));
      s.open(fileA, textA);
      s.open(fileB, textB);
      const cov = s.request('attest/coverage', { folder: uriOf(m.root), limit: CLIENT_LIMIT }).then(() => performance.now() - s.t0);
      const [a, b, covMs] = await Promise.all([pa, pb, cov]);
      const r = { size, initialized: tInit, unknownCriterion: a.t - s.t0, unknownCriterionCodes: a.codes, syntax: b.t - s.t0, syntaxCodes: b.codes, coverage: covMs, files: m.controlFiles + 2 + m.policies, logs: s.logs.slice() };
      await s.quiet(300);
      r.finalCodesA = s.diagnostics.get(uriOf(fileA))?.map((d) => d.code);
      r.finalCodesB = s.diagnostics.get(uriOf(fileB))?.map((d) => d.code);
      out.push(r);
      log(`  ${size} run ${i + 1}: initialized ${tInit.toFixed(0)} ms; unknown criterion at ${r.unknownCriterion.toFixed(0)} ms [${a.codes}]; syntax error at ${r.syntax.toFixed(0)} ms [${b.codes}]; coverage at ${covMs.toFixed(0)} ms; load ${os.loadavg()[0].toFixed(2)}`);
    } finally {
      await s.shutdown();
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------

async function main() {
  fs.mkdirSync(OUT, { recursive: true });
  if (args.includes('--report-only')) {
    writeSection(path.join(BENCH, 'RESULTS.md'), renderSection(JSON.parse(fs.readFileSync(path.join(OUT, 'projects.json'), 'utf8'))));
    log('rewrote the Projects section of bench/RESULTS.md from bench/out/projects.json');
    return;
  }
  if (PROFILE) fs.mkdirSync(PROF_DIR, { recursive: true });
  const built = serverUnderTest();
  SERVER = built.server;
  const resultsFile = path.join(OUT, `projects${PROFILE ? '-profile' : ''}.json`);
  const prior = fs.existsSync(resultsFile) ? JSON.parse(fs.readFileSync(resultsFile, 'utf8')) : {};
  const load = () => os.loadavg().map((x) => x.toFixed(2)).join(', ');
  const metaNow = () => ({ date: new Date().toISOString().replace('T', ' ').slice(0, 16) + ' UTC', code: built.code, loadStart: load() });
  log(`measuring ${built.code}; load ${load()}`);
  const res = { ...prior };
  if (PART === 'all' || PART === 'layouts') {
    const meta = metaNow();
    res.layouts = { meta, ...(await layouts()) };
    meta.loadEnd = load();
    // Every run is kept in brief: the wall-clock ratio depends on whether a second core is free.
    if (!PROFILE) res.layoutsHistory = [...(prior.layoutsHistory ?? []), summarizeLayouts(res.layouts)];
  }
  if (PART === 'all' || PART === 'first') {
    const meta = metaNow();
    const first = {};
    for (const size of FIRST_SIZES) first[size] = await firstDiagnostics(size);
    res.first = { meta, sizes: first };
    meta.loadEnd = load();
  }
  res.machine = { cpu: os.cpus()[0]?.model?.trim(), cores: os.cpus().length, ramGB: os.totalmem() / 2 ** 30, kernel: `${os.type()} ${os.release()}`, node: process.version };
  fs.writeFileSync(resultsFile, JSON.stringify(res, null, 1));
  const section = renderSection(res);
  console.log(section);
  if (!args.includes('--no-write') && !PROFILE) {
    writeSection(path.join(BENCH, 'RESULTS.md'), section);
    log('wrote the Projects section of bench/RESULTS.md');
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
