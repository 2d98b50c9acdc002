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
    this.conn.onNotification('textDocument/publishDiagnostics', (p) => {
      this.diagnostics.set(p.uri, p.diagnostics);
      this.diagWaiters = this.diagWaiters.filter((w) => !w(p));
    });
    this.conn.onNotification((method, params) => {
      if (method === 'textDocument/publishDiagnostics') return;
      if (method === 'window/logMessage') this.logs.push(params.message);
      this.notifications.push({ method, params });
      this.noteWaiters = this.noteWaiters.filter((w) => !w(method, params));
    });
    this.conn.onRequest('workspace/configuration', (p) => p.items.map((it) => (it.section === 'attest' ? this.settings : null)));
    this.conn.onRequest('client/registerCapability', (p) => {
      this.registrations.push(...p.registrations);
      return null;
    });
    this.conn.onRequest('window/workDoneProgress/create', () => null);
    this.conn.listen();
    this.versions = new Map();
  }

  async initialize(folders) {
    const list = Array.isArray(folders) ? folders : [folders];
    const result = await this.conn.sendRequest('initialize', {
      processId: process.pid,
      rootUri: uriOf(list[0]),
      workspaceFolders: list.map((f) => ({ uri: uriOf(f), name: path.basename(f) })),
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

  async shutdown() {
    try {
      await this.conn.sendRequest('shutdown');
      this.conn.sendNotification('exit');
      await Promise.race([once(this.proc, 'exit'), new Promise((r) => setTimeout(r, 3000))]);
    } finally {
      this.proc.kill();
      this.conn.dispose();
    }
  }
}

export const codes = (diags) => diags.map((d) => d.code);
