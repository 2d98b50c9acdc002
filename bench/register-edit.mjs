// Micro-benchmark for F4: single-character typing inside a 1,000-control register.
// Times analyzeControlFile per keystroke at the start, middle and end of the register, and the
// heap kept after a long typing run (old file texts must not stay reachable through the cache).
//   node --expose-gc bench/register-edit.mjs [--dist path/to/core.js] [--keys 200] [--flat]
// --flat leaves out V8's flattening of the edited (concatenated) 0.9 MB text, ~4-6 ms here, which
// the language server pays too (TextDocument builds the text by concatenation) wherever it is first read.
import { createRequire } from 'node:module';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name, dflt) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : dflt;
};
const core = createRequire(import.meta.url)(resolve(arg('--dist', join(root, 'dist/core.js'))));
const KEYS = Number(arg('--keys', 200));
const FLAT = process.argv.includes('--flat');

// The generated vendor register when present; otherwise a similar 1,000-item register.
const wsRegister = join(root, 'bench/workspaces/ws-10k/controls/registers/vendor-register.yaml');
const base = existsSync(wsRegister) ? readFileSync(wsRegister, 'utf8') : synthetic(1000);

function synthetic(n) {
  const lines = [`# ${n} controls kept in one register.`, 'controls:'];
  for (let i = 1; i <= n; i++) {
    lines.push(`  - id: VR-${String(i).padStart(4, '0')}`, `    title: Review vendor contracts ${i}`, '    description: >', '      Deviations are escalated to the security team within one business day.');
    lines.push('    owner: privacy-office', '    status: implemented', '    frequency: quarterly', '    criteria: [CC9.2, CC3.4]', '    policies: [POL-VEN-007]', '    systems: [aws-staging]');
    lines.push('    evidence:', `      - title: quarterly sample for VR-${i}`, '        collected: 2026-05-07', '        link: https://tickets.example.com/SEC-1', '');
  }
  return lines.join('\n');
}

const cfg = core.loadConfig(undefined, { readFile: () => undefined });
const pct = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];
const fmt = (n) => n.toFixed(2).padStart(6);

/** Types KEYS characters one at a time into the title of the item at `frac` of the register. */
function typing(frac) {
  const titles = [...base.matchAll(/\n {4}title: /g)];
  const m = titles[Math.min(titles.length - 1, Math.floor(frac * titles.length))];
  let cursor = m.index + m[0].length;
  let text = base;
  core.analyzeControlFile(text, cfg); // warm: every item cached
  const times = [];
  const cpu = [];
  for (let k = 0; k < KEYS; k++) {
    text = text.slice(0, cursor) + String.fromCharCode(97 + (k % 26)) + text.slice(cursor);
    cursor++;
    if (FLAT) text.charCodeAt(0); // V8 flattens the concatenated text here instead of inside the timed call
    const t = performance.now();
    const c = process.cpuUsage();
    const facts = core.analyzeControlFile(text, cfg);
    const used = process.cpuUsage(c);
    times.push(performance.now() - t);
    cpu.push((used.user + used.system) / 1000); // steadier than wall time on a busy machine
    if (facts.controls.length < 900) throw new Error('register not analysed as expected');
  }
  return { times, cpu };
}

console.log(`register: ${base.length} chars, ${KEYS} keystrokes per position, dist ${arg('--dist', 'dist/core.js')}${FLAT ? ', flattened first' : ''}`);
for (let i = 0; i < 3; i++) core.analyzeControlFile(base, cfg); // JIT warm-up
const all = { times: [], cpu: [] };
const row = (label, { times, cpu }) =>
  console.log(`${label.padEnd(11)} wall p50 ${fmt(pct(times, 50))} p95 ${fmt(pct(times, 95))} | cpu p50 ${fmt(pct(cpu, 50))} p95 ${fmt(pct(cpu, 95))} ms`);
for (const [label, frac] of [['first item', 0], ['middle', 0.5], ['last item', 0.999]]) {
  const r = typing(frac);
  all.times.push(...r.times);
  all.cpu.push(...r.cpu);
  row(label, r);
}
row('all', all);
if (global.gc) {
  global.gc();
  console.log(`heap after typing: ${(process.memoryUsage().heapUsed / 1e6).toFixed(1)} MB (file text ${(base.length / 1e6).toFixed(2)} M chars)`);
}
