// Ranges in files with CRLF line ends, a byte order mark, non-ASCII text; flow and block lists;
// registers; comply-style policies.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { core, memoryWorkspace, withCode, findingsOf, rangeOf, pos } from '../helpers/attest.mjs';

function only(ws, rel, code) {
  const f = withCode(ws, rel, code);
  assert.equal(f.length, 1, `${code}: ${JSON.stringify(findingsOf(ws, rel))}`);
  return f[0];
}

describe('CRLF', () => {
  test('control with CRLF: unknown and duplicate criteria ranges exclude the \\r', () => {
    const text = 'id: CR-1\r\ntitle: Windows file\r\nowner: o\r\ncriteria:\r\n  - CC6.1\r\n  - CC6.1\r\n  - CC6.77\r\n';
    const ws = memoryWorkspace({ files: { 'controls/cr.yaml': text } });
    const dup = only(ws, 'controls/cr.yaml', 'duplicate-criterion');
    assert.deepEqual(dup.range, rangeOf(text, 'CC6.1', { nth: 1 }));
    assert.equal(dup.range.start.line, 5);
    const unk = only(ws, 'controls/cr.yaml', 'unknown-criterion');
    assert.deepEqual(unk.range, rangeOf(text, 'CC6.77'));
    assert.equal(unk.text, 'CC6.77');
  });

  test('policy front matter with CRLF is found and placed correctly', () => {
    const text = '---\r\nid: POL-CR\r\ntitle: CRLF policy\r\ncriteria: [CC6.1, CC6.99]\r\n---\r\n# Body\r\n';
    const ws = memoryWorkspace({ files: { 'policies/cr.md': text } });
    assert.equal(ws.facts('policies/cr.md').policies[0]?.id, 'POL-CR');
    assert.deepEqual(only(ws, 'policies/cr.md', 'unknown-criterion').range, rangeOf(text, 'CC6.99'));
    assert.deepEqual(only(ws, 'policies/cr.md', 'missing-owner').range, rangeOf(text, 'POL-CR'));
  });

  test('comply-style header with CRLF', () => {
    const text = 'name: Comply CRLF\r\nacronym: CCR\r\nowner: o\r\nsatisfies:\r\n  TSC:\r\n    - CC6.1\r\n    - XX1.1\r\n---\r\n# Body\r\n';
    const ws = memoryWorkspace({ files: { 'policies/c.md': text } });
    const p = ws.facts('policies/c.md').policies[0];
    assert.equal(p.id, 'CCR');
    assert.equal(p.title, 'Comply CRLF');
    assert.deepEqual(only(ws, 'policies/c.md', 'unknown-criterion').range, rangeOf(text, 'XX1.1'));
  });

  test('attest.yaml with CRLF: exclusion-without-reason on the criterion', () => {
    const cfg = 'framework: tsc-2017\r\nexclude:\r\n  - criterion: CC9.2\r\n';
    const ws = memoryWorkspace({ config: cfg });
    assert.deepEqual(only(ws, 'attest.yaml', 'exclusion-without-reason').range, rangeOf(cfg, 'CC9.2'));
  });
});

describe('byte order mark', () => {
  test('a control file with a BOM parses and its findings cover exactly the offending text', () => {
    const text = '\ufeffid: BOM-1\ntitle: With BOM\ncriteria: [CC6.1, CC6.42]\n';
    const ws = memoryWorkspace({ files: { 'controls/bom.yaml': text } });
    assert.equal(ws.facts('controls/bom.yaml').controls[0]?.id, 'BOM-1');
    assert.equal(withCode(ws, 'controls/bom.yaml', 'yaml-syntax').length, 0);
    const unk = only(ws, 'controls/bom.yaml', 'unknown-criterion');
    assert.equal(unk.text, 'CC6.42');
    assert.deepEqual(unk.range, rangeOf(text, 'CC6.42'));
    assert.equal(only(ws, 'controls/bom.yaml', 'missing-owner').text, 'BOM-1');
  });

  test('a policy with a BOM before the opening --- is recognised', () => {
    const text = '\ufeff---\nid: POL-BOM\ntitle: BOM policy\nowner: o\ncriteria: [CC6.1]\n---\n# Body\n';
    const ws = memoryWorkspace({ files: { 'policies/bom.md': text } });
    assert.equal(ws.facts('policies/bom.md').policies[0]?.id, 'POL-BOM');
    assert.deepEqual(findingsOf(ws, 'policies/bom.md').filter((f) => f.code !== 'uncovered-criterion'), []);
  });

  test('a comply policy with a BOM is recognised', () => {
    const text = '\ufeffname: BOM comply\nacronym: BCP\nowner: o\nsatisfies:\n  TSC: [CC6.1]\n---\n# Body\n';
    const ws = memoryWorkspace({ files: { 'policies/bom.md': text } });
    assert.equal(ws.facts('policies/bom.md').policies[0]?.id, 'BCP');
  });

  test('attest.yaml with a BOM is read', () => {
    const cfg = '\ufeffcategories: [availability]\nexclude:\n  - criterion: A1.3\n';
    const ws = memoryWorkspace({ config: cfg });
    assert.ok(ws.config.inScope.has('availability'));
    assert.equal(only(ws, 'attest.yaml', 'exclusion-without-reason').text, 'A1.3');
  });
});

describe('non-ASCII text before the offending token', () => {
  test('a title with é and an emoji before a bad criterion on the same line: UTF-16 columns', () => {
    const text = 'controls:\n  - {id: UNI-1, title: "Café ☕ review 🚀🚀", owner: o, criteria: [CC6.1, CC66.1]}\n';
    const ws = memoryWorkspace({ files: { 'controls/u.yaml': text } });
    const f = only(ws, 'controls/u.yaml', 'unknown-criterion');
    assert.equal(f.text, 'CC66.1');
    const expected = rangeOf(text, 'CC66.1');
    assert.deepEqual(f.range, expected);
    // The emoji are surrogate pairs: the UTF-16 column is larger than the code point column.
    const line = text.split('\n')[1];
    assert.equal(expected.start.character, line.indexOf('CC66.1'));
    assert.equal([...line.slice(0, line.indexOf('CC66.1'))].length, expected.start.character - 2);
  });

  test('non-ASCII ids: duplicate-id and unknown-policy cover the whole id', () => {
    const a = 'id: ÄCCÈSS-1\ntitle: Zugriff\nowner: o\ncriteria: [CC6.1]\npolicies: [POL-ÜBER🚀]\n';
    const b = 'id: ÄCCÈSS-1\ntitle: Zugriff 2\nowner: o\ncriteria: [CC6.2]\n';
    const ws = memoryWorkspace({ files: { 'controls/a.yaml': a, 'controls/b.yaml': b } });
    assert.deepEqual(only(ws, 'controls/a.yaml', 'duplicate-id').range, rangeOf(a, 'ÄCCÈSS-1'));
    assert.deepEqual(only(ws, 'controls/a.yaml', 'unknown-policy').range, rangeOf(a, 'POL-ÜBER🚀'));
  });

  test('policy body in another script does not move front matter ranges', () => {
    const text = '---\nid: POL-日本\ntitle: アクセス管理 🔐\nowner: 情報セキュリティ\ncriteria: [CC6.1, CC6.1]\n---\n# 本文\n';
    const ws = memoryWorkspace({ files: { 'policies/jp.md': text } });
    assert.deepEqual(only(ws, 'policies/jp.md', 'duplicate-criterion').range, rangeOf(text, 'CC6.1', { nth: 1 }));
  });
});

describe('registers', () => {
  const reg = `controls:
  - id: HR-01
    title: Background checks
    owner: people-ops
    criteria: [CC1.4]
  - id: HR-02
    title: Security training
    criteria:
      - CC1.4
      - CC2.2
      - CC2.9
  - id: HR-03
    title: Code of conduct
    owner: people-ops
    status: retired
    criteria: [CC1.1]
`;

  test('each control of a register is a fact and gets its own findings', () => {
    const ws = memoryWorkspace({ files: { 'controls/hr.yaml': reg } });
    assert.deepEqual(ws.facts('controls/hr.yaml').controls.map((c) => [c.id, c.status]), [['HR-01', 'implemented'], ['HR-02', 'implemented'], ['HR-03', 'retired']]);
    assert.deepEqual(only(ws, 'controls/hr.yaml', 'missing-owner').range, rangeOf(reg, 'HR-02'));
    assert.deepEqual(only(ws, 'controls/hr.yaml', 'unknown-criterion').range, rangeOf(reg, 'CC2.9'));
    const cov = core.buildCoverage(ws);
    const st = (id) => cov.categories[0].criteria.find((c) => c.id === id).status;
    assert.equal(st('CC1.4'), 'covered');
    assert.equal(st('CC2.2'), 'covered');
    assert.equal(st('CC1.1'), 'uncovered', 'the retired control counts for nothing');
  });

  test('an unknown top-level key next to controls: is an unknown-field', () => {
    const text = 'controls:\n  - id: R-1\n    title: t\n    owner: o\n    criteria: [CC6.1]\nowner: nobody\n';
    const ws = memoryWorkspace({ files: { 'controls/r.yaml': text } });
    assert.deepEqual(only(ws, 'controls/r.yaml', 'unknown-field').range, rangeOf(text, 'owner', { nth: 1 }));
  });

  test('controls: that is not a list is a schema error on its value', () => {
    const text = 'controls: nope\n';
    const ws = memoryWorkspace({ files: { 'controls/r.yaml': text } });
    assert.deepEqual(only(ws, 'controls/r.yaml', 'schema').range, rangeOf(text, 'nope'));
  });
});

describe('comply-style policies', () => {
  test('header without opening ---: acronym is the id, name the title, satisfies the criteria', () => {
    const text = 'name: Access Onboarding and Termination Policy\nacronym: AOTP\nowner: CISO\nsatisfies:\n  TSC:\n    - CC6.1\n    - CC6.2\nmajorRevisions:\n  - date: Jun 1 2018\n    comment: Initial document\n---\n# Purpose and Scope\n\n## Details\n';
    const ws = memoryWorkspace({ files: { 'policies/access.md': text } });
    const p = ws.facts('policies/access.md').policies[0];
    assert.equal(p.id, 'AOTP');
    assert.equal(p.title, 'Access Onboarding and Termination Policy');
    assert.deepEqual(p.criteria.map((r) => r.value), ['CC6.1', 'CC6.2']);
    assert.deepEqual(p.idSpan, { start: text.indexOf('AOTP'), end: text.indexOf('AOTP') + 4 });
    assert.deepEqual(p.sections.map((s) => s.title), ['Purpose and Scope', 'Details']);
    assert.deepEqual(findingsOf(ws, 'policies/access.md').filter((f) => f.code !== 'uncovered-criterion'), []);
  });

  test('satisfies under any key, and flow style', () => {
    const text = 'name: Multi\nacronym: MULTI\nowner: o\nsatisfies: { TSC: [CC7.1], Other: [CC7.2] }\n---\n';
    const ws = memoryWorkspace({ files: { 'policies/m.md': text } });
    assert.deepEqual(ws.facts('policies/m.md').policies[0].criteria.map((r) => r.value), ['CC7.1', 'CC7.2']);
  });

  test('a comply policy missing its name: schema on the acronym', () => {
    const text = 'acronym: NONAME\nowner: o\nsatisfies:\n  TSC: [CC6.1]\n---\n';
    const ws = memoryWorkspace({ files: { 'policies/n.md': text } });
    const f = only(ws, 'policies/n.md', 'schema');
    assert.deepEqual(f.range, rangeOf(text, 'NONAME'));
  });

  test('a policy file that is neither style still gets a schema finding on its first line', () => {
    const text = 'Note: this is prose, not YAML.\n\n---\n\nMore prose.\n';
    const ws = memoryWorkspace({ files: { 'policies/prose.md': text } });
    const f = findingsOf(ws, 'policies/prose.md');
    assert.ok(f.some((x) => x.code === 'schema'), JSON.stringify(f));
    for (const x of f) assert.equal(x.range.start.line, 0);
    assert.equal(ws.facts('policies/prose.md').policies.length, 0);
  });

  test('splitFrontMatter: dashes and comply styles', () => {
    const dashes = core.splitFrontMatter('---\nid: A\n---\nbody\n');
    assert.equal(dashes.kind, 'found');
    assert.equal(dashes.fm.source, 'id: A\n');
    assert.equal(dashes.fm.style, 'dashes');
    const comply = core.splitFrontMatter('name: X\nacronym: Y\n---\nbody\n');
    assert.equal(comply.kind, 'found');
    assert.equal(comply.fm.style, 'comply');
    assert.equal(comply.fm.source, 'name: X\nacronym: Y\n');
    assert.equal(core.splitFrontMatter('# Title\n').kind, 'absent');
    assert.equal(core.splitFrontMatter('---\nid: A\n').kind, 'unclosed');
  });
});

describe('LineIndex', () => {
  test('converts offsets to positions with \\n, \\r\\n and \\r line ends, and back', () => {
    const text = 'a\r\nbc\rd\ne🚀f';
    const li = new core.LineIndex(text);
    assert.equal(li.lineCount, 4);
    for (const needle of ['a', 'bc', 'd', 'e', 'f']) {
      const off = text.indexOf(needle);
      assert.deepEqual(li.position(off), pos(text, needle), needle);
      assert.equal(li.offset(li.position(off)), off);
    }
    assert.equal(li.lineText(0), 'a');
    assert.equal(li.lineText(1), 'bc');
    assert.equal(li.lineText(3), 'e🚀f');
  });
});
