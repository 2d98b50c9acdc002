// A real LSP client over stdio, for the tests and the benchmark: spawns a language server, speaks
// JSON-RPC through vscode-languageserver-protocol and keeps what the server sends (every publish
// with its arrival time), so callers wait on messages, never on sleeps.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { SERVER } from './paths.mjs';
import { TODAY } from './dates.mjs';
import { applyEdits } from './edits.mjs';

const rpc = createRequire(import.meta.url)('vscode-languageserver-protocol/node');

export const uriOf = (p) => pathToFileURL(p).href;
export const codes = (diags) => diags.map((d) => d.code);

/** The markdown or plain text of a hover result. */
export function hoverText(h) {
  if (!h) return '';
  const c = h.contents;
  if (typeof c === 'string') return c;
  if (Array.isArray(c)) return c.map((x) => (typeof x === 'string' ? x : x.value)).join('\n');
  return c.value;
}

/** Resolves like `promise`, or with undefined after `ms` (the timer is cleared either way). */
function settleWithin(promise, ms) {
  let timer;
  return Promise.race([promise, new Promise((resolve) => (timer = setTimeout(resolve, ms)))]).finally(() => clearTimeout(timer));
}

/**
 * A language server process and its connection. Answers the server's requests as an editor would
 * (`configuration(item)` answers workspace/configuration) and records: `diagnostics` (the latest
 * per uri), `publishLog` (every publish, in order, arrival times in `publishTimes`), `notifications`
 * ({ method, params }) and `logs` (window/logMessage texts).
 */
export class LspConnection {
  constructor(command, args, { env = {}, configuration = () => null, stderrLimit = Infinity } = {}) {
    this.t0 = performance.now();
    this.proc = spawn(command, args, { env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
    this.pid = this.proc.pid;
    this.stderr = '';
    this.proc.stderr.on('data', (d) => {
      if (this.stderr.length < stderrLimit) this.stderr += d;
    });
    this.exited = once(this.proc, 'exit');
    this.exited.catch(() => {}); // a failed spawn is reported by the first request instead
    this.conn = rpc.createProtocolConnection(new rpc.StreamMessageReader(this.proc.stdout), new rpc.StreamMessageWriter(this.proc.stdin));
    this.diagnostics = new Map();
    this.publishLog = [];
    this.publishTimes = [];
    /** Called with (params, arrival time) on every publishDiagnostics. */
    this.waiters = new Set();
    this.notifications = [];
    this.noteWaiters = [];
    this.logs = [];
    this.registrations = [];
    this.versions = new Map();
    this.texts = new Map();
    this.lastMessageAt = performance.now();
    /** publishLog index when the client last told the server something changed (see nextPublish). */
    this.sentMark = 0;
    this.conn.onNotification('textDocument/publishDiagnostics', (p) => {
      const t = (this.lastMessageAt = performance.now());
      this.publishLog.push(p);
      this.publishTimes.push(t);
      this.diagnostics.set(p.uri, p.diagnostics);
      for (const w of [...this.waiters]) w(p, t);
    });
    this.conn.onNotification((method, params) => {
      this.lastMessageAt = performance.now();
      if (method === 'window/logMessage') this.logs.push(params.message);
      this.noted(method, params);
    });
    // $/progress with a token nobody listens to (the server's own progress) is "unhandled" for jsonrpc.
    this.conn.onUnhandledProgress((p) => {
      this.lastMessageAt = performance.now();
      this.noted('$/progress', p);
    });
    this.conn.onRequest('workspace/configuration', (p) => p.items.map((it) => configuration(it) ?? null));
    this.conn.onRequest('client/registerCapability', (p) => {
      this.registrations.push(...p.registrations);
      this.noted('client/registerCapability', p);
      return null;
    });
    this.conn.onRequest('window/workDoneProgress/create', () => null);
    this.conn.listen();
  }

  /** Records a message from the server and hands it to whoever waits for it. */
  noted(method, params) {
    this.notifications.push({ method, params });
    this.noteWaiters = this.noteWaiters.filter((w) => !w(method, params));
  }

  get publishCount() {
    return this.publishLog.length;
  }

  get running() {
    return this.proc.exitCode === null && this.proc.signalCode === null;
  }

  /** Starts the session on workspace folders (a path or a list; an empty list: no folder, as for a lone file). */
  async initialize(folders, capabilities) {
    const list = Array.isArray(folders) ? folders : [folders];
    this.folders = list.length ? list.map((f) => ({ uri: uriOf(f), name: path.basename(f) })) : null;
    const result = await this.conn.sendRequest('initialize', {
      processId: process.pid,
      rootUri: list.length ? uriOf(list[0]) : null,
      rootPath: list.length ? list[0] : null,
      workspaceFolders: this.folders,
      capabilities,
    });
    this.conn.sendNotification('initialized', {});
    return result;
  }

  request(method, params) {
    return this.conn.sendRequest(method, params);
  }

  /** Sends a notification that may change what the server reports (later publishes count as fresh). */
  notify(method, params) {
    this.sentMark = this.publishLog.length;
    this.conn.sendNotification(method, params);
  }

  open(file, text = fs.readFileSync(file, 'utf8'), languageId = file.endsWith('.md') ? 'markdown' : 'yaml') {
    const uri = uriOf(file);
    this.versions.set(uri, 1);
    this.texts.set(uri, text);
    this.notify('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
    return uri;
  }

  /** Sends a didChange of an open document whose text becomes `text`; returns the new version. */
  sendChange(file, contentChanges, text) {
    const uri = uriOf(file);
    const version = (this.versions.get(uri) ?? 1) + 1;
    this.versions.set(uri, version);
    this.texts.set(uri, text);
    this.notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges });
    return version;
  }

  /** Replaces the whole text of an open document; returns the new version. */
  change(file, text) {
    return this.sendChange(file, [{ text }], text);
  }

  /** Incremental change: `edits` is a list of { range, text } applied in order; returns the new version. */
  edit(file, edits) {
    let text = this.texts.get(uriOf(file));
    if (text !== undefined) for (const e of edits) text = applyEdits(text, [{ range: e.range, newText: e.text }]);
    return this.sendChange(file, edits.map((e) => ({ range: e.range, text: e.text })), text);
  }

  close(file) {
    this.notify('textDocument/didClose', { textDocument: { uri: uriOf(file) } });
  }

  /** Reports file events on disk: `changes` is a list of [path, type] (1 created, 2 changed, 3 deleted). */
  watched(changes) {
    this.notify('workspace/didChangeWatchedFiles', { changes: changes.map(([file, type]) => ({ uri: uriOf(file), type })) });
  }

  /**
   * Resolves with { params, t } of the first publish for `uri` satisfying `accept`, among those
   * received from index `since` of publishLog on (by default: from now on). t is its arrival time.
   */
  nextPublish(uri, accept, { since = this.publishLog.length, timeoutMs = 20_000 } = {}) {
    for (let i = since; i < this.publishLog.length; i++) {
      const p = this.publishLog[i];
      if (p.uri === uri && accept(p)) return Promise.resolve({ params: p, t: this.publishTimes[i] });
    }
    return new Promise((resolve, reject) => {
      const w = (p, t) => {
        if (p.uri !== uri || !accept(p)) return;
        this.waiters.delete(w);
        clearTimeout(timer);
        resolve({ params: p, t });
      };
      const timer = setTimeout(() => {
        this.waiters.delete(w);
        const last = this.diagnostics.get(uri)?.map((d) => [d.code, d.range.start.line, d.message.slice(0, 60)]);
        reject(new Error(`timed out waiting for diagnostics on ${uri}; last: ${JSON.stringify(last)}\n${this.stderr.slice(-2000)}`));
      }, timeoutMs);
      this.waiters.add(w);
    });
  }

  /** Waits for a notification (or client/registerCapability request) matching `predicate`, including ones already received. */
  waitForMessage(method, predicate = () => true, timeoutMs = 20_000) {
    const seen = this.notifications.find((n) => n.method === method && predicate(n.params));
    if (seen) return Promise.resolve(seen.params);
    return this.waitForNotification(method, timeoutMs, predicate);
  }

  /** Waits for the next notification of `method` (matching `predicate`) from now on. */
  waitForNotification(method, timeoutMs = 20_000, predicate = () => true) {
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

  /** Asks the server to shut down and exit, waiting up to `graceMs` for each step, then makes sure it is gone. */
  async shutdown(graceMs = 3000) {
    try {
      if (this.running) {
        await settleWithin(this.conn.sendRequest('shutdown'), graceMs);
        this.conn.sendNotification('exit');
        await settleWithin(this.exited, graceMs);
      }
    } finally {
      if (this.running) this.proc.kill();
      this.conn.dispose();
    }
  }
}

/** The Attest server (dist/server.js) as the tests drive it: on TODAY, with the client features they use. */
export class TestClient extends LspConnection {
  /** `settings` is the "attest" section, or a function of the folder's scopeUri returning it. */
  constructor({ configuration = true, settings = {}, env = {}, dynamicWatch = true, progress = true } = {}) {
    super(process.execPath, [SERVER, '--stdio'], {
      // The server's scan cache stays off unless a test names a folder for it: tests never write into the user's cache.
      env: { ATTEST_TODAY: TODAY, ATTEST_CACHE_DIR: 'off', ...env },
      configuration: (it) => {
        this.configurationRequests++;
        if (it.section !== 'attest') return null;
        return typeof this.settings === 'function' ? this.settings(it.scopeUri) : this.settings;
      },
    });
    this.settings = settings;
    this.configurationRequests = 0;
    this.barriers = 0;
    this.caps = {
      workspace: { configuration, didChangeWatchedFiles: { dynamicRegistration: dynamicWatch }, workspaceFolders: true, workspaceEdit: { documentChanges: true, resourceOperations: ['create'] } },
      window: { workDoneProgress: progress },
      textDocument: { publishDiagnostics: { relatedInformation: true }, rename: { prepareSupport: true }, completion: { completionItem: { snippetSupport: true } } },
    };
  }

  /** A client on `root` once the server has indexed it (the usual start of a test suite). */
  static async indexed(root, options) {
    const c = new TestClient(options);
    await c.initialize(root);
    await c.coverage();
    return c;
  }

  initialize(folders) {
    return super.initialize(folders, this.caps);
  }

  /** Resolves with the coverage once the initial scan of the folder is complete. */
  coverage(folder) {
    return this.request('attest/coverage', folder ? { folder: uriOf(folder) } : {});
  }

  /**
   * The diagnostics of `file` once they satisfy `predicate`: the latest ones if they already do,
   * else the first publish that does. For a state reached without an edit (start, first open);
   * after an edit use nextDiagnostics, which never accepts what was published before it.
   */
  async waitForDiagnostics(file, predicate, timeoutMs = 20_000) {
    const current = this.diagnostics.get(uriOf(file));
    if (current && predicate(current)) return current;
    return (await this.nextPublish(uriOf(file), (p) => predicate(p.diagnostics), { timeoutMs })).params.diagnostics;
  }

  /**
   * The diagnostics of `file` from a publish that answers the client's last change (edit, open,
   * close, file event, notify): one received since it was sent and, for an open document, one of
   * its current version. Diagnostics from before the change never count, even when they satisfy
   * `predicate`; so the change must alter them (the server republishes only what changed).
   */
  async nextDiagnostics(file, predicate, timeoutMs = 20_000) {
    const uri = uriOf(file);
    const current = (p) => p.version === undefined || !this.versions.has(uri) || p.version >= this.versions.get(uri);
    return (await this.nextPublish(uri, (p) => current(p) && predicate(p.diagnostics), { since: this.sentMark, timeoutMs })).params.diagnostics;
  }

  /**
   * Waits until the server has handled every message sent before: opens (then edits) an unsaved
   * control `controls/zz-barrier.yaml` under `root` with a fresh unknown criterion and waits for its
   * diagnostics. The barrier control maps nothing real, so it changes no other file's findings;
   * nor does it count as a change for nextDiagnostics.
   */
  async barrier(root, dir = 'controls') {
    const file = path.join(root, dir, 'zz-barrier.yaml');
    const n = ++this.barriers;
    const text = `id: ZZ-BARRIER\ntitle: Barrier\nowner: test\ncriteria: [ZZ${n}]\n`;
    const mark = this.sentMark;
    if (this.versions.has(uriOf(file))) this.change(file, text);
    else this.open(file, text);
    this.sentMark = mark;
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

  /** The diagnostic `code` of `file` (the first matching `which`), once published, and the code actions offered for it. */
  async actionsFor(file, code, which = () => true) {
    const match = (x) => x.code === code && which(x);
    const diag = (await this.waitForDiagnostics(file, (d) => d.some(match))).find(match);
    const actions = await this.request('textDocument/codeAction', { textDocument: { uri: uriOf(file) }, range: diag.range, context: { diagnostics: [diag] } });
    return { diag, actions: actions ?? [] };
  }
}
