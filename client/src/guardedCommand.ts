import * as vscode from 'vscode';
import type { AttestClient } from './languageClient';

/** Registers a command whose failure is logged and shown as an error message, never thrown at the user. */
export function registerGuarded(client: AttestClient, id: string, fn: (...args: any[]) => unknown): vscode.Disposable {
  return vscode.commands.registerCommand(id, async (...args: unknown[]) => {
    try {
      return await fn(...args);
    } catch (e) {
      const msg = e instanceof Error ? e.message : String(e);
      client.output.error(`${id}: ${msg}`);
      void vscode.window.showErrorMessage(`Attest: ${msg}`);
      return undefined;
    }
  });
}
