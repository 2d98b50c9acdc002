import * as fs from 'node:fs';
import * as path from 'node:path';
import { CONFIG_FILE } from './config.js';
import { readText, readWithin, scanFiles, type ScanProblem } from './scan.js';
import { Workspace } from './workspace.js';

/** Reads a workspace-relative file only when it stays inside the root (catalogs never come from elsewhere). */
export function insideReader(root: string): (rel: string) => string | undefined {
  const realRoot = safeReal(root);
  return (rel) => {
    const abs = path.resolve(root, rel);
    const real = safeReal(abs);
    if (!real || !realRoot || (real !== realRoot && !real.startsWith(realRoot + path.sep))) return undefined;
    return readText(real).text;
  };
}

/** Whether a workspace-relative path names an existing file or folder inside the root. */
export function insideExists(root: string): (rel: string) => boolean {
  return (rel) => {
    const abs = path.resolve(root, rel);
    if (abs !== root && !abs.startsWith(root + path.sep)) return false;
    return fs.existsSync(abs);
  };
}

function safeReal(p: string): string | undefined {
  try {
    return fs.realpathSync(p);
  } catch {
    return undefined;
  }
}

/** Builds the whole index of a folder from disk (the CLI, and the server's initial scan). */
export function loadWorkspace(root: string, opts: { today?: number } = {}): { ws: Workspace; problems: ScanProblem[] } {
  const env = { readFile: insideReader(root), exists: insideExists(root), ...(opts.today === undefined ? {} : { today: opts.today }) };
  const ws = new Workspace(env);
  const cfgRead = readText(path.join(root, CONFIG_FILE));
  const cfgText = cfgRead.text;
  if (cfgText !== undefined) ws.setConfig(cfgText);
  const { files, problems } = scanFiles(root, [...ws.config.controlGlobs, ...ws.config.policyGlobs]);
  if (cfgText === undefined && fs.existsSync(path.join(root, CONFIG_FILE))) problems.unshift({ rel: CONFIG_FILE, message: `cannot read (${cfgRead.error}); using the defaults` });
  for (const rel of files) {
    const r = readWithin(path.join(root, rel), ws.config.maxFileSize);
    if (r.text !== undefined) ws.loadFile(rel, r.text);
    else if (r.size !== undefined) ws.setOversized(rel, r.size);
    else problems.push({ rel, message: `cannot read: ${r.error}` });
  }
  return { ws, problems };
}
