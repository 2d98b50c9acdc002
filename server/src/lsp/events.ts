import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { FileChangeType, MessageType, ShowMessageNotification, type FileEvent } from 'vscode-languageserver/node';
import { CONFIG_FILE, isWithin, nearestConfigRoot, parseTodayEnv, today } from '../core/index.js';

/** How often the server looks at the calendar. */
const CLOCK_CHECK_MS = 60_000;
import type { Pipeline } from './pipeline.js';
import type { Session } from './session.js';

/**
 * Turns what the editor reports (documents, watched files, settings, folders) into changes of
 * projects, and project-set changes when an attest.yaml appears or goes.
 */
export class EventRouter {
  /** Edits: the newest version wins; a burst of changes to one file is checked once. */
  private readonly pending = new Map<string, NodeJS.Immediate>();

  constructor(
    private readonly s: Session,
    private readonly pipeline: Pipeline,
  ) {}

  async start(folders: string[]): Promise<void> {
    const fixed = parseTodayEnv();
    if (fixed.error) void this.s.connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Error, message: `Attest: ${fixed.error}; using the real date.` });
    // Checked each minute: a server left running past midnight judges due dates and freshness by the new day.
    setInterval(() => this.dayPassed(today()), CLOCK_CHECK_MS).unref();
    await this.pipeline.reconciled(this.s.projects.setFolders(folders));
  }

  /** Judges every project as of `day` when that is not the day it was judged by. */
  dayPassed(day: number): void {
    for (const p of this.s.projects.all) if (p.scanned && p.ws.config.today !== day) this.guard('new day', () => this.pipeline.apply(p, { kind: 'today', day }));
  }

  foldersChanged(added: string[], removed: string[]): void {
    for (const uri of removed) void this.s.connection.console.info(`attest: folder ${uri} closed`);
    void this.pipeline.reconciled(this.s.projects.addFolders(added, removed));
  }

  opened(uri: string): void {
    // An editor without workspace folders: the project is the nearest attest.yaml above the file.
    if (!this.s.projects.workspaceFolders.length && !this.s.projects.projectFor(uri) && uri.startsWith('file:')) {
      const root = this.guard('open', () => nearestConfigRoot(fileURLToPath(uri)));
      if (root) void this.pipeline.reconciled(this.s.projects.adopt(root));
    }
    this.edited(uri);
  }

  edited(uri: string): void {
    const prior = this.pending.get(uri);
    if (prior) clearImmediate(prior);
    this.pending.set(
      uri,
      setImmediate(() => {
        this.pending.delete(uri);
        this.guard('update', () => {
          const at = this.s.projects.projectFor(uri);
          const doc = this.s.documents.get(uri);
          if (!at || !doc || !at.project.ws.kindOf(at.rel)) return;
          this.pipeline.apply(at.project, { kind: 'text', rel: at.rel, text: doc.getText() });
        });
      }),
    );
  }

  /** Closed without saving: the disk version is the truth again. */
  closed(uri: string): void {
    const prior = this.pending.get(uri);
    if (prior) clearImmediate(prior);
    this.pending.delete(uri);
    this.guard('close', () => {
      const at = this.s.projects.projectFor(uri);
      if (!at || !at.project.ws.kindOf(at.rel)) return;
      this.pipeline.apply(at.project, { kind: 'disk', rel: at.rel });
    });
  }

  watched(changes: FileEvent[]): void {
    let projectsMoved = false;
    this.guard('watched files', () => {
      for (const change of changes) {
        const open = !!this.s.documents.get(change.uri);
        if (!open) projectsMoved ||= this.movesProjects(change);
        const at = this.s.projects.projectFor(change.uri);
        if (!at) continue;
        const { project, rel } = at;
        if (open) {
          // Open documents win over disk; only what evidence links read of the disk (its hash) moved.
          if (change.type !== FileChangeType.Deleted) this.pipeline.apply(project, { kind: 'linked', rel });
          continue;
        }
        project.noteDiskChange(rel);
        if (project.ws.config.catalogPaths.includes(rel) && !this.s.documents.get(project.uriOf(CONFIG_FILE))) {
          // The catalog changed: attest.yaml means something else now.
          this.pipeline.apply(project, { kind: 'config' });
          continue;
        }
        const deleted = change.type === FileChangeType.Deleted;
        this.pipeline.apply(project, deleted ? { kind: 'deleted', rel } : { kind: 'disk', rel });
      }
    });
    if (projectsMoved) void this.pipeline.reconciled(this.s.projects.reconcile());
  }

  /** Whether a file event creates or removes a project: an attest.yaml that appeared or went, or a deleted folder holding one. */
  private movesProjects(change: FileEvent): boolean {
    if (!change.uri.startsWith('file:') || change.type === FileChangeType.Changed) return false;
    const file = fileURLToPath(change.uri);
    if (path.basename(file) === CONFIG_FILE) return true;
    return change.type === FileChangeType.Deleted && this.s.projects.all.some((p) => isWithin(file, p.root));
  }

  async settingsChanged(): Promise<void> {
    for (const p of this.s.projects.all) {
      await this.s.refreshSettings(p);
      if (p.scanned) this.guard('configuration', () => this.pipeline.apply(p, { kind: 'settings' }));
    }
  }

  guard<T>(what: string, fn: () => T, fallback?: T): T {
    try {
      return fn();
    } catch (e) {
      this.s.connection.console.error(`attest: ${what} failed: ${(e as Error).stack ?? String(e)}`);
      return fallback as T;
    }
  }
}
