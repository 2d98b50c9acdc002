import * as vscode from 'vscode';
import type { Range as WireRange } from '../../server/src/protocol';
import { pickLines, type PickEntry } from './pickModel';

type Item = vscode.QuickPickItem & { entry?: PickEntry };

/** What a picker showed last: its title and rows (for the extension's tests, through the API). */
export interface ShownPicker {
  title: string;
  placeholder: string;
  lines: string[];
}
let last: ShownPicker | undefined;
export function lastPicker(): ShownPicker | undefined {
  return last;
}
const shown = new vscode.EventEmitter<ShownPicker>();
/** Fires once a picker has its rows (or said there is nothing to pick). */
export const onPickerShown = shown.event;

export interface Loaded {
  entries: PickEntry[];
  /** Sums the rows up. */
  placeholder: string;
  /** Replaces the title shown while loading. */
  title?: string;
}

export interface PickerSpec {
  title: string;
  /** The rows; the picker is busy until they come. A string instead: nothing to pick, say this. */
  load(token: vscode.CancellationToken): Promise<Loaded | string>;
}

/** A quick pick of locations (loaded while it shows); opens the one picked at its range. */
export async function pickLocation(spec: PickerSpec): Promise<vscode.TextEditor | undefined> {
  const qp = vscode.window.createQuickPick<Item>();
  const cancel = new vscode.CancellationTokenSource();
  try {
    qp.title = spec.title;
    qp.placeholder = 'Loading…';
    qp.matchOnDescription = true;
    qp.matchOnDetail = true;
    qp.busy = true;
    const chosen = new Promise<PickEntry | undefined>((resolve) => {
      qp.onDidAccept(() => {
        const e = qp.selectedItems[0]?.entry;
        if (e?.uri) resolve(e); // Enter while loading, or on a row without a file, picks nothing
      });
      qp.onDidHide(() => {
        cancel.cancel(); // closed while loading: drop the request
        resolve(undefined);
      });
    });
    qp.show();
    let loaded: Loaded | string;
    try {
      loaded = await spec.load(cancel.token);
    } catch (e) {
      if (cancel.token.isCancellationRequested) return undefined;
      throw e;
    }
    if (cancel.token.isCancellationRequested) return undefined;
    if (typeof loaded === 'string') {
      last = { title: spec.title, placeholder: loaded, lines: [] };
      shown.fire(last);
      qp.hide();
      void vscode.window.showInformationMessage(`Attest: ${loaded}`);
      return undefined;
    }
    if (loaded.title) qp.title = loaded.title;
    qp.items = loaded.entries.map((e): Item =>
      e.separator ? { label: e.label, kind: vscode.QuickPickItemKind.Separator } : { label: e.label, description: e.description, detail: e.detail, entry: e },
    );
    qp.placeholder = loaded.placeholder;
    qp.busy = false;
    last = { title: qp.title ?? spec.title, placeholder: loaded.placeholder, lines: pickLines(loaded.entries) };
    shown.fire(last);
    const pick = await chosen;
    return pick?.uri ? await openLocation(pick.uri, pick.range) : undefined;
  } finally {
    qp.dispose();
    cancel.dispose();
  }
}

/** Opens a file with the range selected (what every picker and the tree's leaf nodes go to). */
export async function openLocation(uri: string, range?: WireRange): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(uri));
  const sel = range ? new vscode.Range(range.start.line, range.start.character, range.end.line, range.end.character) : undefined;
  return vscode.window.showTextDocument(doc, { ...(sel ? { selection: sel } : {}), preview: true });
}
