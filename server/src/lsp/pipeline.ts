import type { WorkDoneProgressServerReporter } from 'vscode-languageserver/node';
import { CONFIG_FILE } from '../core/index.js';
import type { Project } from './project.js';
import type { Reconciled } from './projectSet.js';
import type { Session } from './session.js';

/**
 * One kind of change, whatever the event behind it (an edit, a file on disk, a setting, a folder):
 * applied to one project, it returns the files whose findings may differ.
 */
export type Change =
  /** An open document's text. */
  | { kind: 'text'; rel: string; text: string }
  /** A file created or changed on disk, or closed in the editor: the disk is the truth. */
  | { kind: 'disk'; rel: string }
  /** An open document changed on disk: the editor's text still wins, but evidence hashes read the disk. */
  | { kind: 'linked'; rel: string }
  /** A file or folder deleted on disk. */
  | { kind: 'deleted'; rel: string }
  /** attest.yaml or the catalog it names: re-read (the editor's copy first). */
  | { kind: 'config' }
  /** The editor's settings for the project: its diagnostics are shown differently. */
  | { kind: 'settings' }
  /** The date changed (past midnight): whatever is judged as of today is judged again. */
  | { kind: 'today'; day: number };

/** What applying a change asks for: publish these files, or index the project afresh (its file set moved). */
type Outcome = { affected: Iterable<string> } | { rescan: Iterable<string> };

/** Applies changes to projects and is the one place that publishes diagnostics and announces coverage. */
export class Pipeline {
  constructor(private readonly s: Session) {}

  apply(project: Project, change: Change): void {
    const out = this.change(project, change);
    if ('rescan' in out) {
      void this.scan(project, out.rescan);
      return;
    }
    if (!project.scanned) {
      // The scan publishes everything when it ends; an open file shows its own findings at once.
      if (change.kind === 'text' && project.configured) this.s.publishOwn(project, [change.rel]);
      return;
    }
    this.s.publish(project, out.affected);
    this.s.notifyCoverage(project);
  }

  private change(project: Project, change: Change): Outcome {
    const ws = project.ws;
    switch (change.kind) {
      case 'text':
        if (change.rel === CONFIG_FILE) return this.config(project, change.text);
        return { affected: ws.setFile(change.rel, change.text) };
      case 'disk':
        if (change.rel === CONFIG_FILE) return this.config(project, project.readConfigFromDisk());
        // Any file may be evidence that a control links to (a policy too): its hash is asked anew.
        if (!ws.kindOf(change.rel)) return { affected: ws.linkTargetChanged(change.rel) };
        return { affected: new Set([...project.indexFile(change.rel), ...ws.linkTargetChanged(change.rel)]) };
      case 'linked':
        return { affected: ws.linkTargetChanged(change.rel) };
      case 'deleted': {
        if (change.rel === CONFIG_FILE) return this.config(project, undefined);
        if (ws.has(change.rel)) return { affected: ws.deleteFile(change.rel) };
        // A deleted folder takes every indexed file under it along, and evidence links into it break.
        const prefix = `${change.rel}/`;
        const affected = ws.linkTargetChanged(change.rel, true);
        for (const r of [...ws.rels()].filter((x) => x.startsWith(prefix))) for (const a of ws.deleteFile(r)) affected.add(a);
        return { affected };
      }
      case 'config':
        return this.config(project, this.s.documents.get(project.uriOf(CONFIG_FILE))?.getText() ?? project.readConfigFromDisk());
      case 'settings':
        return { affected: [CONFIG_FILE, ...ws.rels()] };
      case 'today':
        return { affected: ws.setToday(change.day) };
    }
  }

  private config(project: Project, text: string | undefined): Outcome {
    const before = [...project.ws.rels()];
    const { affected, globsChanged } = project.ws.setConfig(text);
    // New globs: the set of Attest files changed, so the project is indexed afresh.
    return globsChanged ? { rescan: before } : { affected };
  }

  /** Indexes a project from disk (open documents first), then publishes all of it. */
  async scan(project: Project, alsoPublish: Iterable<string> = []): Promise<void> {
    const { connection } = this.s;
    await this.s.refreshSettings(project);
    let progress: WorkDoneProgressServerReporter | undefined;
    if (this.s.workDoneProgressSupport) {
      try {
        progress = await connection.window.createWorkDoneProgress();
        progress.begin('Attest', 0, `Indexing ${project.root}`, false);
      } catch {
        progress = undefined;
      }
    }
    // Files that now sit in a nested project are that project's to publish.
    const before = [...alsoPublish].filter((rel) => !project.inNested(rel));
    try {
      await project.scan(
        this.s.openDocuments(project),
        (done, total) => progress?.report(total ? Math.round((done / total) * 100) : 100, `${done}/${total} files`),
        (rels) => this.s.publishOwn(project, [CONFIG_FILE, ...rels]),
      );
    } catch (e) {
      connection.console.error(`attest: scan of ${project.root} failed: ${(e as Error).stack ?? e}`);
    } finally {
      progress?.done();
    }
    if (!this.s.projects.all.includes(project)) return; // removed while it was being read
    const st = project.lastScan;
    if (st?.workerFiles) connection.console.info(`attest: indexed ${st.files} files of ${project.root} in ${st.ms} ms, ${st.workerFiles} of them ${st.workerMode === 'read' ? 'read ahead' : 'read and analysed'} on a second thread`);
    if (st?.workerError) connection.console.warn(`attest: the second indexing thread of ${project.root} stopped (${st.workerError}); the main thread indexed the rest`);
    this.s.publish(project, new Set([CONFIG_FILE, ...before, ...project.ws.rels()]));
    this.s.notifyCoverage(project);
  }

  /** Projects appeared, went or changed their nested projects: forget, scan and rescan them. */
  async reconciled(r: Reconciled): Promise<void> {
    for (const p of r.removed) this.s.clearProject(p);
    if (r.added.length || r.removed.length) this.s.notifyProjectsChanged();
    await Promise.all([...r.added, ...r.moved].map((p) => this.scan(p, p.scanned ? [...p.ws.rels()] : [])));
  }
}
