import {
  CodeActionKind,
  DidChangeWatchedFilesNotification,
  TextDocumentSyncKind,
  WatchKind,
  type Connection,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { Session } from './session.js';
import { Pipeline } from './pipeline.js';
import { EventRouter } from './events.js';
import { registerRequests } from './requests.js';
import { completion } from './features/completion.js';
import { hover } from './features/hover.js';
import { definition, references } from './features/navigation.js';
import { documentSymbols, workspaceSymbols } from './features/symbols.js';
import { codeActions } from './features/codeActions.js';
import { setSnippetEdits } from './features/evidenceActions.js';
import { prepareRename, rename } from './features/rename.js';
import { codeLenses } from './features/codeLens.js';
import { documentLinks } from './features/documentLinks.js';

/** Files of every kind Attest reads (any letter case). */
const WATCHED = '**/*.{yaml,yml,md,markdown,YAML,YML,Yaml,Yml,MD,Md,MARKDOWN,Markdown}';

/** Wires every handler to one connection; tests and main.ts both come through here. */
export function startServer(connection: Connection): Session {
  const s = new Session(connection);
  const pipeline = new Pipeline(s);
  const events = new EventRouter(s, pipeline);
  const { documents } = s;
  let initialFolders: string[] = [];

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    const caps = params.capabilities;
    s.configurationSupport = !!caps.workspace?.configuration;
    s.workDoneProgressSupport = !!caps.window?.workDoneProgress;
    s.watchedFilesDynamic = !!caps.workspace?.didChangeWatchedFiles?.dynamicRegistration;
    s.workspaceFoldersSupport = !!caps.workspace?.workspaceFolders;
    setSnippetEdits(s, !!caps.workspace?.workspaceEdit?.snippetEditSupport);
    initialFolders = params.workspaceFolders?.length ? params.workspaceFolders.map((f) => f.uri) : params.rootUri ? [params.rootUri] : [];
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: false },
        completionProvider: { triggerCharacters: [' ', '[', ',', '-', ':'], resolveProvider: false },
        hoverProvider: true,
        definitionProvider: true,
        referencesProvider: true,
        documentSymbolProvider: true,
        workspaceSymbolProvider: true,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.Refactor] },
        renameProvider: { prepareProvider: true },
        codeLensProvider: { resolveProvider: false },
        documentLinkProvider: { resolveProvider: false },
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'attest', version: '0.1.0' },
    };
  });

  connection.onInitialized(async () => {
    if (s.watchedFilesDynamic) {
      void connection.client.register(DidChangeWatchedFilesNotification.type, {
        // Any file may be evidence: its creation, change (a recorded sha256) and deletion re-judge
        // the controls linking to it; events for files nothing links to cost a map lookup.
        watchers: [{ globPattern: WATCHED }, { globPattern: '**/*', kind: WatchKind.Create | WatchKind.Change | WatchKind.Delete }],
      });
    }
    if (s.workspaceFoldersSupport) connection.workspace.onDidChangeWorkspaceFolders((e) => events.foldersChanged(e.added.map((f) => f.uri), e.removed.map((f) => f.uri)));
    await events.start(initialFolders);
  });

  documents.onDidOpen((e) => events.opened(e.document.uri));
  documents.onDidChangeContent((e) => events.edited(e.document.uri));
  documents.onDidClose((e) => events.closed(e.document.uri));
  connection.onDidChangeWatchedFiles((p) => events.watched(p.changes));
  connection.onDidChangeConfiguration(() => events.settingsChanged());

  // Features: each handler is guarded so one failure is logged and answered, never fatal.
  const guard = events.guard.bind(events);
  connection.onCompletion((p) => guard('completion', () => completion(s, p), null));
  connection.onHover((p) => guard('hover', () => hover(s, p), null));
  connection.onDefinition((p) => guard('definition', () => definition(s, p), null));
  connection.onReferences((p) => guard('references', () => references(s, p), null));
  connection.onDocumentSymbol((p) => guard('documentSymbol', () => documentSymbols(s, p), null));
  connection.onWorkspaceSymbol((p) => guard('workspaceSymbol', () => workspaceSymbols(s, p), null));
  connection.onCodeAction((p) => guard('codeAction', () => codeActions(s, p), null));
  connection.onPrepareRename((p) => prepareRename(s, p));
  connection.onRenameRequest((p) => rename(s, p));
  connection.onCodeLens((p) => guard('codeLens', () => codeLenses(s, p), null));
  connection.onDocumentLinks((p) => guard('documentLinks', () => documentLinks(s, p), null));
  registerRequests(s);

  documents.listen(connection);
  return s;
}
