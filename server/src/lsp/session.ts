import { DiagnosticSeverity, type Connection, type Diagnostic, type Location, type Range } from 'vscode-languageserver/node';
import { TextDocuments } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { capFindings, CODES, type Finding, type Span } from '../core/index.js';
import { Folder } from './folder.js';
import { readSettings } from './settings.js';

/** How long coverage must stay still before clients are told to refetch it. */
const COVERAGE_NOTIFY_DELAY_MS = 150;

const SEVERITY = { error: DiagnosticSeverity.Error, warning: DiagnosticSeverity.Warning, information: DiagnosticSeverity.Information, hint: DiagnosticSeverity.Hint } as const;

/** The server's state: workspace folders, open documents, and what was last published. */
export class Session {
  folders: Folder[] = [];
  readonly documents = new TextDocuments(TextDocument);
  /** uri -> serialized diagnostics last sent, so unchanged files are not republished. */
  private readonly published = new Map<string, string>();
  configurationSupport = false;
  workDoneProgressSupport = false;
  watchedFilesDynamic = false;
  workspaceFoldersSupport = false;
  lastCoverageVersion = new Map<Folder, number>();

  constructor(readonly connection: Connection) {}

  folderFor(uri: string): { folder: Folder; rel: string } | undefined {
    let best: { folder: Folder; rel: string } | undefined;
    for (const folder of this.folders) {
      const rel = folder.rel(uri);
      if (rel !== undefined && (!best || folder.root.length > best.folder.root.length)) best = { folder, rel };
    }
    return best;
  }

  /** The folder a custom request names, or the first one. */
  folderByUri(uri: string | undefined): Folder | undefined {
    if (!uri) return this.folders[0];
    const norm = uri.replace(/\/$/, '');
    return this.folders.find((f) => f.uri.replace(/\/$/, '') === norm) ?? this.folderFor(uri)?.folder;
  }

  range(folder: Folder, rel: string, span: Span): Range {
    return folder.ws.lineIndex(rel)?.range(span) ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  }

  location(folder: Folder, rel: string, span: Span): Location {
    return { uri: folder.uriOf(rel), range: this.range(folder, rel, span) };
  }

  offset(folder: Folder, rel: string, pos: { line: number; character: number }): number | undefined {
    return folder.ws.lineIndex(rel)?.offset(pos);
  }

  toDiagnostic(folder: Folder, rel: string, f: Finding): Diagnostic {
    const d: Diagnostic = {
      range: this.range(folder, rel, f.span),
      severity: SEVERITY[f.severity],
      code: f.code,
      source: 'attest',
      message: f.message,
      codeDescription: { href: `https://github.com/attest-dev/attest/blob/main/docs/diagnostics.md#${f.code}` },
    };
    if (f.data) d.data = f.data;
    return d;
  }

  /** Publishes the diagnostics of these files, skipping those whose diagnostics did not change. */
  publish(folder: Folder, rels: Iterable<string>): void {
    for (const rel of rels) {
      const uri = folder.uriOf(rel);
      const present = folder.ws.has(rel);
      const findings = present && folder.settings.enable ? capFindings(folder.findings(rel), folder.settings.maxProblems) : [];
      const diagnostics = findings.map((f) => this.toDiagnostic(folder, rel, f));
      const key = JSON.stringify(diagnostics);
      const last = this.published.get(uri);
      if (last === key || (last === undefined && diagnostics.length === 0)) continue;
      if (diagnostics.length === 0) this.published.delete(uri);
      else this.published.set(uri, key);
      const doc = this.documents.get(uri);
      void this.connection.sendDiagnostics(doc ? { uri, version: doc.version, diagnostics } : { uri, diagnostics });
    }
  }

  /** Withdraws every diagnostic published for a folder that left the workspace. */
  clearFolder(folder: Folder): void {
    const prefix = folder.uri.endsWith('/') ? folder.uri : `${folder.uri}/`;
    for (const uri of [...this.published.keys()]) {
      if (!uri.startsWith(prefix)) continue;
      this.published.delete(uri);
      void this.connection.sendDiagnostics({ uri, diagnostics: [] });
    }
  }

  /** Tells the client to refetch coverage when the folder's coverage may have changed. */
  notifyCoverage(folder: Folder): void {
    if (!folder.scanned || this.coverageTimer) return;
    // Coalesced: a burst of keystrokes yields one notification (and one refetch), not one per key.
    this.coverageTimer = setTimeout(() => {
      this.coverageTimer = undefined;
      let changed = false;
      for (const f of this.folders) {
        if (!f.scanned || this.lastCoverageVersion.get(f) === f.ws.coverageVersion) continue;
        this.lastCoverageVersion.set(f, f.ws.coverageVersion);
        changed = true;
      }
      if (changed) void this.connection.sendNotification('attest/coverageChanged');
    }, COVERAGE_NOTIFY_DELAY_MS);
  }
  private coverageTimer: NodeJS.Timeout | undefined;

  async refreshSettings(folder: Folder): Promise<void> {
    if (!this.configurationSupport) return;
    try {
      const raw = await this.connection.workspace.getConfiguration({ scopeUri: folder.uri, section: 'attest' });
      folder.settings = readSettings(raw);
    } catch (e) {
      this.connection.console.warn(`attest: could not read settings for ${folder.uri}: ${(e as Error).message}`);
    }
  }

  help(code: string): string {
    return (CODES as Record<string, { help: string }>)[code]?.help ?? '';
  }
}
