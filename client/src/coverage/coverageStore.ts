import * as vscode from 'vscode';
import type { AttestClient } from '../languageClient';
import type { CoveragePayload, FolderCoverage } from './coverageModel';

/** Entries per criterion and system list in `attest/coverage` answers: the rest comes from `attest/coverageEntries`
 * on demand. Full lists at 50k controls are tens of MB, refetched after every edit. */
export const COVERAGE_LIST_LIMIT = 25;

/** Holds each workspace folder's `attest/coverage` answer; refetches on `attest/coverageChanged`. */
export class CoverageStore implements vscode.Disposable {
  private folders: FolderCoverage[] = [];
  private readonly emitter = new vscode.EventEmitter<FolderCoverage[]>();
  /** Fires after every completed refresh (even when nothing changed), with the new state. */
  readonly onDidRefresh = this.emitter.event;
  private readonly disposables: vscode.Disposable[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private inFlight: Promise<void> | undefined;
  private again = false;
  private generation = 0;
  private seriesTitles = new Map<string, Map<string, string>>();
  private readonly hooked = new WeakSet<object>();
  refreshCount = 0;

  constructor(private readonly client: AttestClient, private readonly catalogTitles: (framework: string) => Promise<Map<string, string> | undefined>) {
    this.disposables.push(
      client.onReady((lc) => {
        if (!this.hooked.has(lc)) {
          this.hooked.add(lc);
          this.disposables.push(lc.onNotification('attest/coverageChanged', () => this.schedule()));
        }
        this.schedule(0);
      }),
      client.onStopped((reason) => {
        this.generation++; // answers still in flight came from the dead server
        this.folders = this.currentFolders().map((f) => ({ ...f, error: reason ?? 'The Attest language server is not running.' }));
        this.emitter.fire(this.folders);
      }),
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.schedule(0)),
    );
    this.folders = this.currentFolders();
  }

  get state(): FolderCoverage[] {
    return this.folders;
  }

  /** Series titles of the framework the first folder uses (CC6 -> "Logical and physical access"). */
  titlesFor(framework: string | undefined): Map<string, string> | undefined {
    return framework ? this.seriesTitles.get(framework) : undefined;
  }

  private currentFolders(): FolderCoverage[] {
    return (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => {
      const old = this.folders.find((x) => x.uri === f.uri.toString());
      return old ? { ...old, name: f.name } : { uri: f.uri.toString(), name: f.name };
    });
  }

  /** Debounced refresh: coalesces bursts of coverageChanged notifications. */
  schedule(delayMs = 150): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.refresh();
    }, delayMs);
  }

  /** Fetch coverage for every folder now; resolves once the tree has the answer. */
  async refresh(): Promise<void> {
    if (this.inFlight) {
      this.again = true;
      return this.inFlight.then(() => (this.again ? this.refresh() : undefined));
    }
    this.again = false;
    this.inFlight = this.fetchAll().finally(() => (this.inFlight = undefined));
    await this.inFlight;
    if (this.again) {
      this.again = false;
      await this.refresh();
    }
  }

  private async fetchAll(): Promise<void> {
    const gen = ++this.generation;
    const folders = this.currentFolders();
    const results = await Promise.all(
      folders.map(async (f): Promise<FolderCoverage> => {
        try {
          const payload = await this.client.sendRequest<CoveragePayload | null>('attest/coverage', { folder: f.uri, limit: COVERAGE_LIST_LIMIT });
          if (!payload || !Array.isArray(payload.categories)) return { uri: f.uri, name: f.name, error: 'The language server returned no coverage for this folder.' };
          if (!this.seriesTitles.has(payload.framework)) {
            const t = await this.catalogTitles(payload.framework).catch(() => undefined);
            if (t) this.seriesTitles.set(payload.framework, t);
          }
          return { uri: f.uri, name: f.name, payload };
        } catch (e) {
          return { uri: f.uri, name: f.name, error: this.client.failure ?? (e instanceof Error ? e.message : String(e)) };
        }
      }),
    );
    if (gen !== this.generation) return;
    this.folders = results;
    this.refreshCount++;
    this.emitter.fire(this.folders);
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.emitter.dispose();
    for (const d of this.disposables) d.dispose();
  }
}
