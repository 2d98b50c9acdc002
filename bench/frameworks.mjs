#!/usr/bin/env node
// Three frameworks against one on the 10k workspace (issue 17): the same controls, once mapping
// TSC 2017 alone (ws-10k as generated) and once in the mapping form of `criteria:` mapping each
// control to ISO/IEC 27001:2022 and NIST CSF 2.0 as well (`frameworks: [tsc-2017,
// iso27001-2022, nist-csf-2.0]`, with two crosswalk files), so every file carries the new work.
//
//   node bench/frameworks.mjs [--runs 3] [--edits 30] [--dist <dir>] [--no-write] [--report-only]
//
// Per repetition, both variants alternately first: `attest check` as a whole process, then one
// language-server session (cold index to `attest/coverage`, edit -> diagnostics on one file,
// hover on a criterion, `attest/coverage` as the VS Code client asks for it right after a change,
// and, for reference, the contract's full answer that clients asking nothing else get).
// The code measured is a build of HEAD (bench/headBuild.mjs) unless --dist names
// another. Results: bench/out/frameworks.json and the section of bench/RESULTS.md between its
// markers. The machine is shared: the ratios of medians taken within one run are the figures.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { BENCH, ROOT, ensureWorkspace } from './generate.mjs';
import { CLIENT_LIMIT, LspProcess, positionAt, sleep, uriOf } from './lsp.mjs';
import { buildHead } from './headBuild.mjs';

const args = process.argv.slice(2);
const opt = (name, dflt) => (args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1] : dflt);
const RUNS = Number(opt('runs', 3));
const EDITS = Number(opt('edits', 30));
const TODAY = '2026-10-01';
const OUT = path.join(BENCH, 'out');
const [START, END] = ['<!-- frameworks:start -->', '<!-- frameworks:end -->'];
const VARIANT_VERSION = 1;
const log = (...a) => console.error('[frameworks]', ...a);
const git = (...a) => spawnSync('git', a, { cwd: ROOT, encoding: 'utf8' }).stdout?.trim() ?? '';
const sha = (f) => createHash('sha256').update(fs.readFileSync(f)).digest('hex').slice(0, 12);
/** The criterion ids of a built-in catalog (its `- id:` lines of that shape). */
const ids = (catalog, shape) => [...fs.readFileSync(path.join(ROOT, 'criteria', `${catalog}.yaml`), 'utf8').matchAll(/^\s+- id: (\S+)$/gm)].map((m) => m[1]).filter((id) => shape.test(id));

function hash(s) {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

/** ws-10k with every control's criteria in the mapping form, two ISO and two CSF ids each (by its id's hash). */
function ensureVariant(m) {
  const root = path.join(BENCH, 'workspaces', 'ws-10k-fw3');
  const stamp = path.join(root, '.variant.json');
  const want = JSON.stringify({ VARIANT_VERSION, source: fs.statSync(path.join(m.root, 'attest.yaml')).mtimeMs });
  if (fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8') === want) return root;
  fs.rmSync(root, { recursive: true, force: true });
  fs.cpSync(m.root, root, { recursive: true });
  const iso = ids('iso27001-2022', /^A\.\d+\.\d+$/);
  const csf = ids('nist-csf-2.0', /^[A-Z]{2}\.[A-Z]{2}-\d\d$/);
  if (iso.length !== 93 || csf.length !== 106) throw new Error(`read ${iso.length} ISO and ${csf.length} CSF ids from the catalogs`);
  const two = (list, h) => [list[h % list.length], list[(h >>> 8) % list.length]].filter((x, i, a) => a.indexOf(x) === i);
  const convert = (text) => {
    const lines = text.split('\n');
    const out = [];
    let id = '';
    for (let i = 0; i < lines.length; i++) {
      const l = lines[i];
      const idm = /^\s*(?:- )?id: (\S+)/.exec(l);
      if (idm) id = idm[1];
      const m1 = /^(\s*)criteria: \[(.*)\]$/.exec(l);
      const m2 = /^(\s*)criteria:$/.exec(l);
      if (!m1 && !m2) {
        out.push(l);
        continue;
      }
      const ind = (m1 ?? m2)[1];
      let tsc = m1 ? m1[2] : '';
      if (m2) {
        const items = [];
        while (i + 1 < lines.length && new RegExp(`^${ind}  - `).test(lines[i + 1])) items.push(lines[++i].trim().slice(2));
        tsc = items.join(', ');
      }
      const h = hash(id);
      out.push(`${ind}criteria:`, `${ind}  tsc-2017: [${tsc}]`, `${ind}  iso27001-2022: [${two(iso, h).join(', ')}]`, `${ind}  nist-csf-2.0: [${two(csf, h >>> 4).join(', ')}]`);
    }
    return out.join('\n');
  };
  const walk = (dir) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (p.endsWith('.yaml')) fs.writeFileSync(p, convert(fs.readFileSync(p, 'utf8')));
    }
  };
  walk(path.join(root, 'controls'));
  const cfg = fs.readFileSync(path.join(root, 'attest.yaml'), 'utf8');
  if (!/^framework: tsc-2017$/m.test(cfg)) throw new Error('ws-10k attest.yaml names no `framework: tsc-2017` to replace');
  fs.writeFileSync(path.join(root, 'attest.yaml'), cfg.replace(/^framework: tsc-2017$/m, 'frameworks: [tsc-2017, iso27001-2022, nist-csf-2.0]'));
  fs.mkdirSync(path.join(root, 'crosswalks'), { recursive: true });
  const links = (list) => ['CC6.1', 'CC6.2', 'CC6.3', 'CC7.2', 'CC7.4', 'CC8.1', 'A1.2', 'CC9.2'].map((c, k) => `  - { from: ${c}, to: ${list[(k * 7) % list.length]}, relationship: intersects-with }`).join('\n');
  fs.writeFileSync(path.join(root, 'crosswalks/tsc-iso.yaml'), `from: tsc-2017\nto: iso27001-2022\nsource: benchmark\nlinks:\n${links(iso)}\n`);
  fs.writeFileSync(path.join(root, 'crosswalks/tsc-csf.yaml'), `from: tsc-2017\nto: nist-csf-2.0\nsource: benchmark\nlinks:\n${links(csf)}\n`);
  fs.writeFileSync(stamp, want);
  return root;
}

/** server.js and cli.js of HEAD (or --dist), and a line saying what they are. */
function codeUnderTest() {
  if (opt('dist')) {
    const dist = path.resolve(opt('dist'));
    return { server: path.join(dist, 'server.js'), cli: path.join(dist, 'cli.js'), code: `${path.relative(ROOT, dist)} at commit ${git('log', '-1', '--format=%h')}; server.js sha256 ${sha(path.join(dist, 'server.js'))}` };
  }
  const { dist, commit } = buildHead('frameworks');
  return { server: path.join(dist, 'server.js'), cli: path.join(dist, 'cli.js'), code: `commit ${commit} (a build of HEAD); server.js sha256 ${sha(path.join(dist, 'server.js'))}` };
}

/**
 * The `attest/coverage` params the VS Code client sends after an edit (client/src/coverage/
 * coverageStore.ts), with the coverage view as it opens: the primary framework's root expanded,
 * the others collapsed, so no other framework's categories are asked for.
 */
const clientParams = (project) => ({ project, limit: CLIENT_LIMIT, frameworkCategories: [] });
/** What a request's answer carries: its JSON size and its criteria (the top level's, then every framework's that has categories). */
const answerSize = (answer) => ({
  mb: JSON.stringify(answer).length / 1e6,
  criteria: [answer, ...(answer.frameworks ?? [])].reduce((n, x) => n + (x.categories ?? []).reduce((k, c) => k + c.criteria.length, 0), 0),
});

/** `attest check` as a whole process: wall and CPU (user+sys) ms. */
function check(cli, root) {
  const timeFile = path.join(os.tmpdir(), `attest-fw-bench-${process.pid}.time`);
  const t = performance.now();
  const r = spawnSync('/usr/bin/time', ['-f', '%U %S', '-o', timeFile, process.execPath, cli, 'check', root, '--fail-on', 'none'], { env: { ...process.env, ATTEST_TODAY: TODAY }, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  const wall = performance.now() - t;
  if (r.status !== 0) throw new Error(`attest check exited ${r.status}: ${r.stderr.slice(0, 400)}`);
  const [user, sys] = fs.readFileSync(timeFile, 'utf8').trim().split(/\s+/).slice(-2).map(Number);
  fs.rmSync(timeFile, { force: true });
  return { wall, cpu: (user + sys) * 1000 };
}

/** One language-server session: cold index, then edits, hovers and a coverage refetch on `single`. */
async function session(server, root, single) {
  const s = new LspProcess(process.execPath, [server, '--stdio'], { env: { ATTEST_TODAY: TODAY, ATTEST_CACHE_DIR: 'off' }, configuration: (it) => (it.section === 'attest' ? {} : null) });
  try {
    await s.initialize(root);
    // As the client: the projects (asked again until the server has found the folder's), then the coverage.
    let project;
    for (let t = performance.now(); !(project = (await s.request('attest/projects')).projects[0]?.uri); await sleep(10)) {
      if (performance.now() - t > 60_000) throw new Error('attest/projects named no project within a minute');
    }
    const params = clientParams(project);
    const answer = await s.request('attest/coverage', params);
    const r = { cold: performance.now() - s.t0, cpu: s.cpuMs(), memMB: s.memory().hwmMB };
    ({ mb: r.answerMB, criteria: r.answerCriteria } = answerSize(answer));
    ({ mb: r.fullMB, criteria: r.fullCriteria } = answerSize(await s.request('attest/coverage', { project, limit: CLIENT_LIMIT })));
    await s.quiet(1500);
    const file = path.join(root, single);
    s.open(file);
    await sleep(50);
    const uri = uriOf(file);
    const text = s.texts.get(uri);
    const at = text.indexOf('status: implemented');
    const line = positionAt(text, at).line;
    r.edit = [];
    r.coverage = [];
    r.coverageFull = [];
    for (let i = 0; i < EDITS + 6; i++) { // even: the file ends as it began
      const typo = i % 2 === 0;
      const p = s.expect(uri, (ds) => ds.some((d) => d.range.start.line === line) === typo);
      const t = typo ? s.replace(file, 'status: implemented', 'status: implementd', at) : s.replace(file, 'status: implementd', 'status: implemented', at);
      const got = await p;
      if (i >= 6) r.edit.push(got - t);
      if (i >= 6 && i % 5 === 0) {
        const c = performance.now();
        await s.request('attest/coverage', params);
        r.coverage.push(performance.now() - c);
      }
      if (i >= 6 && i % 5 === 2) { // the full answer, after other edits, for the text below the table
        const c = performance.now();
        await s.request('attest/coverage', { project, limit: CLIENT_LIMIT });
        r.coverageFull.push(performance.now() - c);
      }
      await sleep(15);
    }
    const hoverAt = positionAt(s.texts.get(uri), s.texts.get(uri).indexOf('CC6.1') + 2);
    r.hover = [];
    for (let i = 0; i < 10; i++) {
      const t = performance.now();
      await s.request('textDocument/hover', { textDocument: { uri }, position: hoverAt });
      r.hover.push(performance.now() - t);
    }
    return r;
  } finally {
    await s.shutdown();
  }
}

const median = (xs) => {
  const v = [...xs].sort((a, b) => a - b);
  return v.length % 2 ? v[(v.length - 1) / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
};
const pct = (xs, q) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))];
const ms = (x) => (x >= 10_000 ? `${(x / 1000).toFixed(1)} s` : x >= 100 ? `${Math.round(x)} ms` : `${x.toFixed(1)} ms`);

function render(d) {
  const ratios = [];
  const row = (label, pick, agg = median, fmt = ms) => {
    const [a, b] = ['one', 'three'].map((v) => agg(d[v].flatMap(pick)));
    ratios.push({ label, r: b / a });
    return `| ${label} | **${fmt(a)}** | **${fmt(b)}** | **${(b / a).toFixed(2)}x** |`;
  };
  const med = (v, k) => median(d[v].map((r) => r[k]));
  const ratio = (k) => med('three', k) / med('one', k);
  const worstCpu = Math.max(ratio('cpu'), ratio('checkCpu'));
  const rows = [
    row('`attest check` wall time', (r) => [r.checkWall]),
    row('`attest check` CPU time (user+sys)', (r) => [r.checkCpu]),
    row('cold index (spawn → `attest/coverage` answered)', (r) => [r.cold]),
    row('server CPU time until then', (r) => [r.cpu]),
    row('server memory after the cold index (VmHWM)', (r) => [r.memMB], median, (x) => `${Math.round(x)} MB`),
    row('edit → diagnostics, one file, p50', (r) => r.edit),
    row('edit → diagnostics, one file, p95', (r) => r.edit, (xs) => pct(xs, 0.95)),
    row('`attest/coverage` as the VS Code client asks right after an edit (limit 25, `frameworkCategories: []`)', (r) => r.coverage),
    row('… its answer: JSON size', (r) => [r.answerMB], median, (x) => `${x.toFixed(2)} MB`),
    row('… its answer: criteria listed (top level and `frameworks`)', (r) => [r.answerCriteria], median, (x) => String(x)),
    row('hover on CC6.1', (r) => r.hover),
  ];
  const worst = ratios.reduce((a, b) => (b.r > a.r ? b : a));
  const full = ['one', 'three'].map((v) => median(d[v].flatMap((r) => r.coverageFull)));
  return [
    START,
    '## Three frameworks against one (issue 17)',
    '',
    `Written by \`node bench/frameworks.mjs\` (not by \`npm run bench\`). Measured ${d.at}; ${d.code}; ${d.machine}; load average (1, 5, 15 min) at start ${d.load[0]}, at end ${d.load[1]}.`,
    '',
    `Workspaces: ws-10k (bench/generate.mjs, ${d.files} files, \`framework: tsc-2017\`) and ws-10k-fw3, the same files with \`frameworks: [tsc-2017, iso27001-2022, nist-csf-2.0]\`, every one of the 11,250 controls' \`criteria:\` in the mapping form with its TSC ids plus two ISO/IEC 27001:2022 and two NIST CSF 2.0 ids, and two crosswalk files (16 links). ${RUNS} interleaved repetitions of each; edits and hovers pooled over them.`,
    '',
    '| figure | one framework | three frameworks | **three / one** |',
    '|---|---|---|---|',
    ...rows,
    '',
    `The largest ratio in the table: **${worst.r.toFixed(2)}x** (${worst.label.replace(/ \(.*$/, '')}); the largest CPU-time ratio of the whole-run figures (cold index, \`attest check\`): **${worstCpu.toFixed(2)}x** (target: no worse than 1.3x). Wall times on this shared 2-core machine follow the load of the moment (see the load averages); CPU times, and the ratios of medians over interleaved runs, are the figures to read. The three-framework workspace is the same 10,323 files carrying 2.3 times the mappings (every control maps four ISO and CSF ids besides its TSC ones), so parsing, indexing and checking them costs somewhat more: that is what the CPU ratios measure.`,
    '',
    `\`attest/coverage\` is timed as the VS Code client sends it after an edit, \`{ project, limit: 25, frameworkCategories: [] }\`, with the coverage view as it opens: the primary framework's root expanded, the others collapsed (the client asks for another framework's categories only while its root is expanded). With three frameworks that answer carries the primary's criteria and the other frameworks' totals (${med('three', 'answerCriteria')} criteria, ${med('three', 'answerMB').toFixed(2)} MB). A client that passes no \`frameworkCategories\` gets the contract's full answer, every framework's categories and the primary's twice (${med('three', 'fullCriteria')} criteria, ${med('three', 'fullMB').toFixed(1)} MB, against ${med('one', 'fullCriteria')} criteria and ${med('one', 'fullMB').toFixed(1)} MB with one framework): right after an edit it took **${ms(full[1])}** against **${ms(full[0])}** (${(full[1] / full[0]).toFixed(2)}x), the time following the size of the answer, not the number of frameworks.`,
    '',
    '- **Method**: per repetition, `attest check <ws> --fail-on none` of each variant (whole process, GNU time for CPU), then one server session of each (`ATTEST_CACHE_DIR=off`): spawn, `initialize`, `attest/projects`, `attest/coverage` with the client\'s params (the cold index), then once without `frameworkCategories` (its size only); after 1.5 s of quiet, the edit target of ws-10k opened and `status: implemented` ↔ `status: implementd` flipped by incremental edits (6 warm-up, then timed to the publish that shows the change; after every fifth edit the client\'s `attest/coverage`, two edits later the full one), then 10 hovers. The page cache is warmed first.',
    END,
  ].join('\n');
}

function writeSection(section) {
  const file = path.join(BENCH, 'RESULTS.md');
  const text = fs.readFileSync(file, 'utf8');
  const a = text.indexOf(START);
  const b = text.indexOf(END);
  fs.writeFileSync(file, a >= 0 && b > a ? text.slice(0, a) + section + text.slice(b + END.length) : `${text.trimEnd()}\n\n${section}\n`);
}

async function main() {
  if (args.includes('--report-only')) {
    writeSection(render(JSON.parse(fs.readFileSync(path.join(OUT, 'frameworks.json'), 'utf8'))));
    return;
  }
  const m = ensureWorkspace('10k');
  const roots = { one: m.root, three: ensureVariant(m) };
  const { server, cli, code } = codeUnderTest();
  for (const r of Object.values(roots)) spawnSync('sh', ['-c', `find '${r}' -type f -exec cat {} + > /dev/null`]);
  const cpu = os.cpus();
  const d = { at: `${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`, code, machine: `${cpu[0]?.model.split(' ').slice(0, 2).join(' ')}, ${cpu.length} cores, Node ${process.version}`, load: [os.loadavg().map((x) => x.toFixed(2)).join(', ')], files: m.controlFiles + 2 + m.policies + 1, one: [], three: [] };
  for (let i = 0; i < RUNS; i++) {
    for (const v of i % 2 ? ['three', 'one'] : ['one', 'three']) {
      const c = check(cli, roots[v]);
      const s = await session(server, roots[v], m.single);
      d[v].push({ checkWall: c.wall, checkCpu: c.cpu, ...s });
      log(`run ${i + 1} ${v}: check ${ms(c.wall)} (cpu ${ms(c.cpu)}), cold ${ms(s.cold)} (cpu ${ms(s.cpu)}), edit p50 ${ms(median(s.edit))}; load ${os.loadavg()[0].toFixed(2)}`);
    }
  }
  d.load.push(os.loadavg().map((x) => x.toFixed(2)).join(', '));
  fs.mkdirSync(OUT, { recursive: true });
  fs.writeFileSync(path.join(OUT, 'frameworks.json'), JSON.stringify(d, null, 2));
  const section = render(d);
  console.log(section);
  if (!args.includes('--no-write')) writeSection(section);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
