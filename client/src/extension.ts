import * as vscode from 'vscode';
import type { AttestApi } from './api';
import { registerCommands } from './commands';
import { snapshot } from './coverage/coverageModel';
import { CoverageStore } from './coverage/coverageStore';
import { CoverageViews } from './coverage/views';
import { registerHandoffCommands } from './handoffCommands';
import { AttestClient } from './languageClient';
import { lastPicker, onPickerShown } from './locationPicker';
import { ReadinessPanels } from './readinessPanel';

let attest: AttestClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<AttestApi> {
  const client = new AttestClient(context);
  attest = client;
  const store = new CoverageStore(client);
  const views = new CoverageViews(context, store);
  const panels = new ReadinessPanels(client, store, context.extensionUri);
  context.subscriptions.push(
    store,
    views,
    panels,
    ...registerHandoffCommands({ client, store, panels }),
    ...registerCommands({
      context,
      client,
      store,
      revealCoverage: () => views.reveal(),
      setGapsOnly: (on) => views.setGapsOnly(on),
      setHideOutOfScope: (on) => views.setHideOutOfScope(on),
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('attest.enable')) store.schedule(0);
    }),
  );
  await vscode.commands.executeCommand('setContext', 'attest.active', true);
  await views.apply();
  void client.start();

  return {
    coverageNodes: (depth = Infinity) => snapshot(views.coverage.nodes, depth),
    coverageTree: () => views.coverage.nodes,
    expandCoverageNode: (id) => views.expand(id),
    systemsNodes: (depth = Infinity) => snapshot(views.systems.nodes, depth),
    statusBarText: () => views.statusBar.text,
    statusBarTooltip: () => views.statusBar.tooltip,
    statusBarProject: () => views.statusBar.project,
    coverage: () => store.state,
    onCoverageRefreshed: views.onDidRefresh,
    ready: views.ready,
    refreshCount: () => store.refreshCount,
    viewState: () => ({ ...views.state }),
    serverCrashes: () => client.crashes.recent,
    client: () => client.languageClient,
    readinessHtml: (project) => panels.html(project),
    lastPicker,
    onPickerShown,
  };
}

export async function deactivate(): Promise<void> {
  const c = attest;
  attest = undefined;
  await c?.dispose();
}
