// `--cache` also remembers whole runs: with nothing changed the next run prints what the last one
// printed without analysing anything; when only files changed whose facts keep their shape (a
// comment, moved lines), `attest check` analyses those alone. Either way, what a user sees must
// be what the run without the cache prints.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { runCli, tempWorkspace, removeDir } from '../helpers/attest.mjs';

const CONFIG = 'framework: tsc-2017\ncategories: [security, availability]\nrules:\n  missing-owner: information\n';
const CONTROL_A = 'id: C-1\ntitle: Control one\nstatus: implemented\ncriteria: [CC6.1, CC9.9]\nowner: ops\npolicies: [POL-9]\n';
const CONTROL_B = 'id: C-2\ntitle: Control two\nstatus: planned\ndue: 2026-03-01\ncriteria: [A1.2]\n';
const POLICY = '---\nid: POL-1\ntitle: Policy one\napproved: 2025-01-10\nreview: annually\ncriteria: [CC6.1]\n---\n\n# POL-1\n';
const FILES = { 'evidence/a.pdf': 'pdf', 'attest.yaml': CONFIG, 'controls/a.yaml': CONTROL_A, 'controls/b.yaml': CONTROL_B, 'controls/c.yaml': CONTROL_A, 'policies/p.md': POLICY };

const TRACE = process.env.TRACE_TO ?? '';
const CHECKS = [['check'], ['check', '--format', 'sarif', '--fail-on', 'warning'], ['check', '--fail-on', 'none']];

/** The memo of whole runs in the cache file, and a writer for a changed one (checksum redone, header as wide as before). */
function memoOf(root) {
  const file = path.join(root, '.attestcache');
  const buf = fs.readFileSync(file);
  const nl = buf.indexOf(10);
  const header = JSON.parse(buf.toString('utf8', 0, nl));
  assert.ok(header.memo, 'the cache holds a memo');
  const start = nl + 1 + header.length;
  // The memo's lines (memoStore.ts): a head, one line per input stamp and per checked file (each
  // ending in a comma but the last), then the files' skeletons, one each; after it, the lines
  // replaced since it was written whole (`<line number>\t<line>`), if any.
  const lines = buf.toString('utf8', start, start + header.memo.length).split('\n');
  if (header.memo.delta) {
    const at = start + header.memo.length;
    for (const l of buf.toString('utf8', at, at + header.memo.delta.length).split('\n')) lines[Number(l.slice(0, l.indexOf('\t')))] = l.slice(l.indexOf('\t') + 1);
  }
  const head = JSON.parse(lines[0]);
  const count = head.check ? head.check.projects.reduce((n, p) => n + p.files, 0) : 0;
  const items = (from, n) => lines.slice(from, from + n).map((l) => JSON.parse(l.replace(/,$/, '')));
  const files = items(1 + head.inputs, count);
  let next = 0;
  const check = head.check && { projects: head.check.projects.map((p) => ({ ...p, files: files.slice(next, (next += p.files)) })) };
  const memo = { ...head, inputs: items(1, head.inputs), check, skeletons: lines.slice(1 + head.inputs + count) };
  const write = ({ check, inputs, skeletons, ...next }) => {
    const all = check ? check.projects.flatMap((p) => p.files) : [];
    const head = { ...next, inputs: inputs.length, check: check && { projects: check.projects.map((p) => ({ ...p, files: p.files.length })) } };
    const block = (xs) => xs.map((x, i) => JSON.stringify(x) + (i < xs.length - 1 ? ',' : ''));
    const text = [JSON.stringify(head), ...block(inputs), ...block(all), ...lines.slice(1 + inputs.length + all.length)].join('\n');
    const bytes = Buffer.from(text, 'utf8');
    // Written whole: no delta.
    const top = JSON.stringify({ ...header, memo: { length: bytes.length, sha256: createHash('sha256').update(bytes).digest('base64') } });
    assert.ok(top.length <= nl);
    fs.writeFileSync(file, Buffer.concat([Buffer.from(top.padEnd(nl) + '\n'), buf.subarray(nl + 1, start), bytes]));
  };
  return { memo, write };
}

/**
 * Doctors what the memo holds for `rel`: each of its finding messages starts "remembered: ", so
 * output showing that came from the memo, not from analysing the file again. (A file is stored
 * as [rel, keys…, cross, rows]; a finding row ends with its message.) `in`: the file's rows, the
 * text outputs remembered (a patched text output is the last one with changed files' lines
 * replaced), or both.
 */
function markRemembered(root, rel, { in: where = ['rows', 'text'] } = {}) {
  const { memo, write } = memoOf(root);
  const file = memo.check.projects[0].files.find((f) => f[0] === rel);
  const rows = file[file.length - 1];
  assert.ok(rows.length > 0, `${rel} has findings to mark`);
  if (where.includes('rows')) file[file.length - 1] = rows.map((r) => [...r.slice(0, -1), `remembered: ${r.at(-1)}`]);
  if (where.includes('text')) {
    for (const run of Object.values(memo.runs)) {
      run.stdout = run.stdout.split('\n').map((l) => (l.startsWith(`${rel}:`) ? l.replace(/^(\S+ \S+ \S+ )/, '$1remembered: ') : l)).join('\n');
    }
  }
  write(memo);
}

function runBoth(root, args) {
  const plain = runCli([args[0], '.', ...args.slice(1)], { cwd: root });
  const cached = runCli([args[0], '.', ...args.slice(1), '--cache'], { cwd: root, env: { ATTEST_CACHE_TRACE: TRACE } });
  return { plain, cached };
}

function sameAsPlain(root, args) {
  const { plain, cached } = runBoth(root, args);
  assert.deepEqual([cached.stdout, cached.stderr, cached.status], [plain.stdout, plain.stderr, plain.status], args.join(' '));
  return plain;
}

/** Sets every file's times an hour back: their stats are no longer in doubt (see inputLog.ts). */
function age(root) {
  const past = new Date(Date.now() - 3600_000);
  const walk = (dir) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      if (e.name !== '.attestcache') fs.utimesSync(p, past, past);
    }
    fs.utimesSync(dir, past, past);
  };
  walk(root);
}

describe('attest --cache remembers whole runs', () => {
  test('with nothing changed the last output is printed as it was; a touched file with the same content still counts as unchanged; a changed one does not', () => {
    const root = tempWorkspace(FILES);
    try {
      const plain = sameAsPlain(root, ['coverage', '--format', 'csv']);
      age(root);
      sameAsPlain(root, ['coverage', '--format', 'csv']); // stamps taken now that no stat is in doubt
      const { memo, write } = memoOf(root);
      const key = Object.keys(memo.runs).find((k) => k.includes('coverage'));
      memo.runs[key].stdout = 'remembered\n';
      write(memo);
      assert.equal(runCli(['coverage', '.', '--format', 'csv', '--cache'], { cwd: root }).stdout, 'remembered\n', 'replayed, not analysed');
      // A fresh checkout: every stat moves, no content does.
      const now = new Date();
      fs.utimesSync(path.join(root, 'controls/a.yaml'), now, now);
      assert.equal(runCli(['coverage', '.', '--format', 'csv', '--cache'], { cwd: root }).stdout, 'remembered\n', 'same content: still replayed');
      // Another command line is not this run's output.
      sameAsPlain(root, ['coverage', '--format', 'json']);
      fs.writeFileSync(path.join(root, 'controls/b.yaml'), CONTROL_B.replace('planned', 'implemented'));
      const after = sameAsPlain(root, ['coverage', '--format', 'csv']);
      assert.notEqual(after.stdout, plain.stdout, 'the change shows');
    } finally {
      removeDir(root);
    }
  });

  test('another day, another folder argument or another current directory is not replayed', () => {
    const root = tempWorkspace(FILES);
    try {
      runCli(['check', '.', '--cache', '--fail-on', 'none'], { cwd: root, today: '2026-01-01' });
      const later = runCli(['check', '.', '--fail-on', 'none'], { cwd: root, today: '2026-06-01' });
      assert.equal(runCli(['check', '.', '--cache', '--fail-on', 'none'], { cwd: root, today: '2026-06-01' }).stdout, later.stdout);
      const fromAbove = runCli(['check', path.basename(root), '--fail-on', 'none'], { cwd: path.dirname(root), today: '2026-06-01' });
      const cachedAbove = runCli(['check', path.basename(root), '--fail-on', 'none', '--cache', '--cache-location', path.join(root, '.attestcache')], { cwd: path.dirname(root), today: '2026-06-01' });
      assert.equal(cachedAbove.stdout, fromAbove.stdout);
      assert.match(cachedAbove.stdout, new RegExp(`${path.basename(root)}/controls/b.yaml`), 'paths from the other directory');
    } finally {
      removeDir(root);
    }
  });

  test('a comment moving every line of one control: `attest check` analyses that file alone and its positions follow', () => {
    const root = tempWorkspace(FILES);
    try {
      sameAsPlain(root, ['check']);
      // An unchanged file's findings come from the memo.
      markRemembered(root, 'controls/c.yaml');
      fs.writeFileSync(path.join(root, 'controls/a.yaml'), `# owned by the platform team\n\n${CONTROL_A}`);
      const { plain, cached } = runBoth(root, ['check']);
      assert.match(cached.stdout, /controls\/c\.yaml:\d+:\d+ \S+ \S+ remembered: /, 'c.yaml was not analysed again');
      assert.equal(cached.stdout.replace(/remembered: /g, ''), plain.stdout, 'a.yaml analysed, at its new lines');
      assert.match(plain.stdout, /controls\/a\.yaml:8:/, 'the finding on a.yaml moved two lines down');
      assert.equal(cached.status, plain.status);
    } finally {
      removeDir(root);
    }
  });

  test('a patched check in text is the last text with the re-checked file\'s lines replaced; SARIF is rendered from the remembered findings', () => {
    const root = tempWorkspace(FILES);
    try {
      sameAsPlain(root, ['check']);
      sameAsPlain(root, ['check', '--format', 'sarif', '--fail-on', 'warning']);
      // Only the remembered text is marked: the rows (what SARIF is made from) are not.
      markRemembered(root, 'controls/c.yaml', { in: ['text'] });
      fs.writeFileSync(path.join(root, 'controls/a.yaml'), `# owned by the platform team\n\n${CONTROL_A}`);
      const { plain, cached } = runBoth(root, ['check']);
      assert.match(cached.stdout, /controls\/c\.yaml:\d+:\d+ \S+ \S+ remembered: /, 'c.yaml\'s lines are the last text\'s');
      assert.equal(cached.stdout.replace(/remembered: /g, ''), plain.stdout, 'a.yaml\'s lines replaced, at its new lines; summary and coverage made anew');
      assert.equal(cached.status, plain.status);
      fs.writeFileSync(path.join(root, 'controls/a.yaml'), CONTROL_A);
      const sarif = sameAsPlain(root, ['check', '--format', 'sarif', '--fail-on', 'warning']);
      assert.doesNotMatch(sarif.stdout, /remembered/);
    } finally {
      removeDir(root);
    }
  });

  test('a status change other files depend on: `attest check` re-checks the files it affects, keeps the rest, and prints as without the cache', () => {
    const root = tempWorkspace({ ...FILES, 'controls/d.yaml': CONTROL_B.replace('C-2', 'C-4').replace('A1.2', 'CC6.1') });
    const trace = path.join(root, 'trace.txt');
    try {
      const before = sameAsPlain(root, ['check']);
      // b.yaml (C-2, A1.2) has nothing to do with CC6.1: its findings must come from the memo.
      markRemembered(root, 'controls/b.yaml');
      // a.yaml and c.yaml both define C-1 and implement CC6.1; retiring both leaves CC6.1 to
      // d.yaml (planned) and the policy: coverage moves, the policy's finding on CC6.1 changes.
      for (const f of ['controls/a.yaml', 'controls/c.yaml']) fs.writeFileSync(path.join(root, f), CONTROL_A.replace('implemented', 'retired'));
      const plain = runCli(['check', '.'], { cwd: root });
      const cached = runCli(['check', '.', '--cache'], { cwd: root, env: { ATTEST_CACHE_TRACE: trace } });
      // Only statuses moved: the edited files and what their statuses reach, from the memo's counts.
      assert.equal(fs.readFileSync(trace, 'utf8'), 'patched statuses 2\n');
      assert.match(cached.stdout, /controls\/b\.yaml:\d+:\d+ \S+ \S+ remembered: /, 'b.yaml was not analysed again');
      assert.equal(cached.stdout.replace(/remembered: /g, ''), plain.stdout);
      assert.equal(cached.status, plain.status);
      const coverage = (out) => out.split('\n').find((l) => l.startsWith('Coverage'));
      assert.notEqual(coverage(plain.stdout), coverage(before.stdout), 'coverage moved');
    } finally {
      removeDir(root);
    }
  });

  // Edits that keep the facts' shape (comments, blank lines, spaces) and some that do not.
  const editGen = fc.record({
    file: fc.constantFrom('controls/a.yaml', 'controls/b.yaml', 'controls/c.yaml', 'policies/p.md'),
    how: fc.constantFrom('comment', 'blank', 'indent-comment', 'title', 'status', 'criterion', 'owner', 'evidence-url', 'evidence-file', 'policy-ref', 'system', 'id', 'unchanged'),
    line: fc.nat(8),
  });

  function edit(root, e) {
    const file = path.join(root, e.file);
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    const md = e.file.endsWith('.md');
    const at = md ? 1 + (e.line % Math.max(1, lines.indexOf('---', 1) - 1)) : e.line % lines.length;
    switch (e.how) {
      case 'comment':
        lines.splice(at, 0, '# a note');
        break;
      case 'blank':
        lines.splice(at, 0, '');
        break;
      case 'indent-comment':
        lines.splice(at, 0, '   # indented');
        break;
      case 'title':
        lines.splice(lines.findIndex((l) => l.startsWith('title:')), 1, `title: Renamed ${e.line}`);
        break;
      case 'status':
        if (!md) lines.splice(lines.findIndex((l) => l.startsWith('status:')), 1, `status: ${['implemented', 'planned', 'retired'][e.line % 3]}`);
        break;
      case 'criterion':
        lines.splice(lines.findIndex((l) => l.startsWith('criteria:')), 1, `criteria: [${['CC6.1', 'A1.2', 'CC7.2'][e.line % 3]}]`);
        break;
      case 'owner': {
        const at = lines.findIndex((l) => l.startsWith('owner:'));
        if (at >= 0) lines.splice(at, 1);
        else lines.splice(1, 0, 'owner: ops');
        break;
      }
      case 'evidence-url':
      case 'evidence-file':
        if (!md) {
          const link = e.how === 'evidence-url' ? `https://tickets.example.com/T-${e.line}` : ['evidence/a.pdf', 'evidence/missing.pdf'][e.line % 2];
          if (!lines.includes('evidence:')) lines.splice(lines.length - 1, 0, 'evidence:');
          lines.splice(lines.length - 1, 0, `  - title: sample ${e.line}`, `    collected: 2026-0${1 + (e.line % 9)}-10`, `    link: ${link}`);
        }
        break;
      case 'policy-ref': {
        const at = lines.findIndex((l) => l.startsWith('policies:'));
        if (at >= 0) lines.splice(at, 1, `policies: [${['POL-1', 'POL-9'][e.line % 2]}]`);
        break;
      }
      case 'system': {
        const at = lines.findIndex((l) => l.startsWith('systems:'));
        const line = `systems: [${['aws', 'db', 'ghost'][e.line % 3]}]`;
        if (!md) lines.splice(at >= 0 ? at : 1, at >= 0 ? 1 : 0, line);
        break;
      }
      case 'id':
        lines.splice(lines.findIndex((l) => l.startsWith('id:')), 1, `id: ${md ? 'POL' : 'C'}-${1 + (e.line % 3)}`);
        break;
    }
    fs.writeFileSync(file, lines.join('\n'));
  }

  test('after any sequence of small edits, `attest check` with the cache prints and exits as without it', () => {
    fc.assert(
      fc.property(fc.array(fc.array(editGen, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 4 }), fc.nat(CHECKS.length - 1), (steps, first) => {
        const root = tempWorkspace(FILES);
        try {
          let run = first;
          sameAsPlain(root, CHECKS[run++ % CHECKS.length]);
          for (const step of steps) {
            for (const e of step) edit(root, e);
            sameAsPlain(root, CHECKS[run++ % CHECKS.length]);
          }
        } finally {
          removeDir(root);
        }
      }),
      { numRuns: 8 },
    );
  });

  test('output with characters beyond ASCII is replayed as it was printed (the memo itself is kept in ASCII)', () => {
    const root = tempWorkspace({ ...FILES, 'controls/u.yaml': 'id: C-Ü\ntitle: Überprüfung — 検証 😀\nstatus: implemented\ncriteria: [CC6.1]\npolicies: [POL-É]\n' });
    const trace = path.join(path.dirname(root), `${path.basename(root)}-trace.txt`);
    try {
      const first = sameAsPlain(root, ['check']);
      assert.match(first.stdout, /POL-É/);
      const { memo } = memoOf(root);
      assert.ok(Object.keys(memo.runs).length);
      const file = fs.readFileSync(path.join(root, '.attestcache'));
      const start = file.indexOf(10) + 1 + JSON.parse(file.toString('utf8', 0, file.indexOf(10))).length;
      assert.ok(file.subarray(start).every((b) => b < 0x80), 'the memo is ASCII');
      const again = runCli(['check', '.', '--cache'], { cwd: root, env: { ATTEST_CACHE_TRACE: trace } });
      assert.equal(fs.readFileSync(trace, 'utf8'), 'replayed\n');
      assert.deepEqual([again.stdout, again.status], [first.stdout, first.status]);
    } finally {
      removeDir(root);
      fs.rmSync(trace, { force: true });
    }
  });

  // Edits other files depend on, in a project with a systems inventory and a register: the
  // check patched across files (acrossPatch.ts) must print what the whole check prints.
  const SYSTEMS = 'framework: tsc-2017\ncategories: [security, availability]\nsystems:\n  - id: aws\n    name: AWS\n  - id: db\n    name: Database\n';
  const REGISTER = 'controls:\n  - id: R-1\n    title: Register one\n    status: implemented\n    criteria: [CC7.2]\n    systems: [db]\n  - id: C-2\n    title: Register two\n    status: planned\n    due: 2026-12-01\n    criteria: [A1.2]\n';
  const ACROSS = { ...FILES, 'attest.yaml': SYSTEMS, 'controls/r.yaml': REGISTER, 'controls/d.yaml': CONTROL_A.replace('C-1', 'C-5').replace('CC9.9', 'A1.2') + 'systems: [aws]\n' };
  const acrossGen = fc.record({
    file: fc.constantFrom('controls/a.yaml', 'controls/b.yaml', 'controls/d.yaml', 'policies/p.md'),
    how: fc.constantFrom('status', 'criterion', 'policy-ref', 'system', 'id', 'comment'),
    line: fc.nat(8),
  });

  test('after edits of statuses, ids, criteria, systems and policy references, `attest check` with the cache prints and exits as without it', () => {
    fc.assert(
      fc.property(fc.array(fc.array(acrossGen, { minLength: 1, maxLength: 2 }), { minLength: 2, maxLength: 4 }), (steps) => {
        const root = tempWorkspace(ACROSS);
        try {
          sameAsPlain(root, ['check']);
          for (const step of steps) {
            for (const e of step) edit(root, e);
            sameAsPlain(root, CHECKS[steps.indexOf(step) % 2]);
          }
        } finally {
          removeDir(root);
        }
      }),
      { numRuns: 6 },
    );
  });

  test('a patched run writes, in the lines it replaces of the last memo, the memo a full run writes', () => {
    const root = tempWorkspace(ACROSS);
    const trace = path.join(path.dirname(root), `${path.basename(root)}-trace.txt`);
    // What a memo says (stats aside: a run in full stamps anew what a patch kept from the last one).
    const said = () => {
      const { memo } = memoOf(root);
      return { ...memo, inputs: memo.inputs.map(([p, kind, hash]) => [p, kind, hash]) };
    };
    try {
      for (const how of ['comment', 'status', 'criterion', 'system', 'policy-ref']) {
        runCli(['check', '.', '--cache'], { cwd: root });
        edit(root, { file: 'controls/a.yaml', how, line: 2 });
        runCli(['check', '.', '--cache'], { cwd: root, env: { ATTEST_CACHE_TRACE: trace } });
        const patched = said();
        fs.rmSync(path.join(root, '.attestcache'));
        runCli(['check', '.', '--cache'], { cwd: root });
        assert.deepEqual(patched, said(), how);
      }
      assert.deepEqual(fs.readFileSync(trace, 'utf8').trim().split('\n'), ['patched 1', 'patched statuses 1', 'patched statuses 1', 'patched statuses 1', 'patched across 1']);
    } finally {
      removeDir(root);
      fs.rmSync(trace, { force: true });
    }
  });

  test('a damaged memo is ignored: the run is done in full and remembered anew', () => {
    const root = tempWorkspace(FILES);
    try {
      const plain = sameAsPlain(root, ['check']);
      const file = path.join(root, '.attestcache');
      const buf = fs.readFileSync(file);
      buf[buf.length - 5] ^= 0x20; // inside the memo, after the facts
      fs.writeFileSync(file, buf);
      const again = runCli(['check', '.', '--cache'], { cwd: root });
      assert.deepEqual([again.stdout, again.status], [plain.stdout, plain.status]);
      assert.ok(memoOf(root).memo.runs, 'remembered anew');
    } finally {
      removeDir(root);
    }
  });
});
