// `--cache`: what a run derived from each file is kept in one file and reused; output and exit code
// must be those of the same run without it, whatever changed in between, and a damaged, foreign
// or old cache file is rebuilt, never trusted.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { runCli, tempDir, tempWorkspace, removeDir } from '../helpers/attest.mjs';
import { writeBigWorkspace, removeBigWorkspace } from '../helpers/bigWorkspace.mjs';

const CATALOGS = [
  'id: mini\ntitle: Mini\ncategories:\n  - id: security\n    title: Security\n    series:\n      - id: X1\n        title: One\n        criteria:\n          - id: X1.1\n            title: First\n          - id: X1.2\n            title: Second\n',
  'id: mini\ntitle: Mini\ncategories:\n  - id: security\n    title: Security\n    series:\n      - id: X1\n        title: One\n        criteria:\n          - id: X1.1\n            title: First renamed\n      - id: X2\n        title: Two\n        criteria:\n          - id: X2.1\n            title: Third\n',
];

const CONFIGS = [
  undefined, // no attest.yaml: the defaults
  'framework: tsc-2017\ncategories: [security, availability]\n',
  'framework: tsc-2017\nreport: type2\nperiod:\n  start: 2026-01-01\n  end: 2026-12-31\nsystems:\n  - id: aws\n    name: AWS\n  - id: old\n    name: Old\n    scope: out\n    reason: gone\n',
  'framework: catalogs/mini.yaml\nreport: type2\nperiod:\n  start: 2026-01-01\n  end: 2026-12-31\n',
  'framework: tsc-2017\nrules:\n  missing-owner: off\ncontrols: ["controls/**/*.yaml", "extra/*.yaml"]\n',
];

const TODAYS = ['2026-03-15', '2026-10-01', '2027-02-01'];

const controlGen = fc.record({
  id: fc.constantFrom('C-1', 'C-2', 'C-3', 'C 4'),
  status: fc.constantFrom('implemented', 'planned', 'retired', 'bogus'),
  criteria: fc.subarray(['CC6.1', 'CC7.2', 'A1.2', 'X1.1', 'X2.1', 'CC9.9']),
  owner: fc.boolean(),
  due: fc.constantFrom(undefined, '2026-03-01', '2026-12-01'),
  policy: fc.constantFrom(undefined, 'POL-1', 'POL-9'),
  system: fc.constantFrom(undefined, 'aws', 'old', 'ghost'),
  frequency: fc.constantFrom(undefined, 'quarterly', 'monthly'),
  evidence: fc.constantFrom(undefined, '2026-02-10', '2025-12-01'),
  link: fc.constantFrom(undefined, 'evidence/a.pdf', 'https://example.com/x'),
  broken: fc.constantFrom(false, false, false, true),
});

function controlText(c) {
  const l = [`id: ${c.id}`, `title: Control ${c.id}`, `status: ${c.status}`, `criteria: [${c.criteria.join(', ')}]`];
  if (c.owner) l.push('owner: ops');
  if (c.due) l.push(`due: ${c.due}`);
  if (c.policy) l.push(`policies: [${c.policy}]`);
  if (c.system) l.push(`systems: [${c.system}]`);
  if (c.frequency) l.push(`frequency: ${c.frequency}`);
  if (c.evidence || c.link) l.push('evidence:', `  - title: sample`, ...(c.evidence ? [`    collected: ${c.evidence}`] : []), ...(c.link ? [`    link: ${c.link}`] : []));
  if (c.broken) l.push('title: [unclosed');
  return l.join('\n') + '\n';
}

const policyGen = fc.record({ id: fc.constantFrom('POL-1', 'POL-2'), criteria: fc.subarray(['CC6.1', 'A1.2', 'X1.1']), approved: fc.constantFrom('2025-01-10', '2026-06-01'), owner: fc.boolean() });

function policyText(p) {
  return `---\nid: ${p.id}\ntitle: Policy ${p.id}\n${p.owner ? 'owner: legal\n' : ''}approved: ${p.approved}\nreview: annually\ncriteria: [${p.criteria.join(', ')}]\n---\n\n# ${p.id}\n`;
}

const NAMES = ['controls/a.yaml', 'controls/b.yaml', 'controls/sub/c.yaml', 'extra/d.yaml', 'controls/e.yml'];
const POLICY_NAMES = ['policies/p1.md', 'policies/p2.md'];

const fileGen = fc.oneof(
  fc.record({ rel: fc.constantFrom(...NAMES), text: controlGen.map(controlText) }),
  fc.record({ rel: fc.constantFrom(...POLICY_NAMES), text: policyGen.map(policyText) }),
);

const opGen = fc.oneof(
  fileGen.map((f) => ({ op: 'write', ...f })), // adds a file, or edits one already there
  fc.nat(9).map((i) => ({ op: 'delete', i })),
  fc.record({ i: fc.nat(9), to: fc.constantFrom(...NAMES, 'controls/renamed.yaml') }).map((r) => ({ op: 'rename', ...r })),
  fc.nat(CONFIGS.length - 1).map((v) => ({ op: 'config', v })),
  fc.nat(CATALOGS.length - 1).map((v) => ({ op: 'catalog', v })),
  fc.boolean().map((present) => ({ op: 'evidence', present })),
  fc.nat(TODAYS.length - 1).map((d) => ({ op: 'today', d })),
);

/** The Attest files present, sorted (what delete and rename pick from). */
function present(root) {
  return [...NAMES, ...POLICY_NAMES, 'controls/renamed.yaml'].filter((rel) => fs.existsSync(path.join(root, rel)));
}

function apply(root, state, o) {
  const abs = (rel) => path.join(root, rel);
  const write = (rel, text) => {
    fs.mkdirSync(path.dirname(abs(rel)), { recursive: true });
    fs.writeFileSync(abs(rel), text);
  };
  const files = present(root);
  switch (o.op) {
    case 'write':
      return write(o.rel, o.text);
    case 'delete':
      if (files.length) fs.rmSync(abs(files[o.i % files.length]));
      return;
    case 'rename':
      if (files.length) {
        const from = files[o.i % files.length];
        if (from !== o.to) fs.renameSync(abs(from), (fs.mkdirSync(path.dirname(abs(o.to)), { recursive: true }), abs(o.to)));
      }
      return;
    case 'config':
      if (CONFIGS[o.v] === undefined) fs.rmSync(abs('attest.yaml'), { force: true });
      else write('attest.yaml', CONFIGS[o.v]);
      return;
    case 'catalog':
      return write('catalogs/mini.yaml', CATALOGS[o.v]);
    case 'evidence':
      if (o.present) write('evidence/a.pdf', 'pdf');
      else fs.rmSync(abs('evidence/a.pdf'), { force: true });
      return;
    case 'today':
      state.today = TODAYS[o.d];
      return;
  }
}

const RUNS = [
  ['check', '--format', 'json', '--fail-on', 'warning'],
  ['check'],
  ['coverage', '--format', 'json'],
  ['plan', '--format', 'csv'],
];

/** Runs `args` in `root` with and without --cache; they must agree in everything a user sees. */
function sameWithCache(root, args, today, extra = []) {
  const opts = { cwd: root, today };
  const plain = runCli([args[0], '.', ...args.slice(1)], opts);
  const cached = runCli([args[0], '.', ...args.slice(1), '--cache', ...extra], opts);
  assert.equal(cached.stdout, plain.stdout, `stdout of ${args.join(' ')}`);
  assert.equal(cached.stderr, plain.stderr, `stderr of ${args.join(' ')}`);
  assert.equal(cached.status, plain.status, `exit code of ${args.join(' ')}`);
  return plain;
}

describe('attest --cache', () => {
  test('output and exit code equal those without the cache while files, attest.yaml, the catalog, evidence and the day change', () => {
    let run = 0;
    fc.assert(
      fc.property(fc.array(fileGen, { minLength: 1, maxLength: 5 }), fc.nat(CONFIGS.length - 1), fc.array(fc.array(opGen, { minLength: 1, maxLength: 4 }), { minLength: 2, maxLength: 3 }), (initial, config, steps) => {
        const root = tempWorkspace({ 'catalogs/mini.yaml': CATALOGS[0] });
        const state = { today: TODAYS[1] };
        try {
          for (const f of initial) apply(root, state, { op: 'write', ...f });
          apply(root, state, { op: 'config', v: config });
          sameWithCache(root, RUNS[run++ % RUNS.length], state.today);
          for (const ops of steps) {
            for (const o of ops) apply(root, state, o);
            sameWithCache(root, RUNS[run++ % RUNS.length], state.today);
          }
          assert.ok(fs.existsSync(path.join(root, '.attestcache')), 'the default cache file is in the folder');
        } finally {
          removeDir(root);
        }
      }),
      { numRuns: 6 },
    );
  });

  test('files left unchanged are judged again when the day, attest.yaml or the catalog changes', () => {
    const root = tempWorkspace({
      'attest.yaml': CONFIGS[3],
      'catalogs/mini.yaml': CATALOGS[0],
      'controls/a.yaml': controlText({ id: 'C-1', status: 'planned', criteria: ['X1.2', 'CC6.1', 'A1.2'], owner: true, due: '2026-06-01' }),
    });
    const codes = (r) => JSON.parse(r.stdout).diagnostics.map((d) => d.code).sort().join(' ');
    try {
      const before = sameWithCache(root, RUNS[0], '2026-05-01');
      assert.ok(!codes(before).includes('remediation-overdue'));
      const overdue = sameWithCache(root, RUNS[0], '2026-07-01'); // the day
      assert.ok(codes(overdue).includes('remediation-overdue'));
      fs.writeFileSync(path.join(root, 'catalogs/mini.yaml'), CATALOGS[1]); // X1.2 is gone
      const catalog = sameWithCache(root, RUNS[0], '2026-07-01');
      assert.notEqual(codes(catalog), codes(overdue));
      fs.writeFileSync(path.join(root, 'attest.yaml'), CONFIGS[1]); // back to tsc-2017: CC6.1 is known
      const config = sameWithCache(root, RUNS[0], '2026-07-01');
      assert.notEqual(codes(config), codes(catalog));
      fs.writeFileSync(path.join(root, 'attest.yaml'), 'framework: tsc-2017\n'); // availability (A1.2) out of scope
      const scope = sameWithCache(root, RUNS[0], '2026-07-01');
      assert.ok(codes(scope).includes('out-of-scope-criterion') && !codes(config).includes('out-of-scope-criterion'));
    } finally {
      removeDir(root);
    }
  });

  test('on two threads (ATTEST_THREADS=2) over a large folder, cold and then with most files cached, the same output and the same cache', () => {
    const { root } = writeBigWorkspace();
    const elsewhere = tempDir('attest-cache-');
    try {
      const args = ['check', '.', '--format', 'json', '--fail-on', 'warning'];
      const plain = runCli(args, { cwd: root });
      const same = (r) => assert.deepEqual([r.stdout, r.stderr, r.status], [plain.stdout, plain.stderr, plain.status]);
      same(runCli([...args, '--cache'], { cwd: root, env: { ATTEST_THREADS: '2' } }));
      // A few files change: the rest comes from the cache, the changed ones are analysed.
      const dir = path.join(root, 'controls/d03');
      for (const f of fs.readdirSync(dir).slice(0, 5)) fs.appendFileSync(path.join(dir, f), '# changed\n');
      const middle = path.join(root, 'controls/d11');
      for (const f of fs.readdirSync(middle).slice(40, 43)) fs.appendFileSync(path.join(middle, f), '# changed\n');
      // (A new file too: the last run cannot be patched, the folder is loaded with its cache.)
      fs.writeFileSync(path.join(dir, 'new.yaml'), 'id: NEW-1\ntitle: A new control\nowner: ops\ncriteria: [CC6.1]\n');
      const changed = runCli(args, { cwd: root });
      const cached = runCli([...args, '--cache'], { cwd: root, env: { ATTEST_THREADS: '2' } });
      assert.deepEqual([cached.stdout, cached.stderr, cached.status], [changed.stdout, changed.stderr, changed.status]);
      // What it saved (the unchanged lines copied over, the changed files' new ones) is what a
      // cold run writes, entry for entry; and a third run reads it.
      runCli([...args, '--cache', '--cache-location', path.join(elsewhere, 'cold.cache')], { cwd: root });
      const kept = cacheEntries(path.join(root, '.attestcache'));
      assert.ok(kept.length > 1000, 'entries of a large folder');
      assert.deepEqual(kept, cacheEntries(path.join(elsewhere, 'cold.cache')));
      const third = runCli([...args, '--cache'], { cwd: root });
      assert.deepEqual([third.stdout, third.stderr, third.status], [changed.stdout, changed.stderr, changed.status]);
    } finally {
      removeBigWorkspace(root);
      removeDir(elsewhere);
    }
  });

  test('a cache file of this build is reused: an entry changed on purpose (checksum redone) shows in the output', () => {
    const root = project();
    try {
      const first = coverageTitles(runCli(['coverage', '.', '--format', 'json', '--cache'], { cwd: root }));
      assert.ok(first.includes('Control C-1'));
      rewriteCache(root, (header, body) => [header, body.replace('"title":"Control C-1"', '"title":"Doctored C-1"')]);
      const reused = coverageTitles(runCli(['coverage', '.', '--format', 'json', '--cache'], { cwd: root }));
      assert.ok(reused.includes('Doctored C-1'), 'the cache was read');
    } finally {
      removeDir(root);
    }
  });

  for (const [what, change] of [
    ['another version of Attest', (h) => ({ ...h, version: '0.0.0-other' })],
    ['another build of the same version', (h) => ({ ...h, bundle: 'c29tZSBvdGhlciBidWlsZA==' })],
    ['another format', (h) => ({ ...h, format: 'attest-cache/0' })],
  ]) {
    test(`a cache written by ${what} is ignored and rebuilt`, () => {
      const root = project();
      try {
        runCli(['check', '.', '--cache'], { cwd: root });
        rewriteCache(root, (header, body) => [change(header), body.replace('"title":"Control C-1"', '"title":"Doctored C-1"')]);
        const r = runCli(['coverage', '.', '--format', 'json', '--cache'], { cwd: root });
        assert.ok(coverageTitles(r).includes('Control C-1'));
        assert.ok(!coverageTitles(r).includes('Doctored C-1'));
        assert.equal(readHeader(root).version, runCli(['--version']).stdout.trim(), 'rewritten by this build');
      } finally {
        removeDir(root);
      }
    });
  }

  for (const [what, damage] of [
    ['random bytes', () => Buffer.from('\u0000\u00ff garbage \n\n@{nope}\ncontrol:x\t{', 'latin1')],
    ['cut short', (buf) => buf.subarray(0, Math.floor(buf.length / 2))],
    ['one byte changed', (buf) => Buffer.from(buf.toString('utf8').replace('"title":"Control C-1"', '"title":"Control C-7"'))],
    ['empty', () => Buffer.alloc(0)],
    ['a folder', null],
  ]) {
    test(`a cache file that is ${what} changes nothing in the output and is rebuilt`, () => {
      const root = project();
      const file = path.join(root, '.attestcache');
      try {
        const plain = runCli(['check', '.', '--format', 'json'], { cwd: root });
        runCli(['check', '.', '--cache'], { cwd: root });
        if (damage) fs.writeFileSync(file, damage(fs.readFileSync(file)));
        else {
          fs.rmSync(file);
          fs.mkdirSync(file);
        }
        const r = runCli(['check', '.', '--format', 'json', '--cache'], { cwd: root });
        assert.equal(r.stdout, plain.stdout);
        assert.equal(r.stderr, plain.stderr);
        assert.equal(r.status, plain.status);
        if (damage) assert.equal(readHeader(root).format, 'attest-cache/3', 'rebuilt');
      } finally {
        removeDir(root);
      }
    });
  }

  test('--cache-location puts the cache elsewhere (a file, or a folder holding .attestcache); nothing is written into the project', () => {
    const root = project();
    const elsewhere = tempWorkspace({});
    try {
      const plain = runCli(['check', '.'], { cwd: root });
      const file = path.join(elsewhere, 'my.cache');
      sameWithCache(root, ['check'], undefined, ['--cache-location', file]);
      assert.ok(fs.existsSync(file));
      sameWithCache(root, ['check'], undefined, [`--cache-location=${elsewhere}`]);
      assert.ok(fs.existsSync(path.join(elsewhere, '.attestcache')));
      assert.ok(!fs.existsSync(path.join(root, '.attestcache')));
      // A location that cannot be written: the same output, silently without a cache.
      const r = runCli(['check', '.', '--cache', '--cache-location', path.join(root, 'attest.yaml', 'x')], { cwd: root });
      assert.deepEqual([r.stdout, r.stderr, r.status], [plain.stdout, plain.stderr, plain.status]);
    } finally {
      removeDir(root);
      removeDir(elsewhere);
    }
  });

  test('--cache-location without --cache, or --cache with a value, is a usage error', () => {
    const root = project();
    try {
      for (const args of [['check', '.', '--cache-location', 'x'], ['check', '.', '--cache=yes']]) {
        const r = runCli(args, { cwd: root });
        assert.equal(r.status, 2);
        assert.match(r.stderr, /^attest: (--cache-location applies with --cache only|option --cache takes no value)\n/);
      }
    } finally {
      removeDir(root);
    }
  });

  test('a monorepo keeps every project in the one cache file, and a project edited alone is still right', () => {
    const root = tempWorkspace({
      'one/attest.yaml': CONFIGS[1],
      'one/controls/a.yaml': controlText({ id: 'C-1', status: 'implemented', criteria: ['CC6.1'], owner: true }),
      'two/attest.yaml': CONFIGS[2],
      'two/controls/a.yaml': controlText({ id: 'C-1', status: 'planned', criteria: ['CC7.2'], owner: false, system: 'ghost' }),
    });
    try {
      sameWithCache(root, RUNS[0]);
      fs.writeFileSync(path.join(root, 'two/controls/b.yaml'), controlText({ id: 'C-1', status: 'implemented', criteria: ['A1.2'], owner: true }));
      sameWithCache(root, RUNS[0]);
      const body = fs.readFileSync(path.join(root, '.attestcache'), 'utf8');
      assert.match(body, /^@\{"project":"one"/m);
      assert.match(body, /^@\{"project":"two"/m);
    } finally {
      removeDir(root);
    }
  });
});

function project() {
  return tempWorkspace({
    'attest.yaml': CONFIGS[1],
    'controls/a.yaml': controlText({ id: 'C-1', status: 'implemented', criteria: ['CC6.1', 'CC9.9'], owner: true }),
    'controls/b.yaml': controlText({ id: 'C-2', status: 'planned', criteria: ['A1.2'], owner: false, due: '2026-03-01', policy: 'POL-9' }),
    'policies/p.md': policyText({ id: 'POL-1', criteria: ['CC6.1'], approved: '2026-06-01', owner: true }),
  });
}

function coverageTitles(r) {
  assert.equal(r.status, 0, r.stderr);
  return JSON.stringify(JSON.parse(r.stdout)).match(/"title":"[^"]*"/g).map((t) => t.slice(9, -1));
}

/** The entry lines of a cache file's facts (one per file content), sorted. */
function cacheEntries(file) {
  const buf = fs.readFileSync(file);
  const nl = buf.indexOf(10);
  const { length } = JSON.parse(buf.toString('utf8', 0, nl));
  return buf.toString('utf8', nl + 1, nl + 1 + length).split('\n').filter((l) => /^(control|policy):/.test(l)).sort();
}

function readHeader(root) {
  const text = fs.readFileSync(path.join(root, '.attestcache'), 'utf8');
  return JSON.parse(text.slice(0, text.indexOf('\n')));
}

/**
 * Rewrites the facts of the cache file through `edit(header, facts)`, with a correct length and
 * checksum, and without the memo of whole runs (so the next run reads the facts).
 */
function rewriteCache(root, edit) {
  const file = path.join(root, '.attestcache');
  const buf = fs.readFileSync(file);
  const nl = buf.indexOf(10);
  const old = JSON.parse(buf.toString('utf8', 0, nl));
  const facts = buf.toString('utf8', nl + 1, nl + 1 + old.length);
  const { memo: _memo, ...rest } = old;
  const [header, body] = edit(rest, facts);
  assert.notEqual(body, facts, 'the edit found its text');
  const bytes = Buffer.from(body, 'utf8');
  const sha256 = createHash('sha256').update(bytes).digest('base64');
  fs.writeFileSync(file, Buffer.concat([Buffer.from(JSON.stringify({ ...header, length: bytes.length, sha256 }) + '\n'), bytes]));
}
