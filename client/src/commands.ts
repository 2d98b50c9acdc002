import * as vscode from 'vscode';
import type { CoverageEntries, Range as WireRange, ReportFormat as WireFormat } from '../../server/src/protocol';
import { excludeEdit } from '../../server/src/core/exclusionEdit';
import { mappedPicks, normalizeUri, type CoverageNode, type MappedTarget } from './coverage/coverageModel';
import { openLocation, pickLocation } from './locationPicker';
import type { PickEntry } from './pickModel';
import type { CoverageStore } from './coverage/coverageStore';
import type { AttestClient } from './languageClient';
import { registerGuarded } from './guardedCommand';
import { fillControlSnippet, parseSnippets, pickControlSnippet, slug, suggestControlId, validateControlId, type SnippetEntry } from './edits';
import { inProject, pickProject, type ProjectArgs, type TargetProject } from './projects';

export interface CommandHost {
  context: vscode.ExtensionContext;
  client: AttestClient;
  store: CoverageStore;
  /** Reveal the coverage view (and focus it). */
  revealCoverage(): Promise<void>;
  setGapsOnly(on: boolean): Promise<void>;
  setHideOutOfScope(on: boolean): Promise<void>;
}

export type ReportFormat = Extract<WireFormat, 'markdown' | 'html' | 'csv'>;
const REPORT_FORMATS: Array<{ format: ReportFormat; label: string; ext: string; filter: string }> = [
  { format: 'markdown', label: 'Markdown', ext: 'md', filter: 'Markdown' },
  { format: 'html', label: 'HTML', ext: 'html', filter: 'HTML' },
  { format: 'csv', label: 'CSV', ext: 'csv', filter: 'CSV' },
];

/** Arguments the commands accept besides the tree node (tests and keybindings pass them to skip the prompts).
 * Each names its project with `project` (a project URI) or `folder` (a workspace folder: its first project). */
export interface ExportArgs extends ProjectArgs {
  format?: ReportFormat;
  target?: vscode.Uri | string;
}
export interface CreateControlArgs extends ProjectArgs {
  id?: string;
  criterion?: string;
  /** The criterion's framework when it is not the project's primary one. */
  framework?: string;
}
export interface ExcludeArgs extends ProjectArgs {
  criterion?: string;
  reason?: string;
}
export interface CreatePolicyArgs extends ProjectArgs {
  /** The template's prefix, such as attest-policy-access. */
  template?: string;
  /** Project-folder-relative path of the new file. */
  path?: string;
}

export function registerCommands(host: CommandHost): vscode.Disposable[] {
  const { client, store } = host;
  const reg = (id: string, fn: (...args: any[]) => unknown) => registerGuarded(client, id, fn);

  return [
    reg('attest.refreshCoverage', () => store.refresh()),
    reg('attest.showCoverage', () => host.revealCoverage()),
    reg('attest.showGaps', async () => {
      await host.setGapsOnly(true);
      await host.revealCoverage();
    }),
    reg('attest.showAllCriteria', () => host.setGapsOnly(false)),
    reg('attest.hideOutOfScope', () => host.setHideOutOfScope(true)),
    reg('attest.showOutOfScope', () => host.setHideOutOfScope(false)),
    reg('attest.restartServer', async () => {
      await client.restart();
      await store.refresh();
    }),
    reg('attest.showOutput', () => client.output.show(true)),
    reg('attest.openLocation', (uri: string, range?: WireRange) => openLocation(uri, range)),
    // From a "… more" node: (project, { criterion } | { system }); from a criterion's context menu: the node.
    reg('attest.showMapped', (arg?: string | CoverageNode, target?: MappedTarget) =>
      typeof arg === 'object' && arg.criterion ? showMapped(host, arg.criterion.project, { criterion: arg.criterion.id, ...(arg.criterion.framework ? { framework: arg.criterion.framework } : {}) }) : showMapped(host, typeof arg === 'string' ? arg : undefined, target),
    ),
    reg('attest.exportReport', (args?: ExportArgs) => exportReport(host, args)),
    reg('attest.createControl', (arg?: CoverageNode | CreateControlArgs) => createControl(host, fromNode(arg))),
    reg('attest.createControlForCriterion', (arg?: CoverageNode | CreateControlArgs) => createControl(host, fromNode(arg))),
    reg('attest.excludeCriterion', (arg?: CoverageNode | ExcludeArgs, extra?: ExcludeArgs) => excludeCriterion(host, { ...fromNode(arg), ...(extra ?? {}) })),
    reg('attest.createPolicy', (args?: CreatePolicyArgs) => createPolicy(host, args ?? {})),
  ];
}

function fromNode(arg: unknown): CreateControlArgs & ExcludeArgs {
  if (!arg || typeof arg !== 'object') return {};
  const a = arg as Partial<CoverageNode> & { id?: unknown; criterion?: { folder?: string; framework?: string } };
  if (a.criterion && typeof a.criterion === 'object') {
    // A tree node (its own `id` is the tree id), or { criterion: {…}, id } from a caller naming the control.
    const own = !a.kind && typeof a.id === 'string' ? { id: a.id } : {};
    const where = a.criterion.project ? { project: a.criterion.project } : a.criterion.folder ? { folder: a.criterion.folder } : {};
    return { ...where, criterion: a.criterion.id, ...(a.criterion.framework ? { framework: a.criterion.framework } : {}), ...own };
  }
  return arg as CreateControlArgs & ExcludeArgs;
}


async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

async function exportReport(host: CommandHost, args: ExportArgs = {}): Promise<vscode.Uri | undefined> {
  const project = await pickProject(host.store, args, 'Export the coverage report of which project?');
  if (!project) return undefined;
  let fmt = REPORT_FORMATS.find((f) => f.format === args.format);
  if (!fmt) {
    const pick = await vscode.window.showQuickPick(
      REPORT_FORMATS.map((f) => ({ label: f.label, description: `.${f.ext}`, f })),
      { placeHolder: 'Export the coverage report as…' },
    );
    if (!pick) return undefined;
    fmt = pick.f;
  }
  let target = typeof args.target === 'string' ? vscode.Uri.file(args.target) : args.target;
  if (!target) {
    target = await vscode.window.showSaveDialog({
      defaultUri: vscode.Uri.joinPath(project.root, `attest-coverage.${fmt.ext}`),
      filters: { [fmt.filter]: [fmt.ext] },
      saveLabel: 'Export',
      title: 'Export the Attest coverage report',
    });
    if (!target) return undefined;
  }
  const res = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Attest: building the coverage report' }, () =>
    host.client.request('attest/report', { project: project.uri, format: fmt!.format }),
  );
  await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(res.content));
  if (!args.target) {
    void vscode.window.showInformationMessage(`Coverage report saved to ${vscode.workspace.asRelativePath(target)}.`, 'Open').then((a) => {
      if (a) void vscode.window.showTextDocument(target!);
    });
  }
  return target;
}


/** Every control and policy mapping a criterion (or naming a system), from `attest/coverageEntries`: the tree
 * lists only the first ones. Opens the one picked. */
async function showMapped(host: CommandHost, projectArg?: string, target?: MappedTarget): Promise<vscode.TextEditor | undefined> {
  // A project URI; a workspace folder's URI (as before projects) names its first project.
  const known = projectArg !== undefined && host.store.state.some((p) => normalizeUri(p.uri) === normalizeUri(projectArg));
  const project = await pickProject(host.store, projectArg === undefined ? {} : known ? { project: projectArg } : { folder: projectArg }, 'List the controls of which project?');
  if (!project) return undefined;
  if (!target) {
    const criterion = (await vscode.window.showInputBox({ prompt: 'The criterion whose controls and policies to list (such as CC6.1)' }))?.trim();
    if (!criterion) return undefined;
    target = { criterion };
  }
  const what = 'criterion' in target ? `mapping ${target.criterion}` : `naming system ${target.system}`;
  return pickLocation({
    title: `Attest: controls${'criterion' in target ? ' and policies' : ''} ${what}`,
    load: async (token) => {
      let entries: CoverageEntries | null;
      try {
        entries = await host.client.request('attest/coverageEntries', { project: project.uri, ...target }, token);
      } catch (e) {
        if (token.isCancellationRequested) throw e;
        throw new Error(`Could not list the controls ${what}: ${host.client.failure ?? (e instanceof Error ? e.message : String(e))}`);
      }
      const picks = mappedPicks(entries ?? { controls: [], policies: [] }, (uri) => vscode.workspace.asRelativePath(vscode.Uri.parse(uri)));
      const rows: PickEntry[] = [];
      for (const kind of ['control', 'policy'] as const) {
        const of = picks.filter((p) => p.kind === kind);
        if (of.length && picks.length > of.length) rows.push({ label: kind === 'control' ? `Controls (${of.length})` : `Policies (${of.length})`, separator: true });
        for (const p of of) rows.push({ label: p.label, description: p.description, detail: p.detail, uri: p.uri, range: p.range });
      }
      // An empty list stays open saying so (the tree's "… more" node never leads to nothing silently).
      return { entries: rows, placeholder: picks.length ? `${picks.length.toLocaleString('en-US')} entries ${what}: type to filter by id or title` : `Nothing is ${what}.` };
    },
  });
}

/** Control and policy ids in the coverage lists: a sample (mapped controls only, at most
 * COVERAGE_LIST_LIMIT per list), good for guessing the id series in use, not for telling an id is free. */
function listedIds(store: CoverageStore, project: TargetProject): Set<string> {
  const ids = new Set<string>();
  const f = store.state.find((s) => normalizeUri(s.uri) === normalizeUri(project.uri));
  for (const cat of f?.payload?.categories ?? []) for (const c of cat.criteria) {
    for (const x of c.controls) ids.add(x.id);
    for (const x of c.policies) ids.add(x.id);
  }
  for (const s of f?.payload?.systems ?? []) for (const c of s.controls) ids.add(c.id);
  return ids;
}

/** Ids of the project's controls and policies whose id or title contains `query`, from the server's
 * workspace symbols (every file, mapped or not; names are "<id> <title>"). Falls back to the listed ids
 * when the server is not running. */
async function idsContaining(host: CommandHost, project: TargetProject, query: string): Promise<Set<string>> {
  try {
    const symbols = await host.client.sendRequest<Array<{ name: string; location: { uri: string } }> | null>('workspace/symbol', { query });
    const ids = new Set<string>();
    for (const s of symbols ?? []) {
      if (inProject(host.store, project, s.location.uri)) ids.add(s.name.split(' ', 1)[0]!);
    }
    return ids;
  } catch {
    return listedIds(host.store, project);
  }
}

/** The problem with `id` as a new control id, if any (an exact look-up: the lists in the tree are partial). */
async function controlIdProblem(host: CommandHost, project: TargetProject, id: string): Promise<string | undefined> {
  return validateControlId(id, new Set()) ?? validateControlId(id, await idsContaining(host, project, id));
}

/** The next free id in the series the project uses most (AC-10 -> AC-11), checked against the server. */
async function suggestFreeId(host: CommandHost, project: TargetProject): Promise<string> {
  const seen = listedIds(host.store, project);
  const prefix = /^(.*?)\d*$/.exec(suggestControlId(seen))![1]!;
  for (const id of await idsContaining(host, project, prefix)) if (id.startsWith(prefix)) seen.add(id);
  let id = suggestControlId(seen);
  // Workspace symbols stop at 1000: a busy series may hide its highest ids, so try a few further.
  for (let i = 0; i < 3 && (await idsContaining(host, project, id)).has(id); i++) {
    seen.add(id);
    id = suggestControlId(seen);
  }
  return id;
}

async function readSnippets(host: CommandHost, file: string): Promise<SnippetEntry[]> {
  try {
    const bytes = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(host.context.extensionUri, 'snippets', file));
    return parseSnippets(new TextDecoder().decode(bytes));
  } catch {
    return [];
  }
}

async function createControl(host: CommandHost, args: CreateControlArgs): Promise<vscode.Uri | undefined> {
  const project = await pickProject(host.store, args, 'Create the control in which project?');
  if (!project) {
    if (!vscode.workspace.workspaceFolders?.length) void vscode.window.showWarningMessage('Attest: open a folder first to create a control in it.');
    return undefined;
  }
  const id =
    args.id ??
    (await vscode.window.showInputBox({
      title: args.criterion ? `New control for ${args.criterion}` : 'New control',
      prompt: 'The control id (unique in the project, no spaces)',
      value: await suggestFreeId(host, project),
      validateInput: (v) => controlIdProblem(host, project, v.trim()),
    }))?.trim();
  if (!id) return undefined;
  const problem = await controlIdProblem(host, project, id);
  if (problem) throw new Error(problem);
  const uri = vscode.Uri.joinPath(project.root, 'controls', `${id}.yaml`);
  if (await exists(uri)) throw new Error(`${vscode.workspace.asRelativePath(uri)} already exists.`);
  const body = fillControlSnippet(pickControlSnippet(await readSnippets(host, 'controls.json')), id, args.criterion, args.framework);
  return createFromSnippet(uri, body, args.criterion ? `Create control ${id} for ${args.criterion}` : `Create control ${id}`);
}

/** A new file (WorkspaceEdit createFile, so undo removes it) filled with a snippet the user tabs through. */
async function createFromSnippet(uri: vscode.Uri, body: string, label: string): Promise<vscode.Uri> {
  const edit = new vscode.WorkspaceEdit();
  edit.createFile(uri, { ignoreIfExists: false }, { label, needsConfirmation: false });
  if (!(await vscode.workspace.applyEdit(edit))) throw new Error(`Could not create ${vscode.workspace.asRelativePath(uri)}.`);
  const doc = await vscode.workspace.openTextDocument(uri);
  const editor = await vscode.window.showTextDocument(doc, { preview: false });
  await editor.insertSnippet(new vscode.SnippetString(body), new vscode.Position(0, 0));
  return uri;
}

async function excludeCriterion(host: CommandHost, args: ExcludeArgs): Promise<boolean> {
  const project = await pickProject(host.store, args, 'Exclude the criterion in which project?');
  if (!project) return false;
  let criterion = args.criterion;
  if (!criterion) {
    criterion = (await vscode.window.showInputBox({ prompt: 'The criterion to carve out of scope (such as CC9.2)' }))?.trim();
    if (!criterion) return false;
  }
  const reason =
    args.reason ??
    (await vscode.window.showInputBox({
      title: `Exclude ${criterion} from scope`,
      prompt: `Why does ${criterion} not apply? An auditor reads this reason.`,
      placeHolder: 'e.g. No vendor or business partner handles customer data.',
      validateInput: (v) => (v.trim().length < 3 ? 'Give the reason the criterion does not apply.' : undefined),
    }))?.trim();
  if (!reason) return false;
  const uri = vscode.Uri.joinPath(project.root, 'attest.yaml');
  const edit = new vscode.WorkspaceEdit();
  const meta = { label: `Exclude ${criterion} from scope`, needsConfirmation: false };
  let doc: vscode.TextDocument | undefined;
  if (await exists(uri)) {
    doc = await vscode.workspace.openTextDocument(uri);
    const ins = excludeEdit(doc.getText(), criterion, reason);
    edit.replace(uri, new vscode.Range(doc.positionAt(ins.offset), doc.positionAt(ins.offset + ins.length)), ins.text, meta);
  } else {
    const ins = excludeEdit('', criterion, reason);
    edit.createFile(uri, { ignoreIfExists: true }, meta);
    edit.insert(uri, new vscode.Position(0, 0), ins.text, meta);
  }
  const ok = await vscode.workspace.applyEdit(edit);
  if (!ok) throw new Error(`Could not edit ${vscode.workspace.asRelativePath(uri)}.`);
  doc ??= await vscode.workspace.openTextDocument(uri);
  const line = [...Array(doc.lineCount).keys()].reverse().find((i) => doc!.lineAt(i).text.includes(`criterion: ${criterion}`));
  const pos = line !== undefined ? doc.lineAt(line).range : undefined;
  await vscode.window.showTextDocument(doc, { preview: false, ...(pos ? { selection: pos } : {}) });
  return true;
}

async function createPolicy(host: CommandHost, args: CreatePolicyArgs): Promise<vscode.Uri | undefined> {
  const project = await pickProject(host.store, args, 'Create the policy in which project?');
  if (!project) {
    if (!vscode.workspace.workspaceFolders?.length) void vscode.window.showWarningMessage('Attest: open a folder first to create a policy in it.');
    return undefined;
  }
  const templates = (await readSnippets(host, 'policies.json')).filter((e) => e.prefix.startsWith('attest-policy'));
  if (!templates.length) throw new Error('No policy templates found in snippets/policies.json.');
  let t = templates.find((e) => e.prefix === args.template);
  if (!t) {
    if (args.template) throw new Error(`No policy template ${args.template}.`);
    const pick = await vscode.window.showQuickPick(
      templates.map((e) => ({ label: templateLabel(e), detail: e.description, e })),
      { placeHolder: 'Start the policy from which template?', matchOnDetail: true },
    );
    if (!pick) return undefined;
    t = pick.e;
  }
  let rel = args.path;
  if (!rel) {
    const base = `policies/${t.prefix === 'attest-policy' ? 'new-policy' : slug(templateLabel(t))}`;
    let candidate = `${base}.md`;
    for (let i = 2; await exists(vscode.Uri.joinPath(project.root, candidate)); i++) candidate = `${base}-${i}.md`;
    rel = await vscode.window.showInputBox({
      title: `New policy: ${templateLabel(t)}`,
      prompt: `Where to save it (relative to the project folder, ${project.name})`,
      value: candidate,
      valueSelection: [candidate.lastIndexOf('/') + 1, candidate.length - 3],
      validateInput: (v) => (!v.trim().endsWith('.md') ? 'A policy is a Markdown file (.md).' : undefined),
    });
    if (!rel) return undefined;
  }
  const uri = vscode.Uri.joinPath(project.root, ...rel.trim().split('/').filter(Boolean));
  if (await exists(uri)) throw new Error(`${vscode.workspace.asRelativePath(uri)} already exists.`);
  return createFromSnippet(uri, t.body, `Create policy ${rel}`);
}

function templateLabel(e: SnippetEntry): string {
  const m = /^Attest policy:\s*(.+)$/i.exec(e.name);
  if (m) return m[1]!.replace(/^./, (c) => c.toUpperCase());
  return e.prefix === 'attest-policy' ? 'Blank policy' : e.name;
}
