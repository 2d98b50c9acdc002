// `attest init [folder] [--report type1|type2] [--categories security,availability,...]`:
// a new project that `attest check` accepts, to start from.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CATEGORY_IDS, closest, formatDay, parseTodayEnv, today } from '../core/index.js';
import { oneOf, parseArgs, UsageError } from './args.js';
import { initFiles, type InitScope } from './initFiles.js';

export const INIT_USAGE = `usage: attest init [folder] [--report type1|type2] [--categories security,availability,...]

Creates, in folder (default: the current directory, created when missing), attest.yaml with
the scope asked for (type2: the calendar year of today as the period), an example control in
controls/ and the policy templates in policies/. Writes nothing when folder already has an
attest.yaml. Categories: ${CATEGORY_IDS.join(', ')}
(security is always in scope).
`;

/** Runs `attest init` with the arguments after `init`; returns the exit code. */
export function runInit(argv: string[], env: Record<string, string | undefined> = process.env): number {
  let scope: InitScope;
  let folder: string;
  try {
    const args = parseArgs(['init', ...argv], ['report', 'categories']);
    if (args.options.has('help')) {
      process.stdout.write(INIT_USAGE);
      return 0;
    }
    if (args.positional.length > 1) throw new UsageError(`expected one folder, got ${args.positional.length}`);
    folder = path.resolve(args.positional[0] ?? '.');
    scope = {
      report: oneOf(args.options.get('report'), ['type1', 'type2'] as const, 'type1', 'report'),
      categories: parseCategories(args.options.get('categories')),
      today: todayOf(env),
    };
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    process.stderr.write(`attest: ${e.message}\n${INIT_USAGE.split('\n')[0]}\n`);
    return 2;
  }
  const problem = folderProblem(folder);
  if (problem) {
    process.stderr.write(`attest: ${problem}\n`);
    return 2;
  }
  return writeProject(folder, scope);
}

function parseCategories(value: string | undefined): string[] {
  if (value === undefined) return ['security'];
  const asked = value.split(',').map((c) => c.trim().toLowerCase()).filter(Boolean);
  if (!asked.length) throw new UsageError(`--categories needs one or more of ${CATEGORY_IDS.join(', ')}`);
  for (const c of asked) {
    if ((CATEGORY_IDS as readonly string[]).includes(c)) continue;
    const near = closest(c, CATEGORY_IDS, 1);
    throw new UsageError(`unknown category "${c}"${near.length ? ` (did you mean ${near[0]}?)` : ''}; categories: ${CATEGORY_IDS.join(', ')}`);
  }
  // security always, then the others in the catalog's order, each once.
  return CATEGORY_IDS.filter((c) => c === 'security' || asked.includes(c));
}

function todayOf(env: Record<string, string | undefined>): string {
  const fixed = parseTodayEnv(env);
  if (fixed.error) throw new UsageError(fixed.error);
  return formatDay(fixed.day ?? today(env));
}

/** Why init may not write in `folder`, or undefined when it may. */
function folderProblem(folder: string): string | undefined {
  let st: fs.Stats | undefined;
  try {
    st = fs.statSync(folder);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') return `cannot read folder ${folder}: ${(e as NodeJS.ErrnoException).code}`;
  }
  if (st && !st.isDirectory()) return `${folder} is not a folder`;
  if (st && fs.existsSync(path.join(folder, 'attest.yaml'))) {
    return `${path.join(folder, 'attest.yaml')} already exists; attest init wrote nothing`;
  }
  return undefined;
}

/** Writes every file that does not exist yet; attest.yaml last, so a failed run can be repeated. */
function writeProject(folder: string, scope: InitScope): number {
  const files = initFiles(scope);
  const ordered = [...files.filter((f) => f.rel !== 'attest.yaml'), ...files.filter((f) => f.rel === 'attest.yaml')];
  const written: string[] = [];
  const kept: string[] = [];
  try {
    for (const f of ordered) {
      const abs = path.join(folder, ...f.rel.split('/'));
      fs.mkdirSync(path.dirname(abs), { recursive: true });
      try {
        fs.writeFileSync(abs, f.text, { flag: 'wx' });
        written.push(f.rel);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
        if (f.rel === 'attest.yaml') throw new Error(`${abs} appeared while init ran; it was left as it is`);
        kept.push(f.rel);
      }
    }
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    process.stderr.write(`attest: cannot write in ${folder}: ${err.code ? `${err.code} ${err.path ?? ''}`.trim() : err.message}\n`);
    return 2;
  }
  const where = path.relative(process.cwd(), folder) || '.';
  const lines = [`Created an Attest project in ${where} (${scope.report}, ${scope.categories.join(', ')}):`];
  for (const rel of [...written].sort(byFolderFirst)) lines.push(`  ${rel}`);
  if (kept.length) lines.push(`Kept the files already there: ${kept.join(', ')}`);
  const check = where === '.' ? 'attest check' : `attest check ${quoteArg(where)}`;
  lines.push(
    '',
    'Next: set organization in attest.yaml, adapt the policies (they start as drafts) and the',
    `example control, then run \`${check}\`.`,
    '',
  );
  process.stdout.write(lines.join('\n'));
  return 0;
}

/** attest.yaml first, then controls/, then policies/ (the order a reader meets them). */
function byFolderFirst(a: string, b: string): number {
  const rank = (rel: string) => (rel === 'attest.yaml' ? 0 : rel.startsWith('controls/') ? 1 : 2);
  return rank(a) - rank(b) || a.localeCompare(b);
}

function quoteArg(s: string): string {
  return /^[\w./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}
