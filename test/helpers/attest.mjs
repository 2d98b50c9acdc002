// Shared helpers for the unit and CLI tests: the core bundle, positions found by matching text,
// in-memory and on-disk workspaces, and the CLI run as a real process.
import { createRequire } from 'node:module';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
export const ROOT = path.resolve(here, '../..');
export const FIXTURES = path.join(ROOT, 'test/fixtures');
export const EXAMPLE = path.join(ROOT, 'examples/acme-saas');
/** The comply corpus, kept beside the repository (../shared/corpus); tests skip when a clone has none. */
export const CORPUS = path.resolve(ROOT, '../shared/corpus/comply-soc2');
/** `skip` option for tests that read the corpus: false when present, else why they are skipped. */
export const CORPUS_SKIP = fs.existsSync(CORPUS) ? false : `the comply corpus is not at ${CORPUS} (../shared/corpus beside the repository)`;
export const CLI = path.join(ROOT, 'dist/cli.js');

export const core = createRequire(import.meta.url)('../../dist/core.js');

/** Epoch day of a YYYY-MM-DD date (independent of the code under test). */
export function day(s) {
  const [y, m, d] = s.split('-').map(Number);
  return Date.UTC(y, m - 1, d) / 86_400_000;
}

/** YYYY-MM-DD of `s` shifted by `n` days. */
export function addDays(s, n) {
  return new Date((day(s) + n) * 86_400_000).toISOString().slice(0, 10);
}

/**
 * Offset (UTF-16 units) of the `nth` occurrence of `needle` in `text`, searching from the
 * first occurrence of `after` when given. Throws when not found, so tests never pass on a typo.
 */
export function offsetOf(text, needle, { after, nth = 0 } = {}) {
  let from = 0;
  if (after !== undefined) {
    from = text.indexOf(after);
    if (from < 0) throw new Error(`anchor ${JSON.stringify(after)} not in text`);
  }
  let at = text.indexOf(needle, from);
  for (let i = 0; i < nth && at >= 0; i++) at = text.indexOf(needle, at + 1);
  if (at < 0) throw new Error(`needle ${JSON.stringify(needle)} not in text`);
  return at;
}

/** Zero-based {line, character} of an offset, lines split at \r\n, \n or \r, characters in UTF-16 units. */
export function positionAt(text, offset) {
  let line = 0;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    const c = text[i];
    if (c === '\n' || (c === '\r' && text[i + 1] !== '\n')) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, character: offset - lineStart };
}

/** {line, character} of a needle in a text (see offsetOf for options). */
export function pos(text, needle, opts) {
  return positionAt(text, offsetOf(text, needle, opts));
}

/** The LSP range covering exactly the needle. */
export function rangeOf(text, needle, opts) {
  const start = offsetOf(text, needle, opts);
  return { start: positionAt(text, start), end: positionAt(text, start + needle.length) };
}

/** A ProjectIndex in memory: attest.yaml (optional) and files by workspace-relative path. */
export function memoryWorkspace({ config, files = {}, today = '2026-10-01', catalogs = {} } = {}) {
  const ws = new core.ProjectIndex({ readFile: (rel) => catalogs[rel], today: day(today) });
  if (config !== undefined) ws.setConfig(config);
  for (const [rel, text] of Object.entries(files)) ws.setFile(rel, text);
  return ws;
}

/** The findings of one file with their LSP ranges and covered text. */
export function findingsOf(ws, rel) {
  const text = ws.text(rel) ?? '';
  const li = new core.LineIndex(text);
  return ws.findings(rel).map((f) => ({ code: f.code, severity: f.severity, message: f.message, range: li.range(f.span), text: text.slice(f.span.start, f.span.end), data: f.data }));
}

/** The findings of `rel` with a given code. */
export function withCode(ws, rel, code) {
  return findingsOf(ws, rel).filter((f) => f.code === code);
}

/** Writes files (path -> text) into a fresh temp folder and returns it. */
export function tempWorkspace(files, prefix = 'attest-test-') {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  writeFiles(dir, files);
  return dir;
}

export function writeFiles(dir, files) {
  for (const [rel, text] of Object.entries(files)) {
    const abs = path.join(dir, rel);
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    fs.writeFileSync(abs, text);
  }
}

export function removeDir(dir) {
  fs.rmSync(dir, { recursive: true, force: true });
}

/** Copies a folder recursively (corpus files are copied as they are, never edited). */
export function copyDir(from, to) {
  fs.cpSync(from, to, { recursive: true });
}

/** Runs `node dist/cli.js ...args` as a real process with a fixed ATTEST_TODAY. */
export function runCli(args, { today = '2026-10-01', cwd = ROOT, env = {} } = {}) {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd,
    env: { ...process.env, ATTEST_TODAY: today, ...env },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

export function runJson(args, opts) {
  const r = runCli(args, opts);
  let json;
  try {
    json = JSON.parse(r.stdout);
  } catch (e) {
    throw new Error(`not JSON (exit ${r.status}): ${r.stdout.slice(0, 500)}\n${r.stderr}`);
  }
  return { ...r, json };
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

/** The 61 criterion ids of TSC 2017, written out from the standard (not from the code). */
export function tscIds() {
  const ids = [];
  const series = [
    ['CC1', 5], ['CC2', 3], ['CC3', 4], ['CC4', 2], ['CC5', 3], ['CC6', 8], ['CC7', 5], ['CC8', 1], ['CC9', 2],
    ['A1', 3], ['C1', 2], ['PI1', 5],
    ['P1', 1], ['P2', 1], ['P3', 2], ['P4', 3], ['P5', 2], ['P6', 7], ['P7', 1], ['P8', 1],
  ];
  for (const [s, n] of series) for (let i = 1; i <= n; i++) ids.push(`${s}.${i}`);
  return ids;
}

/** Minimal valid control YAML with overrides (extra lines appended verbatim). */
export function control(id, { title = `Control ${id}`, owner = 'security-team', criteria = ['CC6.1'], extra = '' } = {}) {
  let s = `id: ${id}\ntitle: ${title}\n`;
  if (owner) s += `owner: ${owner}\n`;
  if (criteria) s += `criteria: [${criteria.join(', ')}]\n`;
  return s + extra;
}

/** Minimal valid policy Markdown with overrides. */
export function policy(id, { title = `Policy ${id}`, owner = 'CISO', criteria = ['CC6.1'], extra = '' } = {}) {
  let s = `---\nid: ${id}\ntitle: ${title}\n`;
  if (owner) s += `owner: ${owner}\n`;
  if (criteria) s += `criteria: [${criteria.join(', ')}]\n`;
  return s + extra + `---\n# ${title}\n\nBody.\n`;
}

const memo = new Map();
/** runCli, run once per distinct arguments within a test file (the CLI is a pure function of its inputs). */
export function runCliOnce(args, opts = {}) {
  const key = JSON.stringify([args, opts]);
  if (!memo.has(key)) memo.set(key, runCli(args, opts));
  return memo.get(key);
}

export function runJsonOnce(args, opts) {
  const r = runCliOnce(args, opts);
  try {
    return { ...r, json: JSON.parse(r.stdout) };
  } catch {
    throw new Error(`not JSON (exit ${r.status}): ${r.stdout.slice(0, 500)}\n${r.stderr}`);
  }
}
