#!/usr/bin/env node
// `attest samples` against `attest check` on the same workspace (issue 16):
//
//   node bench/samples.mjs [--size 10k] [--runs 5] [--dist <dir>] [--no-write] [--report-only]
//
// Both commands run as whole processes (spawn to exit, stdout to /dev/null), alternately first
// within each repetition so load drift hits both alike; the figure to trust is the ratio of the
// medians. The CLI measured is a build of HEAD (bench/headBuild.mjs: `git archive HEAD`, `npm run build`)
// in bench/out/samples-dist/, unless --dist names another build. Results: bench/out/samples.json
// and the "attest samples" section of bench/RESULTS.md (between its markers); --report-only
// writes that section again from bench/out/samples.json without measuring.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { BENCH, ROOT, ensureWorkspace } from './generate.mjs';
import { buildHead } from './headBuild.mjs';

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : dflt;
};
const SIZE = opt('size', '10k');
const RUNS = Number(opt('runs', 5));
const TODAY = '2026-10-01';
const OUT = path.join(BENCH, 'out');
const [START, END] = ['<!-- samples:start -->', '<!-- samples:end -->'];
const log = (...a) => console.error('[samples]', ...a);
const git = (...a) => spawnSync('git', a, { cwd: ROOT, encoding: 'utf8' }).stdout?.trim() ?? '';
const sha = (f) => createHash('sha256').update(fs.readFileSync(f)).digest('hex').slice(0, 12);

/** dist/cli.js of HEAD, built into bench/out/samples-dist; returns the script and what it is. */
function cliUnderTest() {
  if (opt('dist')) {
    const cli = path.join(path.resolve(opt('dist')), 'cli.js');
    if (!fs.existsSync(cli)) throw new Error(`${cli} does not exist`);
    return { cli, code: `${path.relative(ROOT, cli)} at commit ${git('log', '-1', '--format=%h %s').slice(0, 90)}; sha256 ${sha(cli)}` };
  }
  const { dist, commit } = buildHead('samples');
  const cli = path.join(dist, 'cli.js');
  return { cli, code: `commit ${commit} (a build of HEAD: \`git archive HEAD\` + \`npm run build\`); cli.js sha256 ${sha(cli)}` };
}

const hasTime = fs.existsSync('/usr/bin/time');

/** One process, spawn to exit: wall ms, CPU ms (user+sys, when /usr/bin/time exists) and max RSS. */
function run(cli, argv) {
  const timeFile = path.join(os.tmpdir(), `attest-samples-bench-${process.pid}.time`);
  const cmd = hasTime ? '/usr/bin/time' : process.execPath;
  const full = hasTime ? ['-f', '%U %S %M', '-o', timeFile, process.execPath, cli, ...argv] : [cli, ...argv];
  const t = performance.now();
  const r = spawnSync(cmd, full, { env: { ...process.env, ATTEST_TODAY: TODAY }, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  const wall = performance.now() - t;
  if (r.status !== 0) throw new Error(`${argv.join(' ')} exited ${r.status}: ${r.stderr.slice(0, 500)}`);
  if (!hasTime) return { wall };
  const [user, sys, rss] = fs.readFileSync(timeFile, 'utf8').trim().split(/\s+/).slice(-3).map(Number);
  fs.rmSync(timeFile, { force: true });
  return { wall, cpu: (user + sys) * 1000, rssMb: rss / 1024 };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const ms = (x) => (x >= 10_000 ? `${(x / 1000).toFixed(1)} s` : `${Math.round(x)} ms`);
const stat = (xs) => `**${ms(median(xs))}** (${ms(Math.min(...xs))}–${ms(Math.max(...xs))}; n=${xs.length})`;

function main() {
  if (args.includes('--report-only')) {
    const section = render(JSON.parse(fs.readFileSync(path.join(OUT, 'samples.json'), 'utf8')));
    console.log(section);
    if (!args.includes('--no-write')) write(section);
    return;
  }
  const ws = ensureWorkspace(SIZE);
  const { cli, code } = cliUnderTest();
  const loadStart = os.loadavg().map((x) => x.toFixed(2)).join(', ');
  // What the samples output holds (and a warm page cache for both commands).
  const out = spawnSync(process.execPath, [cli, 'samples', ws.root, '--format', 'json'], { env: { ...process.env, ATTEST_TODAY: TODAY }, encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 });
  const j = JSON.parse(out.stdout);
  const byFreq = {};
  for (const c of j.controls) byFreq[c.frequency] = (byFreq[c.frequency] ?? 0) + 1;
  const drawn = j.controls.reduce((n, c) => n + c.selected.length, 0);
  const unevidenced = j.controls.reduce((n, c) => n + c.selected.filter((x) => !x.evidenced).length, 0);
  const population = j.controls.reduce((n, c) => n + c.population, 0);
  spawnSync(process.execPath, [cli, 'check', ws.root, '--fail-on', 'none'], { stdio: 'ignore', env: { ...process.env, ATTEST_TODAY: TODAY } });

  const check = [];
  const samples = [];
  for (let i = 0; i < RUNS; i++) {
    const pair = [
      ['check', () => check.push(run(cli, ['check', ws.root, '--fail-on', 'none']))],
      ['samples', () => samples.push(run(cli, ['samples', ws.root, '--format', 'json']))],
    ];
    if (i % 2) pair.reverse();
    for (const [name, f] of pair) {
      f();
      log(`run ${i + 1}/${RUNS} ${name}: ${ms((name === 'check' ? check : samples).at(-1).wall)}`);
    }
  }
  const loadEnd = os.loadavg().map((x) => x.toFixed(2)).join(', ');
  const ratio = (k) => median(samples.map((r) => r[k])) / median(check.map((r) => r[k]));
  const result = {
    date: new Date().toISOString().replace('T', ' ').slice(0, 16) + ' UTC',
    code,
    size: SIZE,
    files: ws.controlFiles + 2 + ws.policies + 1, // the two registers and attest.yaml
    controls: j.controls.length,
    byFreq,
    population,
    drawn,
    unevidenced,
    check,
    samples,
    wallRatio: ratio('wall'),
    cpuRatio: hasTime ? ratio('cpu') : undefined,
    loadStart,
    loadEnd,
  };
  fs.mkdirSync(OUT, { recursive: true });
  fs.writeFileSync(path.join(OUT, 'samples.json'), JSON.stringify(result, null, 1));
  const section = render(result);
  console.log(section);
  if (!args.includes('--no-write')) write(section);
}

function render(r) {
  const rows = [
    `| \`attest check <ws> --fail-on none\` wall time | ${stat(r.check.map((x) => x.wall))} |`,
    `| \`attest samples <ws> --format json\` wall time | ${stat(r.samples.map((x) => x.wall))} |`,
    `| **\`attest samples\` / \`attest check\`** (medians, wall) | **${r.wallRatio.toFixed(2)}x** |`,
  ];
  if (r.cpuRatio !== undefined) {
    rows.push(
      `| CPU time (user+sys): check / samples | ${ms(median(r.check.map((x) => x.cpu)))} / ${ms(median(r.samples.map((x) => x.cpu)))} (${r.cpuRatio.toFixed(2)}x) |`,
      `| peak memory (max RSS): check / samples | ${Math.round(median(r.check.map((x) => x.rssMb)))} MB / ${Math.round(median(r.samples.map((x) => x.rssMb)))} MB |`,
    );
  }
  const freqs = Object.entries(r.byFreq).map(([f, n]) => `${n.toLocaleString('en-US')} ${f}`).join(', ');
  return [
    START,
    '## attest samples (issue 16)',
    '',
    `Written by \`node bench/samples.mjs\` (not by \`npm run bench\`). Measured ${r.date}; ${r.code}; ws-${r.size} (${r.files.toLocaleString('en-US')} files), ATTEST_TODAY=${TODAY}; load average (1, 5, 15 min) at start ${r.loadStart}, at end ${r.loadEnd}.`,
    '',
    '| figure | ws-' + r.size + ' |',
    '|---|---|',
    ...rows,
    '',
    'The machine is shared (see the load averages): absolute times carry that load; the ratio, taken within one run, is the figure to read.',
    '',
    `What was drawn: ${r.controls.toLocaleString('en-US')} implemented periodic controls (${freqs}); populations of ${r.population.toLocaleString('en-US')} intervals in all, ${r.drawn.toLocaleString('en-US')} drawn with the default sizes, ${r.unevidenced.toLocaleString('en-US')} of them without evidence.`,
    '',
    '- **Method**: both commands as whole processes on the same workspace, spawn to exit, stdout to /dev/null, alternately first within each of the repetitions; one untimed run of each first warms the page cache. Both load the folder the same way (two threads above 2,000 files) and build the same per-project report model; `samples` then computes each control\'s population and draw where `check` prints the findings. CPU time and RSS from `/usr/bin/time`.',
    END,
  ].join('\n');
}

/** `results` (RESULTS.md's text) with the section between its markers replaced, or appended. */
export function withSection(results, section) {
  return results.includes(START) ? results.slice(0, results.indexOf(START)) + section + results.slice(results.indexOf(END) + END.length) : `${results.replace(/\n*$/, '\n')}\n${section}\n`;
}

function write(section) {
  const file = path.join(BENCH, 'RESULTS.md');
  fs.writeFileSync(file, withSection(fs.readFileSync(file, 'utf8'), section));
  log(`wrote ${path.relative(ROOT, file)}`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.join(BENCH, 'samples.mjs')) main();
