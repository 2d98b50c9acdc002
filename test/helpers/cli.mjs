// The CLI as a user runs it: `node dist/cli.js ...` as a real process, on a fixed day, with its
// output as text, as parsed JSON or as CSV rows.
import { spawnSync } from 'node:child_process';
import { CLI, ROOT } from './paths.mjs';
import { TODAY } from './dates.mjs';

/**
 * Runs `node dist/cli.js ...args` with ATTEST_TODAY set to `today`. `preload` adds `--require`
 * modules; a run past `timeout` ms is killed (status null, signal set) instead of stalling the suite.
 */
export function runCli(args, { today = TODAY, cwd = ROOT, env = {}, preload = [], timeout = 60_000 } = {}) {
  const r = spawnSync(process.execPath, [...preload.flatMap((p) => ['--require', p]), CLI, ...args], {
    cwd,
    env: { ...process.env, ATTEST_TODAY: today, ...env },
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    timeout,
  });
  return { status: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr, error: r.error };
}

/** The run's output parsed as JSON (`json`), or an error quoting what came out instead. */
function withJson(r) {
  try {
    return { ...r, json: JSON.parse(r.stdout) };
  } catch {
    throw new Error(`not JSON (exit ${r.status}): ${r.stdout.slice(0, 500)}\n${r.stderr}`);
  }
}

export function runJson(args, opts) {
  return withJson(runCli(args, opts));
}

const memo = new Map();
/** runCli, run once per distinct arguments within a test file (the CLI is a pure function of its inputs). */
export function runCliOnce(args, opts = {}) {
  const key = JSON.stringify([args, opts]);
  if (!memo.has(key)) memo.set(key, runCli(args, opts));
  return memo.get(key);
}

export function runJsonOnce(args, opts) {
  return withJson(runCliOnce(args, opts));
}

/** Parses RFC 4180 CSV (quoted cells, doubled quotes, CRLF or LF rows). */
export function parseCsv(text) {
  const rows = [];
  let row = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += c;
  }
  if (cell !== '' || row.length) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}
