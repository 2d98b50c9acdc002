// Every code of the contracts' first table, with the exact range it must cover.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { core, memoryWorkspace, findingsOf, withCode, rangeOf, pos, control, policy } from '../helpers/attest.mjs';

/** Asserts exactly one finding with `code` in `rel`, covering `needle` (options as in rangeOf). */
function expectOne(ws, rel, code, needle, opts) {
  const text = ws.text(rel);
  const found = withCode(ws, rel, code);
  assert.equal(found.length, 1, `${code} in ${rel}: ${JSON.stringify(found)}`);
  assert.deepEqual(found[0].range, rangeOf(text, needle, opts), `${code} range in ${rel}: covers ${JSON.stringify(found[0].text)}`);
  assert.equal(found[0].severity, core.CODES[code].severity);
  return found[0];
}

const SEVERITIES = {
  'yaml-syntax': 'error',
  schema: 'error',
  'unknown-field': 'warning',
  'unknown-criterion': 'error',
  'duplicate-criterion': 'warning',
  'duplicate-id': 'error',
  'unknown-policy': 'error',
  'out-of-scope-criterion': 'information',
  'unmapped-control': 'warning',
  'missing-owner': 'warning',
  'uncovered-criterion': 'warning',
  'exclusion-without-reason': 'error',
  'missing-evidence': 'warning',
  'stale-evidence': 'warning',
  'evidence-outside-period': 'information',
  'policy-review-overdue': 'warning',
  'missing-period': 'error',
  'unknown-system': 'error',
  'out-of-scope-system': 'information',
  'unprotected-system': 'warning',
  'remediation-overdue': 'warning',
  'missing-due': 'information',
};

test('every contract code exists with the contract severity and a help text', () => {
  for (const [code, sev] of Object.entries(SEVERITIES)) {
    assert.ok(core.CODES[code], `${code} missing`);
    assert.equal(core.CODES[code].severity, sev, code);
    assert.ok(core.CODES[code].help.length > 10, `${code} help`);
  }
});

describe('yaml-syntax', () => {
  test('an unclosed flow list in a control file is an error on or after its line, inside the file', () => {
    const text = 'id: B-1\ntitle: t\nowner: o\ncriteria: [CC6.1, CC6.2\n';
    const ws = memoryWorkspace({ files: { 'controls/b.yaml': text } });
    const f = withCode(ws, 'controls/b.yaml', 'yaml-syntax');
    assert.equal(f.length, 1);
    assert.ok(f[0].range.start.line >= pos(text, 'criteria').line);
    assert.ok(f[0].range.start.line <= 4);
    assert.equal(ws.facts('controls/b.yaml').controls.length, 0, 'a file that does not parse defines nothing');
  });

  test('a duplicated key: the range is the second key', () => {
    const text = 'id: A-1\ntitle: t\nowner: alice\nowner: bob\ncriteria: [CC6.1]\n';
    const ws = memoryWorkspace({ files: { 'controls/a.yaml': text } });
    expectOne(ws, 'controls/a.yaml', 'yaml-syntax', 'owner', { nth: 1 });
  });

  test('a duplicated key inside policy front matter is placed in the Markdown file', () => {
    const text = '---\nid: POL-A\ntitle: A\nowner: alice\nowner: bob\n---\n# A\n';
    const ws = memoryWorkspace({ files: { 'policies/a.md': text } });
    const f = withCode(ws, 'policies/a.md', 'yaml-syntax');
    assert.equal(f.length, 1);
    assert.deepEqual(f[0].range.start, pos(text, 'owner', { nth: 1 }));
  });

  test('front matter never closed: the range is the opening ---', () => {
    const text = '---\nid: POL-A\ntitle: A\n\n# A\nbody\n';
    const ws = memoryWorkspace({ files: { 'policies/a.md': text } });
    expectOne(ws, 'policies/a.md', 'yaml-syntax', '---');
  });

  test('attest.yaml that does not parse: a yaml-syntax finding on attest.yaml, defaults apply', () => {
    const cfg = 'categories: [availability\n';
    const ws = memoryWorkspace({ config: cfg });
    assert.equal(withCode(ws, 'attest.yaml', 'yaml-syntax').length, 1);
    assert.deepEqual([...ws.config.inScope], ['security']);
  });
});

describe('schema', () => {
  test('a value outside its set: the range is the value', () => {
    const text = 'id: A-1\ntitle: t\nowner: o\nstatus: done\ncriteria: [CC6.1]\n';
    const ws = memoryWorkspace({ files: { 'controls/a.yaml': text } });
    const f = expectOne(ws, 'controls/a.yaml', 'schema', 'done');
    assert.match(f.message, /planned/);
  });

  test('a wrong type: a scalar where a list is expected covers the scalar', () => {
    const text = 'id: A-1\ntitle: t\nowner: o\ncriteria: CC6.1\n';
    const ws = memoryWorkspace({ files: { 'controls/a.yaml': text } });
    expectOne(ws, 'controls/a.yaml', 'schema', 'CC6.1');
  });

  test('schema messages name the value that was found', () => {
    const text = 'id: A-1\ntitle: t\nowner: o\nstatus: done\nfrequency: hourly\ncriteria: CC6.1\n';
    const ws = memoryWorkspace({ files: { 'controls/a.yaml': text } });
    const msgs = withCode(ws, 'controls/a.yaml', 'schema').map((f) => f.message);
    assert.equal(msgs.length, 3);
    assert.ok(msgs.some((m) => m.includes('done')), msgs.join(' | '));
    assert.ok(msgs.some((m) => m.includes('hourly')), msgs.join(' | '));
    const crit = msgs.find((m) => m.includes('criteria'));
    assert.doesNotMatch(crit, /missing/, 'criteria is present (as text), not missing');
  });

  test('an invalid calendar date (2026-02-30) is a schema error on the date, the message quoting it', () => {
    const text = control('A-1', { extra: 'evidence:\n  - title: sample\n    collected: 2026-02-30\n' });
    const ws = memoryWorkspace({ files: { 'controls/a.yaml': text } });
    const f = expectOne(ws, 'controls/a.yaml', 'schema', '2026-02-30');
    assert.match(f.message, /2026-02-30/);
  });

  test('a missing required field (title) is placed on the control id', () => {
    const text = 'id: AC-04\nowner: o\ncriteria: [CC6.1]\n';
    const ws = memoryWorkspace({ files: { 'controls/a.yaml': text } });
    const f = expectOne(ws, 'controls/a.yaml', 'schema', 'AC-04');
    assert.match(f.message, /title/);
  });

  test('a required field left empty (title:) is placed on the id, not on an empty range', () => {
    const text = 'id: AC-04\ntitle:\nowner: o\ncriteria: [CC6.1]\n';
    const ws = memoryWorkspace({ files: { 'controls/a.yaml': text } });
    const f = withCode(ws, 'controls/a.yaml', 'schema');
    assert.ok(f.length >= 1);
    for (const x of f) {
      assert.ok(x.text.length > 0, `empty range at ${JSON.stringify(x.range)}: ${x.message}`);
      assert.ok(x.text === 'AC-04' || x.text === 'title', `covers ${JSON.stringify(x.text)}`);
    }
  });

  test('a missing id is placed on the first key of the control', () => {
    const text = 'title: No id here\nowner: o\ncriteria: [CC6.1]\n';
    const ws = memoryWorkspace({ files: { 'controls/a.yaml': text } });
    const f = expectOne(ws, 'controls/a.yaml', 'schema', 'title');
    assert.match(f.message, /`id`/);
  });

  test('an id with whitespace is a schema error on the id', () => {
    const text = 'id: AC 04\ntitle: t\nowner: o\ncriteria: [CC6.1]\n';
    const ws = memoryWorkspace({ files: { 'controls/a.yaml': text } });
    expectOne(ws, 'controls/a.yaml', 'schema', 'AC 04');
  });

  test('in a register, a missing title is on that control\'s id and the others are fine', () => {
    const text = 'controls:\n  - id: R-1\n    title: one\n    owner: o\n    criteria: [CC6.1]\n  - id: R-2\n    owner: o\n    criteria: [CC6.2]\n';
    const ws = memoryWorkspace({ files: { 'controls/reg.yaml': text } });
    expectOne(ws, 'controls/reg.yaml', 'schema', 'R-2');
    assert.deepEqual(ws.facts('controls/reg.yaml').controls.map((c) => c.id), ['R-1', 'R-2']);
  });

  test('policy without id: on its first key; without title: on its id', () => {
    const noId = '---\ntitle: T\nowner: o\ncriteria: [CC6.1]\n---\n';
    const noTitle = '---\nid: POL-X\nowner: o\ncriteria: [CC6.1]\n---\n';
    const ws = memoryWorkspace({ files: { 'policies/a.md': noId, 'policies/b.md': noTitle } });
    const a = expectOne(ws, 'policies/a.md', 'schema', 'title');
    assert.match(a.message, /`id`/);
    const b = expectOne(ws, 'policies/b.md', 'schema', 'POL-X');
    assert.match(b.message, /`title`/);
  });

  test('a Markdown file without front matter is one schema finding on its first line', () => {
    const text = '# Just a heading\n\nSome text.\n';
    const ws = memoryWorkspace({ files: { 'policies/a.md': text } });
    expectOne(ws, 'policies/a.md', 'schema', '# Just a heading');
  });

  test('an empty control file is reported', () => {
    const ws = memoryWorkspace({ files: { 'controls/empty.yaml': '' } });
    assert.equal(withCode(ws, 'controls/empty.yaml', 'schema').length, 1, JSON.stringify(findingsOf(ws, 'controls/empty.yaml')));
  });

  test('a top-level list in a control file is a schema error on its first line only', () => {
    const text = '- id: H-1\n  title: t\n';
    const ws = memoryWorkspace({ files: { 'controls/h.yaml': text } });
    expectOne(ws, 'controls/h.yaml', 'schema', '- id: H-1');
  });

  test('attest.yaml: an unknown category and a bad report value are on their values', () => {
    const cfg = 'categories: [availability, integrity]\nreport: type3\n';
    const ws = memoryWorkspace({ config: cfg });
    const f = withCode(ws, 'attest.yaml', 'schema');
    assert.deepEqual(f.map((x) => x.text).sort(), ['integrity', 'type3']);
    for (const x of f) assert.deepEqual(x.range, rangeOf(cfg, x.text));
  });

  test('an out-of-scope system without a reason is a schema error on its id', () => {
    const cfg = 'systems:\n  - id: ftp\n    name: FTP\n    scope: out\n';
    const ws = memoryWorkspace({ config: cfg });
    expectOne(ws, 'attest.yaml', 'schema', 'ftp');
  });
});

describe('unknown-field', () => {
  test('a misspelt key: range is the key, message names the probable field', () => {
    const text = 'id: A-1\ntitle: t\nowner: o\ncritera: [CC6.1]\n';
    const ws = memoryWorkspace({ files: { 'controls/a.yaml': text } });
    const f = expectOne(ws, 'controls/a.yaml', 'unknown-field', 'critera');
    assert.match(f.message, /criteria/);
  });

  test('in policy front matter, in an evidence entry and in attest.yaml', () => {
    const pol = '---\nid: POL-A\ntitle: A\nowners: me\ncriteria: [CC6.1]\n---\n';
    const ctl = control('A-1', { extra: 'evidence:\n  - title: x\n    colected: 2026-01-01\n' });
    const cfg = 'framework: tsc-2017\ncategoryes: [availability]\n';
    const ws = memoryWorkspace({ config: cfg, files: { 'policies/a.md': pol, 'controls/a.yaml': ctl } });
    assert.match(expectOne(ws, 'policies/a.md', 'unknown-field', 'owners').message, /`owner`/);
    assert.match(expectOne(ws, 'controls/a.yaml', 'unknown-field', 'colected').message, /`collected`/);
    assert.match(expectOne(ws, 'attest.yaml', 'unknown-field', 'categoryes').message, /`categories`/);
  });
});

describe('unknown-criterion / duplicate-criterion / out-of-scope-criterion', () => {
  test('flow list: each bad item is its own range', () => {
    const text = 'id: A-1\ntitle: t\nowner: o\ncriteria: [CC6.1, CC6.9, CC6.1, P6.1]\n';
    const ws = memoryWorkspace({ files: { 'controls/a.yaml': text } });
    const unk = expectOne(ws, 'controls/a.yaml', 'unknown-criterion', 'CC6.9');
    assert.match(unk.message, /CC6\.\d/, 'suggests close ids');
    expectOne(ws, 'controls/a.yaml', 'duplicate-criterion', 'CC6.1', { nth: 1 });
    expectOne(ws, 'controls/a.yaml', 'out-of-scope-criterion', 'P6.1');
  });

  test('block list: same ranges on the list items', () => {
    const text = 'id: A-1\ntitle: t\nowner: o\ncriteria:\n  - CC6.1\n  - cc6.2x\n  - CC6.1\n  - A1.2\n';
    const ws = memoryWorkspace({ files: { 'controls/a.yaml': text } });
    expectOne(ws, 'controls/a.yaml', 'unknown-criterion', 'cc6.2x');
    expectOne(ws, 'controls/a.yaml', 'duplicate-criterion', 'CC6.1', { nth: 1 });
    expectOne(ws, 'controls/a.yaml', 'out-of-scope-criterion', 'A1.2');
  });

  test('a miscased id suggests the right one', () => {
    const text = control('A-1', { criteria: ['cc6.1'] });
    const ws = memoryWorkspace({ files: { 'controls/a.yaml': text } });
    const f = expectOne(ws, 'controls/a.yaml', 'unknown-criterion', 'cc6.1');
    assert.match(f.message, /CC6\.1/);
  });

  test('a criterion of an in-scope category is not out of scope', () => {
    const text = control('A-1', { criteria: ['A1.2', 'C1.1'] });
    const ws = memoryWorkspace({ config: 'categories: [availability]\n', files: { 'controls/a.yaml': text } });
    expectOne(ws, 'controls/a.yaml', 'out-of-scope-criterion', 'C1.1');
  });

  test('an unknown criterion in an exclusion is on its value', () => {
    const cfg = 'exclude:\n  - criterion: CC99.9\n    reason: Because.\n';
    const ws = memoryWorkspace({ config: cfg });
    expectOne(ws, 'attest.yaml', 'unknown-criterion', 'CC99.9');
  });

  test('policies: comply-style satisfies lists are checked too', () => {
    const text = 'name: Comply Policy\nacronym: CMP\nowner: o\nsatisfies:\n  TSC:\n    - CC6.1\n    - CC6.1\n    - ZZ1.1\n---\n# Body\n';
    const ws = memoryWorkspace({ files: { 'policies/c.md': text } });
    expectOne(ws, 'policies/c.md', 'duplicate-criterion', 'CC6.1', { nth: 1 });
    expectOne(ws, 'policies/c.md', 'unknown-criterion', 'ZZ1.1');
  });
});

describe('duplicate-id', () => {
  test('a control id defined in two files: an error on the id in both', () => {
    const a = control('AC-04');
    const b = 'owner: x\nid: AC-04\ntitle: Other\ncriteria: [CC6.2]\n';
    const ws = memoryWorkspace({ files: { 'controls/a.yaml': a, 'controls/b.yaml': b } });
    const fa = expectOne(ws, 'controls/a.yaml', 'duplicate-id', 'AC-04');
    expectOne(ws, 'controls/b.yaml', 'duplicate-id', 'AC-04');
    assert.match(fa.message, /controls\/b\.yaml/);
  });

  test('twice in one register: both definitions', () => {
    const text = 'controls:\n  - id: R-1\n    title: a\n    owner: o\n    criteria: [CC6.1]\n  - id: R-1\n    title: b\n    owner: o\n    criteria: [CC6.2]\n';
    const ws = memoryWorkspace({ files: { 'controls/reg.yaml': text } });
    const f = withCode(ws, 'controls/reg.yaml', 'duplicate-id');
    assert.deepEqual(f.map((x) => x.range), [rangeOf(text, 'R-1'), rangeOf(text, 'R-1', { nth: 1 })]);
  });

  test('a policy id (id or comply acronym) defined twice', () => {
    const a = policy('POL-A');
    const b = 'name: Other\nacronym: POL-A\nowner: o\n---\n';
    const ws = memoryWorkspace({ files: { 'policies/a.md': a, 'policies/b.md': b } });
    expectOne(ws, 'policies/a.md', 'duplicate-id', 'POL-A');
    expectOne(ws, 'policies/b.md', 'duplicate-id', 'POL-A');
  });
});

describe('unknown-policy', () => {
  test('on the policy id in the control, suggesting the closest defined policy', () => {
    const text = control('A-1', { extra: 'policies: [POL-ACCESS, POL-ACESS]\n' });
    const ws = memoryWorkspace({ files: { 'controls/a.yaml': text, 'policies/access.md': policy('POL-ACCESS') } });
    const f = expectOne(ws, 'controls/a.yaml', 'unknown-policy', 'POL-ACESS');
    assert.match(f.message, /POL-ACCESS/);
  });

  test('a comply acronym satisfies a control\'s policy reference', () => {
    const text = control('A-1', { extra: 'policies: [AOTP]\n' });
    const pol = 'name: Access Policy\nacronym: AOTP\nowner: o\nsatisfies:\n  TSC: [CC6.1]\n---\n';
    const ws = memoryWorkspace({ files: { 'controls/a.yaml': text, 'policies/access.md': pol } });
    assert.deepEqual(withCode(ws, 'controls/a.yaml', 'unknown-policy'), []);
  });
});

describe('unmapped-control and missing-owner', () => {
  test('a control without criteria, and one with an empty list: unmapped on the id', () => {
    const a = 'id: A-1\ntitle: t\nowner: o\n';
    const b = 'id: B-1\ntitle: t\nowner: o\ncriteria: []\n';
    const ws = memoryWorkspace({ files: { 'controls/a.yaml': a, 'controls/b.yaml': b } });
    expectOne(ws, 'controls/a.yaml', 'unmapped-control', 'A-1');
    expectOne(ws, 'controls/b.yaml', 'unmapped-control', 'B-1');
  });

  test('retired controls are neither unmapped nor ownerless', () => {
    const a = 'id: A-1\ntitle: t\nstatus: retired\n';
    const ws = memoryWorkspace({ files: { 'controls/a.yaml': a } });
    assert.deepEqual(findingsOf(ws, 'controls/a.yaml'), []);
  });

  test('missing or blank owner on a control and a policy: on the id', () => {
    const a = 'id: A-1\ntitle: t\ncriteria: [CC6.1]\n';
    const b = 'id: B-1\ntitle: t\nowner: "  "\ncriteria: [CC6.1]\n';
    const p = '---\nid: POL-A\ntitle: A\ncriteria: [CC6.1]\n---\n';
    const c = 'name: Comply\nacronym: CMP\nsatisfies:\n  TSC: [CC6.1]\n---\n';
    const ws = memoryWorkspace({ files: { 'controls/a.yaml': a, 'controls/b.yaml': b, 'policies/a.md': p, 'policies/c.md': c } });
    expectOne(ws, 'controls/a.yaml', 'missing-owner', 'A-1');
    expectOne(ws, 'controls/b.yaml', 'missing-owner', 'B-1');
    expectOne(ws, 'policies/a.md', 'missing-owner', 'POL-A');
    expectOne(ws, 'policies/c.md', 'missing-owner', 'CMP');
  });
});

describe('uncovered-criterion', () => {
  test('security criteria on framework, availability ones on the availability item', () => {
    const cfg = 'framework: tsc-2017\ncategories:\n  - availability\n';
    const ctl = control('A-1', { criteria: ['CC6.1', 'A1.1'] });
    const ws = memoryWorkspace({ config: cfg, files: { 'controls/a.yaml': ctl } });
    const f = withCode(ws, 'attest.yaml', 'uncovered-criterion');
    const byCrit = new Map(f.map((x) => [x.data.criterion, x]));
    assert.equal(f.length, 33 - 1 + 3 - 1);
    assert.ok(!byCrit.has('CC6.1') && !byCrit.has('A1.1'));
    assert.deepEqual(byCrit.get('CC1.1').range, rangeOf(cfg, 'tsc-2017'));
    assert.deepEqual(byCrit.get('A1.2').range, rangeOf(cfg, 'availability'));
    for (const x of f) assert.match(x.message, new RegExp(x.data.criterion.replace('.', '\\.')));
  });

  test('planned and policy-only criteria are reported; policy-only also on the id in each policy', () => {
    const cfg = 'framework: tsc-2017\n';
    const planned = 'id: P-1\ntitle: t\nowner: o\nstatus: planned\ndue: 2027-01-01\ncriteria: [CC6.2]\n';
    const polA = policy('POL-A', { criteria: ['CC6.3', 'CC6.1'] });
    const polB = 'name: B\nacronym: POL-B\nowner: o\nsatisfies:\n  TSC:\n    - CC6.3\n---\n';
    const ctl = control('A-1', { criteria: ['CC6.1'] });
    const ws = memoryWorkspace({ config: cfg, files: { 'controls/p.yaml': planned, 'controls/a.yaml': ctl, 'policies/a.md': polA, 'policies/b.md': polB } });
    const onCfg = new Map(withCode(ws, 'attest.yaml', 'uncovered-criterion').map((x) => [x.data.criterion, x]));
    assert.match(onCfg.get('CC6.2').message, /planned/);
    assert.match(onCfg.get('CC6.3').message, /policy-only/);
    assert.ok(!onCfg.has('CC6.1'));
    expectOne(ws, 'policies/a.md', 'uncovered-criterion', 'CC6.3');
    expectOne(ws, 'policies/b.md', 'uncovered-criterion', 'CC6.3');
  });

  test('without framework key, security criteria go to the first key of attest.yaml', () => {
    const cfg = 'report: type1\n';
    const ws = memoryWorkspace({ config: cfg });
    const f = withCode(ws, 'attest.yaml', 'uncovered-criterion');
    assert.equal(f.length, 33);
    for (const x of f) assert.deepEqual(x.range, rangeOf(cfg, 'report'));
  });
});

describe('exclusion-without-reason', () => {
  test('missing and blank reasons: an error on the excluded criterion', () => {
    const cfg = 'exclude:\n  - criterion: CC9.2\n  - criterion: CC6.4\n    reason: "   "\n  - criterion: CC6.5\n    reason: Paper only.\n';
    const ws = memoryWorkspace({ config: cfg });
    const f = withCode(ws, 'attest.yaml', 'exclusion-without-reason');
    assert.deepEqual(f.map((x) => x.range), [rangeOf(cfg, 'CC9.2'), rangeOf(cfg, 'CC6.4')]);
  });
});
