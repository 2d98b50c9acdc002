import * as fs from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { CONFIG_FILE, findConfigRoots, nestedRoots, ownerRoot } from '../core/index.js';
import * as path from 'node:path';
import { filePathOf, Project } from './project.js';

/** What a change of the project set did: projects to scan, to forget, and to rescan (their nested projects changed). */
export interface Reconciled {
  added: Project[];
  removed: Project[];
  moved: Project[];
}

/**
 * The projects of the workspace folders: every attest.yaml at any depth roots one, and a folder
 * with none below it is one project itself (as before projects could nest). Without workspace
 * folders, projects are adopted from the files the editor opens.
 */
export class ProjectSet {
  private folders: string[] = [];
  private readonly adopted = new Set<string>();
  private readonly byRoot = new Map<string, Project>();
  private sorted: Project[] = [];

  /** Every project, sorted by URI. */
  get all(): readonly Project[] {
    return this.sorted;
  }

  get workspaceFolders(): readonly string[] {
    return this.folders;
  }

  setFolders(uris: string[]): Reconciled {
    this.folders = uris.filter((u) => u.startsWith('file:'));
    return this.reconcile();
  }

  addFolders(added: string[], removed: string[]): Reconciled {
    const gone = new Set(removed.map(trimSlash));
    const next = this.folders.filter((f) => !gone.has(trimSlash(f)));
    for (const a of added) if (a.startsWith('file:') && !next.some((f) => trimSlash(f) === trimSlash(a))) next.push(a);
    this.folders = next;
    return this.reconcile();
  }

  /** A project found above a file opened outside any workspace folder. */
  adopt(root: string): Reconciled {
    this.adopted.add(root);
    return this.reconcile();
  }

  /** Re-reads which folders are projects (after an attest.yaml appeared or went, or folders changed). */
  reconcile(): Reconciled {
    const desired = new Map<string, string | undefined>();
    for (const folder of this.folders) {
      const dir = fileURLToPath(folder).replace(/[\\/]$/, '') || '/';
      const roots = findConfigRoots(dir);
      for (const r of roots.length ? roots : [dir]) if (!desired.has(r)) desired.set(r, folder);
    }
    for (const r of this.adopted) {
      if (fs.existsSync(path.join(r, CONFIG_FILE))) {
        if (!desired.has(r)) desired.set(r, undefined);
      } else this.adopted.delete(r);
    }
    const out: Reconciled = { added: [], removed: [], moved: [] };
    for (const [root, p] of this.byRoot) {
      if (desired.has(root)) continue;
      this.byRoot.delete(root);
      out.removed.push(p);
    }
    for (const [root, folder] of desired) {
      const skip = nestedRoots(root, desired.keys());
      const p = this.byRoot.get(root);
      if (!p) {
        const made = new Project(pathToFileURL(root).href, folder, skip);
        this.byRoot.set(root, made);
        out.added.push(made);
      } else if (skip.join('\n') !== p.skip.join('\n')) {
        p.skip = skip;
        out.moved.push(p);
      }
    }
    this.sorted = [...this.byRoot.values()].sort((a, b) => (a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : 0));
    return out;
  }

  /** The project a file belongs to (the nearest root above it) and its project-relative path. */
  projectFor(uri: string): { project: Project; rel: string } | undefined {
    const file = filePathOf(uri);
    if (file === undefined) return undefined;
    const root = ownerRoot(file, this.byRoot.keys());
    const project = root === undefined ? undefined : this.byRoot.get(root);
    const rel = project?.rel(uri);
    return project && rel !== undefined ? { project, rel } : undefined;
  }

  /**
   * The project a custom request names: `project` (a project URI), or `folder` (a workspace
   * folder: its first project), or the first project of the first folder.
   */
  pick(params: { project?: unknown; folder?: unknown } | undefined): Project | undefined {
    const project = typeof params?.project === 'string' ? trimSlash(params.project) : undefined;
    if (project !== undefined) return this.sorted.find((p) => p.uri === project) ?? this.projectFor(project)?.project;
    const folder = typeof params?.folder === 'string' ? trimSlash(params.folder) : this.folders[0] && trimSlash(this.folders[0]);
    if (folder === undefined) return this.sorted[0];
    return this.sorted.find((p) => p.uri === folder) ?? this.sorted.find((p) => p.workspaceFolder && trimSlash(p.workspaceFolder) === folder) ?? this.projectFor(folder)?.project;
  }
}

function trimSlash(uri: string): string {
  return uri.replace(/\/$/, '');
}
