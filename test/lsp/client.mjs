// A real LSP client for tests: spawns `node dist/server.js --stdio` and speaks JSON-RPC to it.
// Tests wait on messages (diagnostics, notifications, responses), never on sleeps.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const rpc = require('vscode-languageserver-protocol/node');

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const SERVER = path.join(ROOT, 'dist/server.js');

export function uriOf(p) {
  return pathToFileURL(p).href;
}

/** Copies a folder (e.g. examples/acme-saas) to a temp dir so tests can edit files freely. */
export function tempCopy(src, name = 'ws') {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attest-lsp-'));
  const dest = path.join(dir, name);
  fs.cpSync(src, dest, { recursive: true });
  return dest;
}

/** Writes a workspace from a { 'rel/path': 'text' } map into a temp folder. */
export function tempWorkspace(files, name = 'ws') {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attest-lsp-'));
  const root = path.join(dir, name);
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
  }
  fs.mkdirSync(root, { recursive: true });
  return root;
}

/** Zero-based position of the first occurrence of `needle` (plus `shift` characters) in `text`. */
export function pos(text, needle, shift = 0, occurrence = 0) {
  let i = -1;
  for (let n = 0; n <= occurrence; n++) {
    i = text.indexOf(needle, i + 1);
    if (i < 0) throw new Error(`"${needle}" not found`);
  }
  const off = i + shift;
  const before = text.slice(0, off);
  const line = before.split('\n').length - 1;
  return { line, character: off - (before.lastIndexOf('\n') + 1) };
}

export class TestClient {
  constructor({ configuration = true, settings = {}, env = {}, dynamicWatch = true, progress = true } = {}) {
    this.barriers = 0;
    this.proc = spawn(process.execPath, [SERVER, '--stdio'], { env: { ...process.env, ATTEST_TODAY: '2026-10-01', ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
    this.stderr = '';
    this.proc.stderr.on('data', (d) => (this.stderr += d));
    this.conn = rpc.createProtocolConnection(new rpc.StreamMessageReader(this.proc.stdout), new rpc.StreamMessageWriter(this.proc.stdin));
    this.diagnostics = new Map();
    this.diagWaiters = [];
    this.notifications = [];
    this.noteWaiters = [];
    this.logs = [];
    this.registrations = [];
    this.settings = settings;
    this.caps = {
      workspace: { configuration, didChangeWatchedFiles: { dynamicRegistration: dynamicWatch }, workspaceFolders: true, workspaceEdit: { documentChanges: true, resourceOperations: ['create'] } },
      window: { workDoneProgress: progress },
      textDocument: { publishDiagnostics: { relatedInformation: true }, rename: { prepareSupport: true }, completion: { completionItem: { snippetSupport: true } } },
    };
    /** Every publishDiagnostics received, in order: { uri, version, diagnostics }. */
    this.publishLog = [];
    this.conn.onNotification('textDocument/publishDiagnostics', (p) => {
      this.publishLog.push(p);
      this.diagnostics.set(p.uri, p.diagnostics);
      this.diagWaiters = this.diagWaiters.filter((w) => !w(p));
    });
    this.conn.onNotification((method, params) => {
      if (method === 'textDocument/publishDiagnostics') return;
      if (method === 'window/logMessage') this.logs.push(params.message);
      this.notifications.push({ method, params });
      this.noteWaiters = this.noteWaiters.filter((w) => !w(method, params));
    });
    // $/progress with a token nobody listens to (the server's own progress) is "unhandled" for jsonrpc.
    this.conn.onUnhandledProgress((p) => {
      this.notifications.push({ method: '$/progress', params: p });
      this.noteWaiters = this.noteWaiters.filter((w) => !w('$/progress', p));
    });
    // `settings` is the "attest" section, or a function of the folder's scopeUri returning it.
    this.configurationRequests = 0;
    this.conn.onRequest('workspace/configuration', (p) => {
      this.configurationRequests++;
      return p.items.map((it) => (it.section === 'attest' ? (typeof this.settings === 'function' ? this.settings(it.scopeUri) : this.settings) : null));
    });
    this.conn.onRequest('client/registerCapability', (p) => {
      this.registrations.push(...p.registrations);
      this.notifications.push({ method: 'client/registerCapability', params: p });
      this.noteWaiters = this.noteWaiters.filter((w) => !w('client/registerCapability', p));
      return null;
    });
    this.conn.onRequest('window/workDoneProgress/create', () => null);
    this.conn.listen();
    this.versions = new Map();
  }

  /** A client on `root` once the server has indexed it (the usual start of a test suite). */
  static async indexed(root, options) {
    const c = new TestClient(options);
    await c.initialize(root);
    await c.coverage();
    return c;
  }

  async initialize(folders) {
    // An empty list starts the server as an editor does on a lone file: no rootUri, no folders.
    const list = Array.isArray(folders) ? folders : [folders];
    const result = await this.conn.sendRequest('initialize', {
      processId: process.pid,
      rootUri: list.length ? uriOf(list[0]) : null,
      workspaceFolders: list.length ? list.map((f) => ({ uri: uriOf(f), name: path.basename(f) })) : null,
      capabilities: this.caps,
    });
    this.conn.sendNotification('initialized', {});
    return result;
  }

  /** Resolves with the coverage once the initial scan of the folder is complete. */
  coverage(folder) {
    return this.conn.sendRequest('attest/coverage', folder ? { folder: uriOf(folder) } : {});
  }

  request(method, params) {
    return this.conn.sendRequest(method, params);
  }

  open(file, text = fs.readFileSync(file, 'utf8'), languageId = file.endsWith('.md') ? 'markdown' : 'yaml') {
    const uri = uriOf(file);
    this.versions.set(uri, 1);
    this.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
    return uri;
  }

  /** Replaces the whole text of an open document. */
  change(file, text) {
    const uri = uriOf(file);
    const v = (this.versions.get(uri) ?? 1) + 1;
    this.versions.set(uri, v);
    this.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version: v }, contentChanges: [{ text }] });
    return v;
  }

  /** Incremental change: `edits` is a list of { range, text } applied in order to the open document. */
  edit(file, edits) {
    const uri = uriOf(file);
    const v = (this.versions.get(uri) ?? 1) + 1;
    this.versions.set(uri, v);
    this.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version: v }, contentChanges: edits.map((e) => ({ range: e.range, text: e.text })) });
    return v;
  }

  close(file) {
    this.conn.sendNotification('textDocument/didClose', { textDocument: { uri: uriOf(file) } });
  }

  watched(changes) {
    this.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: changes.map(([file, type]) => ({ uri: uriOf(file), type })) });
  }

  /** Waits until the diagnostics published for `file` satisfy `predicate` (checks the latest ones first). */
  waitForDiagnostics(file, predicate, timeoutMs = 20000) {
    const uri = uriOf(file);
    const current = this.diagnostics.get(uri);
    if (current && predicate(current)) return Promise.resolve(current);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out waiting for diagnostics on ${uri}; last: ${JSON.stringify(this.diagnostics.get(uri)?.map((d) => d.code))}\n${this.stderr}`)), timeoutMs);
      this.diagWaiters.push((p) => {
        if (p.uri !== uri || !predicate(p.diagnostics)) return false;
        clearTimeout(timer);
        resolve(p.diagnostics);
        return true;
      });
    });
  }

  /** Waits for a notification (or client/registerCapability request) matching `predicate`, including ones already received. */
  waitForMessage(method, predicate = () => true, timeoutMs = 20000) {
    const seen = this.notifications.find((n) => n.method === method && predicate(n.params));
    if (seen) return Promise.resolve(seen.params);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out waiting for ${method}`)), timeoutMs);
      this.noteWaiters.push((m, p) => {
        if (m !== method || !predicate(p)) return false;
        clearTimeout(timer);
        resolve(p);
        return true;
      });
    });
  }

  waitForNotification(method, timeoutMs = 20000) {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out waiting for ${method}`)), timeoutMs);
      this.noteWaiters.push((m, p) => {
        if (m !== method) return false;
        clearTimeout(timer);
        resolve(p);
        return true;
      });
    });
  }

  /**
   * Waits until the server has handled every message sent before: opens (then edits) an unsaved
   * control `controls/zz-barrier.yaml` under `root` with a fresh unknown criterion and waits for its
   * diagnostics. The barrier control maps nothing real, so it changes no other file's findings.
   */
  async barrier(root, dir = 'controls') {
    const file = path.join(root, dir, 'zz-barrier.yaml');
    const n = (this.barriers = (this.barriers ?? 0) + 1);
    const text = `id: ZZ-BARRIER\ntitle: Barrier\nowner: test\ncriteria: [ZZ${n}]\n`;
    if (this.versions.has(uriOf(file))) this.change(file, text);
    else this.open(file, text);
    await this.waitForDiagnostics(file, (d) => d.some((x) => x.message.includes(`ZZ${n}`)));
  }

  /** publishDiagnostics received after index `from` of publishLog, counted per uri (barrier file excluded). */
  publishCounts(from = 0) {
    const out = {};
    for (const p of this.publishLog.slice(from)) {
      if (p.uri.endsWith('/zz-barrier.yaml')) continue;
      out[p.uri] = (out[p.uri] ?? 0) + 1;
    }
    return out;
  }

  async shutdown() {
    if (this.proc.exitCode !== null || this.proc.signalCode !== null) {
      this.conn.dispose();
      return;
    }
    try {
      await this.conn.sendRequest('shutdown');
      this.conn.sendNotification('exit');
      let timer;
      await Promise.race([once(this.proc, 'exit'), new Promise((r) => (timer = setTimeout(r, 3000)))]);
      clearTimeout(timer);
    } finally {
      this.proc.kill();
      this.conn.dispose();
    }
  }
}

export const codes = (diags) => diags.map((d) => d.code);

/** Offset of an LSP position in `text` (UTF-16 code units, as LSP counts by default). */
export function offsetAt(text, position) {
  const lines = text.split('\n');
  let off = 0;
  for (let i = 0; i < position.line && i < lines.length; i++) off += lines[i].length + 1;
  return off + position.character;
}

/** The text an LSP range covers. */
export function textAt(text, range) {
  return text.slice(offsetAt(text, range.start), offsetAt(text, range.end));
}

/** Applies LSP TextEdits (all relative to the original text) and returns the new text. */
export function applyEdits(text, edits) {
  const sorted = edits
    .map((e, i) => ({ start: offsetAt(text, e.range.start), end: offsetAt(text, e.range.end), newText: e.newText, i }))
    .sort((a, b) => b.start - a.start || b.end - a.end || b.i - a.i);
  for (const e of sorted) text = text.slice(0, e.start) + e.newText + text.slice(e.end);
  return text;
}

/**
 * Applies a WorkspaceEdit (`changes` or `documentChanges`, with create/rename/delete) to a map of
 * uri -> text (a Map, modified in place; `read(uri)` supplies texts not in the map yet). Returns the map.
 */
export function applyWorkspaceEdit(edit, files = new Map(), read = (uri) => fs.readFileSync(fileURLToPath(uri), 'utf8')) {
  const get = (uri) => {
    if (!files.has(uri)) files.set(uri, read(uri));
    return files.get(uri);
  };
  for (const [uri, edits] of Object.entries(edit.changes ?? {})) files.set(uri, applyEdits(get(uri), edits));
  for (const ch of edit.documentChanges ?? []) {
    if (ch.kind === 'create') {
      if (!files.has(ch.uri) || !ch.options?.ignoreIfExists) files.set(ch.uri, '');
    } else if (ch.kind === 'delete') files.delete(ch.uri);
    else if (ch.kind === 'rename') {
      files.set(ch.newUri, get(ch.oldUri));
      files.delete(ch.oldUri);
    } else files.set(ch.textDocument.uri, applyEdits(get(ch.textDocument.uri), ch.edits));
  }
  return files;
}

/** The markdown/plain text of a hover result. */
export function hoverText(h) {
  if (!h) return '';
  const c = h.contents;
  if (typeof c === 'string') return c;
  if (Array.isArray(c)) return c.map((x) => (typeof x === 'string' ? x : x.value)).join('\n');
  return c.value;
}

/** A snapshot of every file under `root`: relative path -> { mtimeMs, text }. */
export function snapshot(root) {
  const out = {};
  const walk = (dir) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else out[path.relative(root, p)] = { mtimeMs: fs.statSync(p).mtimeMs, text: fs.readFileSync(p, 'latin1') };
    }
  };
  walk(root);
  return out;
}
