import * as vscode from 'vscode';
import { CoverageStatusBar } from '../statusBar';
import { gapCount, type CoverageNode, type ProjectCoverage } from './coverageModel';
import type { CoverageStore } from './coverageStore';
import { coverageTreeProvider, systemsTreeProvider, type NodeTreeProvider, type ViewState } from './coverageTree';

/** The coverage views (activity bar + Explorer), the Systems view and the status bar, fed by the store. */
export class CoverageViews implements vscode.Disposable {
  readonly state: ViewState;
  readonly coverage: NodeTreeProvider;
  readonly explorer: NodeTreeProvider;
  readonly systems: NodeTreeProvider;
  readonly statusBar = new CoverageStatusBar();
  private readonly coverageView: vscode.TreeView<CoverageNode>;
  private readonly explorerView: vscode.TreeView<CoverageNode>;
  private readonly systemsView: vscode.TreeView<CoverageNode>;
  private readonly refreshed = new vscode.EventEmitter<ProjectCoverage[]>();
  /** Fires once the views show a new coverage answer. */
  readonly onDidRefresh = this.refreshed.event;
  readonly ready: Promise<void>;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly context: vscode.ExtensionContext, private readonly store: CoverageStore) {
    this.state = {
      gapsOnly: context.workspaceState.get('attest.gapsOnly', false),
      hideOutOfScope: context.workspaceState.get('attest.hideOutOfScope', false),
    };
    this.coverage = coverageTreeProvider(store, () => this.state, 'attest.coverage');
    this.explorer = coverageTreeProvider(store, () => this.state, 'attest.explorerCoverage');
    this.systems = systemsTreeProvider(store);
    this.coverageView = vscode.window.createTreeView('attest.coverage', { treeDataProvider: this.coverage, showCollapseAll: true });
    this.explorerView = vscode.window.createTreeView('attest.explorerCoverage', { treeDataProvider: this.explorer, showCollapseAll: true });
    this.systemsView = vscode.window.createTreeView('attest.systems', { treeDataProvider: this.systems, showCollapseAll: true });
    let resolveReady!: () => void;
    this.ready = new Promise<void>((r) => (resolveReady = r));
    this.disposables.push(
      store.onDidRefresh(async (projects) => {
        // Same node ids as before for the same things: VS Code keeps what was expanded.
        this.coverage.rebuild();
        this.explorer.rebuild();
        this.systems.rebuild();
        this.updateStatusBar();
        const gaps = gapCount(projects);
        this.coverageView.badge = gaps ? { value: gaps, tooltip: `${gaps} coverage gap${gaps === 1 ? '' : 's'}` } : undefined;
        await setContext('attest.hasSystems', projects.some((p) => !!p.payload?.systems?.length));
        await setContext('attest.hasCoverage', projects.some((p) => !!p.payload));
        resolveReady();
        this.refreshed.fire(projects);
      }),
      // Another framework's categories are fetched while its root is expanded in either view.
      ...([[this.coverageView, this.coverage], [this.explorerView, this.explorer]] as const).flatMap(([view, provider]) => [
        view.onDidExpandElement((e) => provider.expanded(e.element)),
        view.onDidCollapseElement((e) => provider.collapsed(e.element)),
      ]),
      // The status bar follows the project of the active editor.
      vscode.window.onDidChangeActiveTextEditor(() => this.updateStatusBar()),
    );
  }

  private updateStatusBar(): void {
    const doc = vscode.window.activeTextEditor?.document.uri;
    this.statusBar.update(this.store.state, doc?.scheme === 'file' ? doc.toString() : undefined);
  }

  /** Context keys and view messages for the current toggles. */
  async apply(): Promise<void> {
    await setContext('attest.gapsOnly', this.state.gapsOnly);
    await setContext('attest.hideOutOfScope', this.state.hideOutOfScope);
    for (const [view, provider] of [[this.coverageView, this.coverage], [this.explorerView, this.explorer]] as const) {
      provider.rebuild();
      view.message = this.state.gapsOnly ? 'Showing gaps only: uncovered, planned and policy-only criteria, and evidence gaps.' : undefined;
    }
  }

  async setGapsOnly(on: boolean): Promise<void> {
    this.state.gapsOnly = on;
    await this.context.workspaceState.update('attest.gapsOnly', on);
    await this.apply();
  }

  async setHideOutOfScope(on: boolean): Promise<void> {
    this.state.hideOutOfScope = on;
    await this.context.workspaceState.update('attest.hideOutOfScope', on);
    await this.apply();
  }

  /** Expands a node of the coverage view (as a click on its twistie does), revealing the view. */
  async expand(id: string): Promise<void> {
    const node = this.coverage.find(id);
    if (!node) throw new Error(`no coverage node ${id}`);
    // A view still loading its items ignores a reveal: ask again until VS Code wants the node's children.
    let sub: vscode.Disposable | undefined;
    const asked = new Promise<boolean>((resolve) => {
      sub = this.coverage.onDidGetChildren((n) => n?.id === id && resolve(true));
      setTimeout(() => resolve(false), 20_000);
    });
    try {
      if (!this.coverageView.visible) await this.reveal();
      for (let done = false; !done; ) {
        await this.coverageView.reveal(this.coverage.find(id) ?? node, { expand: true, select: false, focus: false });
        done = (await Promise.race([asked, new Promise<undefined>((r) => setTimeout(r, 500))])) !== undefined;
      }
    } finally {
      sub?.dispose();
    }
  }

  async reveal(): Promise<void> {
    await vscode.commands.executeCommand('attest.coverage.focus');
  }

  dispose(): void {
    for (const d of [...this.disposables, this.coverageView, this.explorerView, this.systemsView, this.coverage, this.explorer, this.systems, this.statusBar, this.refreshed]) d.dispose();
  }
}

function setContext(key: string, value: boolean): Thenable<unknown> {
  return vscode.commands.executeCommand('setContext', key, value);
}
