import * as vscode from 'vscode';
import type { ProjectInfo } from '../../../server/src/protocol';
import type { AttestClient } from '../languageClient';
import { dropFrameworkCategories, normalizeUri, type FrameworkRef, type ProjectCoverage } from './coverageModel';

/** Entries per criterion and system list in `attest/coverage` answers: the rest comes from `attest/coverageEntries`
 * on demand. Full lists at 50k controls are tens of MB, refetched after every edit. */
export const COVERAGE_LIST_LIMIT = 25;

/** Holds every project's `attest/coverage` answer; refetches the projects and their coverage on `attest/coverageChanged`. */
export class CoverageStore implements vscode.Disposable {
  private projects: ProjectCoverage[] = [];
  private readonly emitter = new vscode.EventEmitter<ProjectCoverage[]>();
  /** Fires after every completed refresh (even when nothing changed), with the new state. */
  readonly onDidRefresh = this.emitter.event;
  private readonly disposables: vscode.Disposable[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private inFlight: Promise<void> | undefined;
  private again = false;
  private generation = 0;
  private readonly hooked = new WeakSet<object>();
  /** Per view, the roots of non-primary frameworks it shows expanded (`project\nframework`): only their categories are fetched. */
  private readonly opened = new Map<string, Set<string>>();
  refreshCount = 0;

  constructor(private readonly client: AttestClient) {
    this.disposables.push(
      client.onReady((lc) => {
        if (!this.hooked.has(lc)) {
          this.hooked.add(lc);
          // The server sends it when coverage changed and when projects came or went.
          this.disposables.push(lc.onNotification('attest/coverageChanged', () => this.schedule()));
        }
        this.schedule(0);
      }),
      client.onStopped((reason) => {
        this.generation++; // answers still in flight came from the dead server
        // The server is down until the user restarts it: the views say so, rather than show the
        // last figures it sent as if they were current.
        this.projects = this.known().map((p) => ({ uri: p.uri, name: p.name, error: reason ?? 'The Attest language server is not running.' }));
        this.emitter.fire(this.projects);
      }),
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.schedule(0)),
    );
    this.projects = this.known();
  }

  /** Every project, in workspace folder order, then by URI. */
  get state(): ProjectCoverage[] {
    return this.projects;
  }

  /** The projects known so far; the workspace folders themselves until the server has named any. */
  private known(): ProjectCoverage[] {
    if (this.projects.some((p) => p.payload || p.error)) return this.projects;
    return fileFolders().map((f) => this.projects.find((p) => p.uri === f.uri.toString()) ?? { uri: f.uri.toString(), name: f.name });
  }

  /**
   * The framework roots a view shows expanded. Those newly opened get their categories fetched;
   * those no view shows expanded any more lose theirs (true then: the view rebuilds its nodes).
   */
  setOpenFrameworks(view: string, open: readonly FrameworkRef[]): boolean {
    this.opened.set(view, new Set(open.map((f) => frameworkKey(f.project, f.id))));
    if (this.projects.some((p) => p.payload?.frameworks?.some((f, i) => i > 0 && !f.categories && this.isOpen(p.uri, f.id)))) this.schedule(0);
    const before = this.projects;
    this.projects = before.map((p) => this.trimmed(p));
    return this.projects.some((p, i) => p !== before[i]);
  }

  private isOpen(project: string, framework: string): boolean {
    const key = frameworkKey(project, framework);
    for (const keys of this.opened.values()) if (keys.has(key)) return true;
    return false;
  }

  /** The frameworks of a project whose categories to ask for. */
  private openIn(project: string): string[] {
    const out = new Set<string>();
    for (const keys of this.opened.values()) for (const k of keys) if (k.startsWith(`${project}\n`)) out.add(k.slice(project.length + 1));
    return [...out];
  }

  /** A project's answer without the categories of frameworks no view shows expanded. */
  private trimmed(p: ProjectCoverage): ProjectCoverage {
    if (!p.payload) return p;
    const payload = dropFrameworkCategories(p.payload, (fw) => this.isOpen(p.uri, fw));
    return payload === p.payload ? p : { ...p, payload };
  }

  /** Debounced refresh: coalesces bursts of coverageChanged notifications. */
  schedule(delayMs = 150): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.refresh();
    }, delayMs);
  }

  /** Fetch the projects and the coverage of each now; resolves once the views have the answer. */
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

  private failure(e: unknown): string {
    return this.client.failure ?? (e instanceof Error ? e.message : String(e));
  }

  private async fetchAll(): Promise<void> {
    const gen = ++this.generation;
    let results: ProjectCoverage[];
    try {
      const answer = await this.client.request('attest/projects', undefined);
      const infos = orderByFolder(Array.isArray(answer?.projects) ? answer.projects : []);
      results = await Promise.all(
        infos.map(async (info): Promise<ProjectCoverage> => {
          const p = { uri: info.uri, name: displayName(info) };
          try {
            // Other frameworks' categories only for the roots shown expanded: the whole answer is several times the primary's.
            const payload = await this.client.request('attest/coverage', { project: info.uri, limit: COVERAGE_LIST_LIMIT, frameworkCategories: this.openIn(info.uri) });
            if (!payload || !Array.isArray(payload.categories)) return { ...p, error: 'The language server returned no coverage for this project.' };
            return { ...p, payload };
          } catch (e) {
            return { ...p, error: this.failure(e) };
          }
        }),
      );
    } catch (e) {
      const error = this.failure(e);
      results = this.known().map((p) => ({ uri: p.uri, name: p.name, error }));
    }
    if (gen !== this.generation) return;
    // A root collapsed while the answer was on its way: drop what it no longer shows.
    this.projects = results.map((p) => this.trimmed(p));
    this.refreshCount++;
    this.emitter.fire(this.projects);
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.emitter.dispose();
    for (const d of this.disposables) d.dispose();
  }
}

function frameworkKey(project: string, framework: string): string {
  return `${project}\n${framework}`;
}

function fileFolders(): readonly vscode.WorkspaceFolder[] {
  return (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file');
}

function folderOf(uri: string): vscode.WorkspaceFolder | undefined {
  try {
    return vscode.workspace.getWorkspaceFolder(vscode.Uri.parse(uri));
  } catch {
    return undefined;
  }
}

/** `.` (a workspace folder that is the project) reads as the folder's name. */
function displayName(info: ProjectInfo): string {
  return info.name === '.' || !info.name ? (folderOf(info.uri)?.name ?? info.name) : info.name;
}

/** The server sorts by URI; the views follow the workspace folders' order first, as VS Code shows them. */
function orderByFolder(infos: ProjectInfo[]): ProjectInfo[] {
  const index = (p: ProjectInfo) => folderOf(p.uri)?.index ?? Number.MAX_SAFE_INTEGER;
  return [...infos].sort((a, b) => index(a) - index(b) || (normalizeUri(a.uri) < normalizeUri(b.uri) ? -1 : 1));
}
