// Rapid and interleaved edits, cancellation, and requests for closed or unknown files: the newest
// version always wins, no stale diagnostics remain, and every request gets an answer.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { EXAMPLE } from '../helpers/paths.mjs';
import { day, TODAY } from '../helpers/dates.mjs';
import { removeDir, tempCopy } from '../helpers/workspaces.mjs';
import { core } from '../helpers/core.mjs';
import { TestClient, uriOf, codes } from '../helpers/lsp.mjs';
import { within, serverDeath, assertRangeInside } from './support/helpers.mjs';

const rpc = createRequire(import.meta.url)('vscode-languageserver-protocol/node');

/** A seeded PRNG, so a failing sequence can be replayed. */
function prng(seed) {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x / 2 ** 32;
  };
}

/** The diagnostics the server should publish for `rel`, computed by the core from the same texts. */
function expectedDiagnostics(root, overrides, rel) {
  const { ws } = withOverrides(root, overrides);
  const text = ws.text(rel) ?? '';
  const li = new core.LineIndex(text);
  return core.capFindings(ws.findings(rel), 100).map((f) => ({ code: f.code, range: li.range(f.span), message: f.message }));
}

function withOverrides(root, overrides) {
  const { ws } = core.loadWorkspace(root, { today: day(TODAY) });
  for (const [rel, text] of Object.entries(overrides)) ws.setFile(rel, text);
  return { ws };
}

/** `text` with its first mapped criterion replaced by `id` (flow or block lists). */
const withCriterion = (text, id) => {
  const out = text.replace(/(criteria:[\s\S]*?)\b(CC\d\.\d|A1\.\d|C1\.\d)\b/, `$1${id}`);
  assert.notEqual(out, text, 'a criterion was replaced');
  return out;
};

const simplify = (diags) => diags.map((d) => ({ code: d.code, range: d.range, message: d.message }));

describe('edits', () => {
  let root;
  let c;
  let died;
  before(async () => {
    root = tempCopy(EXAMPLE, { name: 'ws' });
    c = new TestClient();
    await c.initialize(root);
    died = serverDeath(c);
    await within(Promise.race([c.coverage(), died]), 30_000, 'initial coverage');
  });
  after(async () => {
    await c.shutdown();
    removeDir(path.dirname(root));
  });

  test('a burst of 60 full-text changes: the last version wins, published with its version', async () => {
    const file = path.join(root, 'controls/access/AC-03-access-review.yaml');
    const disk = fs.readFileSync(file, 'utf8');
    c.open(file, disk);
    let last;
    for (let i = 0; i < 60; i++) {
      const text = i % 3 === 0 ? disk + `\ntitle: duplicate ${i}\n` : i % 3 === 1 ? disk.replace(/criteria: \[[^\]]*\]/, `criteria: [CC9.${50 + i}]`) : 'garbage: [\n';
      last = c.change(file, text);
    }
    const final = disk.replace(/criteria: \[[^\]]*\]/, 'criteria: [CC6.1, CC9.77]');
    last = c.change(file, final);
    const d = await within(Promise.race([c.nextDiagnostics(file, (x) => x.some((y) => y.message.includes('CC9.77'))), died]), 15_000, 'final diagnostics');
    await c.barrier(root);
    const mine = c.publishLog.filter((p) => p.uri === uriOf(file));
    assert.equal(mine.at(-1).version, last, 'the last publish carries the last version');
    assert.deepEqual(simplify(c.diagnostics.get(uriOf(file))), simplify(d));
    assert.ok(!d.some((x) => x.code === 'yaml-syntax'), 'nothing left from the garbage versions');
    assert.deepEqual(simplify(d), expectedDiagnostics(root, { 'controls/access/AC-03-access-review.yaml': final }, 'controls/access/AC-03-access-review.yaml'));
    c.close(file);
    await c.nextDiagnostics(file, (x) => !x.some((y) => y.message.includes('CC9.77')));
  });

  test('interleaved incremental edits across three files (seeded): each file ends exactly as the core computes', async () => {
    const rels = ['controls/access/AC-01-sso-mfa.yaml', 'controls/change/CHG-01-peer-review.yaml', 'policies/access-control.md'];
    const texts = Object.fromEntries(rels.map((r) => [r, fs.readFileSync(path.join(root, r), 'utf8')]));
    for (const r of rels) c.open(path.join(root, r), texts[r]);
    const rand = prng(20260401);
    const snippets = ['CC9.9', 'x', '\n', ': ', '- ', '[', ']', '"', 'owner: ', 'id: AC-01\n', '\t', '---\n', '#', 'POL-NOPE', '&a ', '*a'];
    for (let step = 0; step < 150; step++) {
      const rel = rels[Math.floor(rand() * rels.length)];
      const text = texts[rel];
      const li = new core.LineIndex(text);
      const a = Math.floor(rand() * (text.length + 1));
      const b = Math.min(text.length, a + Math.floor(rand() * 6));
      const insert = rand() < 0.7 ? snippets[Math.floor(rand() * snippets.length)] : '';
      c.edit(path.join(root, rel), [{ range: li.range({ start: a, end: b }), text: insert }]);
      texts[rel] = text.slice(0, a) + insert + text.slice(b);
    }
    await c.barrier(root);
    for (const r of rels) {
      const got = simplify(c.diagnostics.get(uriOf(path.join(root, r))) ?? []);
      for (const d of got) assertRangeInside(d.range, texts[r], r);
      assert.deepEqual(got, expectedDiagnostics(root, texts, r), `${r} after 150 interleaved edits`);
    }
    for (const r of rels) c.close(path.join(root, r));
    await c.barrier(root);
    for (const r of rels) assert.deepEqual(simplify(c.diagnostics.get(uriOf(path.join(root, r))) ?? []), expectedDiagnostics(root, {}, r), `${r} back to disk after close`);
  });

  test('a duplicate id made and unmade in another file leaves no stale duplicate-id', async () => {
    const a = path.join(root, 'controls/access/AC-02-access-provisioning.yaml');
    const b = path.join(root, 'controls/access/AC-04-privileged-access.yaml');
    const bText = fs.readFileSync(b, 'utf8');
    c.open(b, bText);
    for (let i = 0; i < 10; i++) c.change(b, bText.replace(/^id: AC-04/m, i % 2 ? 'id: AC-04' : 'id: AC-02'));
    c.change(b, bText.replace(/^id: AC-04/m, 'id: AC-02'));
    await c.nextDiagnostics(a, (d) => codes(d).includes('duplicate-id'));
    c.change(b, bText);
    await c.nextDiagnostics(a, (d) => !codes(d).includes('duplicate-id'));
    await c.barrier(root);
    assert.ok(!codes(c.diagnostics.get(uriOf(b)) ?? []).includes('duplicate-id'));
    c.close(b);
  });

  test('a new policy refreshes the "did you mean" of controls that name an unknown policy', async () => {
    const ctl = path.join(root, 'controls/zz-typo.yaml');
    const pol = path.join(root, 'policies/zz-zeta.md');
    c.open(ctl, 'id: ZZ-TYPO\ntitle: Typo\nowner: o\ncriteria: [CC6.1]\npolicies: [POL-ZETA]\n');
    await c.nextDiagnostics(ctl, (d) => codes(d).includes('unknown-policy'));
    c.open(pol, '---\nid: POL-ZETAA\ntitle: Zeta\nowner: o\ncriteria: [CC6.1]\n---\n# Zeta\n');
    await c.barrier(root);
    const d = c.diagnostics.get(uriOf(ctl)).find((x) => x.code === 'unknown-policy');
    assert.match(d.message, /POL-ZETAA/, `the suggestion names the new policy: ${d.message}`);
    assert.ok(d.data?.suggestions?.includes('POL-ZETAA'), 'and so does the quick fix data');
    c.close(pol);
    await c.barrier(root);
    assert.doesNotMatch(c.diagnostics.get(uriOf(ctl)).find((x) => x.code === 'unknown-policy').message, /POL-ZETAA/, 'gone with the policy');
    c.close(ctl);
    await c.barrier(root);
  });

  test('close without saving: the disk version is the truth again', async () => {
    const file = path.join(root, 'controls/operations/OPS-01-security-monitoring.yaml');
    const disk = fs.readFileSync(file, 'utf8');
    c.open(file, disk);
    c.change(file, 'id: [broken\n');
    c.close(file); // in the same tick as the change
    await c.barrier(root);
    assert.deepEqual(simplify(c.diagnostics.get(uriOf(file)) ?? []), expectedDiagnostics(root, {}, 'controls/operations/OPS-01-security-monitoring.yaml'));
    // open / close / open with different texts in a row: the last open wins.
    c.open(file, 'id: OPS-01\ntitle: first\ncriteria: [CC9.61]\n');
    c.close(file);
    c.open(file, 'id: OPS-01\ntitle: second\nowner: o\ncriteria: [CC9.62]\n');
    await c.nextDiagnostics(file, (d) => d.some((x) => x.message.includes('CC9.62')));
    await c.barrier(root);
    assert.ok(!c.diagnostics.get(uriOf(file)).some((x) => x.message.includes('CC9.61')));
    c.close(file);
    await c.barrier(root);
  });

  test('a disk change to an open file does not override the editor; after close, the disk wins', async () => {
    const file = path.join(root, 'controls/operations/OPS-02-vulnerability-scanning.yaml');
    const disk = fs.readFileSync(file, 'utf8');
    c.open(file, withCriterion(disk, 'CC9.71'));
    await c.nextDiagnostics(file, (d) => d.some((x) => x.message.includes('CC9.71')));
    const newDisk = withCriterion(disk, 'CC9.72');
    fs.writeFileSync(file, newDisk);
    try {
      c.watched([[file, 2]]);
      await c.barrier(root);
      assert.ok(c.diagnostics.get(uriOf(file)).some((x) => x.message.includes('CC9.71')), 'the open document wins');
      c.close(file);
      await c.nextDiagnostics(file, (d) => d.some((x) => x.message.includes('CC9.72')));
    } finally {
      fs.writeFileSync(file, disk);
      c.watched([[file, 2]]);
      await c.barrier(root);
    }
  });

  test('attest.yaml globs flipped back and forth quickly: the final globs decide, no stale diagnostics', async () => {
    const cfgFile = path.join(root, 'attest.yaml');
    const cfg = fs.readFileSync(cfgFile, 'utf8');
    const other = cfg.replace('controls: ["controls/**/*.{yaml,yml}"]', 'controls: ["controls/change/**/*.{yaml,yml}"]');
    assert.notEqual(other, cfg);
    const outside = path.join(root, 'controls/access/AC-05-database-access.yaml');
    const outsideText = fs.readFileSync(outside, 'utf8');
    c.open(outside, withCriterion(outsideText, 'CC9.81'));
    await c.nextDiagnostics(outside, (d) => d.some((x) => x.message.includes('CC9.81')));
    c.open(cfgFile, cfg);
    for (let i = 0; i < 12; i++) c.change(cfgFile, i % 2 ? cfg : other);
    c.change(cfgFile, other);
    await within(Promise.race([c.nextDiagnostics(outside, (d) => d.length === 0), died]), 15_000, 'diagnostics of a file the globs no longer match are cleared');
    const cov = await c.coverage();
    const controls = new Set(cov.categories.flatMap((cat) => cat.criteria.flatMap((cr) => cr.controls.map((x) => x.id))));
    assert.ok([...controls].every((id) => id.startsWith('CHG-')), `only change controls: ${[...controls].join(', ')}`);
    c.change(cfgFile, cfg);
    await c.nextDiagnostics(outside, (d) => d.some((x) => x.message.includes('CC9.81')));
    c.close(cfgFile);
    c.close(outside);
    await c.nextDiagnostics(outside, (d) => !d.some((x) => x.message.includes('CC9.81')));
  });

  test('a cancelled request is answered or cancelled, and the server goes on serving', async () => {
    const file = path.join(root, 'controls/access/AC-01-sso-mfa.yaml');
    const text = fs.readFileSync(file, 'utf8');
    const uri = c.open(file, text);
    const results = [];
    for (let i = 0; i < 20; i++) {
      const src = new rpc.CancellationTokenSource();
      const p = c.conn.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 5 } }, src.token).then(
        () => 'answered',
        (e) => (e.code === rpc.LSPErrorCodes.RequestCancelled || e.code === -32800 ? 'cancelled' : `error ${e.code}: ${e.message}`),
      );
      src.cancel();
      results.push(p);
      const cov = c.conn.sendRequest('attest/coverage', {}, (() => { const s = new rpc.CancellationTokenSource(); s.cancel(); return s.token; })()).then(() => 'answered', (e) => (e.code === -32800 ? 'cancelled' : `error ${e.code}`));
      results.push(cov);
    }
    const outcomes = await within(Promise.all(results), 15_000, 'cancelled requests');
    assert.ok(outcomes.every((o) => o === 'answered' || o === 'cancelled'), outcomes.join(', '));
    const hover = await c.request('textDocument/hover', { textDocument: { uri }, position: { line: text.split('\n').findIndex((l) => l.startsWith('criteria')), character: 12 } });
    assert.ok(hover);
    c.close(file);
  });

  test('requests for closed, never-opened, missing, outside and untitled documents are answered', async () => {
    const closed = uriOf(path.join(root, 'controls/access/AC-06-offboarding.yaml'));
    const missing = uriOf(path.join(root, 'controls/does-not-exist.yaml'));
    const outside = uriOf(path.join(path.dirname(root), 'elsewhere.yaml'));
    const policy = uriOf(path.join(root, 'policies/encryption.md'));
    const untitled = 'untitled:Untitled-1';
    const weird = 'file:///%E0%A4%A';
    c.open(path.join(root, 'controls/access/AC-06-offboarding.yaml'));
    c.close(path.join(root, 'controls/access/AC-06-offboarding.yaml'));
    // didChange for a document that is not open (a client bug) must not break anything.
    c.conn.sendNotification('textDocument/didChange', { textDocument: { uri: missing, version: 7 }, contentChanges: [{ text: 'id: X\n' }] });
    const position = { line: 0, character: 4 };
    const range = { start: position, end: position };
    const asks = [];
    for (const uri of [closed, missing, outside, policy, untitled, weird]) {
      const td = { textDocument: { uri } };
      for (const [method, params] of [
        ['textDocument/hover', { ...td, position }],
        ['textDocument/completion', { ...td, position }],
        ['textDocument/definition', { ...td, position }],
        ['textDocument/references', { ...td, position, context: { includeDeclaration: true } }],
        ['textDocument/documentSymbol', td],
        ['textDocument/codeAction', { ...td, range, context: { diagnostics: [{ range, message: 'x', code: 'unknown-criterion', source: 'attest', data: { suggestions: ['CC6.1'] } }] } }],
        ['textDocument/codeLens', td],
        ['textDocument/documentLink', td],
        ['textDocument/prepareRename', { ...td, position }],
        ['textDocument/rename', { ...td, position, newName: 'NEW-1' }],
      ]) {
        asks.push(
          c.request(method, params).then(
            () => null,
            (e) => (e.code === -32803 || e.code === -32602 ? null : `${method} ${uri}: error ${e.code} ${e.message}`),
          ),
        );
      }
    }
    const problems = (await within(Promise.race([Promise.all(asks), died]), 20_000, 'requests on closed documents')).filter(Boolean);
    assert.deepEqual(problems, []);
    assert.deepEqual(c.logs.filter((l) => /failed/.test(l)), [], 'no handler failed');
    const cov = await c.coverage();
    assert.ok(cov.totals.inScope > 0);
  });
});
