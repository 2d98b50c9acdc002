import * as vscode from 'vscode';
import { buildCoverageTree, buildSystemsTree, type CoverageNode } from './coverageModel';
import type { CoverageStore } from './coverageStore';

export interface ViewState {
  gapsOnly: boolean;
  hideOutOfScope: boolean;
}

/** A TreeDataProvider over plain CoverageNodes; the nodes come from a pure builder function. */
export class NodeTreeProvider implements vscode.TreeDataProvider<CoverageNode>, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<CoverageNode | undefined | void>();
  readonly onDidChangeTreeData = this.emitter.event;
  private roots: CoverageNode[] = [];
  private readonly parents = new Map<string, CoverageNode | undefined>();

  constructor(private readonly build: () => CoverageNode[]) {
    this.rebuild();
  }

  /** Rebuild the nodes (same ids for the same things, so VS Code keeps what was expanded). */
  rebuild(): void {
    this.roots = this.build();
    this.parents.clear();
    const walk = (nodes: CoverageNode[], parent: CoverageNode | undefined) => {
      for (const n of nodes) {
        this.parents.set(n.id, parent);
        walk(n.children, n);
      }
    };
    walk(this.roots, undefined);
    this.emitter.fire();
  }

  get nodes(): CoverageNode[] {
    return this.roots;
  }

  getChildren(element?: CoverageNode): CoverageNode[] {
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
  }
}

export function coverageTreeProvider(store: CoverageStore, state: () => ViewState): NodeTreeProvider {
  return new NodeTreeProvider(() => {
    const s = state();
    return buildCoverageTree(store.state, { gapsOnly: s.gapsOnly, hideOutOfScope: s.hideOutOfScope });
  });
}

export function systemsTreeProvider(store: CoverageStore): NodeTreeProvider {
  return new NodeTreeProvider(() => buildSystemsTree(store.state));
}
