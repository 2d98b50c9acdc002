#!/usr/bin/env node
// Soak test of the language server (not part of the test suite):
//
//   node bench/soak.mjs [--minutes 10] [--seed 1] [--generated 300] [--register 2000] [--json]
//
// Copies examples/acme-saas to a temp folder, adds generated controls, policies and a register,
// starts `node dist/server.js --stdio`, and for --minutes keeps it busy with random edits across
// the files (incremental and full, valid and broken YAML, opens and closes, changes on disk with
// file-watch events, attest.yaml scope changes) interleaved with requests (hover, completion,
// code actions, symbols, references, definition, rename preparation, coverage, plan).
// Every request must be answered within 30 s; diagnostics must keep flowing (a barrier file is
// edited every few seconds and its diagnostics awaited).
//
// Reports the server's memory (VmRSS from /proc/<pid>/status) at the start (after the initial
// scan), every minute and at the end, whether it answered every request, and whether, once every
// document is closed, its diagnostics equal what the core computes from the files on disk.
// Exit code 0 when the server stayed up and answered everything, 1 otherwise.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { TestClient, uriOf } from '../test/lsp/client.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const core = require(path.join(ROOT, 'dist/core.js'));
const rpc = require('vscode-languageserver-protocol/node');

// ---------------------------------------------------------------------------------------------
// Options

function option(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  if (i >= 0 && process.argv[i + 1] !== undefined) return process.argv[i + 1];
  const eq = process.argv.find((a) => a.startsWith(`--${name}=`));
  return eq ? eq.slice(name.length + 3) : fallback;
}
const MINUTES = Number(option('minutes', '10'));
const SEED = Number(option('seed', '1'));
const GENERATED = Number(option('generated', '300'));
const REGISTER = Number(option('register', '2000'));
const AS_JSON = process.argv.includes('--json');
const REQUEST_TIMEOUT_MS = 30_000;
const TODAY = '2026-10-01';
if (!(MINUTES > 0)) {
  console.error('usage: node bench/soak.mjs [--minutes 10] [--seed 1] [--generated 300] [--register 2000] [--json]');
  process.exit(2);
}
if (!fs.existsSync(path.join(ROOT, 'dist/server.js'))) {
  console.error('dist/server.js is missing: run `node scripts/build.mjs` first');
  process.exit(2);
}

// ---------------------------------------------------------------------------------------------
// Random helpers (seeded, so a run can be replayed)

let state = SEED >>> 0 || 1;
function rand() {
  state ^= state << 13;
  state >>>= 0;
  state ^= state >>> 17;
  state ^= state << 5;
  state >>>= 0;
  return state / 2 ** 32;
}
const pick = (xs) => xs[Math.floor(rand() * xs.length)];
const chance = (p) => rand() < p;

// ---------------------------------------------------------------------------------------------
// Workspace

const CRITERIA = ['CC1.1', 'CC2.1', 'CC3.2', 'CC4.1', 'CC5.2', 'CC6.1', 'CC6.2', 'CC6.3', 'CC6.6', 'CC6.8', 'CC7.1', 'CC7.2', 'CC7.3', 'CC8.1', 'CC9.1', 'CC9.2', 'A1.1', 'A1.2', 'C1.1'];
const POLICIES = ['POL-ACCESS', 'POL-ISP', 'POL-CHANGE', 'POL-IR', 'POL-BCP'];
const FREQS = ['daily', 'weekly', 'monthly', 'quarterly', 'annually', 'continuous'];

function generatedControl(i) {
  const crits = [pick(CRITERIA), pick(CRITERIA)];
  let s = `id: GEN-${String(i).padStart(4, '0')}\ntitle: Generated control ${i}\nowner: team-${i % 7}\nstatus: ${pick(['implemented', 'implemented', 'planned'])}\n`;
  s += `frequency: ${pick(FREQS)}\ncriteria: [${[...new Set(crits)].join(', ')}]\npolicies: [${pick(POLICIES)}]\n`;
  s += `evidence:\n  - title: Sample ${i}\n    collected: 2026-0${1 + (i % 9)}-1${i % 10}\n    link: https://evidence.example/${i}\n`;
  return s;
}

function generatedPolicy(i) {
  return `---\nid: POL-GEN-${i}\ntitle: Generated policy ${i}\nowner: owner-${i}\nversion: "1.${i}"\nstatus: approved\napproved: 2026-01-1${i % 10}\nreview: annually\ncriteria: [${pick(CRITERIA)}, ${pick(CRITERIA)}]\n---\n# Generated policy ${i}\n\n## Purpose\n\nText.\n`;
}

function register(n) {
  const lines = ['controls:'];
  for (let i = 0; i < n; i++) lines.push(`  - id: REG-${i}`, `    title: Register control ${i}`, `    owner: ops`, `    criteria: [${pick(CRITERIA)}]`);
  return lines.join('\n') + '\n';
}

function makeWorkspace() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attest-soak-'));
  const root = path.join(dir, 'ws');
  fs.cpSync(path.join(ROOT, 'examples/acme-saas'), root, { recursive: true });
  fs.mkdirSync(path.join(root, 'controls/generated'), { recursive: true });
  fs.mkdirSync(path.join(root, 'policies/generated'), { recursive: true });
  for (let i = 0; i < GENERATED; i++) fs.writeFileSync(path.join(root, `controls/generated/GEN-${i}.yaml`), generatedControl(i));
  for (let i = 0; i < Math.max(1, Math.floor(GENERATED / 20)); i++) fs.writeFileSync(path.join(root, `policies/generated/gen-${i}.md`), generatedPolicy(i));
  if (REGISTER > 0) fs.writeFileSync(path.join(root, 'controls/generated/register.yaml'), register(REGISTER));
  return { dir, root };
}

function listFiles(root) {
  const out = [];
  const walk = (rel) => {
    for (const e of fs.readdirSync(path.join(root, rel), { withFileTypes: true })) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(r);
      else if (/\.(ya?ml|md)$/.test(e.name) && (r.startsWith('controls/') || r.startsWith('policies/') || r === 'attest.yaml')) out.push(r);
    }
  };
  walk('');
  return out.sort();
}

// ---------------------------------------------------------------------------------------------
// Edits

const SNIPPETS = ['CC6.1', 'CC9.9', 'x', '\n', ': ', '- ', '[', ']', '{', '"', "'", '#', '\t', '---\n', 'POL-NOPE', '&a ', '*a', 'owner: someone\n', '  - title: e\n    collected: 2026-05-01\n', '<<<<<<< HEAD\n', 'é', '😀'];

function randomEdit(text) {
  const li = new core.LineIndex(text);
  const kind = rand();
  if (kind < 0.55) {
    const a = Math.floor(rand() * (text.length + 1));
    const b = Math.min(text.length, a + (chance(0.5) ? 0 : Math.floor(rand() * 12)));
    const insert = chance(0.8) ? pick(SNIPPETS) : '';
    return { edits: [{ range: li.range({ start: a, end: b }), text: insert }], text: text.slice(0, a) + insert + text.slice(b) };
  }
  if (kind < 0.75) {
    // Retype a criterion somewhere in the file.
    const found = [...text.matchAll(/\b(CC\d\.\d|A1\.\d|C1\.\d)\b/g)];
    if (found.length) {
      const m = pick(found);
      const replacement = pick(CRITERIA.concat(['CC9.99', 'CC6.11', 'cc6.1']));
      const at = m.index;
      return { edits: [{ range: li.range({ start: at, end: at + m[0].length }), text: replacement }], text: text.slice(0, at) + replacement + text.slice(at + m[0].length) };
    }
  }
  // Delete or duplicate a whole line.
  const lines = text.split('\n');
  const i = Math.floor(rand() * lines.length);
  const start = li.offset({ line: i, character: 0 });
  const end = li.offset({ line: i + 1, character: 0 });
  if (chance(0.5)) return { edits: [{ range: li.range({ start, end }), text: '' }], text: text.slice(0, start) + text.slice(end) };
  const dup = text.slice(start, end) || '\n';
  return { edits: [{ range: li.range({ start, end: start }), text: dup }], text: text.slice(0, start) + dup + text.slice(start) };
}

// ---------------------------------------------------------------------------------------------
// Memory

function vmRssKb(pid) {
  try {
    const m = /VmRSS:\s+(\d+)\s+kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : undefined;
  } catch {
    return undefined;
  }
}
const mb = (kb) => (kb === undefined ? 'n/a' : `${(kb / 1024).toFixed(1)} MB`);

// ---------------------------------------------------------------------------------------------
// Run

const stats = { edits: 0, fullChanges: 0, opens: 0, closes: 0, diskChanges: 0, configChanges: 0, requests: 0, answered: 0, errors: 0, timeouts: 0, barriers: 0, barrierTimeouts: 0, publishes: 0 };
const errorSamples = [];
const memory = [];

function timed(promise, label) {
  stats.requests++;
  let timer;
  const timeout = new Promise((resolve) => {
    timer = setTimeout(() => resolve('timeout'), REQUEST_TIMEOUT_MS);
  });
  return Promise.race([
    promise.then(
      () => 'answered',
      (e) => (e?.code === -32803 || e?.code === -32602 || e?.code === -32800 ? 'answered' : `error ${e?.code} ${e?.message}`),
    ),
    timeout,
  ]).then((outcome) => {
    clearTimeout(timer);
    if (outcome === 'answered') stats.answered++;
    else if (outcome === 'timeout') {
      stats.timeouts++;
      if (errorSamples.length < 20) errorSamples.push(`${label}: no answer within ${REQUEST_TIMEOUT_MS} ms`);
    } else {
      stats.errors++;
      if (errorSamples.length < 20) errorSamples.push(`${label}: ${outcome}`);
    }
    return outcome;
  });
}

async function main() {
  const { dir, root } = makeWorkspace();
  const files = listFiles(root).filter((r) => r !== 'attest.yaml');
  const original = Object.fromEntries(files.map((r) => [r, fs.readFileSync(path.join(root, r), 'utf8')]));
  const configText = fs.readFileSync(path.join(root, 'attest.yaml'), 'utf8');
  const c = new TestClient();
  let exited = null;
  c.proc.once('exit', (code, signal) => (exited = { code, signal }));
  const t0 = Date.now();
  await c.initialize(root);
  await timed(c.coverage(), 'initial coverage');
  const pid = c.proc.pid;
  const startRss = vmRssKb(pid);
  memory.push({ minute: 0, rssKb: startRss });
  const log = (msg) => AS_JSON || process.stderr.write(`[soak ${((Date.now() - t0) / 1000).toFixed(0)}s] ${msg}\n`);
  log(`workspace ${root}: ${files.length} files; initial scan ${Date.now() - t0} ms; VmRSS ${mb(startRss)}`);

  const open = new Map(); // rel -> current editor text
  const deadline = Date.now() + MINUTES * 60_000;
  let nextSample = Date.now() + 60_000;
  let nextBarrier = Date.now() + 3_000;
  let iteration = 0;

  while (Date.now() < deadline && !exited) {
    iteration++;
    const rel = pick(files);
    const file = path.join(root, rel);
    const pending = [];
    const r = rand();
    if (r < 0.04 && rel.startsWith('controls/generated/GEN-') && !open.has(rel)) {
      // The file changes on disk (another tool, a git checkout) and the watcher reports it.
      fs.writeFileSync(file, chance(0.7) ? generatedControl(Math.floor(rand() * 9999)) : original[rel]);
      c.watched([[file, 2]]);
      stats.diskChanges++;
    } else if (r >= 0.04 && r < 0.045) {
      const scoped = chance(0.5) ? configText : configText.replace(/  - confidentiality\n/, '');
      const cfg = path.join(root, 'attest.yaml');
      c.open(cfg, configText);
      c.change(cfg, scoped);
      c.close(cfg);
      stats.configChanges++;
    } else if (!open.has(rel)) {
      const text = fs.readFileSync(file, 'utf8');
      c.open(file, text);
      open.set(rel, text);
      stats.opens++;
    } else if (r < 0.1) {
      c.close(file);
      open.delete(rel);
      stats.closes++;
    } else if (r < 0.15) {
      // A full replacement: the original, or a broken version of it.
      const text = chance(0.5) ? original[rel] : original[rel].replace(/:/g, chance(0.5) ? ': [' : ':\t');
      c.change(file, text);
      open.set(rel, text);
      stats.fullChanges++;
    } else {
      // A burst of incremental edits.
      let text = open.get(rel);
      const n = 1 + Math.floor(rand() * 5);
      for (let i = 0; i < n; i++) {
        const e = randomEdit(text);
        c.edit(file, e.edits);
        text = e.text;
        stats.edits++;
      }
      open.set(rel, text);
    }
    // Requests on the file just edited (open or closed).
    const uri = uriOf(file);
    const text = open.get(rel) ?? original[rel];
    const li = new core.LineIndex(text);
    const position = li.position(Math.floor(rand() * (text.length + 1)));
    const td = { textDocument: { uri } };
    const requests = [
      ['textDocument/hover', { ...td, position }],
      ['textDocument/completion', { ...td, position }],
      ['textDocument/definition', { ...td, position }],
      ['textDocument/references', { ...td, position, context: { includeDeclaration: true } }],
      ['textDocument/documentSymbol', td],
      ['textDocument/codeLens', td],
      ['textDocument/prepareRename', { ...td, position }],
      ['textDocument/codeAction', { ...td, range: { start: position, end: position }, context: { diagnostics: c.diagnostics.get(uri)?.slice(0, 5) ?? [] } }],
    ];
    for (let i = 0; i < 2; i++) {
      const [method, params] = pick(requests);
      pending.push(timed(c.request(method, params), method));
    }
    if (iteration % 25 === 0) pending.push(timed(c.coverage(), 'attest/coverage'));
    if (iteration % 40 === 0) pending.push(timed(c.request('attest/plan', {}), 'attest/plan'));
    if (iteration % 60 === 0) pending.push(timed(c.request('workspace/symbol', { query: pick(['GEN', 'AC', 'POL', '']) }), 'workspace/symbol'));
    if (iteration % 15 === 0) {
      // A cancelled request must not disturb anything.
      const src = new rpc.CancellationTokenSource();
      const p = c.conn.sendRequest('textDocument/hover', { ...td, position }, src.token);
      src.cancel();
      pending.push(timed(p, 'cancelled hover'));
    }
    await Promise.all(pending);
    if (Date.now() >= nextBarrier) {
      nextBarrier = Date.now() + 3_000;
      stats.barriers++;
      const ok = await Promise.race([c.barrier(root).then(() => true, () => false), new Promise((res) => setTimeout(() => res(false), REQUEST_TIMEOUT_MS))]);
      if (!ok) {
        stats.barrierTimeouts++;
        if (errorSamples.length < 20) errorSamples.push('barrier: diagnostics did not arrive');
      }
    }
    if (Date.now() >= nextSample) {
      nextSample += 60_000;
      const rss = vmRssKb(pid);
      memory.push({ minute: Math.round((Date.now() - t0) / 60_000), rssKb: rss });
      log(`VmRSS ${mb(rss)}; ${stats.edits} edits, ${stats.requests} requests (${stats.timeouts} unanswered, ${stats.errors} errors)`);
    }
  }

  // Settle: close everything (the disk is the truth again) and compare with the core.
  let consistent;
  let mismatches = [];
  if (!exited) {
    for (const rel of open.keys()) c.close(path.join(root, rel));
    open.clear();
    await Promise.race([c.barrier(root), new Promise((res) => setTimeout(res, REQUEST_TIMEOUT_MS))]);
    await timed(c.coverage(), 'final coverage');
    const { ws } = core.loadWorkspace(root, { today: core.today({ ATTEST_TODAY: TODAY }) });
    for (const rel of ['attest.yaml', ...listFiles(root).filter((r) => r !== 'attest.yaml')]) {
      const li = ws.lineIndex(rel);
      const want = li ? core.capFindings(ws.findings(rel), 100).map((f) => JSON.stringify([f.code, li.range(f.span), f.message])) : [];
      const got = (c.diagnostics.get(uriOf(path.join(root, rel))) ?? []).map((d) => JSON.stringify([d.code, d.range, d.message]));
      if (JSON.stringify(want) !== JSON.stringify(got)) {
        mismatches.push(rel);
        if (process.env.SOAK_DEBUG) console.error(rel, '\n want', want, '\n got ', got);
      }
    }
    consistent = mismatches.length === 0;
  }
  const endRss = exited ? undefined : vmRssKb(pid);
  memory.push({ minute: Math.round((Date.now() - t0) / 60_000), rssKb: endRss });
  stats.publishes = c.publishLog.length;
  const failedHandlers = c.logs.filter((l) => /failed/.test(l));
  const summary = {
    minutes: MINUTES,
    seed: SEED,
    files: files.length,
    serverAlive: !exited,
    serverExit: exited && { ...exited },
    memory: { startKb: startRss, endKb: endRss, maxKb: Math.max(...memory.map((m) => m.rssKb ?? 0)), samples: memory },
    answeredEveryRequest: stats.timeouts === 0 && stats.errors === 0 && !exited,
    diagnosticsKeptFlowing: stats.barrierTimeouts === 0,
    consistentAfterClose: consistent,
    mismatchedFiles: mismatches.slice(0, 20),
    failedHandlers: failedHandlers.length,
    failedHandlerSamples: failedHandlers.slice(0, 5).map((l) => l.split('\n').slice(0, 3).join(' | ')),
    errorSamples,
    ...stats,
  };
  if (exited === null) await c.shutdown().catch(() => c.proc.kill());
  fs.rmSync(dir, { recursive: true, force: true });

  if (AS_JSON) console.log(JSON.stringify(summary, null, 2));
  else {
    console.log(`Attest server soak: ${MINUTES} min, seed ${SEED}, ${files.length} files`);
    console.log(`  memory (VmRSS): start ${mb(startRss)}, end ${mb(endRss)}, max ${mb(summary.memory.maxKb)}`);
    console.log(`  per minute:     ${memory.map((m) => `${m.minute}m ${mb(m.rssKb)}`).join(', ')}`);
    console.log(`  edits ${stats.edits} incremental + ${stats.fullChanges} full, ${stats.opens} opens, ${stats.closes} closes, ${stats.diskChanges} disk changes, ${stats.configChanges} attest.yaml changes`);
    console.log(`  requests ${stats.requests}: ${stats.answered} answered, ${stats.errors} errors, ${stats.timeouts} unanswered`);
    console.log(`  diagnostics: ${stats.publishes} published; ${stats.barriers} barriers, ${stats.barrierTimeouts} timed out`);
    console.log(`  server alive: ${summary.serverAlive}${summary.serverExit ? ` (exited ${summary.serverExit.code ?? summary.serverExit.signal})` : ''}; answered every request: ${summary.answeredEveryRequest}`);
    console.log(`  consistent with the core after closing everything: ${consistent}${mismatches.length ? ` (${mismatches.slice(0, 5).join(', ')})` : ''}`);
    console.log(`  handler failures logged: ${failedHandlers.length}`);
    for (const e of errorSamples) console.log(`  ! ${e}`);
    for (const e of summary.failedHandlerSamples) console.log(`  ! ${e}`);
  }
  process.exit(summary.answeredEveryRequest && summary.diagnosticsKeptFlowing ? 0 : 1);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
