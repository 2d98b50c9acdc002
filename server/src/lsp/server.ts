import {
  CodeActionKind,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  ResponseError,
  TextDocumentSyncKind,
  WatchKind,
  type Connection,
  type InitializeParams,
  type InitializeResult,
  type WorkDoneProgressServerReporter,
} from 'vscode-languageserver/node';
import { buildPlan, CONFIG_FILE, criterionOut, planPayload, systemOut } from '../core/index.js';
import { Folder } from './folder.js';
import { Session } from './session.js';
import { completion } from './features/completion.js';
import { hover } from './features/hover.js';
import { definition, references } from './features/navigation.js';
import { documentSymbols, workspaceSymbols } from './features/symbols.js';
import { codeActions } from './features/codeActions.js';
import { prepareRename, rename } from './features/rename.js';
import { codeLenses } from './features/codeLens.js';
import { report } from './features/report.js';
import { documentLinks } from './features/documentLinks.js';

/** Wires every handler to one connection; tests and main.ts both come through here. */
export function startServer(connection: Connection): Session {
  const s = new Session(connection);
  const { documents } = s;

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    const caps = params.capabilities;
    s.configurationSupport = !!caps.workspace?.configuration;
    s.workDoneProgressSupport = !!caps.window?.workDoneProgress;
    s.watchedFilesDynamic = !!caps.workspace?.didChangeWatchedFiles?.dynamicRegistration;
    s.workspaceFoldersSupport = !!caps.workspace?.workspaceFolders;
    const folders = params.workspaceFolders?.length
      ? params.workspaceFolders.map((f) => f.uri)
      : params.rootUri
        ? [params.rootUri]
        : [];
    s.folders = folders.filter((u) => u.startsWith('file:')).map((u) => new Folder(u));
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
        // Files of every kind Attest reads, and deletions of anything (a folder takes its files along).
        watchers: [{ globPattern: '**/*.{yaml,yml,md}' }, { globPattern: '**/*', kind: WatchKind.Delete }],
      });
    }
    if (s.workspaceFoldersSupport) {
      connection.workspace.onDidChangeWorkspaceFolders((e) => {
        for (const f of s.folders) if (e.removed.some((r) => r.uri === f.uri)) s.clearFolder(f);
        s.folders = s.folders.filter((f) => !e.removed.some((r) => r.uri === f.uri));
        for (const removed of e.removed) void connection.console.info(`attest: folder ${removed.uri} closed`);
        for (const added of e.added) {
          if (!added.uri.startsWith('file:') || s.folders.some((f) => f.uri === added.uri)) continue;
          const f = new Folder(added.uri);
          s.folders.push(f);
          void scanFolder(f);
        }
      });
    }
    await Promise.all(s.folders.map((f) => scanFolder(f)));
  });

  async function scanFolder(folder: Folder): Promise<void> {
    await s.refreshSettings(folder);
    let progress: WorkDoneProgressServerReporter | undefined;
    if (s.workDoneProgressSupport) {
      try {
        progress = await connection.window.createWorkDoneProgress();
        progress.begin('Attest', 0, `Indexing ${folder.root}`, false);
      } catch {
        progress = undefined;
      }
    }
    try {
      await folder.scan(
        (rel) => documents.get(folder.uriOf(rel))?.getText(),
        (done, total) => progress?.report(total ? Math.round((done / total) * 100) : 100, `${done}/${total} files`),
        () => openRels(folder),
      );
    } catch (e) {
      connection.console.error(`attest: scan of ${folder.root} failed: ${(e as Error).stack ?? e}`);
    } finally {
      progress?.done();
    }
    const st = folder.lastScan;
    if (st?.workerFiles) connection.console.info(`attest: indexed ${st.files} files of ${folder.root} in ${st.ms} ms, ${st.workerFiles} of them read and analysed on a second thread`);
    if (st?.workerError) connection.console.warn(`attest: the second indexing thread of ${folder.root} stopped (${st.workerError}); the main thread indexed the rest`);
    s.publish(folder, [CONFIG_FILE, ...folder.ws.rels()]);
    s.notifyCoverage(folder);
  }

  /** Workspace-relative paths of this folder's open documents (unsaved ones exist only here). */
  function openRels(folder: Folder): string[] {
    const out: string[] = [];
    for (const doc of documents.all()) {
      const at = s.folderFor(doc.uri);
      if (at && at.folder === folder) out.push(at.rel);
    }
    return out;
  }

  // Edits: the newest version wins; a burst of changes to one file is checked once.
  const pending = new Map<string, NodeJS.Immediate>();
  function schedule(uri: string): void {
    const prior = pending.get(uri);
    if (prior) clearImmediate(prior);
    pending.set(
      uri,
      setImmediate(() => {
        pending.delete(uri);
        guard('update', () => {
          const at = s.folderFor(uri);
          const doc = documents.get(uri);
          if (!at || !doc) return;
          if (!at.folder.ws.kindOf(at.rel)) return;
          applyChange(at.folder, at.rel, doc.getText());
        });
      }),
    );
  }

  function applyChange(folder: Folder, rel: string, text: string | undefined): void {
    const before = rel === CONFIG_FILE ? JSON.stringify([folder.ws.config.controlGlobs, folder.ws.config.policyGlobs]) : '';
    const old = rel === CONFIG_FILE ? [...folder.ws.rels()] : [];
    const affected = text === undefined ? folder.ws.deleteFile(rel) : folder.ws.setFile(rel, text);
    if (rel === CONFIG_FILE && before !== JSON.stringify([folder.ws.config.controlGlobs, folder.ws.config.policyGlobs])) {
      // The globs moved: the set of Attest files changed, so index the folder afresh.
      void folder.scan((r) => documents.get(folder.uriOf(r))?.getText(), undefined, () => openRels(folder)).then(() => {
        s.publish(folder, new Set([CONFIG_FILE, ...old, ...folder.ws.rels()]));
        s.notifyCoverage(folder);
      });
      return;
    }
    if (!folder.scanned) return; // the scan publishes everything when it completes
    s.publish(folder, affected);
    s.notifyCoverage(folder);
  }

  documents.onDidOpen((e) => schedule(e.document.uri));
  documents.onDidChangeContent((e) => schedule(e.document.uri));
  documents.onDidClose((e) =>
    guard('close', () => {
      const at = s.folderFor(e.document.uri);
      if (!at || !at.folder.ws.kindOf(at.rel)) return;
      // Closed without saving: the disk version is the truth again.
      const affected = at.rel === CONFIG_FILE ? undefined : at.folder.loadFromDisk(at.rel);
      if (at.rel === CONFIG_FILE) {
        const text = at.folder.readConfigFromDisk();
        applyChange(at.folder, at.rel, text);
        return;
      }
      if (at.folder.scanned) {
        s.publish(at.folder, affected ?? []);
        s.notifyCoverage(at.folder);
      }
    }),
  );

  connection.onDidChangeWatchedFiles((params) =>
    guard('watched files', () => {
      for (const change of params.changes) {
        if (documents.get(change.uri)) continue; // open documents win over disk
        const at = s.folderFor(change.uri);
        if (!at) continue;
        at.folder.noteDiskChange(at.rel);
        if (at.rel === at.folder.ws.config.catalogPath && !documents.get(at.folder.uriOf(CONFIG_FILE))) {
          // The catalog changed: attest.yaml means something else now.
          applyChange(at.folder, CONFIG_FILE, at.folder.readConfigFromDisk());
          continue;
        }
        if (!at.folder.ws.kindOf(at.rel)) {
          // A deleted folder takes every indexed file under it along.
          if (change.type !== FileChangeType.Deleted) continue;
          const prefix = `${at.rel}/`;
          const gone = [...at.folder.ws.rels()].filter((r) => r.startsWith(prefix));
          const affected = new Set<string>();
          for (const r of gone) for (const a of at.folder.ws.deleteFile(r)) affected.add(a);
          if (at.folder.scanned && gone.length) {
            s.publish(at.folder, affected);
            s.notifyCoverage(at.folder);
          }
          continue;
        }
        if (at.rel === CONFIG_FILE) {
          applyChange(at.folder, at.rel, change.type === FileChangeType.Deleted ? undefined : at.folder.readConfigFromDisk());
          continue;
        }
        const affected = change.type === FileChangeType.Deleted ? at.folder.ws.deleteFile(at.rel) : at.folder.loadFromDisk(at.rel);
        if (at.folder.scanned) {
          s.publish(at.folder, affected);
          s.notifyCoverage(at.folder);
        }
      }
    }),
  );

  connection.onDidChangeConfiguration(async () => {
    for (const f of s.folders) {
      await s.refreshSettings(f);
      if (f.scanned) guard('configuration', () => s.publish(f, [CONFIG_FILE, ...f.ws.rels()]));
    }
  });

  // Features: each handler is guarded so one failure is logged and answered, never fatal.
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

  connection.onRequest('attest/coverage', async (params: { folder?: string; limit?: unknown } | undefined) => {
    const folder = await readyFolder(params?.folder);
    const limit = params?.limit;
    if (limit !== undefined && !(Number.isInteger(limit) && (limit as number) >= 0)) throw new ResponseError(-32602, `limit must be a whole number of at least 0, not ${JSON.stringify(limit)}`);
    // Edits queued behind this request go first: their diagnostics matter more than a tree refresh.
    await new Promise((r) => setImmediate(r));
    return folder.coveragePayloadSoon(limit as number | undefined);
  });
  connection.onRequest('attest/coverageEntries', async (params: { folder?: string; criterion?: string; system?: string } | undefined) => {
    const folder = await readyFolder(params?.folder);
    const model = folder.coverage();
    const uriOf = (rel: string) => folder.uriOf(rel);
    if (typeof params?.criterion === 'string') {
      const c = model.categories.flatMap((cat) => cat.criteria).find((x) => x.id === params.criterion);
      if (!c) return { controls: [], policies: [] };
      const { controls, policies } = criterionOut(folder.ws, c, uriOf);
      return { controls, policies };
    }
    if (typeof params?.system === 'string') {
      const sys = model.systems?.find((x) => x.id === params.system);
      return { controls: sys ? systemOut(folder.ws, sys, uriOf).controls : [], policies: [] };
    }
    throw new ResponseError(-32602, 'attest/coverageEntries needs a criterion or a system id');
  });
  connection.onRequest('attest/report', async (params: { folder?: string; format?: string } | undefined) => report(s, params ?? {}));
  connection.onRequest('attest/plan', async (params: { folder?: string } | undefined) => {
    const folder = await readyFolder(params?.folder);
    return planPayload(folder.ws, buildPlan(folder.ws), (rel) => folder.uriOf(rel));
  });

  /** The folder a request names (the first when omitted), once its initial scan is complete. */
  async function readyFolder(uri: string | undefined): Promise<Folder> {
    const folder = s.folderByUri(uri);
    if (!folder) throw new ResponseError(-32602, `No Attest workspace folder ${uri ?? ''}`.trim());
    await folder.ready;
    return folder;
  }

  function guard<T>(what: string, fn: () => T, fallback?: T): T {
    try {
      return fn();
    } catch (e) {
      connection.console.error(`attest: ${what} failed: ${(e as Error).stack ?? String(e)}`);
      return fallback as T;
    }
  }

  documents.listen(connection);
  return s;
}
