import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vm from 'node:vm';
import { createRequire } from 'node:module';
import * as nodeModule from 'node:module';

// Every CLI run compiles the main bundle again (about a megabyte of JavaScript): a third of a
// cached run's time, a tenth of a cold check's at 10k. V8 can keep what it compiled. Node 22.1+
// does it itself (module.enableCompileCache, in the temp folder, NODE_COMPILE_CACHE); on older
// Node the bundle is compiled through vm.Script with V8's code cache, kept in a folder of the
// temp folder that only this user can write. V8 refuses a cache of another source or build of
// itself. ATTEST_CODE_CACHE=off loads the bundle plainly.

/** Runs the CommonJS bundle `file` (as `require` would), with V8's code cache where it can. */
export function loadBundle(file: string): void {
  const enable = (nodeModule as { enableCompileCache?: () => unknown }).enableCompileCache;
  if (process.env.ATTEST_CODE_CACHE === 'off') return void createRequire(__filename)(file);
  if (typeof enable === 'function') {
    enable();
    return void createRequire(__filename)(file);
  }
  const source = fs.readFileSync(file, 'utf8');
  const cacheFile = cachePath(file);
  const cachedData = cacheFile ? readOwn(cacheFile) : undefined;
  const script = new vm.Script(nodeModule.wrap(source), { filename: file, ...(cachedData ? { cachedData } : {}) });
  if (cacheFile && (!cachedData || script.cachedDataRejected)) {
    // Written when the run ends, so that it holds the functions the run compiled, not only the top level.
    process.once('exit', () => writeCache(cacheFile, script));
  }
  const m = new nodeModule.Module(file, module) as NodeJS.Module & { paths: string[] };
  m.filename = file;
  m.paths = (nodeModule.Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(path.dirname(file));
  const run = script.runInThisContext() as (exports: unknown, require: NodeJS.Require, module: NodeJS.Module, filename: string, dirname: string) => void;
  run.call(m.exports, m.exports, createRequire(file), m, file, path.dirname(file));
}

/** The cache file of this bundle, this Node and this user; undefined when there is no safe folder for it. */
function cachePath(file: string): string | undefined {
  try {
    const st = fs.statSync(file);
    const uid = process.getuid?.() ?? 'user';
    const dir = path.join(os.tmpdir(), `attest-code-cache-${uid}`);
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    const d = fs.statSync(dir);
    // Code read back into V8 must be this user's own: a folder another user owns or may write is not used.
    if (!d.isDirectory() || (process.getuid && d.uid !== process.getuid()) || (d.mode & 0o022) !== 0) return undefined;
    return path.join(dir, `${path.basename(file)}-${st.size}-${Math.floor(st.mtimeMs)}-${process.version}-${process.arch}.bin`);
  } catch {
    return undefined;
  }
}

function readOwn(cacheFile: string): Buffer | undefined {
  try {
    return fs.readFileSync(cacheFile);
  } catch {
    return undefined;
  }
}

function writeCache(cacheFile: string, script: vm.Script): void {
  const tmp = `${cacheFile}.${process.pid}.tmp`;
  try {
    fs.writeFileSync(tmp, script.createCachedData(), { mode: 0o600 });
    fs.renameSync(tmp, cacheFile);
  } catch {
    try {
      fs.rmSync(tmp, { force: true });
    } catch {
      // a cache that cannot be written is only a slower next start
    }
  }
}
