import * as vscode from 'vscode';
import { seriesTitlesFromCatalog } from './coverage/coverageModel';

/** Series titles (CC6 -> "Logical and physical access") of a built-in catalog shipped in criteria/. */
export async function loadSeriesTitles(context: vscode.ExtensionContext, framework: string): Promise<Map<string, string> | undefined> {
  if (!/^[a-z0-9][a-z0-9-]*$/i.test(framework)) return undefined; // a workspace catalog file: no titles
  try {
    const bytes = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(context.extensionUri, 'criteria', `${framework}.yaml`));
    return seriesTitlesFromCatalog(new TextDecoder().decode(bytes));
  } catch {
    return undefined;
  }
}
