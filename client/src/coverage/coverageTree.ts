import * as vscode from 'vscode';
import { buildCoverageTree, buildSystemsTree, type CoverageNode, type FrameworkRef } from './coverageModel';
import type { CoverageStore } from './coverageStore';

export interface ViewState {
  gapsOnly: boolean;
  hideOutOfScope: boolean;
}

/** Where a view reports the framework roots it shows expanded (the coverage store). */
export interface FrameworkOpenings {
  /** True when categories were dropped: the view's nodes are rebuilt. */
  setOpenFrameworks(view: string, open: readonly FrameworkRef[]): boolean;
}

/** A TreeDataProvider over plain CoverageNodes; the nodes come from a pure builder function. */
export class NodeTreeProvider implements vscode.TreeDataProvider<CoverageNode>, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<CoverageNode | undefined | void>();
  readonly onDidChangeTreeData = this.emitter.event;
  private readonly asked = new vscode.EventEmitter<CoverageNode | undefined>();
  /** VS Code asked for the children of a node (undefined: the roots): it shows the node expanded. */
  readonly onDidGetChildren = this.asked.event;
  private roots: CoverageNode[] = [];
  private readonly parents = new Map<string, CoverageNode | undefined>();
  /** Framework roots shown expanded, by node id: VS Code asks for the children of expanded nodes only. */
  private readonly open = new Map<string, FrameworkRef>();

  constructor(private readonly build: () => CoverageNode[], private readonly openings?: { view: string; to: FrameworkOpenings }) {
    this.rebuild();
  }

  /** Rebuild the nodes (same ids for the same things, so VS Code keeps what was expanded). */
  rebuild(): void {
    this.index(this.build());
    // Roots gone from the tree (a toggled filter changes the ids) are no longer expanded.
    const gone = [...this.open.keys()].filter((id) => !this.parents.has(id));
    for (const id of gone) this.open.delete(id);
    if (gone.length && this.report()) this.index(this.build());
    this.emitter.fire();
  }

  private index(roots: CoverageNode[]): void {
    this.roots = roots;
    this.parents.clear();
    const walk = (nodes: CoverageNode[], parent: CoverageNode | undefined) => {
      for (const n of nodes) {
        this.parents.set(n.id, parent);
        walk(n.children, n);
      }
    };
    walk(this.roots, undefined);
  }

  private report(): boolean {
    return this.openings?.to.setOpenFrameworks(this.openings.view, [...this.open.values()]) ?? false;
  }

  /** A node was expanded (or VS Code asks for its children, which it does for expanded nodes only). */
  expanded(n: CoverageNode): void {
    if (!n.framework || this.open.has(n.id)) return;
    this.open.set(n.id, n.framework);
    this.report();
  }

  collapsed(n: CoverageNode): void {
    if (!this.open.delete(n.id)) return;
    if (this.report()) this.rebuild();
  }

  get nodes(): CoverageNode[] {
    return this.roots;
  }

  getChildren(element?: CoverageNode): CoverageNode[] {
    if (element) this.expanded(element);
    this.asked.fire(element);
    return element ? element.children : this.roots;
  }

  getParent(element: CoverageNode): CoverageNode | undefined {
    return this.parents.get(element.id);
  }

  getTreeItem(n: CoverageNode): vscode.TreeItem {
    const collapsible = n.children.length === 0 ? vscode.TreeItemCollapsibleState.None : n.expanded ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed;
    const item = new vscode.TreeItem(n.label, collapsible);
    item.id = n.id;
    if (n.description) item.description = n.description;
    if (n.tooltip) {
      const md = new vscode.MarkdownString(n.tooltip);
      md.supportThemeIcons = false;
      item.tooltip = md;
    }
    if (n.icon) item.iconPath = n.color ? new vscode.ThemeIcon(n.icon, new vscode.ThemeColor(n.color)) : new vscode.ThemeIcon(n.icon);
    if (n.contextValue) item.contextValue = n.contextValue;
    if (n.location) {
      const uri = vscode.Uri.parse(n.location.uri);
      item.command = { command: 'attest.openLocation', title: 'Open', arguments: [n.location.uri, n.location.range] };
      item.accessibilityInformation = { label: `${n.kind} ${n.label}: ${n.description ?? ''}, in ${vscode.workspace.asRelativePath(uri)}` };
    } else if (n.command) {
      item.command = n.command;
    }
    return item;
  }

  /** A node by id (for reveal). */
  find(id: string): CoverageNode | undefined {
    const stack = [...this.roots];
    while (stack.length) {
      const n = stack.pop()!;
      if (n.id === id) return n;
      stack.push(...n.children);
    }
    return undefined;
  }

  dispose(): void {
    this.emitter.dispose();
    this.asked.dispose();
  }
}

/** `view`: the view's id, under which the store keeps the framework roots it shows expanded. */
export function coverageTreeProvider(store: CoverageStore, state: () => ViewState, view: string): NodeTreeProvider {
  return new NodeTreeProvider(() => {
    const s = state();
    return buildCoverageTree(store.state, { gapsOnly: s.gapsOnly, hideOutOfScope: s.hideOutOfScope });
  }, { view, to: store });
}

export function systemsTreeProvider(store: CoverageStore): NodeTreeProvider {
  return new NodeTreeProvider(() => buildSystemsTree(store.state));
}
