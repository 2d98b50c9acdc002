// A build of HEAD for a benchmark: `git archive HEAD` into bench/out/<name>-src, then the project's
// own build script there (scripts/build.mjs, with this checkout's node_modules linked), its dist/
// moved to bench/out/<name>-dist. The figures then belong to a commit, not to work in progress in
// dist/ (which may be rebuilt mid-run), and are of the very bundles `npm run build` makes (the
// read-ahead worker beside them, zod without its other locales).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { BENCH, ROOT } from './generate.mjs';

const OUT = path.join(BENCH, 'out');

/** Builds HEAD; returns its dist folder and the commit, `hash "subject"`. */
export function buildHead(name) {
  const src = path.join(OUT, `${name}-src`);
  const dist = path.join(OUT, `${name}-dist`);
  fs.rmSync(src, { recursive: true, force: true });
  fs.rmSync(dist, { recursive: true, force: true });
  fs.mkdirSync(src, { recursive: true });
  const tar = spawnSync('sh', ['-c', `git archive HEAD server client criteria snippets scripts package.json | tar -x -C '${src}'`], { cwd: ROOT, encoding: 'utf8' });
  if (tar.status !== 0) throw new Error(`git archive failed: ${tar.stderr}`);
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(src, 'node_modules'), 'dir');
  const b = spawnSync(process.execPath, ['scripts/build.mjs', '--no-typecheck'], { cwd: src, encoding: 'utf8' });
  if (b.status !== 0) throw new Error(`building HEAD failed: ${b.stderr}`);
  fs.renameSync(path.join(src, 'dist'), dist);
  const [hash, subject] = spawnSync('git', ['log', '-1', '--format=%h%n%s'], { cwd: ROOT, encoding: 'utf8' }).stdout.trim().split('\n');
  return { dist, commit: `${hash} "${subject.length > 70 ? `${subject.slice(0, 70)}…` : subject}"` };
}
