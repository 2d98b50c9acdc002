// The hostile-YAML corpus through the real hosts: `attest check` as a process and the language
// server over stdio. Each file gets a diagnostic on the expected line, every range lies inside its
// file, and neither host crashes, hangs or logs a failed handler.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { tempWorkspace, removeDir } from '../helpers/workspaces.mjs';
import { runCli } from '../helpers/cli.mjs';
import { TestClient, uriOf } from '../helpers/lsp.mjs';
import { assertCleanExit, assertRangeInside, seededBytes, within, serverDeath } from './support/helpers.mjs';

const N = 20_000;
const bomb = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
for (let i = 1; i < 10; i++) bomb.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10).fill('*' + String.fromCharCode(96 + i)).join(',')}]`);

/** rel -> [content, expected code, expected zero-based line of (one of) its diagnostics]. */
const CORPUS = {
  'controls/syntax.yaml': ['id: H-1\ntitle: ok\nowner: "unclosed\ncriteria: [CC6.1]\n', 'yaml-syntax', [2, 3, 4]],
  'controls/conflict.yaml': ['id: H-2\n<<<<<<< HEAD\ntitle: Ours\n=======\ntitle: Theirs\n>>>>>>> theirs\nowner: o\n', 'yaml-syntax', [1]],
  'controls/tab.yaml': ['id: H-3\ntitle: t\n\towner: o\n', 'yaml-syntax', [2]],
  'controls/dupkey.yaml': ['id: H-4\ntitle: a\nowner: o\ntitle: b\n', 'yaml-syntax', [3]],
  'controls/multidoc.yaml': ['id: H-5\ntitle: t\nowner: o\ncriteria: [CC6.1]\n---\nid: H-5b\n', 'yaml-syntax', [4]],
  'controls/pytag.yaml': ['id: H-6\ntitle: !!python/object/apply:os.system ["rm -rf /"]\nowner: o\n', 'yaml-syntax', [1]],
  'controls/localtag.yaml': ['id: H-7\ntitle: t\nowner: !secret vault/path\n', 'yaml-syntax', [2]],
  'controls/binarytag.yaml': ['id: H-8\ntitle: t\nowner: o\nlogo: !!binary |\n  R0lGODlhAQABAAAAACw=\n', 'yaml-syntax', [3]],
  'controls/bomb.yaml': [`id: H-9\n${bomb.join('\n')}\n`, 'yaml-syntax', [0]],
  'controls/deep-flow.yaml': ['id: H-10\ntitle: t\ncriteria: ' + '['.repeat(N) + ']'.repeat(N) + '\n', 'yaml-syntax', [2]],
  'controls/deep-block.yaml': ['controls:\n' + '- '.repeat(N) + 'x\n', 'yaml-syntax', [1]],
  'controls/empty.yaml': ['', 'schema', [0]],
  'controls/comments.yaml': ['# TODO\n', 'schema', [0]],
  'controls/list.yaml': ['- id: H-11\n  title: t\n', 'schema', [0]],
  'controls/scalar.yaml': ['hello\n', 'schema', [0]],
  'controls/bom.yaml': ['\uFEFFid: H-12\ntitle: t\nowner: o\ncriteria: [CC9.99]\n', 'unknown-criterion', [3]],
  'controls/crlf.yaml': ['id: H-13\r\ntitle: t\r\nowner: o\r\ncriteria: [CC9.99]\r\n', 'unknown-criterion', [3]],
  'controls/latin1.yaml': [Buffer.from('id: H-14\ntitle: Caf\xe9\nowner: o\ncriteria: [CC9.99]\n', 'latin1'), 'unknown-criterion', [3]],
  'controls/utf16.yaml': [Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('id: H-15\ntitle: t\n', 'utf16le')]), 'schema', [0]],
  'controls/random.yaml': [seededBytes(6000, 12345), undefined, undefined],
  'controls/nul.yaml': ['id: H-16\0\ntitle: t\0\nowner: o\ncriteria: [CC9.99]\n', 'unknown-criterion', [3]],
  'controls/png.yaml': [Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), seededBytes(3000, 5)]), 'schema', [0]],
  'policies/unclosed.md': ['---\nid: POL-H1\ntitle: T\nowner: o\n\n# T\n', 'yaml-syntax', [0]],
  'policies/empty-fm.md': ['---\n---\n# T\n', 'schema', [0]],
  'policies/absent.md': ['# Just a document\n', 'schema', [0]],
  'policies/bad-fm.md': ['---\nid: POL-H2\ntitle: T\n\towner: o\n---\n# T\n', 'yaml-syntax', [3]],
  'policies/binary.md': [seededBytes(3000, 777), undefined, undefined],
};

describe('the hostile corpus through the CLI and the server', () => {
  let root;
  const texts = {};
  before(() => {
    root = tempWorkspace(Object.fromEntries(Object.entries(CORPUS).map(([rel, [content]]) => [rel, content])));
    for (const rel of Object.keys(CORPUS)) texts[rel] = fs.readFileSync(path.join(root, rel), 'utf8');
  });
  after(() => removeDir(root));

  function checkFile(rel, diags, label) {
    const [, code, lines] = CORPUS[rel];
    assert.ok(diags.length > 0, `${label} ${rel}: at least one diagnostic`);
    for (const d of diags) assertRangeInside(d.range, texts[rel], `${label} ${rel} ${d.code}`);
    if (code) {
      const hits = diags.filter((d) => d.code === code);
      assert.ok(hits.some((d) => lines.includes(d.range.start.line)), `${label} ${rel}: ${code} on line ${lines.join('/')}, got ${JSON.stringify(diags.map((d) => [d.code, d.range.start.line]))}`);
    }
  }

  test('attest check --format json: exit 1, every file reported, every range inside its file', () => {
    const r = runCli(['check', root, '--format', 'json']);
    assertCleanExit(r, [1]);
    const json = JSON.parse(r.stdout);
    for (const rel of Object.keys(CORPUS)) checkFile(rel, json.diagnostics.filter((d) => d.file === rel), 'CLI');
    const sarif = runCli(['check', root, '--format', 'sarif']);
    assertCleanExit(sarif, [1], 'sarif');
    assert.equal(JSON.parse(sarif.stdout).version, '2.1.0');
    for (const fmt of ['markdown', 'html']) assertCleanExit(runCli(['coverage', root, '--format', fmt]), [0], `coverage ${fmt}`);
    assertCleanExit(runCli(['plan', root, '--format', 'json']), [0], 'plan');
  });

  test('server: diagnostics for every file on the expected line; edits on top of them keep it alive', async () => {
    const c = new TestClient();
    try {
      await c.initialize(root);
      const died = serverDeath(c);
      await within(Promise.race([c.coverage(), died]), 30_000, 'coverage');
      for (const rel of Object.keys(CORPUS)) {
        const d = await within(Promise.race([c.waitForDiagnostics(path.join(root, rel), (x) => x.length > 0), died]), 10_000, `diagnostics of ${rel}`);
        checkFile(rel, d, 'server');
      }
      // Open each file and type at its end and in its middle: still positioned, still alive.
      for (const rel of Object.keys(CORPUS)) {
        const file = path.join(root, rel);
        const text = texts[rel];
        c.open(file, text);
        const lines = text.split(/\r?\n/);
        const last = { line: lines.length - 1, character: lines.at(-1).length };
        c.edit(file, [{ range: { start: last, end: last }, text: '\nextra: [' }]);
        c.edit(file, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '#' }]);
        const hover = c.request('textDocument/hover', { textDocument: { uri: uriOf(file) }, position: { line: 0, character: 2 } });
        const symbols = c.request('textDocument/documentSymbol', { textDocument: { uri: uriOf(file) } });
        const completion = c.request('textDocument/completion', { textDocument: { uri: uriOf(file) }, position: last });
        await within(Promise.race([Promise.all([hover, symbols, completion]), died]), 10_000, `requests on ${rel}`);
        c.close(file);
      }
      await within(Promise.race([c.barrier(root), died]), 20_000, 'barrier');
      assert.deepEqual(c.logs.filter((l) => /failed/.test(l)), [], 'no handler failed');
    } finally {
      await c.shutdown();
    }
  });
});
