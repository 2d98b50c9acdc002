import { DiagnosticSeverity, type Connection, type Diagnostic, type Location, type Range } from 'vscode-languageserver/node';
import { TextDocuments } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { capFindings, CODES, CONFIG_FILE, type Finding, type Span } from '../core/index.js';
import type { OpenDocuments, Project } from './project.js';
import { ProjectSet } from './projectSet.js';
import { readSettings } from './settings.js';

/** How long coverage must stay still before clients are told to refetch it. */
const COVERAGE_NOTIFY_DELAY_MS = 150;

const SEVERITY = { error: DiagnosticSeverity.Error, warning: DiagnosticSeverity.Warning, information: DiagnosticSeverity.Information, hint: DiagnosticSeverity.Hint } as const;

/** The server's state: projects, open documents, and what was last published. */
export class Session {
  readonly projects = new ProjectSet();
  readonly documents = new TextDocuments(TextDocument);
  /** uri -> serialized diagnostics last sent, so unchanged files are not republished. */
  private readonly published = new Map<string, string>();
  configurationSupport = false;
  workDoneProgressSupport = false;
  watchedFilesDynamic = false;
  workspaceFoldersSupport = false;
  private readonly lastCoverageVersion = new WeakMap<Project, number>();
  private coverageTimer: NodeJS.Timeout | undefined;

  constructor(readonly connection: Connection) {}

  /** The project of a file and its path in it. */
  projectFor(uri: string): { project: Project; rel: string } | undefined {
    return this.projects.projectFor(uri);
  }

  /** The editor's open documents, as one project sees them. */
  openDocuments(project: Project): OpenDocuments {
    return {
      text: (rel) => this.documents.get(project.uriOf(rel))?.getText(),
      rels: () => {
        const out: string[] = [];
        for (const doc of this.documents.all()) {
          const at = this.projects.projectFor(doc.uri);
          if (at?.project === project) out.push(at.rel);
        }
        return out;
      },
    };
  }

  range(project: Project, rel: string, span: Span): Range {
    return project.ws.lineIndex(rel)?.range(span) ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  }

  location(project: Project, rel: string, span: Span): Location {
    return { uri: project.uriOf(rel), range: this.range(project, rel, span) };
  }

  offset(project: Project, rel: string, pos: { line: number; character: number }): number | undefined {
    return project.ws.lineIndex(rel)?.offset(pos);
  }

  toDiagnostic(project: Project, rel: string, f: Finding): Diagnostic {
    const d: Diagnostic = {
      range: this.range(project, rel, f.span),
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
  publish(project: Project, rels: Iterable<string>): void {
    this.send(project, rels, (rel) => project.findings(rel));
  }

  /**
   * Publishes only what a file shows on its own (syntax, schema, unknown criteria): during a first
   * scan, the cross-file findings of an open file wait for the rest of the project.
   */
  publishOwn(project: Project, rels: Iterable<string>): void {
    this.send(project, rels, (rel) => (rel === CONFIG_FILE ? project.ws.config.findings : (project.ws.facts(rel)?.local ?? [])));
  }

  private send(project: Project, rels: Iterable<string>, findingsOf: (rel: string) => Finding[]): void {
    for (const rel of rels) {
      const uri = project.uriOf(rel);
      const present = project.ws.has(rel);
      const findings = present && project.settings.enable ? capFindings(findingsOf(rel), project.settings.maxProblems) : [];
      const diagnostics = findings.map((f) => this.toDiagnostic(project, rel, f));
      const key = JSON.stringify(diagnostics);
      const last = this.published.get(uri);
      if (last === key || (last === undefined && diagnostics.length === 0)) continue;
      if (diagnostics.length === 0) this.published.delete(uri);
      else this.published.set(uri, key);
      const doc = this.documents.get(uri);
      void this.connection.sendDiagnostics(doc ? { uri, version: doc.version, diagnostics } : { uri, diagnostics });
    }
  }

  /** Withdraws every diagnostic published for a project that is gone, except files another project now owns. */
  clearProject(project: Project): void {
    const prefix = `${project.uri}/`;
    for (const uri of [...this.published.keys()]) {
      if (!uri.startsWith(prefix)) continue;
      const owner = this.projects.projectFor(uri)?.project;
      if (owner && owner !== project) continue;
      this.published.delete(uri);
      void this.connection.sendDiagnostics({ uri, diagnostics: [] });
    }
  }

  /** Tells the client to refetch coverage when a project's coverage may have changed. */
  notifyCoverage(project: Project): void {
    if (!project.scanned || this.coverageTimer) return;
    // Coalesced: a burst of keystrokes yields one notification (and one refetch), not one per key.
    this.coverageTimer = setTimeout(() => {
      this.coverageTimer = undefined;
      let changed = false;
      for (const p of this.projects.all) {
        if (!p.scanned || this.lastCoverageVersion.get(p) === p.ws.coverageVersion) continue;
        this.lastCoverageVersion.set(p, p.ws.coverageVersion);
        changed = true;
      }
      if (changed) void this.connection.sendNotification('attest/coverageChanged');
    }, COVERAGE_NOTIFY_DELAY_MS);
  }

  /** The project set itself changed (one appeared or went): the client's views must refetch. */
  notifyProjectsChanged(): void {
    void this.connection.sendNotification('attest/coverageChanged');
  }

  async refreshSettings(project: Project): Promise<void> {
    if (!this.configurationSupport) return;
    try {
      const raw = await this.connection.workspace.getConfiguration({ scopeUri: project.uri, section: 'attest' });
      project.settings = readSettings(raw);
    } catch (e) {
      this.connection.console.warn(`attest: could not read settings for ${project.uri}: ${(e as Error).message}`);
    }
  }

  help(code: string): string {
    return (CODES as Record<string, { help: string }>)[code]?.help ?? '';
  }
}
