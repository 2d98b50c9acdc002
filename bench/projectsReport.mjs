// The "Projects" section of bench/RESULTS.md, from bench/out/projects.json (bench/projects.mjs).
// It sits between PROJECTS_START and PROJECTS_END at the end of the file; run.mjs keeps it when
// it rewrites the rest, and the hand-written notes between NOTES_START and NOTES_END survive here.
import * as fs from 'node:fs';

export const PROJECTS_START = '<!-- projects:start -->';
export const PROJECTS_END = '<!-- projects:end -->';
const NOTES_START = '<!-- projects-notes:start -->';
const NOTES_END = '<!-- projects-notes:end -->';
const TARGET = 1.2;

const sorted = (xs) => xs.filter(Number.isFinite).sort((a, b) => a - b);
function median(xs) {
  const s = sorted(xs);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
const p95 = (xs) => {
  const s = sorted(xs);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(0.95 * s.length) - 1))];
};
const ms = (x) => (x === undefined || !Number.isFinite(x) ? 'n/a' : x >= 10_000 ? `${(x / 1000).toFixed(1)} s` : x >= 100 ? `${x.toFixed(0)} ms` : `${x.toFixed(1)} ms`);
const cell = (xs, unit = ms) => `**${unit(median(xs))}** (${unit(sorted(xs)[0])}–${unit(sorted(xs).at(-1))}; n=${xs.length})`;
const x = (v) => `${v.toFixed(2)}x`;
const verdict = (v) => (v <= TARGET ? `met (≤ ${TARGET}x)` : `**missed** (> ${TARGET}x)`);

function layoutsPart(L, lay) {
  const { one, mono, manifest: m, meta } = lay;
  // one1: the one project with ATTEST_THREADS=N (N=1 before b7eb287 made one thread the default).
  const one1 = lay.one1?.length ? lay.one1 : undefined;
  const t1 = lay.one1Threads ?? '1';
  const N = m.projects;
  L.push(`### One project vs ${N} projects, ${m.controlFiles.toLocaleString('en')} control files (issue 13)`, '');
  L.push(`Measured ${meta.date}; ${meta.code}; load average (1, 5, 15 min) at start ${meta.loadStart}, at end ${meta.loadEnd}.`, '');
  L.push(`Workspaces (bench/monorepo.mjs, from ws-${m.size}): the same ${(m.controlFiles + m.policies).toLocaleString('en')} files (${m.controlFiles.toLocaleString('en')} control files including the two registers, ${m.policies} policies, ${(m.bytes / 2 ** 20).toFixed(1)} MB), byte for byte, held once in one project (one attest.yaml at the root) and once spread over compliance/p01 … p${N} of a monorepo (one attest.yaml each, a copy of ws-${m.size}'s; the workspace folder is the monorepo root, which has none). Round robin over the sorted paths gives every project ~${Math.round(m.controlFiles / N)} controls of all domains and ${m.policies / N} policies; controls name policies of their own project, so both layouts have the same findings (\`attest check\`: the same 1,983 problems, plus 2 uncovered criteria in the split layout).`, '');
  const head = `| figure (${one.length} interleaved repetitions each) | one project | ${N} projects | **${N} / one** | target |` + (one1 ? ` one project, ATTEST_THREADS=${t1} | ${N} / that |` : '');
  L.push(head, '|---|---|---|---|---|' + (one1 ? '---|---|' : ''));
  const row = (name, f, { unit = ms, target = false, pooled = false } = {}) => {
    const get = (rs) => (pooled ? rs.flatMap(f) : rs.map(f));
    const [a, b, c] = [get(one), get(mono), one1 && get(one1)];
    const stat = pooled === 'p95' ? p95 : median;
    const show = (xs) => (pooled ? `**${unit(stat(xs))}** (n=${xs.length})` : cell(xs, unit));
    const r = stat(b) / stat(a);
    let line = `| ${name} | ${show(a)} | ${show(b)} | **${x(r)}** | ${target ? verdict(r) : ''} |`;
    if (c) line += ` ${show(c)} | ${x(stat(b) / stat(c))} |`;
    L.push(line);
  };
  row(`cold index: spawn → every project's \`attest/coverage\` answered`, (r) => r.cold, { target: true });
  row("… spawn → the first project's answer", (r) => r.firstProjectMs);
  row('server CPU time (user+sys, all threads) until then', (r) => r.cpu);
  if ([...one, ...mono].every((r) => Number.isFinite(r.mainCpu))) {
    row('… of it on the main thread (the critical path on an idle machine)', (r) => r.mainCpu);
    row("… on other threads (the indexing worker, V8's helpers)", (r) => r.cpu - r.mainCpu);
  }
  row('server memory after the cold index (VmHWM)', (r) => r.memMB, { unit: (v) => `${v.toFixed(0)} MB` });
  row('edit → diagnostics, one file, **p50** (samples of all repetitions)', (r) => r.edit, { target: true, pooled: 'p50' });
  row('edit → diagnostics, one file, **p95**', (r) => r.edit, { target: true, pooled: 'p95' });
  L.push(`| files with diagnostics after the scan | ${one[0].published.toLocaleString('en')} | ${mono[0].published.toLocaleString('en')} | | |` + (one1 ? ` ${one1[0].published.toLocaleString('en')} | |` : ''));
  L.push('');
  const order = one1 ? ['one', 'mono', 'one1'] : ['one', 'mono'];
  const label = { one: 'one', mono: `${N}`, one1: `one (ATTEST_THREADS=${t1})` };
  const runs = one.map((_, i) => (i % 2 ? [...order].reverse() : order).map((k) => `${label[k]} ${ms(lay[k][i]?.cold)}`).join(', '));
  L.push(`Cold index per repetition, in the order run: ${runs.map((r, i) => `(${i + 1}) ${r}`).join('; ')}. Per-repetition ratio ${N} / one: ${one.map((r, i) => x(mono[i]?.cold / r.cold)).join(', ')}.`, '');
  const threads = one.flatMap((r) => r.logs).find((l) => l.includes('second thread'));
  const monoThreads = mono.some((r) => r.logs.some((l) => l.includes('second thread')));
  L.push(`Second indexing thread: the one project ${threads ? `used it ("${threads.replace(/^\d+ ms: /, '').replace(/of \/\S+ /, 'of the project ')}", last repetition)` : 'did not use it'}; ${monoThreads ? `some of the ${N} projects used it` : `none of the ${N} projects did (each has ~${Math.round((m.controlFiles + m.policies) / N)} files, below the 2,000 that start one)`}.`, '');
  L.push(
    `- **Method**: per repetition, one session of each variant, the order reversed every other repetition. Spawn \`node server.js --stdio\` (\`ATTEST_CACHE_DIR=off\`: no scan cache, a cold start every time), \`initialize\` with the workspace folder, \`initialized\`, \`attest/projects\`, then \`attest/coverage\` with \`project: <uri>\` and \`limit: 25\` for every project at once; cold index = spawn to the last answer; CPU times from /proc/<pid>/stat and /proc/<pid>/task/<pid>/stat at that moment. Then, after 1.5 s of quiet, the same control file is opened and \`status: implemented\` ↔ \`status: implementd\` flipped by incremental \`didChange\` (6 warm-up edits, then ${one[0].edit.length} timed per session, 15 ms apart), timed to the \`publishDiagnostics\` that shows the change. The page cache is warmed by reading every file once before the first run.`,
    '',
  );
}

/** One line of the layouts history: when, at what load, the medians and their ratios. */
export function summarizeLayouts(lay) {
  const f = (rs, k) => median(rs.map((r) => (typeof k === 'function' ? k(r) : r[k])));
  const { one, mono, meta } = lay;
  const edit = (rs) => median(rs.flatMap((r) => r.edit));
  const edit95 = (rs) => p95(rs.flatMap((r) => r.edit));
  return {
    date: meta.date,
    code: /^commit \w+/.exec(meta.code)?.[0] ?? meta.code.split(' (')[0],
    load: `${meta.loadStart.split(',')[0]} → ${meta.loadEnd?.split(',')[0]}`,
    runs: one.length,
    cold: [f(one, 'cold'), f(mono, 'cold')],
    mainCpu: [f(one, 'mainCpu'), f(mono, 'mainCpu')],
    cpu: [f(one, 'cpu'), f(mono, 'cpu')],
    edit: [edit(one), edit(mono)],
    edit95: [edit95(one), edit95(mono)],
  };
}

function historyPart(L, history) {
  L.push('Every run of this comparison so far (medians; one → 20 projects, and the ratio). Wall times follow the load; the main thread\'s CPU time (the critical path when a core is free) hardly does. Up to b7eb287 a first scan of 2,000 files or more took a second thread, which the one project got and none of the 20 (~516 files each) did: hence 1.45x main-thread CPU on e376e95, while on a saturated machine the 20-project scan, using less CPU in all, still came out ahead in wall time. Since b7eb287 every scan runs on one thread by default (`ATTEST_THREADS=2` opts in).', '');
  L.push('| run | load (1 min, start → end) | cold index | main-thread CPU | all-thread CPU | edit p50 | edit p95 |', '|---|---|---|---|---|---|---|');
  const pair = ([a, b]) => `${ms(a)} → ${ms(b)} (**${x(b / a)}**)`;
  for (const h of history) L.push(`| ${h.date}, ${h.code}, ${h.runs} reps | ${h.load} | ${pair(h.cold)} | ${Number.isFinite(h.mainCpu[0]) ? pair(h.mainCpu) : 'n/a'} | ${pair(h.cpu)} | ${pair(h.edit)} | ${pair(h.edit95)} |`);
  L.push('');
}

function firstPart(L, first) {
  const { sizes, meta } = first;
  L.push('### First diagnostics of an open file during the first scan (issue 14, point 1)', '');
  L.push(`Measured ${meta.date}; ${meta.code}; load average at start ${meta.loadStart}, at end ${meta.loadEnd}.`, '');
  L.push('| | ' + Object.keys(sizes).join(' | ') + ' |', '|---|' + Object.keys(sizes).map(() => '---').join('|') + '|');
  const row = (name, f) => L.push(`| ${name} | ${Object.values(sizes).map(f).join(' | ')} |`);
  const all = (rs, k) => rs.map((r) => r[k]);
  row('files in the workspace', (rs) => rs[0].files.toLocaleString('en'));
  row('`initialized` sent (spawn → `initialize` answered)', (rs) => cell(all(rs, 'initialized')));
  row('open control with an unknown criterion: first publishDiagnostics', (rs) => cell(all(rs, 'unknownCriterion')));
  row('… what it carried', (rs) => [...new Set(rs.map((r) => r.unknownCriterionCodes.join(', ') || 'nothing'))].join(' / '));
  row('open control with a YAML syntax error: first publishDiagnostics', (rs) => cell(all(rs, 'syntax')));
  row('… what it carried', (rs) => [...new Set(rs.map((r) => r.syntaxCodes.join(', ') || 'nothing'))].join(' / '));
  row('complete index: `attest/coverage` answered', (rs) => cell(all(rs, 'coverage')));
  row('**first diagnostics / complete index** (unknown criterion)', (rs) => x(median(all(rs, 'unknownCriterion')) / median(all(rs, 'coverage'))));
  L.push('');
  L.push(
    '- **Method**: spawn the server on ws-<size> (bench/generate.mjs, one project; `ATTEST_CACHE_DIR=off`), `initialize`, `initialized`, then at once `didOpen` of two controls with texts that differ from the disk (the one-file edit target with `CC99.9` put first in its criteria list; the duplicated-id target with `status: [implemented`, an unclosed flow sequence) and `attest/coverage` (`limit: 25`). All times from spawn; "first publishDiagnostics" is the first one for that file, whatever it carries (listed). Page cache warmed once before.',
    '',
  );
}

export function renderSection(res) {
  const L = [PROJECTS_START, '## Projects (issues 13 and 14)', ''];
  L.push('Written by `node bench/projects.mjs` (not by `npm run bench`, which keeps this section). Machine as above' + (res.machine ? ` (${res.machine.cpu}, ${res.machine.cores} cores, Node ${res.machine.node})` : '') + '; the load averages are of this run.', '');
  if (res.layouts) layoutsPart(L, res.layouts);
  if (res.layoutsHistory?.length) historyPart(L, res.layoutsHistory);
  if (res.first) firstPart(L, res.first);
  L.push(NOTES_START, '_No notes yet._', NOTES_END, PROJECTS_END);
  return L.join('\n');
}

/** Puts `section` in place of the old one (keeping its notes), or at the end of the file. */
export function writeSection(file, section) {
  const old = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  const notes = old.includes(NOTES_START) ? old.slice(old.indexOf(NOTES_START), old.indexOf(NOTES_END) + NOTES_END.length) : undefined;
  if (notes) section = section.slice(0, section.indexOf(NOTES_START)) + notes + section.slice(section.indexOf(NOTES_END) + NOTES_END.length);
  const next = old.includes(PROJECTS_START) ? old.slice(0, old.indexOf(PROJECTS_START)) + section + old.slice(old.indexOf(PROJECTS_END) + PROJECTS_END.length) : `${old.replace(/\n*$/, '\n')}\n${section}\n`;
  fs.writeFileSync(file, next);
}
