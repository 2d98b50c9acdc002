import * as vscode from 'vscode';
import type { CoverageStore } from './coverage/coverageStore';
import type { AttestClient } from './languageClient';
import { pickLocation } from './locationPicker';
import { planPicks, planSummary } from './planModel';
import { pickProject, type ProjectArgs } from './projects';

/** "Attest: Show Remediation Plan": the project's `attest/plan` items, overdue first; opens the one picked at its range. */
export async function showPlan(deps: { client: AttestClient; store: CoverageStore }, args: ProjectArgs = {}): Promise<vscode.TextEditor | undefined> {
  const project = await pickProject(deps.store, args, 'Show the remediation plan of which project?');
  if (!project) return undefined;
  return pickLocation({
    title: `Attest: remediation plan of ${project.name}`,
    load: async (token) => {
      let items;
      try {
        items = (await deps.client.request('attest/plan', { project: project.uri }, token))?.items;
      } catch (e) {
        if (token.isCancellationRequested) throw e;
        throw new Error(`Could not load the remediation plan: ${deps.client.failure ?? (e instanceof Error ? e.message : String(e))}`);
      }
      if (!Array.isArray(items) || !items.length) return `${planSummary([])} (${project.name})`;
      return { entries: planPicks(items, (uri) => vscode.workspace.asRelativePath(vscode.Uri.parse(uri))), placeholder: planSummary(items) };
    },
  });
}
