// A minimal stdio LSP client for the benchmark: spawns a server, speaks JSON-RPC through
// vscode-languageserver-protocol, and timestamps every publishDiagnostics on arrival.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { ROOT } from './generate.mjs';

/** The list limit the VS Code extension asks `attest/coverage` for, read from its one definition. */
export const CLIENT_LIMIT = Number(/COVERAGE_LIST_LIMIT = (\d+)/.exec(fs.readFileSync(new URL('../client/src/coverage/coverageStore.ts', import.meta.url), 'utf8'))[1]);

const require = createRequire(path.join(ROOT, 'package.json'));
const rpc = require('vscode-languageserver-protocol/node');

export const uriOf = (p) => pathToFileURL(p).href;

export class LspProcess {
  /**
   * @param {string} node  the node binary
   * @param {string[]} args  script and arguments
   * @param {{ env?: object, configuration?: (item: {section?: string, scopeUri?: string}) => unknown }} opts
   */
  constructor(node, args, { env = {}, configuration = () => null } = {}) {
    this.t0 = performance.now();
    this.proc = spawn(node, args, { env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
    this.pid = this.proc.pid;
    this.stderr = '';
    this.proc.stderr.on('data', (d) => {
      if (this.stderr.length < 20000) this.stderr += d;
    });
    this.exited = once(this.proc, 'exit');
    this.conn = rpc.createProtocolConnection(new rpc.StreamMessageReader(this.proc.stdout), new rpc.StreamMessageWriter(this.proc.stdin));
    this.diagnostics = new Map();
    this.waiters = new Set();
    this.publishCount = 0;
    this.lastMessageAt = performance.now();
    this.notifications = [];
    this.versions = new Map();
    this.texts = new Map();
    this.conn.onNotification('textDocument/publishDiagnostics', (p) => {
      const t = performance.now();
      this.lastMessageAt = t;
      this.publishCount++;
      this.diagnostics.set(p.uri, p.diagnostics);
      for (const w of [...this.waiters]) w(p, t);
    });
    this.conn.onNotification((method, params) => {
      this.lastMessageAt = performance.now();
      if (method === 'window/logMessage' && params?.type === 1) this.stderr += `[log] ${params.message}\n`;
      this.notifications.push(method);
    });
    this.conn.onRequest('workspace/configuration', (p) => p.items.map((it) => configuration(it) ?? null));
    this.conn.onRequest('client/registerCapability', () => null);
    this.conn.onRequest('client/unregisterCapability', () => null);
    this.conn.onRequest('window/workDoneProgress/create', () => null);
    this.conn.onRequest('workspace/workspaceFolders', () => this.folders ?? null);
    this.conn.onRequest('workspace/semanticTokens/refresh', () => null);
    this.conn.onRequest('workspace/codeLens/refresh', () => null);
    this.conn.onRequest('workspace/diagnostic/refresh', () => null);
    this.conn.onRequest((method) => {
      return null;
    });
    this.conn.onNotification('$/progress', () => (this.lastMessageAt = performance.now()));
    this.conn.listen();
  }

  /**
   * Behaves like the VS Code client's CoverageStore: on `attest/coverageChanged`, refetches
   * `attest/coverage` after `debounceMs` of quiet, one request at a time (again after it if more
   * notifications came in meanwhile). Returns a function that stops it and reports the refetches.
   */
  emulateCoverageRefetch(folderUri, debounceMs = 150) {
    let timer;
    let inFlight = false;
    let again = false;
    let stopped = false;
    const done = [];
    const fetch = async () => {
      if (stopped) return;
      if (inFlight) {
        again = true;
        return;
      }
      inFlight = true;
      const t = performance.now();
      try {
        await this.conn.sendRequest('attest/coverage', { folder: folderUri, limit: CLIENT_LIMIT });
      } catch {
        /* shutting down */
      }
      done.push(performance.now() - t);
      inFlight = false;
      if (again) {
        again = false;
        void fetch();
      }
    };
    const disposable = this.conn.onNotification('attest/coverageChanged', () => {
      this.lastMessageAt = performance.now();
      clearTimeout(timer);
      timer = setTimeout(fetch, debounceMs);
    });
    return async () => {
      stopped = true;
      clearTimeout(timer);
      disposable.dispose();
      while (inFlight) await sleep(20);
      return done;
    };
  }

  async initialize(root, capabilities = {}) {
    this.folders = [{ uri: uriOf(root), name: path.basename(root) }];
    const result = await this.conn.sendRequest('initialize', {
      processId: process.pid,
      rootUri: uriOf(root),
      rootPath: root,
      workspaceFolders: this.folders,
      capabilities: {
        workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true }, didChangeWatchedFiles: { dynamicRegistration: true }, workspaceFolders: true },
        window: { workDoneProgress: true },
        textDocument: {
          synchronization: { dynamicRegistration: false, didSave: true },
          publishDiagnostics: { relatedInformation: true, versionSupport: true },
          completion: { completionItem: { snippetSupport: true, labelDetailsSupport: true, documentationFormat: ['markdown', 'plaintext'] } },
          hover: { contentFormat: ['markdown', 'plaintext'] },
        },
        ...capabilities,
      },
    });
    this.conn.sendNotification('initialized', {});
    return result;
  }

  request(method, params) {
    return this.conn.sendRequest(method, params);
  }

  notify(method, params) {
    this.conn.sendNotification(method, params);
  }

  /** Resolves with the arrival time of the next publishDiagnostics for `uri` that satisfies `pred`. */
  expect(uri, pred, timeoutMs = 120_000) {
    return new Promise((resolve, reject) => {
      const w = (p, t) => {
        if (p.uri !== uri || !pred(p.diagnostics)) return;
        this.waiters.delete(w);
        clearTimeout(timer);
        resolve(t);
      };
      const timer = setTimeout(() => {
        this.waiters.delete(w);
        reject(new Error(`timed out waiting for diagnostics on ${uri}; last: ${JSON.stringify(this.diagnostics.get(uri)?.map((d) => [d.code, d.range.start.line, d.message.slice(0, 60)]))}\n${this.stderr.slice(-2000)}`));
      }, timeoutMs);
      this.waiters.add(w);
    });
  }

  open(file, text = fs.readFileSync(file, 'utf8'), languageId = file.endsWith('.md') ? 'markdown' : 'yaml') {
    const uri = uriOf(file);
    this.versions.set(uri, 1);
    this.texts.set(uri, text);
    this.notify('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
    return uri;
  }

  /** An incremental edit replacing `oldText` at its first occurrence at or after `from` with `newText`. */
  replace(file, oldText, newText, from = 0) {
    const uri = uriOf(file);
    const text = this.texts.get(uri);
    const off = text.indexOf(oldText, from);
    if (off < 0) throw new Error(`"${oldText}" not found in ${file}`);
    const range = { start: positionAt(text, off), end: positionAt(text, off + oldText.length) };
    const v = this.versions.get(uri) + 1;
    this.versions.set(uri, v);
    this.texts.set(uri, text.slice(0, off) + newText + text.slice(off + oldText.length));
    const t = performance.now();
    this.notify('textDocument/didChange', { textDocument: { uri, version: v }, contentChanges: [{ range, text: newText }] });
    return t;
  }

  /** An incremental edit replacing `length` characters at `offset` with `newText`; returns the send time. */
  replaceAt(file, offset, length, newText) {
    const uri = uriOf(file);
    const text = this.texts.get(uri);
    const range = { start: positionAt(text, offset), end: positionAt(text, offset + length) };
    const v = this.versions.get(uri) + 1;
    this.versions.set(uri, v);
    this.texts.set(uri, text.slice(0, offset) + newText + text.slice(offset + length));
    const t = performance.now();
    this.notify('textDocument/didChange', { textDocument: { uri, version: v }, contentChanges: [{ range, text: newText }] });
    return t;
  }

  /** Waits until the server has been silent for `ms` (bursts of diagnostics have ended). */
  async quiet(ms = 300, maxMs = 60_000) {
    const start = performance.now();
    for (;;) {
      const idle = performance.now() - this.lastMessageAt;
      if (idle >= ms || performance.now() - start > maxMs) return;
      await sleep(ms - idle + 5);
    }
  }

  /** Peak resident set size (VmHWM) and current RSS of the server process, in MB. */
  memory() {
    try {
      const s = fs.readFileSync(`/proc/${this.pid}/status`, 'utf8');
      const kb = (k) => Number(new RegExp(`^${k}:\\s+(\\d+)`, 'm').exec(s)?.[1] ?? NaN);
      return { hwmMB: kb('VmHWM') / 1024, rssMB: kb('VmRSS') / 1024 };
    } catch {
      return { hwmMB: NaN, rssMB: NaN };
    }
  }

  /** CPU time (user + system) the server process has used so far, in ms (10 ms resolution). */
  cpuMs() {
    return procCpuMs(this.pid);
  }

  async shutdown() {
    try {
      await Promise.race([this.conn.sendRequest('shutdown'), sleep(5000)]);
      this.conn.sendNotification('exit');
      await Promise.race([this.exited, sleep(10_000)]);
    } catch {
      /* killed below */
    } finally {
      if (this.proc.exitCode === null && this.proc.signalCode === null) this.proc.kill();
      this.conn.dispose();
    }
  }
}

export function procCpuMs(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(f[11]) + Number(f[12])) * 1000) / 100; // utime + stime, USER_HZ = 100
  } catch {
    return NaN;
  }
}

export function positionAt(text, offset) {
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { line, character: offset - (before.lastIndexOf('\n') + 1) };
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
