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
  const col = (f) => [one.map(f), mono.map(f)];
  L.push(`### One project vs ${m.projects} projects, ${m.controlFiles.toLocaleString('en')} control files (issue 13)`, '');
  L.push(`Measured ${meta.date}; ${meta.code}; load average (1, 5, 15 min) at start ${meta.loadStart}, at end ${meta.loadEnd}.`, '');
  L.push(`Workspaces (bench/monorepo.mjs, from ws-${m.size}): the same ${(m.controlFiles + m.policies).toLocaleString('en')} files (${m.controlFiles.toLocaleString('en')} control files including the two registers, ${m.policies} policies, ${(m.bytes / 2 ** 20).toFixed(1)} MB), byte for byte, held once in one project (one attest.yaml at the root) and once spread over compliance/p01 … p${m.projects} of a monorepo (one attest.yaml each, a copy of ws-${m.size}'s; the workspace folder is the monorepo root, which has none). Round robin over the sorted paths gives every project ~${Math.round(m.controlFiles / m.projects)} controls of all domains and ${m.policies / m.projects} policies; controls name policies of their own project, so both layouts have the same findings (\`attest check\`: the same 1,983 problems, plus 2 uncovered criteria in the split layout).`, '');
  L.push(`| figure (${one.length} interleaved repetitions each) | one project | ${m.projects} projects | ${m.projects} / one | target |`, '|---|---|---|---|---|');
  const row = (name, f, unit = ms, target = false) => {
    const [a, b] = col(f);
    const r = median(b) / median(a);
    L.push(`| ${name} | ${cell(a, unit)} | ${cell(b, unit)} | ${x(r)} | ${target ? verdict(r) : ''} |`);
  };
  row(`cold index: spawn → every project's \`attest/coverage\` answered`, (r) => r.cold, ms, true);
  row('… spawn → the first project\'s answer', (r) => r.firstProjectMs);
  row('server CPU time (user+sys, all threads) until then', (r) => r.cpu);
  row('server memory after the cold index (VmHWM)', (r) => r.memMB, (v) => `${v.toFixed(0)} MB`);
  const [ea, eb] = [one.flatMap((r) => r.edit), mono.flatMap((r) => r.edit)];
  L.push(`| edit → diagnostics, one file, **p50** (samples of all repetitions) | **${ms(median(ea))}** (n=${ea.length}) | **${ms(median(eb))}** (n=${eb.length}) | ${x(median(eb) / median(ea))} | ${verdict(median(eb) / median(ea))} |`);
  L.push(`| edit → diagnostics, one file, **p95** | **${ms(p95(ea))}** | **${ms(p95(eb))}** | ${x(p95(eb) / p95(ea))} | ${verdict(p95(eb) / p95(ea))} |`);
  L.push(`| files with diagnostics after the scan | ${one[0].published.toLocaleString('en')} | ${mono[0].published.toLocaleString('en')} | | |`);
  L.push('');
  const pairs = one.map((r, i) => (mono[i] ? mono[i].cold / r.cold : NaN));
  L.push(`Cold index per repetition, in the order run: ${one.map((r, i) => (i % 2 ? `${ms(mono[i]?.cold)} / ${ms(r.cold)}` : `${ms(r.cold)} / ${ms(mono[i]?.cold)}`)).join('; ')} (one / ${m.projects}, alternately first); per-repetition ratios ${pairs.map(x).join(', ')}.`, '');
  const threads = [...new Set(one.flatMap((r) => r.logs).filter((l) => l.includes('second thread')).map((l) => l.replace(/^\d+ ms: /, '').replace(/in \d+ ms, \d+/, 'in … ms, …')))];
  L.push(`Second indexing thread: ${threads.length ? `one project: "${threads[0]}"` : 'one project: none'}; ${mono.some((r) => r.logs.some((l) => l.includes('second thread'))) ? 'some of the 20 projects used one' : `none of the ${m.projects} projects (each has ~${Math.round((m.controlFiles + m.policies) / m.projects)} files, below the 2,000 that start one)`}.`, '');
  L.push(
    '- **Method**: per repetition, one session of each layout, alternately first. Spawn `node server.js --stdio`, `initialize` with the workspace folder, `initialized`, `attest/projects`, then `attest/coverage` with `project: <uri>` and `limit: 25` for every project at once; cold index = spawn to the last answer. Then, after 1.5 s of quiet, the same control file is opened and `status: implemented` ↔ `status: implementd` flipped by incremental `didChange` (6 warm-up edits, then ' + `${one[0].edit.length}` + ' timed per session, 15 ms apart), timed to the `publishDiagnostics` that shows the change. The page cache is warmed by reading every file once before the first run.',
    '',
  );
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
    '- **Method**: spawn the server on ws-<size> (bench/generate.mjs, one project), `initialize`, `initialized`, then at once `didOpen` of two controls with texts that differ from the disk (the one-file edit target with `CC99.9` put first in its criteria list; the duplicated-id target with `status: [implemented`, an unclosed flow sequence) and `attest/coverage` (`limit: 25`). All times from spawn; "first publishDiagnostics" is the first one for that file, whatever it carries (listed). Page cache warmed once before.',
    '',
  );
}

export function renderSection(res) {
  const L = [PROJECTS_START, '## Projects (issues 13 and 14)', ''];
  L.push('Written by `node bench/projects.mjs` (not by `npm run bench`, which keeps this section). Machine as above' + (res.machine ? ` (${res.machine.cpu}, ${res.machine.cores} cores, Node ${res.machine.node})` : '') + '; the load averages are of this run.', '');
  if (res.layouts) layoutsPart(L, res.layouts);
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
