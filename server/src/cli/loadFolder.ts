import * as fs from 'node:fs';
import * as path from 'node:path';
import { discoverProjects, loadWorkspaceParallel, nearestConfigRoot, nestedRoots } from '../core/index.js';
import { CacheFile } from '../core/cacheFile.js';
import { bundleHash, loadWorkspaceCached, projectKey } from '../core/cacheLoad.js';
import { folderReport, projectReport, type FolderReport } from '../reports/reportModel.js';

/** A folder the CLI cannot work on: exit 2 with the message. */
export class FolderError extends Error {}

export interface LoadFolderOptions {
  /** --cache: the cache file (absolute) and the version writing it; saved before returning. */
  cache?: { file: string; version: string };
  /** Or the cache already open, left for the caller to save. */
  cacheFile?: CacheFile;
}

function readable(folder: string): void {
  let st: fs.Stats;
  try {
    st = fs.statSync(folder);
    if (st.isDirectory()) fs.readdirSync(folder);
  } catch (e) {
    throw new FolderError(`cannot read folder ${folder}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  if (!st.isDirectory()) throw new FolderError(`${folder} is not a folder`);
}

/**
 * Every project of `folder`, each loaded on its own (its nested projects' files skipped) and
 * checked. A folder with no project is an error: a CI job pointed at the wrong folder must fail.
 */
export async function loadFolder(folder: string, cwd: string, opts: LoadFolderOptions = {}): Promise<FolderReport> {
  readable(folder);
  const roots = discoverProjects(folder);
  if (!roots.length) {
    // A folder inside a project (its policies/, say): point at the project to run on instead.
    const above = nearestConfigRoot(path.join(folder, 'attest.yaml'));
    throw new FolderError(
      `no Attest project in ${folder}: looked for attest.yaml in it and its subfolders (except node_modules and folders starting with "."), and for a controls/ or policies/ folder at its top` +
        (above ? `; it is inside the project at ${above}: run attest on that folder` : ''),
    );
  }
  const cache = opts.cacheFile ?? (opts.cache && CacheFile.open(opts.cache.file, { version: opts.cache.version, bundle: bundleHash() }));
  const projects = [];
  for (const root of roots) {
    const skip = nestedRoots(root, roots);
    const name = path.relative(folder, root).split(path.sep).join('/') || '.';
    const { ws, problems } = cache
      ? await loadWorkspaceCached(root, (w, configText) => cache.project(name, projectKey(root, configText, w.config)), { skip })
      : await loadWorkspaceParallel(root, { skip });
    projects.push(projectReport(ws, root, { problems }));
  }
  // The cache is written before the report: a run that fails on output still leaves it for the next.
  if (!opts.cacheFile) cache?.save();
  return folderReport(folder, projects, cwd);
}
