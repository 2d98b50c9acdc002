import * as vscode from 'vscode';
import type { CoverageStore } from './coverage/coverageStore';
import type { AttestClient } from './languageClient';
import { OSCAL_MODELS, oscalFileName, oscalModel, oscalProblem, type OscalModel } from './oscalModel';
import { pickProject, type ProjectArgs } from './projects';

/** Arguments that skip the prompts (tests, keybindings). */
export interface OscalArgs extends ProjectArgs {
  /** `catalog`, `component`, `poam` (or the format, `oscal-poam`). */
  model?: string;
  /** Write here without asking. */
  target?: vscode.Uri | string;
  /** Stands in for the save dialog (tests): gets its options, answers the chosen file or undefined. */
  showSaveDialog?: (options: vscode.SaveDialogOptions) => Thenable<vscode.Uri | undefined>;
}

/**
 * "Attest: Export OSCAL…": the OSCAL catalog, component definition or POA&M of a project, written
 * only where the user chose in a save dialog, and only once the server's answer is that model's JSON.
 */
export async function exportOscal(deps: { client: AttestClient; store: CoverageStore }, args: OscalArgs = {}): Promise<vscode.Uri | undefined> {
  const project = await pickProject(deps.store, args, 'Export the OSCAL document of which project?');
  if (!project) return undefined;
  let model: OscalModel | undefined = oscalModel(args.model);
  if (args.model !== undefined && !model) throw new Error(`No OSCAL model "${args.model}": use ${OSCAL_MODELS.map((m) => m.suffix).join(', ')}.`);
  if (!model) {
    const pick = await vscode.window.showQuickPick(
      OSCAL_MODELS.map((m) => ({ label: m.label, description: m.root, detail: m.detail, m })),
      { title: `Export OSCAL: ${project.name}`, placeHolder: 'Which OSCAL model?', matchOnDetail: true },
    );
    if (!pick) return undefined;
    model = pick.m;
  }
  let target = typeof args.target === 'string' ? vscode.Uri.file(args.target) : args.target;
  if (!target) {
    const dialog = typeof args.showSaveDialog === 'function' ? args.showSaveDialog : (o: vscode.SaveDialogOptions) => vscode.window.showSaveDialog(o);
    target = await dialog({
      defaultUri: vscode.Uri.joinPath(project.root, oscalFileName(project.name, model)),
      filters: { 'OSCAL JSON': ['json'] },
      saveLabel: 'Export',
      title: `Export the OSCAL ${model.label} of ${project.name}`,
    });
    if (!target) return undefined;
  }
  const chosen = model;
  const res = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: `Attest: building the OSCAL ${chosen.label}` }, () =>
    deps.client.request('attest/report', { project: project.uri, format: chosen.format }),
  );
  const problem = oscalProblem(typeof res?.content === 'string' ? res.content : '', chosen);
  if (problem) throw new Error(`${problem} Nothing was written.`);
  await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(res.content));
  if (!args.target) {
    const where = vscode.workspace.asRelativePath(target);
    void vscode.window.showInformationMessage(`OSCAL ${chosen.label} saved to ${where}.`, 'Open').then((a) => {
      if (a) void vscode.window.showTextDocument(target!);
    });
  }
  return target;
}
