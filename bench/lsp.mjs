// The benchmark's LSP client: the tests' client (test/helpers/lsp.mjs) plus what timing needs:
// arrival times of publishes, edits that return their send time, a wait for the server to go
// quiet, the server's memory and CPU time, and the extension's coverage refetching.
import * as fs from 'node:fs';
import { LspConnection, uriOf } from '../test/helpers/lsp.mjs';
import { positionAt } from '../test/helpers/positions.mjs';

export { uriOf, positionAt };

/** The list limit the VS Code extension asks `attest/coverage` for, read from its one definition. */
export const CLIENT_LIMIT = Number(/COVERAGE_LIST_LIMIT = (\d+)/.exec(fs.readFileSync(new URL('../client/src/coverage/coverageStore.ts', import.meta.url), 'utf8'))[1]);

/** What the benchmark's client tells a server it supports (as VS Code does, for the features timed). */
const CAPABILITIES = {
  workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true }, didChangeWatchedFiles: { dynamicRegistration: true }, workspaceFolders: true },
  window: { workDoneProgress: true },
  textDocument: {
    synchronization: { dynamicRegistration: false, didSave: true },
    publishDiagnostics: { relatedInformation: true, versionSupport: true },
    completion: { completionItem: { snippetSupport: true, labelDetailsSupport: true, documentationFormat: ['markdown', 'plaintext'] } },
    hover: { contentFormat: ['markdown', 'plaintext'] },
  },
};

export class LspProcess extends LspConnection {
  /**
   * @param {string} node  the node binary
   * @param {string[]} args  script and arguments
   * @param {{ env?: object, configuration?: (item: {section?: string, scopeUri?: string}) => unknown }} opts
   */
  constructor(node, args, { env = {}, configuration = () => null } = {}) {
    super(node, args, { env, configuration, stderrLimit: 20_000 });
    this.conn.onNotification('window/logMessage', (p) => {
      this.lastMessageAt = performance.now();
      this.logs.push(p.message);
      if (p.type === 1) this.stderr += `[log] ${p.message}\n`;
    });
    // Any other request a server may send (refreshes, workspace/workspaceFolders) gets an answer.
    this.conn.onRequest('workspace/workspaceFolders', () => this.folders ?? null);
    this.conn.onRequest(() => null);
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

  initialize(root, capabilities = {}) {
    return super.initialize(root, { ...CAPABILITIES, ...capabilities });
  }

  /** Resolves with the arrival time of the next publishDiagnostics for `uri` that satisfies `pred`. */
  async expect(uri, pred, timeoutMs = 120_000) {
    return (await this.nextPublish(uri, (p) => pred(p.diagnostics), { timeoutMs })).t;
  }

  /** An incremental edit replacing `oldText` at its first occurrence at or after `from` with `newText`; returns the send time. */
  replace(file, oldText, newText, from = 0) {
    const text = this.texts.get(uriOf(file));
    const off = text.indexOf(oldText, from);
    if (off < 0) throw new Error(`"${oldText}" not found in ${file}`);
    return this.replaceAt(file, off, oldText.length, newText);
  }

  /** An incremental edit replacing `length` characters at `offset` with `newText`; returns the send time. */
  replaceAt(file, offset, length, newText) {
    const text = this.texts.get(uriOf(file));
    const range = { start: positionAt(text, offset), end: positionAt(text, offset + length) };
    const after = text.slice(0, offset) + newText + text.slice(offset + length);
    const t = performance.now();
    this.sendChange(file, [{ range, text: newText }], after);
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
    await super.shutdown(5000).catch(() => {}); // a server that will not stop is killed
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

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
