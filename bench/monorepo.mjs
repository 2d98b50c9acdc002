// The monorepo layout of the benchmark (issue 13): the files of a generated workspace spread over
// N projects, and the very same files held in one project, so the two layouts compare.
//
//   node bench/monorepo.mjs [--sizes 10k] [--projects 20] [--out bench/workspaces] [--seed 5] [--force]
//
// From ws-<size>/ (bench/generate.mjs, unchanged), it writes
//   mono-<size>-p<N>/      compliance/p01 … p<N>, each with its own attest.yaml (a copy of
//                          ws-<size>'s) and a 1/N share of the control files and of the policies
//                          (round robin over the sorted paths, so every project mixes domains);
//                          the monorepo root itself has no attest.yaml
//   mono-<size>-p<N>-one/  one attest.yaml at the root; the same files under controls/pNN/ and
//                          policies/pNN/
// A control names policies of its own project: each reference is mapped to a policy of the same
// project (of the same area when it has one), so the split layout gets no unknown-policy findings
// the one-project layout lacks, and every file is byte-for-byte the same in both.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BENCH, ensureWorkspace, GENERATOR_VERSION, DEFAULT_SEED } from './generate.mjs';

export const MONOREPO_VERSION = 1;
const POLICY_REF = /POL-[A-Z]+-\d{3}/g;

function walk(dir, rel = '') {
  const out = [];
  for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const r = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...walk(dir, r));
    else out.push(r);
  }
  return out;
}

function hash(s) {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

const areaOf = (id) => id.split('-')[1];
const rotate = (xs, k) => (xs.length ? [...xs.slice(k % xs.length), ...xs.slice(0, k % xs.length)] : []);

/** Rewrites a control file's policy references to `local` ids; no id twice in one list. */
function localizePolicies(text, local) {
  let used = new Set();
  return text
    .split('\n')
    .map((line) => {
      // A block list's items share one `used`; any other line starts afresh (a flow list is one line).
      if (!/^\s*-\s+POL-[A-Z]+-\d{3}\s*$/.test(line)) used = new Set();
      return line.replace(POLICY_REF, (id) => {
        const h = hash(id);
        const same = local.filter((p) => areaOf(p) === areaOf(id));
        const pick = [...rotate(same, h), ...rotate(local, h)].find((p) => !used.has(p)) ?? local[0];
        used.add(pick);
        return pick;
      });
    })
    .join('\n');
}

const pname = (k, n) => `p${String(k + 1).padStart(Math.max(2, String(n).length), '0')}`;

/** Writes both layouts of ws-<size> over `projects` projects; returns the manifest. */
export function generateMonorepo(sizeName, { projects = 20, out = path.join(BENCH, 'workspaces'), seed = DEFAULT_SEED } = {}) {
  if (!Number.isInteger(projects) || projects < 2) throw new Error(`--projects needs a whole number of at least 2, not ${projects}`);
  const src = ensureWorkspace(sizeName, { out, seed });
  const name = `mono-${sizeName}-p${projects}`;
  const monoRoot = path.join(out, name);
  const oneRoot = path.join(out, `${name}-one`);
  for (const r of [monoRoot, oneRoot]) fs.rmSync(r, { recursive: true, force: true });
  const config = fs.readFileSync(path.join(src.root, 'attest.yaml'), 'utf8');
  const controls = walk(src.root, 'controls');
  const policies = walk(src.root, 'policies');
  const projectOf = new Map();
  controls.forEach((rel, j) => projectOf.set(rel, j % projects));
  policies.forEach((rel, j) => projectOf.set(rel, j % projects));
  const localPolicies = Array.from({ length: projects }, () => []);
  for (const rel of policies) {
    const id = /^id: (\S+)$/m.exec(fs.readFileSync(path.join(src.root, rel), 'utf8'))[1];
    localPolicies[projectOf.get(rel)].push(id);
  }
  const monoRel = (rel) => {
    const [top, ...rest] = rel.split('/');
    return `compliance/${pname(projectOf.get(rel), projects)}/${top}/${rest.join('/')}`;
  };
  const oneRel = (rel) => {
    const [top, ...rest] = rel.split('/');
    return `${top}/${pname(projectOf.get(rel), projects)}/${rest.join('/')}`;
  };
  const write = (root, rel, text) => {
    const abs = path.join(root, rel);
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    fs.writeFileSync(abs, text);
  };
  let bytes = 0;
  for (const rel of [...controls, ...policies]) {
    let text = fs.readFileSync(path.join(src.root, rel), 'utf8');
    if (rel.startsWith('controls/')) text = localizePolicies(text, localPolicies[projectOf.get(rel)]);
    bytes += Buffer.byteLength(text);
    write(monoRoot, monoRel(rel), text);
    write(oneRoot, oneRel(rel), text);
  }
  const projectRoots = [];
  for (let k = 0; k < projects; k++) {
    const rel = `compliance/${pname(k, projects)}`;
    write(monoRoot, `${rel}/attest.yaml`, config);
    projectRoots.push(path.join(monoRoot, rel));
  }
  write(oneRoot, 'attest.yaml', config);
  const manifest = {
    monorepoVersion: MONOREPO_VERSION,
    generatorVersion: GENERATOR_VERSION,
    seed,
    size: sizeName,
    projects,
    controlFiles: controls.length,
    policies: policies.length,
    bytes,
    mono: { root: monoRoot, projectRoots, single: monoRel(src.single), singleProject: projectRoots[projectOf.get(src.single)] },
    one: { root: oneRoot, single: oneRel(src.single) },
  };
  fs.writeFileSync(path.join(out, `${name}.json`), JSON.stringify(manifest, null, 2) + '\n');
  return manifest;
}

/** The manifest of up-to-date monorepo layouts of ws-<size>, generating them when missing or stale. */
export function ensureMonorepo(sizeName, opts = {}) {
  const out = opts.out ?? path.join(BENCH, 'workspaces');
  const seed = opts.seed ?? DEFAULT_SEED;
  const projects = opts.projects ?? 20;
  try {
    const m = JSON.parse(fs.readFileSync(path.join(out, `mono-${sizeName}-p${projects}.json`), 'utf8'));
    const fresh = m.monorepoVersion === MONOREPO_VERSION && m.generatorVersion === GENERATOR_VERSION && m.seed === seed;
    if (fresh && fs.existsSync(path.join(m.one.root, 'attest.yaml')) && m.mono.projectRoots.every((r) => fs.existsSync(path.join(r, 'attest.yaml')))) return m;
  } catch {
    /* generate */
  }
  return generateMonorepo(sizeName, { projects, out, seed });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const opt = (name, dflt) => {
    const i = args.indexOf(`--${name}`);
    return i >= 0 ? args[i + 1] : dflt;
  };
  const o = { out: path.resolve(opt('out', path.join(BENCH, 'workspaces'))), seed: Number(opt('seed', DEFAULT_SEED)), projects: Number(opt('projects', 20)) };
  for (const s of opt('sizes', '10k').split(',')) {
    const t = performance.now();
    const m = args.includes('--force') ? generateMonorepo(s, o) : ensureMonorepo(s, o);
    console.log(`${s}: ${m.controlFiles} control files and ${m.policies} policies over ${m.projects} projects -> ${m.mono.root}; in one project -> ${m.one.root} (${Math.round(performance.now() - t)} ms)`);
  }
}
