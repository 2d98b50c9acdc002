import * as vscode from 'vscode';
import type { CoverageStore } from './coverage/coverageStore';
import { normalizeUri } from './coverage/coverageModel';
import type { AttestClient } from './languageClient';
import { pickProject, type ProjectArgs, type TargetProject } from './projects';
import { messagePage, withStrictCsp } from './webviewCsp';

/** After a coverage refresh, wait this long for the next before rebuilding the report (bursts of edits). */
const REFRESH_DELAY_MS = 300;

interface Panel {
  project: TargetProject;
  panel: vscode.WebviewPanel;
  /** Coverage moved while the panel was hidden: reload when it shows again. */
  stale: boolean;
  /** The newest load: older answers are dropped. */
  generation: number;
  timer?: ReturnType<typeof setTimeout>;
  /** Whether the panel shows a report (not a message). */
  hasReport: boolean;
}

/**
 * "Attest: Open Readiness Report": one webview panel per project showing the server's
 * `readiness-html`, rebuilt when coverage changes. The webview runs no script and loads nothing:
 * the page carries a strict Content-Security-Policy, and the server escapes every value from a file.
 */
export class ReadinessPanels implements vscode.Disposable {
  private readonly panels = new Map<string, Panel>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly client: AttestClient, private readonly store: CoverageStore, private readonly extensionUri: vscode.Uri) {
    // The store refetches on attest/coverageChanged (debounced): the report follows the same numbers.
    this.disposables.push(store.onDidRefresh(() => this.panels.forEach((p) => this.schedule(p))));
  }

  /** Shows (or reveals) the panel of a project and loads its report; resolves with the project's URI. */
  async open(args: ProjectArgs = {}): Promise<string | undefined> {
    const project = await pickProject(this.store, args, 'Open the readiness report of which project?');
    if (!project) return undefined;
    const key = normalizeUri(project.uri);
    let p = this.panels.get(key);
    if (p) {
      p.panel.reveal(undefined, false);
    } else {
      const panel = vscode.window.createWebviewPanel('attest.readiness', `Readiness: ${project.name}`, vscode.ViewColumn.Active, {
        enableScripts: false,
        enableForms: false,
        enableCommandUris: false,
        localResourceRoots: [],
        enableFindWidget: true,
      });
      panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'resources', 'attest.svg');
      const entry: Panel = { project, panel, stale: false, generation: 0, hasReport: false };
      p = entry;
      this.panels.set(key, entry);
      panel.webview.html = messagePage(`Readiness: ${project.name}`, 'Building the readiness report…');
      panel.onDidDispose(() => {
        if (entry.timer) clearTimeout(entry.timer);
        entry.generation++;
        this.panels.delete(key);
      });
      panel.onDidChangeViewState(() => {
        if (panel.visible && entry.stale) this.schedule(entry, 0);
      });
    }
    await this.load(p);
    return project.uri;
  }

  /** The HTML a project's panel shows (the first panel's without a project), for the extension's tests. */
  html(project?: string): string | undefined {
    const p = project ? this.panels.get(normalizeUri(project)) : this.panels.values().next().value;
    return p?.panel.webview.html;
  }

  private schedule(p: Panel, delay = REFRESH_DELAY_MS): void {
    if (!p.panel.visible) {
      p.stale = true; // a hidden report costs nothing until it shows again
      return;
    }
    if (p.timer) clearTimeout(p.timer);
    p.timer = setTimeout(() => {
      p.timer = undefined;
      void this.load(p);
    }, delay);
  }

  private async load(p: Panel): Promise<void> {
    p.stale = false;
    const generation = ++p.generation;
    const title = `Readiness: ${p.project.name}`;
    try {
      const res = await this.client.request('attest/report', { project: p.project.uri, format: 'readiness-html' });
      if (generation !== p.generation) return;
      if (typeof res?.content !== 'string') throw new Error('The language server sent no report.');
      const html = withStrictCsp(res.content);
      // Same text, same page: no reload (and no lost scroll position) when nothing changed.
      if (p.panel.webview.html !== html) p.panel.webview.html = html;
      p.hasReport = true;
    } catch (e) {
      if (generation !== p.generation) return;
      const why = this.client.failure ?? (e instanceof Error ? e.message : String(e));
      this.client.output.warn(`Readiness report of ${p.project.name}: ${why}`);
      // A report already shown stays (the next change rebuilds it); otherwise say why there is none.
      if (!p.hasReport) p.panel.webview.html = messagePage(title, `The readiness report could not be built: ${why}`);
    }
  }

  dispose(): void {
    for (const p of this.panels.values()) {
      if (p.timer) clearTimeout(p.timer);
      p.panel.dispose();
    }
    this.panels.clear();
    for (const d of this.disposables) d.dispose();
  }
}
