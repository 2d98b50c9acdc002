// What only the robustness tests need: span and range checks, a clean-exit check for the CLI, a
// child-process runner with a hard time and memory bound for inputs that could hang or exhaust the
// heap (so a regression fails the test instead of stalling the suite), fault injection, seeded
// bytes, and bounds on a language server that may hang or die. The rest is in test/helpers/.
import { createRequire } from 'node:module';
import { spawnSync } from 'node:child_process';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CORE } from '../../helpers/paths.mjs';
import { TODAY, day } from '../../helpers/dates.mjs';
import { core } from '../../helpers/core.mjs';
import { runCli } from '../../helpers/cli.mjs';

/** A --require preload that makes chosen paths fail with EACCES (chmod does not block root). */
export const DENY_PRELOAD = path.join(path.dirname(fileURLToPath(import.meta.url)), 'deny-fs.cjs');

/** The default config (no attest.yaml), as per-file analysis needs it. */
export function defaultConfig(text, catalogs = {}) {
  return core.loadConfig(text, { readFile: (rel) => catalogs[rel], today: day(TODAY) });
}

/** Asserts every finding's span is a whole-number range inside the text. */
export function assertSpansInside(findings, text, label = '') {
  for (const f of findings) {
    const { start, end } = f.span;
    assert.ok(Number.isInteger(start) && Number.isInteger(end), `${label} ${f.code}: non-integer span ${JSON.stringify(f.span)}`);
    assert.ok(start >= 0 && start <= end && end <= text.length, `${label} ${f.code} span ${start}..${end} outside 0..${text.length}: ${f.message}`);
  }
}

/** Asserts an LSP range lies inside the text (line exists, character within that line). */
export function assertRangeInside(range, text, label = '') {
  const li = new core.LineIndex(text);
  for (const p of [range.start, range.end]) {
    assert.ok(p.line >= 0 && p.line < li.lineCount, `${label}: line ${p.line} outside 0..${li.lineCount - 1}`);
    assert.ok(p.character >= 0 && p.character <= li.lineText(p.line).length, `${label}: character ${p.character} past the end of line ${p.line} (${li.lineText(p.line).length})`);
  }
  const a = range.start, b = range.end;
  assert.ok(a.line < b.line || (a.line === b.line && a.character <= b.character), `${label}: range ends before it starts`);
}

/** Asserts a CLI run ended by itself with one of the expected exit codes and no JS stack trace. */
export function assertCleanExit(r, codes, label = 'attest') {
  assert.ok(!r.error && r.signal === null, `${label} did not finish by itself (${r.error?.code ?? r.signal})`);
  assert.ok(codes.includes(r.status), `${label} exited ${r.status}, expected ${codes.join('/')}\nstderr: ${r.stderr.slice(0, 2000)}`);
  assert.doesNotMatch(r.stderr, /\n\s+at .+:\d+:\d+\)?\n/, `${label} printed a stack trace:\n${r.stderr.slice(0, 2000)}`);
}

/** Runs `node dist/cli.js check <root> --format json` and parses the report. */
export function checkJson(root, opts) {
  const r = runCli(['check', root, '--format', 'json', '--fail-on', 'none'], opts);
  assertCleanExit(r, [0], 'attest check');
  return { ...r, json: JSON.parse(r.stdout) };
}

/**
 * Runs `script` (CommonJS, with `core` and `day` in scope) in a fresh node with a small heap and a
 * time bound. Returns { ok, status, signal, stdout, stderr, result } where result is the value the
 * script passed to `done(value)` (JSON). A hang or heap exhaustion comes back as ok: false.
 */
export function runIsolated(script, { timeout = 20_000, heapMb = 160 } = {}) {
  const prelude = `const core = require(${JSON.stringify(CORE)});\nconst day = ${day.toString()};\nconst done = (v) => process.stdout.write('\\n@@RESULT@@' + JSON.stringify(v));\n`;
  const r = spawnSync(process.execPath, [`--max-old-space-size=${heapMb}`, '-e', prelude + script], { encoding: 'utf8', timeout, maxBuffer: 64 * 1024 * 1024 });
  const m = /@@RESULT@@(.*)$/s.exec(r.stdout ?? '');
  const outcome = r.error?.code === 'ETIMEDOUT' ? `timed out after ${timeout} ms` : r.signal ? `killed by ${r.signal}` : r.status !== 0 ? `exited ${r.status}` : 'ok';
  return { ok: outcome === 'ok' && !!m, outcome, status: r.status, signal: r.signal, stdout: r.stdout, stderr: (r.stderr ?? '').slice(-3000), result: m ? JSON.parse(m[1]) : undefined };
}

/** Sorted, comparable view of findings: code, span, message. */
export function normalizeFindings(findings) {
  return findings.map((f) => `${f.span.start}-${f.span.end} ${f.code} ${f.message}`).sort();
}

/** Pseudo-random bytes from a seed (deterministic, so failures reproduce). */
export function seededBytes(n, seed = 1) {
  const b = Buffer.alloc(n);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    b[i] = x & 0xff;
  }
  return b;
}

/**
 * Runs fn with fault injection in this process (the core reads through the shared `fs` module):
 * `deny` paths fail with EACCES on read/list; after `vanish.dir` is first listed, `vanish.remove`
 * paths are really deleted. Always restores fs.
 */
export function withFsFaults({ deny = [], vanish } = {}, fn) {
  const req = createRequire(import.meta.url);
  const nodeFs = req('node:fs');
  const denied = new Set(deny.map((p) => path.resolve(p)));
  const saved = {};
  let vanished = false;
  for (const name of ['readFileSync', 'openSync', 'readdirSync', 'opendirSync']) {
    const orig = (saved[name] = nodeFs[name]);
    nodeFs[name] = function (p, ...rest) {
      if (typeof p === 'string' && denied.has(path.resolve(p))) {
        const e = new Error(`EACCES: permission denied, ${name} '${p}'`);
        e.code = 'EACCES';
        throw e;
      }
      const out = orig.call(this, p, ...rest);
      if (name === 'readdirSync' && vanish && !vanished && typeof p === 'string' && path.resolve(p) === path.resolve(vanish.dir)) {
        vanished = true;
        for (const r of vanish.remove) saved.rmSync ? saved.rmSync(r, { recursive: true, force: true }) : nodeFs.rmSync(r, { recursive: true, force: true });
      }
      return out;
    };
  }
  try {
    return fn();
  } finally {
    for (const [name, orig] of Object.entries(saved)) nodeFs[name] = orig;
  }
}

/** Resolves like `promise`, or rejects with `label` after `ms` (the timer is cleared either way). */
export function within(promise, ms, label) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${typeof label === 'function' ? label() : label}: no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** A promise that rejects when the language server process of a TestClient exits. */
export function serverDeath(client) {
  const p = new Promise((_, reject) => client.proc.once('exit', (code, sig) => reject(new Error(`the server exited (${code ?? sig})\n${client.stderr.slice(-2000)}\n${client.logs.join('\n').slice(-2000)}`))));
  p.catch(() => {});
  return p;
}

/** Ends a TestClient's server without the shutdown handshake (for a server that may be stuck). */
export async function killClient(client) {
  if (client.proc.exitCode === null && client.proc.signalCode === null) {
    const exited = new Promise((resolve) => client.proc.once('exit', resolve));
    client.proc.kill('SIGKILL');
    await exited;
  }
  client.conn.dispose();
}
