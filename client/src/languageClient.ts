import * as vscode from 'vscode';
import {
  CloseAction,
  ErrorAction,
  LanguageClient,
  State,
  TransportKind,
  type CloseHandlerResult,
  type ErrorHandler,
  type ErrorHandlerResult,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';
import type { AttestRequest, AttestRequests } from '../../server/src/protocol';
import { CrashPolicy } from './crashPolicy';
import { WATCHED_FILES } from './watchedFiles';

export const CLIENT_ID = 'attest';
export const CLIENT_NAME = 'Attest';

/** Owns the LanguageClient: start, stop, restart, crash policy, output channel. */
export class AttestClient implements vscode.Disposable {
  readonly output: vscode.LogOutputChannel;
  readonly crashes = new CrashPolicy(5, 3 * 60 * 1000);
  private client: LanguageClient | undefined;
  private readonly watcher: vscode.FileSystemWatcher;
  private readonly onReadyEmitter = new vscode.EventEmitter<LanguageClient>();
  /** Fires each time a (re)started client is running: hook notifications here. */
  readonly onReady = this.onReadyEmitter.event;
  private readonly onStoppedEmitter = new vscode.EventEmitter<string | undefined>();
  /** Fires when the server is down for good (crash limit) or stopped; carries the reason. */
  readonly onStopped = this.onStoppedEmitter.event;
  private gaveUp: string | undefined;
  private starting: Promise<void> | undefined;
  private restarting: Promise<void> | undefined;

  constructor(private readonly context: vscode.ExtensionContext) {
    this.output = vscode.window.createOutputChannel(CLIENT_NAME, { log: true });
    this.watcher = vscode.workspace.createFileSystemWatcher(WATCHED_FILES);
  }

  get languageClient(): LanguageClient | undefined {
    return this.client;
  }

  get running(): boolean {
    return this.client?.state === State.Running;
  }

  /** Why the server is not running, when it gave up after crashes. */
  get failure(): string | undefined {
    return this.gaveUp;
  }

  async start(): Promise<void> {
    if (this.starting) return this.starting;
    this.starting = this.doStart().finally(() => (this.starting = undefined));
    return this.starting;
  }

  private async doStart(): Promise<void> {
    this.gaveUp = undefined;
    const module = this.context.asAbsolutePath('dist/server.js');
    const serverOptions: ServerOptions = {
      run: { module, transport: TransportKind.ipc },
      debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
    };
    const clientOptions: LanguageClientOptions = {
      documentSelector: [
        { scheme: 'file', language: 'yaml' },
        { scheme: 'file', language: 'markdown' },
      ],
      synchronize: { fileEvents: this.watcher, configurationSection: 'attest' },
      outputChannel: this.output,
      traceOutputChannel: this.output,
      errorHandler: this.errorHandler(),
      initializationFailedHandler: (e) => {
        this.output.error(`Attest language server failed to initialize: ${String(e?.message ?? e)}`);
        return false;
      },
      markdown: { isTrusted: false, supportHtml: false },
    };
    const client = new LanguageClient(CLIENT_ID, CLIENT_NAME, serverOptions, clientOptions);
    this.client = client;
    client.onDidChangeState((e) => {
      if (e.newState === State.Running) this.onReadyEmitter.fire(client);
    });
    try {
      await client.start();
    } catch (e) {
      this.output.error(`Could not start the Attest language server: ${e instanceof Error ? e.message : String(e)}`);
      this.gaveUp = 'The Attest language server could not start. See the "Attest" output.';
      this.onStoppedEmitter.fire(this.gaveUp);
      void vscode.window.showErrorMessage(this.gaveUp, 'Show Output').then((a) => a && this.output.show());
    }
  }

  private errorHandler(): ErrorHandler {
    return {
      error: (error, _message, count): ErrorHandlerResult => {
        this.output.error(`Connection to the Attest language server: ${error.message}`);
        return { action: count && count <= 3 ? ErrorAction.Continue : ErrorAction.Shutdown, handled: true };
      },
      closed: (): CloseHandlerResult => {
        const d = this.crashes.crashed();
        this.output.warn(`The Attest language server stopped (${this.crashes.recent} time(s) in the last 3 minutes); ${d.restart ? 'restarting' : 'not restarting'}.`);
        if (!d.restart) {
          this.gaveUp = d.message;
          this.onStoppedEmitter.fire(d.message);
          void vscode.window.showErrorMessage(d.message!, 'Restart Server', 'Show Output').then((a) => {
            if (a === 'Restart Server') void vscode.commands.executeCommand('attest.restartServer');
            else if (a === 'Show Output') this.output.show();
          });
          return { action: CloseAction.DoNotRestart, handled: true };
        }
        if (d.message) {
          void vscode.window.showWarningMessage(d.message, 'Show Output').then((a) => a && this.output.show());
        }
        return { action: CloseAction.Restart, handled: true };
      },
    };
  }

  /** Restart on the user's request: counts crashes afresh. Requests made meanwhile go to the new server. */
  async restart(): Promise<void> {
    if (this.restarting) return this.restarting;
    this.restarting = this.doRestart().finally(() => (this.restarting = undefined));
    return this.restarting;
  }

  private async doRestart(): Promise<void> {
    this.crashes.reset();
    if (this.client && this.client.state !== State.Stopped) {
      try {
        await this.client.stop(5000);
      } catch (e) {
        this.output.warn(`Stopping the server: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    await this.client?.dispose().catch(() => undefined);
    this.client = undefined;
    await this.start();
  }

  /** One of Attest's own requests, typed by the protocol module. */
  request<M extends AttestRequest>(method: M, params: AttestRequests[M]['params'], token?: vscode.CancellationToken): Promise<AttestRequests[M]['result']> {
    return this.sendRequest<AttestRequests[M]['result']>(method, params, token);
  }

  async sendRequest<R>(method: string, params: unknown, token?: vscode.CancellationToken): Promise<R> {
    if (this.restarting) await this.restarting;
    if (this.starting) await this.starting;
    if (this.gaveUp) throw new Error(this.gaveUp);
    const c = this.client;
    // A stopped client does not run again by itself (after a crash the library goes through
    // Starting): waiting for it to would never end, and every later refresh would queue behind.
    if (!c || c.state === State.Stopped) throw new Error('The Attest language server is not running.');
    if (c.state !== State.Running) await waitRunning(c);
    if (params === undefined) return token ? c.sendRequest<R>(method, token) : c.sendRequest<R>(method);
    return token ? c.sendRequest<R>(method, params, token) : c.sendRequest<R>(method, params);
  }

  async dispose(): Promise<void> {
    const c = this.client;
    this.client = undefined;
    this.watcher.dispose();
    this.onReadyEmitter.dispose();
    this.onStoppedEmitter.dispose();
    if (c) await c.dispose(2000).catch(() => undefined);
    this.output.dispose();
  }
}

function waitRunning(c: LanguageClient): Promise<void> {
  return new Promise((resolve, reject) => {
    const d = c.onDidChangeState((e) => {
      if (e.newState === State.Running) {
        d.dispose();
        resolve();
      } else if (e.newState === State.Stopped) {
        d.dispose();
        reject(new Error('The Attest language server stopped.'));
      }
    });
  });
}
