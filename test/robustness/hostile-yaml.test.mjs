// Hostile YAML through the core (dist/core.js): every kind of broken, malicious or odd input gives
// positioned findings (inside the file, on the right line) and never throws or hangs.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { core, memoryWorkspace } from '../helpers/core.mjs';
import { pos, positionAt } from '../helpers/positions.mjs';
import { defaultConfig, assertSpansInside, seededBytes } from './support/helpers.mjs';

const cfg = defaultConfig();

function analyzeControl(text) {
  const facts = core.analyzeControlFile(text, cfg);
  assertSpansInside(facts.local, text, 'control');
  // Downstream of the parser: indexing, cross-file checks, coverage and plan must cope too.
  const ws = memoryWorkspace({ files: { 'controls/x.yaml': text } });
  assertSpansInside(ws.findings('controls/x.yaml'), text, 'control (workspace)');
  core.buildCoverage(ws);
  core.buildPlan(ws);
  return facts;
}

function analyzePolicy(text) {
  const facts = core.analyzePolicyFile(text, cfg);
  assertSpansInside(facts.local, text, 'policy');
  const ws = memoryWorkspace({ files: { 'policies/x.md': text } });
  assertSpansInside(ws.findings('policies/x.md'), text, 'policy (workspace)');
  core.buildCoverage(ws);
  core.buildPlan(ws);
  return facts;
}

function analyzeConfig(text) {
  const c = core.loadConfig(text, { readFile: () => undefined, today: 20000 });
  assertSpansInside(c.findings, text, 'attest.yaml');
  const ws = memoryWorkspace({ config: text, files: { 'controls/a.yaml': 'id: A-1\ntitle: A\nowner: o\ncriteria: [CC6.1]\n' } });
  assertSpansInside(ws.findings('attest.yaml'), text, 'attest.yaml (workspace)');
  core.buildCoverage(ws);
  core.buildPlan(ws);
  return c;
}

/** The findings with `code`, with their zero-based lines. */
function withCode(findings, text, code) {
  return findings.filter((f) => f.code === code).map((f) => ({ ...f, line: positionAt(text, f.span.start).line, covered: text.slice(f.span.start, f.span.end) }));
}

function assertFindingOnLine(findings, text, code, line, label) {
  const hits = withCode(findings, text, code);
  assert.ok(hits.length > 0, `${label}: expected a ${code} finding, got ${JSON.stringify(findings.map((f) => [f.code, f.message]))}`);
  assert.ok(
    hits.some((h) => h.line === line),
    `${label}: expected a ${code} finding on line ${line}, got lines ${hits.map((h) => h.line).join(', ')}: ${hits.map((h) => h.message).join(' | ')}`,
  );
}

describe('bad YAML in a control file gives positioned yaml-syntax findings', () => {
  test('an unclosed flow sequence', () => {
    const text = 'id: AC-1\ntitle: [unclosed\nowner: x\ncriteria: [CC6.1]\n';
    const f = analyzeControl(text).local;
    const hits = withCode(f, text, 'yaml-syntax');
    assert.ok(hits.length > 0);
    assert.ok(hits.every((h) => h.line >= 1), 'the error is not put on the first line (the file is fine up to `title`)');
  });

  test('a syntax error at the very end of the file: the span stays inside the file', () => {
    for (const text of ['id: AC-1\ntitle: x\ncriteria: [CC6.1', 'id: AC-1\ntitle: x\ncriteria: [CC6.1\n', '{', 'id: "unclosed']) {
      const hits = withCode(analyzeControl(text).local, text, 'yaml-syntax');
      assert.ok(hits.length > 0, JSON.stringify(text));
    }
  });

  test('git merge-conflict markers: a finding on each marker line', () => {
    const text = 'id: AC-1\n<<<<<<< HEAD\ntitle: Ours\n=======\ntitle: Theirs\n>>>>>>> feature/x\nowner: o\n';
    const f = analyzeControl(text).local;
    assertFindingOnLine(f, text, 'yaml-syntax', pos(text, '<<<<<<<').line, 'conflict start');
    assertFindingOnLine(f, text, 'yaml-syntax', pos(text, '=======').line, 'conflict middle');
    assertFindingOnLine(f, text, 'yaml-syntax', pos(text, '>>>>>>>').line, 'conflict end');
    assert.equal(analyzeControl(text).controls.length, 0, 'a file that does not parse contributes no control');
  });

  test('a tab used as indentation', () => {
    const text = 'id: AC-1\ntitle: x\n\towner: o\n';
    assertFindingOnLine(analyzeControl(text).local, text, 'yaml-syntax', 2, 'tab');
  });

  test('a duplicate key is reported on its second occurrence', () => {
    const text = 'id: AC-1\ntitle: First\nowner: o\ntitle: Second\n';
    const hits = withCode(analyzeControl(text).local, text, 'yaml-syntax');
    assert.equal(hits.length, 1);
    assert.equal(hits[0].line, 3);
  });

  test('a second document is reported where it starts; the first is still read', () => {
    const text = 'id: AC-1\ntitle: x\nowner: o\ncriteria: [CC6.1]\n---\nid: AC-2\ntitle: y\n';
    const facts = analyzeControl(text);
    assertFindingOnLine(facts.local, text, 'yaml-syntax', pos(text, '---').line, 'second document');
    assert.deepEqual(facts.controls.map((c) => c.id), ['AC-1']);
  });

  for (const [name, tagged] of [
    ['!!python/object', 'title: !!python/object:os.system echo pwned'],
    ['!!python/object/apply', 'title: !!python/object/apply:subprocess.call [ls]'],
    ['a local !foo tag', 'title: !foo bar'],
    ['!!binary', 'title: !!binary aGVsbG8gd29ybGQ='],
    ['!!js/function', 'title: !!js/function "function () { return 1 }"'],
    ['a tag on a mapping', 'title: !ruby/object {a: 1}'],
  ]) {
    test(`a custom tag (${name}) is refused on the tagged value, never executed`, () => {
      const text = `id: AC-1\n${tagged}\nowner: o\ncriteria: [CC6.1]\n`;
      const f = analyzeControl(text).local;
      const hits = withCode(f, text, 'yaml-syntax');
      assert.ok(hits.length > 0, JSON.stringify(f.map((x) => x.message)));
      assert.ok(hits.every((h) => h.line === 1), `on the tagged line: ${JSON.stringify(hits.map((h) => [h.line, h.message]))}`);
    });
  }

  test('anchors and aliases that resolve are accepted', () => {
    const text = 'id: AC-1\ntitle: &t Quarterly review\ndescription: *t\nowner: &o security-team\ncriteria: [CC6.1]\n';
    const facts = analyzeControl(text);
    assert.deepEqual(withCode(facts.local, text, 'yaml-syntax'), []);
    assert.equal(facts.controls[0]?.owner, 'security-team');
  });

  test('an alias to an undefined anchor is reported on the alias, not as an alias bomb', () => {
    const text = 'id: AC-1\ntitle: t\nowner: o\ncriteria: [CC6.1, *nope]\n';
    const hits = withCode(analyzeControl(text).local, text, 'yaml-syntax');
    assert.ok(hits.length > 0);
    assert.doesNotMatch(hits[0].message, /Too many alias expansions/, 'an unresolved alias is not a bomb');
    assert.equal(hits[0].line, 3, 'the finding is on the line of `*nope`');
  });

  test('a list reached through an alias (`criteria: *list`), or an item (`[*id]`), is read like what it names', () => {
    const text = 'id: AC-1\ntitle: &t CC6.1\nowner: o\ncriteria: [*t]\n';
    const facts = analyzeControl(text);
    assert.deepEqual(facts.local.map((f) => f.code), [], 'the control maps CC6.1 through the alias: no unmapped-control');
    assert.deepEqual(facts.controls[0].criteria.map((r) => r.value), ['CC6.1']);
    const list = 'controls:\n  - id: AC-1\n    title: One\n    owner: o\n    criteria: &common [CC6.1, CC9.9]\n  - id: AC-2\n    title: Two\n    owner: o\n    criteria: *common\n';
    const reg = analyzeControl(list);
    assert.deepEqual(reg.controls.map((c) => c.criteria.map((r) => r.value)), [['CC6.1', 'CC9.9'], ['CC6.1', 'CC9.9']]);
    // The unknown id is reported where it is written (once per control mapping it), never elsewhere.
    const unknown = withCode(reg.local, list, 'unknown-criterion');
    assert.ok(unknown.length >= 1 && unknown.every((h) => h.line === 4), JSON.stringify(unknown));
  });

  test('an anchor whose value names itself (`&a [*a]`) is no endless loop', () => {
    const text = 'id: AC-1\ntitle: t\nowner: o\ncriteria: &a [CC6.1, *a]\n';
    const facts = analyzeControl(text);
    assert.ok(Array.isArray(facts.local));
  });

  test('a "billion laughs" alias bomb is refused (yaml-syntax), not expanded', () => {
    const lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 12; i++) {
      const prev = String.fromCharCode(96 + i);
      const name = String.fromCharCode(97 + i);
      lines.push(`${name}: &${name} [${Array(10).fill('*' + prev).join(',')}]`);
    }
    const text = `id: AC-1\ntitle: x\nowner: o\n${lines.join('\n')}\n`; // 10^12 strings if expanded
    const facts = analyzeControl(text);
    const hits = withCode(facts.local, text, 'yaml-syntax');
    assert.equal(hits.length, 1);
    assert.match(hits[0].message, /alias/i);
    assert.equal(hits[0].line, 0);
    assert.equal(facts.controls.length, 0);
  });

  test('an alias bomb in a register item is refused too', () => {
    const text = 'controls:\n  - id: AC-1\n    title: x\n    b: &b [1,1,1,1,1,1,1,1,1,1]\n    c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\n    d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\n    e: [*d,*d,*d,*d,*d,*d,*d,*d,*d,*d]\n';
    assert.match(withCode(analyzeControl(text).local, text, 'yaml-syntax')[0]?.message ?? '', /alias/i);
  });
});

describe('deep nesting (20,000 levels) is refused before it reaches the recursive parser', () => {
  const N = 20_000;
  const nestingFinding = (text, facts) => {
    const hits = withCode(facts.local, text, 'yaml-syntax');
    assert.ok(hits.length > 0, 'a yaml-syntax finding');
    assert.ok(hits.some((h) => /nest/i.test(h.message)), `a nesting finding, got: ${hits.map((h) => h.message).join(' | ')}`);
    assert.equal(facts.controls.length, 0);
    return hits.find((h) => /nest/i.test(h.message));
  };

  test('flow sequences [[[[...]]]]: the finding is at the bracket that crosses the limit', () => {
    const prefix = 'id: AC-1\ntitle: x\ncriteria: ';
    const text = prefix + '['.repeat(N) + ']'.repeat(N) + '\n';
    const hit = nestingFinding(text, analyzeControl(text));
    assert.equal(hit.line, 2);
    assert.ok(hit.span.start > prefix.length && hit.span.start <= prefix.length + 1000, `at one of the opening brackets (offset ${hit.span.start})`);
  });

  test('flow mappings {a: {a: ...}}', () => {
    const text = 'id: AC-1\ntitle: x\nowner: ' + '{a: '.repeat(N) + '1' + '}'.repeat(N) + '\n';
    assert.equal(nestingFinding(text, analyzeControl(text)).line, 2);
  });

  test('flow nesting without closing brackets (truncated file)', () => {
    const text = 'id: AC-1\ntitle: x\ncriteria: ' + '[{'.repeat(N / 2);
    nestingFinding(text, analyzeControl(text));
  });

  test('block sequences on one line (- - - ... x)', () => {
    const text = '- '.repeat(N) + 'x\n';
    assert.equal(nestingFinding(text, analyzeControl(text)).line, 0);
  });

  test('block indentation over many lines (a 20,000-level staircase of nested sequences)', () => {
    const perLine = 100;
    const lines = [];
    for (let j = 0; j < N / perLine; j++) lines.push(' '.repeat(2 * perLine * j) + '- '.repeat(perLine).trimEnd());
    const text = 'controls:\n' + lines.join('\n') + ' x\n';
    nestingFinding(text, analyzeControl(text));
  });

  test('block mappings indented one column per level (3,000 levels)', () => {
    const lines = [];
    for (let i = 0; i < 3000; i++) lines.push(' '.repeat(i) + `k${i}:`);
    const text = lines.join('\n') + ' x\n';
    nestingFinding(text, analyzeControl(text));
  });

  test('a policy header nested 20,000 levels deep', () => {
    const text = '---\nid: POL-1\ntitle: T\ncriteria: ' + '['.repeat(N) + ']'.repeat(N) + '\n---\n# T\n';
    const facts = analyzePolicy(text);
    assertFindingOnLine(facts.local, text, 'yaml-syntax', 3, 'deep header');
  });

  test('attest.yaml nested 20,000 levels deep falls back to the defaults', () => {
    const text = 'framework: tsc-2017\ncategories: ' + '['.repeat(N) + ']'.repeat(N) + '\n';
    const c = analyzeConfig(text);
    assertFindingOnLine(c.findings, text, 'yaml-syntax', 1, 'deep attest.yaml');
    assert.equal(c.framework, 'tsc-2017');
    assert.deepEqual([...c.inScope], ['security']);
  });

  // The pre-scan counts only brackets and leading spaces/dashes. These shapes slip past it and
  // reach the parser, which overflows the stack; the yaml package happens to catch that and report
  // "Maximum call stack size exceeded", so nothing crashes, but the documented limit is not what
  // refuses them (parse/yamlText.ts nestingTooDeep).
  test('explicit keys (? ? ? ... x) are refused by the nesting limit, not by a stack overflow', () => {
    const text = '? '.repeat(N) + 'x\n';
    nestingFinding(text, analyzeControl(text));
  });

  test('flow brackets after a quote inside a plain scalar are counted too', () => {
    const text = 'id: AC-1\ntitle: x\ncriteria: [a "b ' + '['.repeat(N) + ']'.repeat(N) + ']\n';
    nestingFinding(text, analyzeControl(text));
  });
});

describe('empty, odd-shaped and odd-encoded control files', () => {
  for (const [name, text] of [
    ['an empty file', ''],
    ['whitespace only', '   \n\n  \n'],
    ['comments only', '# nothing here yet\n# still nothing\n'],
    ['a BOM only', '\uFEFF'],
    ['a document marker only', '---\n'],
  ]) {
    test(`${name}: one finding at the start, no crash`, () => {
      const facts = analyzeControl(text);
      assert.ok(facts.local.length >= 1, `${name}: reported`);
      assert.equal(facts.controls.length, 0);
      for (const f of facts.local) assert.equal(positionAt(text, f.span.start).line, 0);
    });
  }

  for (const [name, text, line] of [
    ['a top-level list', '- id: AC-1\n  title: x\n- id: AC-2\n  title: y\n', 0],
    ['a top-level scalar', 'just some words\n', 0],
    ['a top-level number', '42\n', 0],
    ['a top-level null', '~\n', 0],
    ['a list after a comment', '# header\n- a\n- b\n', 1],
  ]) {
    test(`${name} is a schema finding on line ${line}`, () => {
      const facts = analyzeControl(text);
      assertFindingOnLine(facts.local, text, 'schema', line, name);
      assert.equal(facts.controls.length, 0);
    });
  }

  test('a BOM shifts nothing: the finding covers exactly the bad criterion', () => {
    const text = '\uFEFFid: AC-1\ntitle: x\nowner: o\ncriteria: [CC9.99]\n';
    const [hit] = withCode(analyzeControl(text).local, text, 'unknown-criterion');
    assert.equal(hit.covered, 'CC9.99');
    assert.equal(hit.line, 3);
  });

  test('a BOM before a syntax error', () => {
    const text = '\uFEFFid: AC-1\ntitle: x\ntitle: y\n';
    assertFindingOnLine(analyzeControl(text).local, text, 'yaml-syntax', 2, 'BOM + duplicate key');
  });

  test('CRLF line ends: ranges cover the value, not the \\r', () => {
    const text = 'id: AC-1\r\ntitle: x\r\nowner: o\r\ncriteria: [CC9.99, CC6.1, CC6.1]\r\n';
    const facts = analyzeControl(text);
    const [bad] = withCode(facts.local, text, 'unknown-criterion');
    assert.equal(bad.covered, 'CC9.99');
    assert.equal(bad.line, 3);
    const [dup] = withCode(facts.local, text, 'duplicate-criterion');
    assert.equal(dup.covered, 'CC6.1');
    assert.equal(dup.line, 3);
  });

  test('CRLF with a syntax error on the third line', () => {
    const text = 'id: AC-1\r\ntitle: x\r\n\towner: o\r\n';
    assertFindingOnLine(analyzeControl(text).local, text, 'yaml-syntax', 2, 'CRLF + tab');
  });

  test('old Mac line ends (CR only): findings stay inside the file', () => {
    const text = 'id: AC-1\rtitle: x\rowner: o\rcriteria: [CC9.99]\r';
    assert.ok(analyzeControl(text).local.length > 0);
  });

  test('non-UTF-8 bytes (Latin-1 é) decode to U+FFFD; positions after them are still right', () => {
    const text = Buffer.from('id: AC-1\ntitle: Caf\xe9 \xe0 la carte\nowner: o\ncriteria: [CC9.99]\n', 'latin1').toString('utf8');
    assert.ok(text.includes('\uFFFD'));
    const [hit] = withCode(analyzeControl(text).local, text, 'unknown-criterion');
    assert.equal(hit.covered, 'CC9.99');
    assert.equal(hit.line, 3);
  });

  test('a UTF-16 file (read as UTF-8) is reported, not crashed on', () => {
    const text = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('id: AC-1\ntitle: x\n', 'utf16le')]).toString('utf8');
    assert.ok(analyzeControl(text).local.length > 0);
  });

  test('NUL bytes inside values and keys', () => {
    const text = 'id: AC-1\0\ntitle: x\0y\nowner: o\n\0: z\ncriteria: [CC6.1]\n';
    analyzeControl(text);
  });

  test('a binary file (PNG header, then random bytes) saved as a control is reported', () => {
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]), seededBytes(4000, 7)]);
    const facts = analyzeControl(png.toString('utf8'));
    assert.ok(facts.local.length > 0);
    assert.equal(facts.controls.length, 0);
  });

  test('random bytes (50 seeds, up to 8 KB) never throw and always get a finding', () => {
    for (let seed = 1; seed <= 50; seed++) {
      const text = seededBytes(200 + seed * 160, seed).toString('utf8');
      const facts = analyzeControl(text);
      assert.ok(facts.local.length > 0, `seed ${seed}: reported`);
    }
  });

  test('random bytes as a policy and as attest.yaml', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const bytes = seededBytes(1000 + seed * 50, seed * 31);
      analyzePolicy(bytes.toString('utf8'));
      analyzePolicy('---\n' + bytes.toString('utf8') + '\n---\n');
      analyzeConfig(bytes.toString('utf8'));
    }
  });
});

describe('policy front matter', () => {
  test('never closed: yaml-syntax on the opening line', () => {
    const text = '---\nid: POL-1\ntitle: Access\nowner: CISO\n\n# Access\n\nBody text.\n';
    const facts = analyzePolicy(text);
    assertFindingOnLine(facts.local, text, 'yaml-syntax', 0, 'unclosed');
    assert.equal(facts.policies.length, 0);
  });

  test('only an opening ---', () => {
    const text = '---\n';
    assertFindingOnLine(analyzePolicy(text).local, text, 'yaml-syntax', 0, 'only ---');
  });

  test('comply style (no opening ---) never closed', () => {
    const text = 'acronym: POL-1\nname: Access\nsatisfies:\n  TSC: [CC6.1]\n';
    assertFindingOnLine(analyzePolicy(text).local, text, 'yaml-syntax', 0, 'comply unclosed');
  });

  test('empty (--- then ---): a schema finding on the header, no policy', () => {
    const text = '---\n---\n# Body\n';
    const facts = analyzePolicy(text);
    assertFindingOnLine(facts.local, text, 'schema', 0, 'empty front matter');
    assert.equal(facts.policies.length, 0);
  });

  test('only comments in the header', () => {
    const text = '---\n# draft\n---\n# Body\n';
    assert.ok(analyzePolicy(text).local.length > 0);
  });

  test('absent: a schema finding on the first line', () => {
    const text = '# Access Control Policy\n\nNo header at all.\n';
    const facts = analyzePolicy(text);
    assertFindingOnLine(facts.local, text, 'schema', 0, 'absent');
  });

  test('an empty policy file and a BOM-only policy file', () => {
    for (const text of ['', '\uFEFF', '\n\n']) assert.ok(analyzePolicy(text).local.length > 0, JSON.stringify(text));
  });

  test('a syntax error inside the header is positioned in the file, not in the header', () => {
    const text = '---\nid: POL-1\ntitle: T\nowner: o\nowner: p\n---\n# T\n';
    assertFindingOnLine(analyzePolicy(text).local, text, 'yaml-syntax', 4, 'duplicate key in header');
  });

  test('merge-conflict markers inside a header', () => {
    const text = '---\nid: POL-1\n<<<<<<< HEAD\ntitle: A\n=======\ntitle: B\n>>>>>>> x\nowner: o\n---\n# T\n';
    const f = analyzePolicy(text).local;
    for (const marker of ['<<<<<<<', '=======', '>>>>>>>']) assertFindingOnLine(f, text, 'yaml-syntax', pos(text, marker).line, marker);
  });

  test('a header that is a list or a scalar', () => {
    for (const text of ['---\n- a\n- b\n---\n', '---\nhello\n---\n']) assertFindingOnLine(analyzePolicy(text).local, text, 'schema', 1, JSON.stringify(text));
  });

  test('BOM and CRLF in a policy: the bad criterion is covered exactly', () => {
    const text = '\uFEFF---\r\nid: POL-1\r\ntitle: T\r\nowner: o\r\ncriteria: [CC9.99]\r\n---\r\n# T\r\n';
    const [hit] = withCode(analyzePolicy(text).local, text, 'unknown-criterion');
    assert.equal(hit.covered, 'CC9.99');
    assert.equal(hit.line, 4);
  });

  test('an alias bomb in a header is refused on the header', () => {
    const text = '---\nid: POL-1\na: &a [1,1,1,1,1,1,1,1,1,1]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\n---\n# T\n';
    const hits = withCode(analyzePolicy(text).local, text, 'yaml-syntax');
    assert.match(hits[0]?.message ?? '', /alias/i);
    assert.ok(hits[0].line >= 1 && hits[0].line <= 4, 'inside the header');
  });

  test('custom tags in a header', () => {
    const text = '---\nid: POL-1\ntitle: !!python/object:os.system x\nowner: o\n---\n';
    assertFindingOnLine(analyzePolicy(text).local, text, 'yaml-syntax', 2, 'tag in header');
  });
});

describe('attest.yaml that is itself bad falls back to the defaults', () => {
  const cases = [
    ['a syntax error', 'framework: tsc-2017\ncategories: [security\n', 'yaml-syntax'],
    ['a tab', 'framework: tsc-2017\n\tcategories: [security]\n', 'yaml-syntax'],
    ['a duplicate key', 'framework: tsc-2017\nframework: other\n', 'yaml-syntax'],
    ['conflict markers', '<<<<<<< HEAD\nreport: type1\n=======\nreport: type2\n>>>>>>> x\n', 'yaml-syntax'],
    ['an alias bomb', 'a: &a [1,1,1,1,1,1,1,1,1,1]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\n', 'yaml-syntax'],
    ['a top-level list', '- framework\n- tsc-2017\n', 'schema'],
    ['a top-level scalar', 'tsc-2017\n', 'schema'],
    ['binary', seededBytes(3000, 99).toString('utf8'), undefined],
  ];
  for (const [name, text, code] of cases) {
    test(`${name}`, () => {
      const c = analyzeConfig(text);
      if (code) assert.ok(c.findings.some((f) => f.code === code), `${code} in ${JSON.stringify(c.findings.map((f) => f.code))}`);
      assert.equal(c.framework, 'tsc-2017');
      assert.ok(c.catalog.criteria.size > 30, 'the built-in catalog');
      assert.deepEqual(c.controlGlobs, core.DEFAULT_CONTROL_GLOBS);
      assert.deepEqual(c.policyGlobs, core.DEFAULT_POLICY_GLOBS);
    });
  }

  test('an empty attest.yaml is the defaults, without findings', () => {
    const c = analyzeConfig('');
    assert.deepEqual(c.findings, []);
    assert.equal(c.framework, 'tsc-2017');
  });
});
