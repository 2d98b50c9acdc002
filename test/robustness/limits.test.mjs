// Size limits: files over maxFileSize are reported and never parsed; a 60,000-control register
// still works; the number of problems per file is capped with a final "N more" note.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { tempWorkspace, removeDir } from '../helpers/workspaces.mjs';
import { core, memoryWorkspace } from '../helpers/core.mjs';
import { TestClient, codes } from '../helpers/lsp.mjs';
import { positionAt } from '../helpers/positions.mjs';
import { assertSpansInside, checkJson, within, serverDeath } from './support/helpers.mjs';

// A file that would give a yaml-syntax finding (and take an alias bomb's time) if it were parsed.
function oversizedControl(bytes) {
  const head = 'id: BIG-1\ntitle: too big\nowner: o\ncriteria: [CC6.1]\nbomb:\n  a: &a [1,1,1,1,1,1,1,1,1,1]\n  b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\n  c: [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\ntitle: duplicate\n';
  return head + '# padding\n'.repeat(Math.ceil((bytes - head.length) / 10));
}

const smallConfig = 'maxFileSize: 2000\n';
const files = {
  'attest.yaml': smallConfig,
  'controls/big.yaml': oversizedControl(5000),
  'controls/small.yaml': 'id: SMALL-1\ntitle: small\nowner: o\ncriteria: [CC6.1]\n',
  'policies/big.md': '---\nid: POL-BIG\ntitle: Big\nowner: o\ncriteria: [CC6.2]\n---\n' + '# Heading\n\nText.\n'.repeat(400),
  'policies/small.md': '---\nid: POL-SMALL\ntitle: Small\nowner: o\ncriteria: [CC6.3]\n---\n# S\n',
};

describe('files over maxFileSize are reported (file-too-large) and skipped', () => {
  test('core: loadWorkspace reports them at the start of the file and indexes nothing from them', () => {
    const root = tempWorkspace(files);
    try {
      const { ws } = core.loadWorkspace(root);
      assert.equal(ws.config.maxFileSize, 2000);
      for (const rel of ['controls/big.yaml', 'policies/big.md']) {
        const f = ws.findings(rel);
        assert.deepEqual(codes(f), ['file-too-large'], `${rel}: only file-too-large (never parsed: no yaml-syntax, no alias expansion)`);
        assert.deepEqual(f[0].span, { start: 0, end: 0 });
        assert.match(f[0].message, /2000/);
        assert.deepEqual(ws.facts(rel).controls, []);
        assert.deepEqual(ws.facts(rel).policies, []);
      }
      assert.deepEqual(ws.findings('controls/small.yaml').filter((f) => f.code !== 'missing-owner'), []);
      const cov = core.buildCoverage(ws);
      const status = (id) => cov.categories.flatMap((c) => c.criteria).find((c) => c.id === id).status;
      assert.equal(status('CC6.1'), 'covered', 'the small control counts');
      assert.equal(status('CC6.2'), 'uncovered', 'the oversized policy counts for nothing');
      assert.equal(status('CC6.3'), 'policy-only');
    } finally {
      removeDir(root);
    }
  });

  test('core: the default limit (5 MiB) applies without attest.yaml', () => {
    const root = tempWorkspace({ 'controls/huge.yaml': oversizedControl(5 * 1024 * 1024 + 100) });
    try {
      const { ws } = core.loadWorkspace(root);
      assert.deepEqual(codes(ws.findings('controls/huge.yaml')), ['file-too-large']);
    } finally {
      removeDir(root);
    }
  });

  test('core: setFile with text over the limit (an open editor) is not parsed either', () => {
    const ws = memoryWorkspace({ config: smallConfig, files: { 'controls/big.yaml': oversizedControl(5000) } });
    assert.deepEqual(codes(ws.findings('controls/big.yaml')), ['file-too-large']);
  });

  test('CLI: attest check lists file-too-large on line 1 of each oversized file and checks the rest', () => {
    const root = tempWorkspace(files);
    try {
      const { json } = checkJson(root);
      const big = json.diagnostics.filter((d) => d.file === 'controls/big.yaml' || d.file === 'policies/big.md');
      assert.deepEqual(big.map((d) => [d.file, d.code, d.range.start.line, d.range.start.character]).sort(), [
        ['controls/big.yaml', 'file-too-large', 0, 0],
        ['policies/big.md', 'file-too-large', 0, 0],
      ]);
      assert.ok(!json.diagnostics.some((d) => d.code === 'yaml-syntax'));
    } finally {
      removeDir(root);
    }
  });

  test('server: oversized files on disk and oversized open documents get file-too-large', async () => {
    const root = tempWorkspace(files);
    const c = new TestClient();
    try {
      await c.initialize(root);
      const died = serverDeath(c);
      await within(Promise.race([c.coverage(), died]), 20_000, 'coverage');
      const big = path.join(root, 'controls/big.yaml');
      await c.waitForDiagnostics(big, (d) => codes(d).join() === 'file-too-large');
      // Open the small control and grow it past the limit, then shrink it back.
      const small = path.join(root, 'controls/small.yaml');
      const text = files['controls/small.yaml'];
      c.open(small, text);
      c.change(small, text + 'description: ' + 'x'.repeat(3000) + '\n');
      await c.nextDiagnostics(small, (d) => codes(d).join() === 'file-too-large');
      c.change(small, text + 'criteria: [CC6.1]\n');
      const back = await c.nextDiagnostics(small, (d) => codes(d).includes('yaml-syntax'));
      assert.ok(!codes(back).includes('file-too-large'));
    } finally {
      await c.shutdown();
      removeDir(root);
    }
  });
});

describe('a register of 60,000 controls', () => {
  test('is indexed; a finding on the last control is on the right line', () => {
    const N = 60_000;
    const lines = ['# generated register', 'controls:'];
    for (let i = 0; i < N; i++) {
      lines.push(`  - id: R-${i}`, `    title: Control ${i}`, '    owner: ops');
      lines.push(`    criteria: [${i === N - 1 ? 'CC6.1, CC9.99' : i % 2 ? 'CC6.1' : 'CC7.2'}]`);
    }
    const text = lines.join('\n') + '\n';
    assert.ok(text.length < 5 * 1024 * 1024, `under the default size limit (${text.length})`);
    const ws = memoryWorkspace({ files: { 'controls/register.yaml': text } });
    const facts = ws.facts('controls/register.yaml');
    assert.equal(facts.controls.length, N);
    const f = ws.findings('controls/register.yaml');
    assertSpansInside(f, text, 'register');
    assert.equal(f.length, 1);
    assert.equal(f[0].code, 'unknown-criterion');
    assert.equal(text.slice(f[0].span.start, f[0].span.end), 'CC9.99');
    assert.equal(positionAt(text, f[0].span.start).line, 1 + N * 4, 'the criteria line of the last control');
    assert.equal(positionAt(text, facts.controls[N - 1].idSpan.start).line, 2 + (N - 1) * 4);
    const cov = core.buildCoverage(ws);
    const cc61 = cov.categories.flatMap((c) => c.criteria).find((c) => c.id === 'CC6.1');
    assert.equal(cc61.controls.length, N / 2);
    assert.equal(cov.totals.covered, 2);
  });
});

describe('problems per file are capped with a final "N more" note', () => {
  test('capFindings keeps the most severe, in source order, then says how many are left out', () => {
    const many = [];
    for (let i = 0; i < 300; i++) many.push(core.finding('missing-owner', { start: i * 10, end: i * 10 + 4 }, `warning ${i}`));
    many.push(core.finding('schema', { start: 5000, end: 5004 }, 'the one error'));
    const capped = core.capFindings(many, 100);
    assert.equal(capped.length, 101);
    const note = capped.at(-1);
    assert.equal(note.code, 'too-many-problems');
    assert.match(note.message, /\b201 more\b/);
    assert.ok(capped.some((f) => f.message === 'the one error'), 'the error survives the cut');
    const kept = capped.slice(0, -1);
    assert.deepEqual(kept.map((f) => f.span.start), [...kept.map((f) => f.span.start)].sort((a, b) => a - b));
    assert.equal(core.capFindings(many, 0).length, 301, '0 means no cap');
    assert.equal(core.capFindings(many, 301).length, 301, 'at the cap, no note');
    assert.match(core.capFindings(many, 300).at(-1).message, /\b1 more problem\b/);
  });

  test('server: attest.maxProblems caps a register with many problems', async () => {
    const lines = ['controls:'];
    for (let i = 0; i < 40; i++) lines.push(`  - id: M-${i}`, `    title: t${i}`, `    criteria: [CC6.1]`); // 40 missing-owner warnings
    lines.push('  - id: M-bad', '    title: bad', '    criteria: [CC9.99]'); // plus missing-owner and one error
    const text = lines.join('\n') + '\n';
    const root = tempWorkspace({ 'controls/register.yaml': text });
    const c = new TestClient({ settings: { maxProblems: 5 } });
    try {
      await c.initialize(root);
      const d = await c.waitForDiagnostics(path.join(root, 'controls/register.yaml'), (x) => x.length > 0);
      assert.equal(d.length, 6);
      assert.equal(d.at(-1).code, 'too-many-problems');
      assert.match(d.at(-1).message, /\b37 more\b/);
      assert.ok(d.some((x) => x.code === 'unknown-criterion'), 'the error is kept');
    } finally {
      await c.shutdown();
      removeDir(root);
    }
  });
});
