import * as fs from 'node:fs';
import * as path from 'node:path';
import { CONFIG_FILE } from './config.js';
import { scanFiles, type ScanProblem } from './scan.js';
import { fileSha256, readLoaded, readText, type LoadedFile } from './fileRead.js';
import { ProjectIndex } from './projectIndex.js';
import { noteInput, noteText } from './inputLog.js';

/** Reads a workspace-relative file only when it stays inside the root (catalogs never come from elsewhere). */
export function insideReader(root: string): (rel: string) => string | undefined {
  const realRoot = safeReal(root);
  return (rel) => {
    const abs = path.resolve(root, rel);
    const real = safeReal(abs);
    if (!real) noteInput(abs, 'absent');
    if (!real || !realRoot || (real !== realRoot && !real.startsWith(realRoot + path.sep))) return undefined;
    const text = readText(real).text;
    noteText(real, text);
    return text;
  };
}

/** Whether a workspace-relative path names an existing file or folder inside the root. */
export function insideExists(root: string): (rel: string) => boolean {
  return (rel) => {
    const abs = path.resolve(root, rel);
    if (abs !== root && !abs.startsWith(root + path.sep)) return false;
    const exists = fs.existsSync(abs);
    noteInput(abs, exists ? 'exists' : 'absent');
    return exists;
  };
}

/** SHA-256 of a workspace-relative regular file inside the root (evidence integrity); undefined when it is missing or unreadable. */
export function insideHash(root: string): (rel: string) => string | undefined {
  const realRoot = safeReal(root);
  return (rel) => {
    const real = safeReal(path.resolve(root, rel));
    if (!real) noteInput(path.resolve(root, rel), 'absent');
    if (!real || !realRoot || (real !== realRoot && !real.startsWith(realRoot + path.sep))) return undefined;
    const hex = fileSha256(real);
    if (hex !== undefined) noteInput(real, 'bytes', hex);
    return hex;
  };
}

function safeReal(p: string): string | undefined {
  try {
    return fs.realpathSync(p);
  } catch {
    return undefined;
  }
}

export interface LoadOptions {
  today?: number;
  /** Folders (relative to the root) of nested projects, whose files are not this project's. */
  skip?: string[];
}

/** A folder's index with attest.yaml applied and no file in it yet (and how reading attest.yaml went). */
export function configuredIndex(root: string, opts: Pick<LoadOptions, 'today'> = {}): { ws: ProjectIndex; configText: string | undefined; configError?: string } {
  const env = { readFile: insideReader(root), exists: insideExists(root), hash: insideHash(root), ...(opts.today === undefined ? {} : { today: opts.today }) };
  const ws = new ProjectIndex(env);
  const cfgRead = readText(path.join(root, CONFIG_FILE));
  const cfgText = cfgRead.text;
  noteText(path.join(root, CONFIG_FILE), cfgText);
  if (cfgText !== undefined) ws.setConfig(cfgText);
  return { ws, configText: cfgText, ...(cfgRead.error === undefined ? {} : { configError: cfgRead.error }) };
}

/** A folder's index before any file is read: attest.yaml applied and the files to read listed (sorted). */
export function prepareLoad(root: string, opts: LoadOptions = {}): { ws: ProjectIndex; configText: string | undefined; files: string[]; problems: ScanProblem[] } {
  const { ws, configText: cfgText, configError } = configuredIndex(root, opts);
  const { files, problems } = scanFiles(root, [...ws.config.controlGlobs, ...ws.config.policyGlobs, ...ws.config.crosswalkGlobs], undefined, opts.skip);
  if (cfgText === undefined && fs.existsSync(path.join(root, CONFIG_FILE))) problems.unshift({ rel: CONFIG_FILE, message: `cannot read (${configError}); using the defaults` });
  return { ws, configText: cfgText, files, problems };
}

/** Puts one read file into the index; an unreadable file becomes a problem. */
export function applyLoaded(ws: ProjectIndex, f: LoadedFile, problems: ScanProblem[]): void {
  if (f.text !== undefined) ws.loadFile(f.rel, f.text, f.facts);
  else if (f.size !== undefined) ws.setOversized(f.rel, f.size);
  else problems.push({ rel: f.rel, message: `cannot read: ${f.error}` });
}

/** Builds the whole index of a folder from disk on this thread (tests; see loadWorkspaceParallel). */
export function loadWorkspace(root: string, opts: LoadOptions = {}): { ws: ProjectIndex; problems: ScanProblem[] } {
  const { ws, files, problems } = prepareLoad(root, opts);
  for (const rel of files) applyLoaded(ws, readLoaded(root, rel, ws.config.maxFileSize), problems);
  return { ws, problems };
}
