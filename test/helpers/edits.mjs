// What an editor does with the edits a server returns: TextEdits applied to a text, and
// WorkspaceEdits (changes, document changes, create/rename/delete) applied to a set of files.
import * as fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { offsetAt } from './positions.mjs';

/** Applies LSP TextEdits (all relative to the original text) and returns the new text. */
export function applyEdits(text, edits) {
  const sorted = edits
    .map((e, i) => ({ start: offsetAt(text, e.range.start), end: offsetAt(text, e.range.end), newText: e.newText, i }))
    .sort((a, b) => b.start - a.start || b.end - a.end || b.i - a.i);
  for (const e of sorted) text = text.slice(0, e.start) + e.newText + text.slice(e.end);
  return text;
}

/**
 * Applies a WorkspaceEdit (`changes` or `documentChanges`, with create/rename/delete) to a map of
 * uri -> text (a Map, modified in place; `read(uri)` supplies texts not in the map yet). Returns the map.
 */
export function applyWorkspaceEdit(edit, files = new Map(), read = (uri) => fs.readFileSync(fileURLToPath(uri), 'utf8')) {
  const get = (uri) => {
    if (!files.has(uri)) files.set(uri, read(uri));
    return files.get(uri);
  };
  for (const [uri, edits] of Object.entries(edit.changes ?? {})) files.set(uri, applyEdits(get(uri), edits));
  for (const ch of edit.documentChanges ?? []) {
    if (ch.kind === 'create') {
      if (!files.has(ch.uri) || !ch.options?.ignoreIfExists) files.set(ch.uri, '');
    } else if (ch.kind === 'delete') files.delete(ch.uri);
    else if (ch.kind === 'rename') {
      files.set(ch.newUri, get(ch.oldUri));
      files.delete(ch.oldUri);
    } else files.set(ch.textDocument.uri, applyEdits(get(ch.textDocument.uri), ch.edits));
  }
  return files;
}
