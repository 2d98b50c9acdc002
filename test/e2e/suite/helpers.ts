import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { AttestApi } from '../../../client/src/api';

export const EXTENSION_ID = 'attest-dev.attest';
/** Each wait gives up after this long (CI machines are slow; nothing here should take it). */
export const DEADLINE_MS = 45_000;

let cached: AttestApi | undefined;

/** The extension's test API, once coverage has been loaded the first time. */
export async function attestApi(): Promise<AttestApi> {
  if (cached) return cached;
  const ext = vscode.extensions.getExtension<AttestApi>(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is not installed`);
  const api = ext.isActive ? ext.exports : await ext.activate();
  assert.ok(api && typeof api.coverageNodes === 'function', 'activate() returns the test API');
  await withDeadline(api.ready, 'the first coverage refresh');
  cached = api;
  return api;
}

export function folder(): vscode.WorkspaceFolder {
  const f = vscode.workspace.workspaceFolders?.[0];
  assert.ok(f, 'a workspace folder is open');
  return f;
}

export function wsUri(rel: string): vscode.Uri {
  return vscode.Uri.joinPath(folder().uri, ...rel.split('/'));
}

export async function open(rel: string): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(wsUri(rel));
  return vscode.window.showTextDocument(doc, { preview: false });
}

/** The position of `match` in the document (the n-th occurrence), plus `delta` characters into it. */
export function positionOf(doc: vscode.TextDocument, match: string, delta = 0, occurrence = 1): vscode.Position {
  const text = doc.getText();
  let at = -1;
  for (let i = 0; i < occurrence; i++) {
    at = text.indexOf(match, at + 1);
    assert.ok(at >= 0, `"${match}" (occurrence ${i + 1}) not found in ${vscode.workspace.asRelativePath(doc.uri)}`);
  }
  return doc.positionAt(at + delta);
}

export function withDeadline<T>(p: Promise<T>, what: string, ms = DEADLINE_MS): Promise<T> {
  let timer: ReturnType<typeof setTimeout>;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

/** Resolves with the first value `check` returns that is not undefined: checked now, then on every `event`. */
export function when<T, E>(event: vscode.Event<E>, check: () => T | undefined, what: string, ms = DEADLINE_MS): Promise<T> {
  return withDeadline(
    new Promise<T>((resolve, reject) => {
      const tryNow = () => {
        try {
          const v = check();
          if (v !== undefined) {
            sub.dispose();
            resolve(v);
          }
        } catch (e) {
          sub.dispose();
          reject(e);
        }
      };
      const sub = event(tryNow);
      tryNow();
    }),
    what,
    ms,
  );
}

/** Diagnostics of a file once `pred` holds for them (waits on onDidChangeDiagnostics). */
export function diagnosticsWhen(uri: vscode.Uri, pred: (d: vscode.Diagnostic[]) => boolean, what: string): Promise<vscode.Diagnostic[]> {
  return when(vscode.languages.onDidChangeDiagnostics, () => {
    const d = vscode.languages.getDiagnostics(uri);
    return pred(d) ? d : undefined;
  }, what);
}

export function codeOf(d: vscode.Diagnostic): string {
  return typeof d.code === 'object' && d.code ? String(d.code.value) : String(d.code ?? '');
}

/** The coverage state once `pred` holds (waits on the extension's refresh event). */
export async function coverageWhen(pred: (api: AttestApi) => boolean, what: string): Promise<AttestApi> {
  const api = await attestApi();
  return when(api.onCoverageRefreshed, () => (pred(api) ? api : undefined), what);
}

export function criterionStatus(api: AttestApi, id: string): string | undefined {
  for (const f of api.coverage()) for (const cat of f.payload?.categories ?? []) for (const c of cat.criteria) if (c.id === id) return c.status;
  return undefined;
}

/** Undo in the active editor until its text is `text` again (each undo stop reverts one edit). */
export async function undoUntil(doc: vscode.TextDocument, text: string, max = 5): Promise<void> {
  for (let i = 0; i < max && doc.getText() !== text; i++) await vscode.commands.executeCommand('undo');
  assert.equal(doc.getText(), text, 'undo restores the text');
}

/** Drop a file's unsaved changes (leaves it as on disk). */
export async function revert(uri: vscode.Uri): Promise<void> {
  const doc = await vscode.workspace.openTextDocument(uri);
  if (!doc.isDirty) return;
  await vscode.window.showTextDocument(doc);
  await vscode.commands.executeCommand('workbench.action.files.revert');
  assert.equal(doc.isDirty, false, `${vscode.workspace.asRelativePath(uri)} reverted`);
}
