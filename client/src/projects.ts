import * as vscode from 'vscode';
import { firstProjectOf, isInside, normalizeUri, projectOf, type ProjectCoverage } from './coverage/coverageModel';
import type { CoverageStore } from './coverage/coverageStore';

/** What commands accept to name a project: `project` (a project URI), or `folder` (a workspace folder: its first project). */
export interface ProjectArgs {
  project?: string;
  folder?: string;
}

/** A project the commands work on: where its files go, and what the server calls it. */
export interface TargetProject {
  /** The project folder (attest.yaml, controls/, policies/ go here). */
  root: vscode.Uri;
  /** The `project` param of requests. */
  uri: string;
  name: string;
}

function target(p: ProjectCoverage): TargetProject {
  return { root: vscode.Uri.parse(p.uri), uri: p.uri, name: p.name };
}

function fileFolders(): readonly vscode.WorkspaceFolder[] {
  return (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file');
}

/** The project of the active editor, when it is in one. */
export function activeProject(store: CoverageStore): ProjectCoverage | undefined {
  const doc = vscode.window.activeTextEditor?.document.uri;
  return doc?.scheme === 'file' ? projectOf(store.state, doc.toString()) : undefined;
}

/**
 * The project a command works on: the one named, else the only one, else the one picked (the
 * active editor's first). A project URI the store does not know yet is taken as it is.
 */
export async function pickProject(store: CoverageStore, args: ProjectArgs, placeHolder: string): Promise<TargetProject | undefined> {
  const projects = store.state;
  if (args.project) {
    const known = projects.find((p) => normalizeUri(p.uri) === normalizeUri(args.project!));
    return known ? target(known) : { root: vscode.Uri.parse(args.project), uri: args.project, name: args.project };
  }
  if (args.folder) {
    const known = firstProjectOf(projects, args.folder);
    if (known) return target(known);
    const f = fileFolders().find((x) => isInside(args.folder!, x.uri.toString()));
    return f ? { root: f.uri, uri: f.uri.toString(), name: f.name } : undefined;
  }
  if (projects.length === 0) {
    const f = fileFolders()[0];
    return f ? { root: f.uri, uri: f.uri.toString(), name: f.name } : undefined;
  }
  if (projects.length === 1) return target(projects[0]!);
  const active = activeProject(store);
  const items = [...(active ? [active] : []), ...projects.filter((p) => p !== active)].map((p) => ({
    label: p.name,
    description: p === active ? 'project of the active editor' : vscode.workspace.asRelativePath(vscode.Uri.parse(p.uri)),
    p,
  }));
  const pick = await vscode.window.showQuickPick(items, { placeHolder });
  return pick ? target(pick.p) : undefined;
}

/** Whether a file URI belongs to `project` (and not to a project nested in it). */
export function inProject(store: CoverageStore, project: TargetProject, uri: string): boolean {
  const owner = projectOf(store.state, uri);
  return owner ? normalizeUri(owner.uri) === normalizeUri(project.uri) : isInside(uri, project.uri);
}
