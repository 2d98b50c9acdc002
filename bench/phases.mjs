#!/usr/bin/env node
// Where `attest check` spends its time, by phase: runs it under `--cpu-prof` (one thread, and two
// with ATTEST_THREADS=2) and adds up the samples under each phase's functions (a sample counts for
// the innermost phase on its stack). Main thread only: the worker's own profile is left out.
//   node bench/phases.mjs [--sizes 10k,50k] [--dist dir]
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ROOT, ensureWorkspace } from './generate.mjs';

const args = process.argv.slice(2);
const opt = (name, dflt) => (args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1] : dflt);
const SIZES = opt('sizes', '10k').split(',');
const CLI = path.join(path.resolve(opt('dist', path.join(ROOT, 'dist'))), 'cli.js');

/** Phase of a function name; the innermost match on a stack wins. */
const PHASES = [
  ['module load', /^(Module\._load|compileFunction|wrapSafe)$/],
  ['scan (list files)', /^scanFiles$/],
  ['read', /^(readLoaded|readWithin)$/],
  ['parse (YAML)', /^(parseYaml|parseFast)$/],
  ['facts and local checks', /^(analyzeControlFile|analyzePolicyFile)$/],
  ['thread transfer (facts as JSON)', /^unpack$/],
  ['index', /^(index|indexBy|loadFile)$/],
  ['cross-file checks', /^crossFindings$/],
  ['coverage', /^buildCoverage$/],
  ['plan', /^buildPlan$/],
  ['output', /^(checkText|checkJson|checkSarif)$/],
  ['garbage collection', /^\(garbage collector\)$/],
];

export function phasesOf(profileFile) {
  const prof = JSON.parse(fs.readFileSync(profileFile, 'utf8'));
  const byId = new Map(prof.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of prof.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const phaseOfNode = new Map();
  const phaseOf = (id) => {
    if (phaseOfNode.has(id)) return phaseOfNode.get(id);
    const n = byId.get(id);
    const own = PHASES.find(([, re]) => re.test(n.callFrame.functionName))?.[0];
    const p = own ?? (parent.has(id) ? phaseOf(parent.get(id)) : 'other');
    phaseOfNode.set(id, p);
    return p;
  };
  const out = {};
  let total = 0;
  prof.samples.forEach((id, i) => {
    const dt = (prof.timeDeltas[i] ?? 0) / 1000;
    const n = byId.get(id);
    if (n.callFrame.functionName === '(idle)') return;
    const p = phaseOf(id);
    out[p] = (out[p] ?? 0) + dt;
    total += dt;
  });
  return { total, phases: out };
}

function profileRun(root, threads) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attest-phases-'));
  const r = spawnSync(process.execPath, ['--cpu-prof', '--cpu-prof-dir', dir, CLI, 'check', root, '--fail-on', 'none'], { env: { ...process.env, ATTEST_TODAY: '2026-10-01', ATTEST_THREADS: String(threads) }, stdio: ['ignore', 'ignore', 'pipe'] });
  if (r.status !== 0) throw new Error(String(r.stderr));
  // The main thread's profile is the largest (a worker's, when there is one, is smaller).
  const files = fs.readdirSync(dir).map((f) => path.join(dir, f)).sort((a, b) => fs.statSync(b).size - fs.statSync(a).size);
  const result = phasesOf(files[0]);
  fs.rmSync(dir, { recursive: true, force: true });
  return result;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.error(`load average: ${os.loadavg().map((x) => x.toFixed(2)).join(', ')}`);
  for (const size of SIZES) {
    const { root } = ensureWorkspace(size);
    for (const threads of [1, 2]) {
      const { total, phases } = profileRun(root, threads);
      console.log(`${size}, ${threads} thread${threads > 1 ? 's' : ''}: ${Math.round(total)} ms sampled on the main thread`);
      for (const [p, ms] of Object.entries(phases).sort((a, b) => b[1] - a[1])) console.log(`  ${p.padEnd(34)} ${String(Math.round(ms)).padStart(6)} ms ${((100 * ms) / total).toFixed(1).padStart(5)}%`);
    }
  }
}
