import * as vscode from 'vscode';
import { projectOf } from './coverage/coverageModel';
import type { CoverageStore } from './coverage/coverageStore';
import type { AttestClient } from './languageClient';
import { pickLocation } from './locationPicker';
import type { ProjectArgs } from './projects';
import { noSamplesReason, samplePicks, samplesSummary, samplesTitle } from './samplesModel';

/** Arguments besides a file's URI (from a menu): which file, and which seed (default 1, as `attest samples`). */
export interface SamplesArgs extends ProjectArgs {
  uri?: vscode.Uri | string;
  seed?: number;
}

/**
 * "Attest: Show Samples of This Control": the Type II samples of the controls in the active control
 * file (`attest/samples` with its `uri`), each drawn interval evidenced or not; opens the control picked.
 */
export async function showSamples(deps: { client: AttestClient; store: CoverageStore }, arg?: SamplesArgs | vscode.Uri): Promise<vscode.TextEditor | undefined> {
  const args: SamplesArgs = arg instanceof vscode.Uri ? { uri: arg } : (arg ?? {});
  const uri = typeof args.uri === 'string' ? vscode.Uri.parse(args.uri) : (args.uri ?? vscode.window.activeTextEditor?.document.uri);
  if (!uri || uri.scheme !== 'file') {
    void vscode.window.showInformationMessage('Attest: open a control file to see the Type II samples of its controls.');
    return undefined;
  }
  const file = vscode.workspace.asRelativePath(uri);
  if (args.seed !== undefined && !Number.isInteger(args.seed)) throw new Error(`The seed must be a whole number, not ${JSON.stringify(args.seed)}.`);
  const where = args.project ? { project: args.project } : args.folder ? { folder: args.folder } : {};
  return pickLocation({
    title: `Attest: Type II samples in ${file}`,
    load: async (token) => {
      let res;
      try {
        res = await deps.client.request('attest/samples', { ...where, uri: uri.toString(), ...(args.seed !== undefined ? { seed: args.seed } : {}) }, token);
      } catch (e) {
        if (token.isCancellationRequested) throw e;
        throw new Error(`Could not draw the samples of ${file}: ${deps.client.failure ?? (e instanceof Error ? e.message : String(e))}`);
      }
      if (!res || !Array.isArray(res.controls) || !res.controls.length) {
        const owner = projectOf(deps.store.state, uri.toString());
        const known = deps.store.state.some((p) => p.payload);
        return noSamplesReason(owner ? owner.payload : known ? null : undefined, file);
      }
      return { entries: samplePicks(res), placeholder: samplesSummary(res), title: samplesTitle(res, file) };
    },
  });
}
