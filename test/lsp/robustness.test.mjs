// Robustness: malformed files, a server that never writes to disk, bursts of edits, requests on
// files the server does not know.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROOT } from '../helpers/paths.mjs';
import { pos } from '../helpers/positions.mjs';
import { tempCopy, tempWorkspace, snapshotTree } from '../helpers/workspaces.mjs';
import { TestClient, uriOf, codes, hoverText } from '../helpers/lsp.mjs';
import { SMALL } from './fixtures.mjs';

const MALFORMED = {
  ...SMALL,
  'controls/tabs.yaml': 'id: TAB-01\ntitle: Tabs\ncriteria:\n\t- CC6.1\nowner: me\n',
  'controls/quote.yaml': 'id: QUO-01\ntitle: "never closed\nowner: me\ncriteria: [CC6.1]\n',
  'controls/conflict.yaml': 'id: CON-01\n<<<<<<< HEAD\ntitle: Ours\n=======\ntitle: Theirs\n>>>>>>> feature\nowner: me\ncriteria: [CC6.1]\n',
  'policies/unclosed.md': '---\nid: POL-U\ntitle: U\n# Body never reached\n',
};
// "id: BIN\n" then NUL, control bytes, invalid UTF-8 and a PNG signature, then "title: x\n".
const BINARY = Buffer.concat([Buffer.from('id: BIN\n'), Buffer.from([0x00, 0x01, 0xff, 0xfe, 0x89, 0x50, 0x4e, 0x47]), Buffer.from('\ntitle: x\n')]);

describe('malformed files', () => {
  let root;
  let c;
  const file = (rel) => path.join(root, rel);
  const syntax = (rel) => c.waitForDiagnostics(file(rel), (d) => codes(d).includes('yaml-syntax')).then((d) => d.filter((x) => x.code === 'yaml-syntax'));

  before(async () => {
    root = tempWorkspace(MALFORMED);
    fs.writeFileSync(file('controls/binary.yaml'), BINARY);
    c = await TestClient.indexed(root);
  });
  after(() => c.shutdown());

  test('a tab used as indentation: yaml-syntax on the tab', async () => {
    const [d] = await syntax('controls/tabs.yaml');
    assert.deepEqual(d.range, { start: { line: 3, character: 0 }, end: { line: 3, character: 1 } });
    assert.equal(d.severity, 1);
  });

  test('merge-conflict markers: yaml-syntax from the first marker line', async () => {
    const ds = await syntax('controls/conflict.yaml');
    assert.equal(Math.min(...ds.map((d) => d.range.start.line)), 1);
  });

  test('binary bytes: yaml-syntax where they start', async () => {
    const ds = await syntax('controls/binary.yaml');
    assert.equal(ds[0].range.start.line, 1);
  });

  test('an unclosed policy front matter: yaml-syntax on its opening ---', async () => {
    const [d] = await syntax('policies/unclosed.md');
    assert.deepEqual(d.range, { start: { line: 0, character: 0 }, end: { line: 0, character: 3 } });
  });

  test('an unclosed quote: yaml-syntax covering the unclosed string, where the quote opens', async () => {
    const [d] = await syntax('controls/quote.yaml');
    const text = MALFORMED['controls/quote.yaml'];
    assert.ok(d.range.end.line > d.range.start.line || d.range.end.character > d.range.start.character, `a non-empty range: ${JSON.stringify(d.range)}`);
    assert.equal(d.range.start.line, pos(text, '"never').line, `on the line of the opening quote, not after the end of the file: ${JSON.stringify(d.range)}`);
  });

  test('the server keeps answering requests on malformed files and others, and logged no crash', async () => {
    for (const rel of ['controls/tabs.yaml', 'controls/quote.yaml', 'controls/conflict.yaml', 'controls/binary.yaml', 'policies/unclosed.md']) {
      const uri = uriOf(file(rel));
      const p0 = { textDocument: { uri }, position: { line: 1, character: 2 } };
      await c.request('textDocument/hover', p0);
      await c.request('textDocument/definition', p0);
      await c.request('textDocument/references', { ...p0, context: { includeDeclaration: true } });
      await c.request('textDocument/documentSymbol', { textDocument: { uri } });
      await c.request('textDocument/codeLens', { textDocument: { uri } });
      const diags = c.diagnostics.get(uri) ?? [];
      await c.request('textDocument/codeAction', { textDocument: { uri }, range: p0.position && { start: p0.position, end: p0.position }, context: { diagnostics: diags } });
    }
    // Completion in the open malformed file, and a hover in a healthy one.
    const tabs = MALFORMED['controls/tabs.yaml'].replace('owner: me\n', 'owner: me\nstatus: \n');
    c.open(file('controls/tabs.yaml'), tabs);
    const comp = await c.request('textDocument/completion', { textDocument: { uri: uriOf(file('controls/tabs.yaml')) }, position: pos(tabs, 'status: ', { shift: 8 }) });
    assert.deepEqual(comp.items.map((i) => i.label), ['planned', 'implemented', 'retired']);
    c.close(file('controls/tabs.yaml'));
    const h = await c.request('textDocument/hover', { textDocument: { uri: uriOf(file('controls/a.yaml')) }, position: pos(SMALL['controls/a.yaml'], 'CC6.1', { shift: 2 }) });
    assert.match(hoverText(h), /Logical access security/);
    assert.equal(c.proc.exitCode, null, 'still running');
    assert.ok(!c.logs.some((l) => /failed|Error/.test(l)), c.logs.join('\n'));
    assert.equal(c.stderr, '');
  });

  test('typing a file into garbage and back: diagnostics follow, then clear', async () => {
    const f = file('controls/c.yaml');
    c.open(f, SMALL['controls/c.yaml']);
    c.change(f, '\u0000\u0001: [\n\t{{{ "\n<<<<<<< x\n');
    await c.nextDiagnostics(f, (d) => codes(d).includes('yaml-syntax'));
    c.change(f, SMALL['controls/c.yaml']);
    await c.nextDiagnostics(f, (d) => d.length === 0);
    c.close(f);
  });
});

test('the server never writes to the workspace: a session of edits, code actions, renames and completions leaves every file as it was', async () => {
  const root = tempCopy(path.join(ROOT, 'examples/acme-saas'));
  const before = snapshotTree(root);
  const c = new TestClient();
  try {
    await c.initialize(root);
    await c.coverage();
    const rel = 'controls/access/AC-01-sso-mfa.yaml';
    const f = path.join(root, rel);
    const text = fs.readFileSync(f, 'utf8');
    c.open(f, text);
    const bad = text.replace('[CC6.1]', '[CC6.99, CC6.99]').replace('POL-ACCESS', 'POL-MISSING').replace('owner: it-team\n', '');
    c.change(f, bad);
    const diags = await c.nextDiagnostics(f, (d) => codes(d).includes('unknown-policy') && codes(d).includes('missing-owner'));
    const actions = await c.request('textDocument/codeAction', { textDocument: { uri: uriOf(f) }, range: { start: { line: 0, character: 0 }, end: { line: 30, character: 0 } }, context: { diagnostics: diags } });
    assert.ok(actions.length >= 3);
    assert.ok(actions.some((a) => a.edit?.documentChanges?.some((d) => d.kind === 'create')), 'a create-file action is offered (and only offered)');
    await c.request('textDocument/rename', { textDocument: { uri: uriOf(f) }, position: pos(bad, 'AC-01', { shift: 1 }), newName: 'AC-100' });
    await c.request('textDocument/rename', { textDocument: { uri: uriOf(f) }, position: pos(bad, 'okta', { shift: 1 }), newName: 'idp' });
    await c.request('textDocument/completion', { textDocument: { uri: uriOf(f) }, position: pos(bad, 'CC6.99', { shift: 3 }) });
    const cfg = path.join(root, 'attest.yaml');
    const cd = await c.waitForDiagnostics(cfg, (d) => codes(d).includes('uncovered-criterion'));
    await c.request('textDocument/codeAction', { textDocument: { uri: uriOf(cfg) }, range: cd[0].range, context: { diagnostics: cd } });
    c.close(f);
    await c.nextDiagnostics(f, (d) => !codes(d).includes('unknown-policy'));
    await c.request('workspace/executeCommand', { command: 'attest.noSuchCommand', arguments: [] }).catch(() => null);
  } finally {
    await c.shutdown();
  }
  assert.deepEqual(snapshotTree(root), before);
});

describe('bursts of edits', () => {
  let root;
  let c;
  before(async () => {
    root = tempWorkspace(SMALL);
    c = await TestClient.indexed(root);
  });
  after(() => c.shutdown());

  test('rapid edits end with the diagnostics of the newest version, and published versions never go backwards', async () => {
    const f = path.join(root, 'controls/c.yaml');
    const base = SMALL['controls/c.yaml'];
    c.open(f, base);
    const from = c.publishLog.length;
    let last;
    for (let i = 1; i <= 40; i++) last = c.change(f, base.replace('[CC7.1]', `[CC7.1, CC9.${100 + i}]`));
    const final = await c.nextDiagnostics(f, (d) => d.some((x) => x.message.includes('CC9.140')));
    assert.deepEqual(codes(final), ['unknown-criterion']);
    await c.barrier(root);
    const mine = c.publishLog.slice(from).filter((p) => p.uri === uriOf(f));
    assert.ok(mine.length >= 1 && mine.length <= 40);
    const versions = mine.map((p) => p.version).filter((v) => v !== undefined);
    assert.deepEqual(versions, [...versions].sort((a, b) => a - b), 'versions in order');
    const tail = mine.at(-1);
    assert.ok(tail.diagnostics.some((x) => x.message.includes('CC9.140')), 'the last publish is of the newest text');
    if (tail.version !== undefined) assert.equal(tail.version, last);
    c.close(f);
  });

  test('interleaved incremental edits to two files: each ends with its own newest diagnostics', async () => {
    const a = path.join(root, 'controls/a.yaml');
    const b = path.join(root, 'controls/b.yaml');
    const ta = SMALL['controls/a.yaml'];
    const tb = SMALL['controls/b.yaml'];
    c.open(a, ta);
    c.open(b, tb);
    // Replace the criteria of each file by typing new ids over and over.
    const ra = { start: pos(ta, 'CC6.1'), end: pos(ta, 'CC6.2', { shift: 5 }) };
    const rb = { start: pos(tb, 'CC6.1'), end: pos(tb, 'CC6.1', { shift: 5 }) };
    let la = 'CC6.1, CC6.2';
    let lb = 'CC6.1';
    for (let i = 0; i < 15; i++) {
      const na = `CC6.1, XA${i}`;
      const nb = `XB${i}`;
      c.edit(a, [{ range: { start: ra.start, end: { line: ra.end.line, character: ra.start.character + la.length } }, text: na }]);
      c.edit(b, [{ range: { start: rb.start, end: { line: rb.end.line, character: rb.start.character + lb.length } }, text: nb }]);
      la = na;
      lb = nb;
    }
    const da = await c.nextDiagnostics(a, (d) => d.some((x) => x.message.includes('XA14')));
    const db = await c.nextDiagnostics(b, (d) => d.some((x) => x.message.includes('XB14')));
    assert.equal(da.length, 1);
    assert.equal(db.length, 1);
    assert.deepEqual(da[0].range.start, pos(ta.replace('CC6.1, CC6.2', 'CC6.1, XA14'), 'XA14'));
    c.close(a);
    c.close(b);
  });
});

describe('requests on files the server does not hold', () => {
  let root;
  let c;
  before(async () => {
    root = tempWorkspace({ ...SMALL, 'README.md': '# Not an Attest file\n\ncriteria: [CC6.1]\n' });
    c = await TestClient.indexed(root);
  });
  after(() => c.shutdown());

  const ALL = (uri) => [
    ['textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 1 } }],
    ['textDocument/completion', { textDocument: { uri }, position: { line: 0, character: 1 } }],
    ['textDocument/definition', { textDocument: { uri }, position: { line: 0, character: 1 } }],
    ['textDocument/references', { textDocument: { uri }, position: { line: 0, character: 1 }, context: { includeDeclaration: true } }],
    ['textDocument/documentSymbol', { textDocument: { uri } }],
    ['textDocument/codeLens', { textDocument: { uri } }],
    ['textDocument/codeAction', { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, context: { diagnostics: [] } }],
    ['textDocument/documentLink', { textDocument: { uri } }],
  ];
  const empty = (r) => r === null || (Array.isArray(r) && r.length === 0) || (r && Array.isArray(r.items) && r.items.length === 0);

  for (const [name, uriFor] of [
    ['a file outside every workspace folder', () => 'file:///nonexistent/elsewhere/x.yaml'],
    ['an untitled document', () => 'untitled:Untitled-1'],
    ['a workspace file that is not an Attest file', (root) => uriOf(path.join(root, 'README.md'))],
    ['a control file path that does not exist', (root) => uriOf(path.join(root, 'controls/ghost.yaml'))],
  ]) {
    test(`every request on ${name} answers without error`, async () => {
      for (const [method, params] of ALL(uriFor(root))) {
        const r = await c.request(method, params);
        assert.ok(empty(r), `${method}: ${JSON.stringify(r)}`);
      }
    });
  }

  test('requests on a file that was open and is closed answer from the disk version, or emptily, without error', async () => {
    const f = path.join(root, 'controls/unsaved.yaml');
    const text = 'id: UNS-01\ntitle: Unsaved\nowner: me\ncriteria: [CC6.1]\n';
    c.open(f, text);
    await c.barrier(root);
    const open = await c.request('textDocument/hover', { textDocument: { uri: uriOf(f) }, position: pos(text, 'UNS-01', { shift: 1 }) });
    assert.match(hoverText(open), /Unsaved/);
    c.close(f);
    await c.barrier(root);
    for (const [method, params] of ALL(uriOf(f))) {
      const r = await c.request(method, params);
      assert.ok(empty(r), `${method}: ${JSON.stringify(r)}`);
    }
    // A closed file that exists on disk is still served from the index.
    const a = path.join(root, 'controls/a.yaml');
    c.open(a, SMALL['controls/a.yaml']);
    c.close(a);
    const h = await c.request('textDocument/hover', { textDocument: { uri: uriOf(a) }, position: pos(SMALL['controls/a.yaml'], 'CTL-A', { shift: 1 }) });
    assert.match(hoverText(h), /Control A/);
  });

  test('positions past the end of a file, and a request with broken params, are answered', async () => {
    const uri = uriOf(path.join(root, 'controls/a.yaml'));
    for (const method of ['textDocument/hover', 'textDocument/completion', 'textDocument/definition']) {
      const r = await c.request(method, { textDocument: { uri }, position: { line: 999, character: 999 } });
      assert.ok(r === null || empty(r) || typeof r === 'object', method);
    }
    await c.request('textDocument/hover', { textDocument: { uri } }).catch(() => null);
    await c.request('textDocument/codeAction', { textDocument: { uri }, range: null, context: null }).catch(() => null);
    // Still serving.
    const h = await c.request('textDocument/hover', { textDocument: { uri }, position: pos(SMALL['controls/a.yaml'], 'CC6.2', { shift: 2 }) });
    assert.match(hoverText(h), /CC6\.2/);
    assert.equal(c.proc.exitCode, null);
  });
});
