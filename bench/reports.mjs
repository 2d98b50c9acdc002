#!/usr/bin/env node
// What the readiness report and the OSCAL exports cost (issue 15), as a ratio of `attest check`
// on the same workspace: the generated ws-1k and ws-10k (bench/generate.mjs).
//
//   node bench/reports.mjs [--sizes 1k,10k] [--runs 1k:5,10k:3] [--dist <dir>] [--report-only] [--no-write]
//
// The CLI measured is a build of HEAD (bench/headBuild.mjs: `git archive HEAD`, `npm run build`)
// in bench/out/reports-dist/, so the figures belong to a commit and not to work in
// progress in dist/ (which may be rebuilt mid-run); --dist <dir> measures <dir>/cli.js instead.
// Each repetition runs, as whole processes (spawn to exit, output to a file), `attest check`,
// `attest report` in both formats and `attest export` in the three formats, in an order rotated
// per repetition so load drift hits all alike. With GNU time, CPU time (user+sys) too: on a
// shared machine it says more than wall time. The figures go to bench/out/reports.json and the
// "Reports and OSCAL export" section of bench/RESULTS.md, between its markers (--report-only
// rewrites the section from the JSON without measuring).
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { BENCH, ROOT, ensureWorkspace } from './generate.mjs';
import { buildHead } from './headBuild.mjs';

export const REPORTS_START = '<!-- reports:start -->';
export const REPORTS_END = '<!-- reports:end -->';

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : dflt;
};
const SIZES = opt('sizes', '1k,10k').split(',').filter(Boolean);
const RUNS = Object.fromEntries(opt('runs', '1k:5,10k:3').split(',').map((x) => x.split(':')).map(([k, v]) => [k, Number(v)]));
const TODAY = '2026-10-01';
const OUT = path.join(BENCH, 'out');
const CLI = opt('dist') ? path.join(path.resolve(opt('dist')), 'cli.js') : path.join(OUT, 'reports-dist', 'cli.js');
const JSON_OUT = path.join(OUT, 'reports.json');
const GNU_TIME = fs.existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
const log = (...a) => console.error('[reports]', ...a);

/** The commands measured: `check` first, the baseline of every ratio. */
const COMMANDS = [
  { name: 'check', label: '`attest check`', argv: (ws) => ['check', ws, '--fail-on', 'none'] },
  { name: 'report-html', label: '`attest report --format html`', argv: (ws, out) => ['report', ws, '--format', 'html', '--out', out + '.html'] },
  { name: 'report-markdown', label: '`attest report --format markdown`', argv: (ws, out) => ['report', ws, '--format', 'markdown', '--out', out + '.md'] },
  { name: 'oscal-catalog', label: '`attest export --format oscal-catalog`', argv: (ws, out) => ['export', ws, '--format', 'oscal-catalog', '--out', out + '.json'] },
  { name: 'oscal-component', label: '`attest export --format oscal-component`', argv: (ws, out) => ['export', ws, '--format', 'oscal-component', '--out', out + '.json'] },
  { name: 'oscal-poam', label: '`attest export --format oscal-poam`', argv: (ws, out) => ['export', ws, '--format', 'oscal-poam', '--out', out + '.json'] },
];

/** Wall time of one CLI process in ms, its CPU time with GNU time, and the size of what it wrote. */
function timeCli(argv, outFile) {
  return new Promise((resolve, reject) => {
    const timeFile = path.join(os.tmpdir(), `attest-reports-time-${process.pid}.txt`);
    const [cmd, a] = GNU_TIME ? [GNU_TIME, ['-f', '%U %S', '-o', timeFile, process.execPath, CLI, ...argv]] : [process.execPath, [CLI, ...argv]];
    const t0 = performance.now();
    const p = spawn(cmd, a, { env: { ...process.env, ATTEST_TODAY: TODAY }, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    p.stderr.on('data', (d) => (err += d));
    p.on('error', reject);
    p.on('exit', (code) => {
      const ms = performance.now() - t0;
      if (code !== 0) return reject(new Error(`attest ${argv.join(' ')} exited ${code}: ${err.slice(-1000)}`));
      let cpuMs = NaN;
      if (GNU_TIME) {
        const [u, s] = fs.readFileSync(timeFile, 'utf8').trim().split('\n').pop().split(' ').map(Number);
        cpuMs = (u + s) * 1000;
      }
      const bytes = outFile && fs.existsSync(outFile) ? fs.statSync(outFile).size : undefined;
      resolve({ ms, cpuMs, bytes });
    });
  });
}

/** Reads every file once, so the first timed run does not pay for a cold page cache. */
function warm(root) {
  for (const e of fs.readdirSync(root, { withFileTypes: true })) {
    const p = path.join(root, e.name);
    if (e.isDirectory()) warm(p);
    else fs.readFileSync(p);
  }
}

async function measure(size) {
  const m = ensureWorkspace(size);
  warm(m.root);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'attest-reports-'));
  const res = Object.fromEntries(COMMANDS.map((c) => [c.name, []]));
  const runs = RUNS[size] ?? 3;
  try {
    for (let i = 0; i < runs; i++) {
      const order = COMMANDS.map((_, k) => COMMANDS[(k + i) % COMMANDS.length]);
      for (const c of order) {
        const out = path.join(tmp, c.name);
        const argv = c.argv(m.root, out);
        const file = argv.includes('--out') ? argv[argv.indexOf('--out') + 1] : undefined;
        const r = await timeCli(argv, file);
        res[c.name].push(r);
        log(`${size} run ${i + 1}/${runs} ${c.name.padEnd(16)} ${r.ms.toFixed(0)} ms (cpu ${r.cpuMs.toFixed(0)} ms); load ${os.loadavg()[0].toFixed(2)}`);
      }
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  return { files: m.controlFiles + m.policies + 1, controls: m.controlFiles + m.registerControls, policies: m.policies, runs, results: res };
}

const sorted = (xs) => xs.filter(Number.isFinite).sort((a, b) => a - b);
function median(xs) {
  const s = sorted(xs);
  const k = s.length >> 1;
  return s.length % 2 ? s[k] : (s[k - 1] + s[k]) / 2;
}
const fmt = (x) => (!Number.isFinite(x) ? 'n/a' : x >= 10_000 ? `${(x / 1000).toFixed(1)} s` : `${x.toFixed(0)} ms`);
const cell = (xs) => (sorted(xs).length ? `**${fmt(median(xs))}** (${fmt(sorted(xs)[0])}–${fmt(sorted(xs).at(-1))})` : 'n/a');
const ratio = (a, b) => (Number.isFinite(a) && Number.isFinite(b) && b > 0 ? `${(a / b).toFixed(2)}x` : 'n/a');
const kb = (b) => (b === undefined ? '' : b >= 1 << 20 ? `${(b / (1 << 20)).toFixed(1)} MB` : `${(b / 1024).toFixed(0)} KB`);

export function renderSection(data) {
  const L = [REPORTS_START, '## Reports and OSCAL export (issue 15)', ''];
  const m = data.meta;
  L.push(
    `Written by \`node bench/reports.mjs\` (not by \`npm run bench\`). Measured ${m.date}; commit ${m.git}; cli.js sha256 ${m.cliSha}; ${m.machine}; load average (1, 5, 15 min) at start ${m.loadStart}, at end ${m.loadEnd}.`,
    '',
  );
  const sizes = Object.keys(data.sizes);
  L.push(`| command | ${sizes.map((s) => `ws-${s}: wall (min–max) | CPU | ratio to check (wall / CPU)`).join(' | ')} | output (${sizes.join(', ')}) |`);
  L.push(`|---|${sizes.map(() => '---|---|---|').join('')}---|`);
  for (const c of COMMANDS) {
    const cells = sizes.map((s) => {
      const r = data.sizes[s].results;
      const base = r.check;
      const xs = r[c.name];
      const w = xs.map((x) => x.ms);
      const cpu = xs.map((x) => x.cpuMs);
      const rw = c.name === 'check' ? '1.00x' : ratio(median(w), median(base.map((x) => x.ms)));
      const rc = c.name === 'check' ? '1.00x' : ratio(median(cpu), median(base.map((x) => x.cpuMs)));
      return `${cell(w)} | ${fmt(median(cpu))} | ${rw} / ${rc}`;
    });
    const bytes = sizes.map((s) => kb(data.sizes[s].results[c.name][0]?.bytes)).filter(Boolean).join(', ');
    L.push(`| ${c.label} | ${cells.join(' | ')} | ${bytes} |`);
  }
  L.push('');
  const worst = sizes
    .flatMap((s) => COMMANDS.slice(1).map((c) => ({ s, c, x: median(data.sizes[s].results[c.name].map((r) => r.cpuMs)) / median(data.sizes[s].results.check.map((r) => r.cpuMs)) })))
    .filter((w) => Number.isFinite(w.x))
    .sort((a, b) => b.x - a.x)[0];
  if (worst) L.push(`The most a report or export costs over \`attest check\` in CPU time: ${worst.x.toFixed(2)}x (${worst.c.label}, ws-${worst.s}); every one loads and checks the project as \`check\` does, then writes its document.`, '');
  for (const s of sizes) {
    const d = data.sizes[s];
    L.push(`- ws-${s}: ${d.files.toLocaleString('en')} files (${d.controls.toLocaleString('en')} controls, ${d.policies} policies), ${d.runs} repetitions.`);
  }
  L.push(
    '- **Method**: each repetition runs the six commands as whole processes (`node cli.js …`, `ATTEST_TODAY=2026-10-01`, output written with `--out` to a temp file, `check` to /dev/null), spawn to exit, in an order rotated per repetition; the page cache is warmed first. Every command loads and checks the whole project the way `check` does (reports are built on the same model), so the ratio is what writing the report adds. CPU time is user+sys of the process (GNU time), less sensitive than wall time to other work on the machine.',
    '',
    REPORTS_END,
  );
  return L.join('\n');
}

/** Puts `section` in place of the old one, or at the end of RESULTS.md. */
export function writeSection(file, section) {
  const old = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  const next = old.includes(REPORTS_START) ? old.slice(0, old.indexOf(REPORTS_START)) + section + old.slice(old.indexOf(REPORTS_END) + REPORTS_END.length) : `${old.replace(/\n*$/, '\n')}\n${section}\n`;
  fs.writeFileSync(file, next);
}

const git = (...a) => spawnSync('git', a, { cwd: ROOT, encoding: 'utf8' }).stdout?.trim() ?? '';

async function main() {
  let data;
  if (args.includes('--report-only')) data = JSON.parse(fs.readFileSync(JSON_OUT, 'utf8'));
  else {
    if (!opt('dist')) buildHead('reports'); // (its dist/ is where CLI points)
    if (!fs.existsSync(CLI)) throw new Error(`${CLI} is missing`);
    const subject = git('log', '-1', '--format=%h %s');
    const measured = opt('dist') ? `${path.relative(ROOT, CLI)} (a build of the working tree; HEAD ${subject.split(' ')[0]})` : `${subject.length > 80 ? `${subject.slice(0, 79)}…` : subject} (a build of HEAD)`;
    const meta = {
      date: new Date().toISOString().replace('T', ' ').slice(0, 16) + ' UTC',
      git: measured,
      cliSha: createHash('sha256').update(fs.readFileSync(CLI)).digest('hex').slice(0, 12),
      machine: `${os.cpus()[0]?.model.replace(/\s+\d+-Core.*$/, '').trim() ?? 'cpu'}, ${os.cpus().length} cores, Node ${process.version}`,
      loadStart: os.loadavg().map((x) => x.toFixed(2)).join(', '),
    };
    const sizes = {};
    for (const s of SIZES) sizes[s] = await measure(s);
    meta.loadEnd = os.loadavg().map((x) => x.toFixed(2)).join(', ');
    data = { meta, sizes };
    fs.mkdirSync(OUT, { recursive: true });
    fs.writeFileSync(JSON_OUT, JSON.stringify(data, null, 1));
  }
  const section = renderSection(data);
  console.log(section);
  if (!args.includes('--no-write')) {
    writeSection(path.join(BENCH, 'RESULTS.md'), section);
    log('wrote the Reports section of bench/RESULTS.md');
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
