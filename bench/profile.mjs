#!/usr/bin/env node
// Summarizes a V8 .cpuprofile (from `node --cpu-prof`): self time by function and by file, and
// inclusive (total) time of the functions that matter.
//   node bench/profile.mjs <file.cpuprofile> [--top 30] [--filter server/src] [--from ms --to ms]
import * as fs from 'node:fs';

const args = process.argv.slice(2);
const file = args.find((a) => !a.startsWith('--') && !/^\d+$/.test(a));
const opt = (n, d) => {
  const i = args.indexOf(`--${n}`);
  return i >= 0 ? args[i + 1] : d;
};
const TOP = Number(opt('top', 30));
const FILTER = opt('filter');
const FROM = opt('from') ? Number(opt('from')) * 1000 : undefined;
const TO = opt('to') ? Number(opt('to')) * 1000 : undefined;
const prof = JSON.parse(fs.readFileSync(file, 'utf8'));

const byId = new Map(prof.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of prof.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

// Self time per node from samples and time deltas (optionally within a window).
const self = new Map();
let t = prof.startTime;
let total = 0;
prof.samples.forEach((id, i) => {
  const dt = prof.timeDeltas[i] ?? 0;
  t += dt;
  if (FROM !== undefined && t - prof.startTime < FROM) return;
  if (TO !== undefined && t - prof.startTime > TO) return;
  self.set(id, (self.get(id) ?? 0) + dt);
  total += dt;
});

const shortUrl = (u) => (u || '(native)').replace(/^file:\/\//, '').replace(/.*\/node_modules\//, 'node_modules/').replace(/.*\/work\/main\//, '');
const label = (n) => {
  const f = n.callFrame;
  return `${f.functionName || '(anonymous)'} ${shortUrl(f.url)}:${f.lineNumber + 1}`;
};

// Source maps: map dist/*.js positions back to server/src when a .map is next to the bundle.
const maps = new Map();
function original(n) {
  const f = n.callFrame;
  const url = f.url.replace(/^file:\/\//, '');
  if (!url.endsWith('.js') || !fs.existsSync(url + '.map')) return undefined;
  if (!maps.has(url)) maps.set(url, decodeMap(JSON.parse(fs.readFileSync(url + '.map', 'utf8'))));
  const m = maps.get(url);
  const seg = m.lookup(f.lineNumber, f.columnNumber);
  return seg ? `${m.sources[seg.source].replace(/^(\.\.\/)+/, '')}:${seg.line + 1}` : undefined;
}

function decodeMap(map) {
  const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  const val = new Map([...chars].map((c, i) => [c, i]));
  const lines = [];
  let src = 0;
  let oline = 0;
  let ocol = 0;
  for (const line of map.mappings.split(';')) {
    const segs = [];
    let col = 0;
    for (const s of line.split(',')) {
      if (!s) continue;
      const nums = [];
      let v = 0;
      let shift = 0;
      for (const ch of s) {
        const d = val.get(ch);
        v += (d & 31) << shift;
        if (d & 32) shift += 5;
        else {
          nums.push(v & 1 ? -(v >> 1) : v >> 1);
          v = 0;
          shift = 0;
        }
      }
      col += nums[0];
      if (nums.length >= 4) {
        src += nums[1];
        oline += nums[2];
        ocol += nums[3];
        segs.push({ col, source: src, line: oline, column: ocol });
      }
    }
    lines.push(segs);
  }
  return {
    sources: map.sources,
    lookup(line, column) {
      const segs = lines[line];
      if (!segs?.length) return undefined;
      let best = segs[0];
      for (const s of segs) if (s.col <= column) best = s;
      return best;
    },
  };
}

const fnSelf = new Map();
const fileSelf = new Map();
for (const [id, dt] of self) {
  const n = byId.get(id);
  const orig = original(n);
  const key = `${n.callFrame.functionName || '(anonymous)'} ${orig ?? shortUrl(n.callFrame.url) + ':' + (n.callFrame.lineNumber + 1)}`;
  fnSelf.set(key, (fnSelf.get(key) ?? 0) + dt);
  const fk = orig ? orig.replace(/:\d+$/, '') : shortUrl(n.callFrame.url).replace(/:\d+$/, '');
  fileSelf.set(fk, (fileSelf.get(fk) ?? 0) + dt);
}

// Inclusive time per function (a function counted once per stack).
const incl = new Map();
for (const [id, dt] of self) {
  const seen = new Set();
  for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
    const n = byId.get(cur);
    const orig = original(n);
    const key = `${n.callFrame.functionName || '(anonymous)'} ${orig ?? shortUrl(n.callFrame.url) + ':' + (n.callFrame.lineNumber + 1)}`;
    if (seen.has(key)) continue;
    seen.add(key);
    incl.set(key, (incl.get(key) ?? 0) + dt);
  }
}

const pct = (x) => `${((100 * x) / total).toFixed(1).padStart(5)}%`;
const msf = (x) => `${(x / 1000).toFixed(0).padStart(7)} ms`;
const show = (title, m) => {
  console.log(`\n${title}`);
  [...m]
    .filter(([k]) => !FILTER || k.includes(FILTER))
    .sort((a, b) => b[1] - a[1])
    .slice(0, TOP)
    .forEach(([k, v]) => console.log(`${msf(v)} ${pct(v)}  ${k}`));
};
console.log(`${file}: ${(total / 1000).toFixed(0)} ms sampled`);
show('Self time by function', fnSelf);
show('Self time by file', fileSelf);
show('Inclusive time by function', incl);
