// `rules:` in attest.yaml: the severity of a diagnostic code per project, applied by the core so
// every host (language server, check, reports) sees the same.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { core, memoryWorkspace, findingsOf, withCode, rangeOf, control } from '../helpers/attest.mjs';

const NO_OWNER = 'id: R-1\ntitle: No owner\ncriteria: [CC6.1]\n';

function project(rules, files = { 'controls/r.yaml': NO_OWNER }) {
  return memoryWorkspace({ config: `framework: tsc-2017\nrules:\n${rules}`, files });
}

describe('rules set severities', () => {
  test('a new project quiets its uncovered criteria: information instead of 32 warnings on attest.yaml', () => {
    const before = memoryWorkspace({ config: 'framework: tsc-2017\n', files: { 'controls/r.yaml': NO_OWNER } });
    const after = project('  uncovered-criterion: information\n');
    const warn = withCode(before, 'attest.yaml', 'uncovered-criterion');
    const info = withCode(after, 'attest.yaml', 'uncovered-criterion');
    assert.equal(warn.length, 32);
    assert.ok(warn.every((f) => f.severity === 'warning'));
    assert.equal(info.length, 32);
    assert.ok(info.every((f) => f.severity === 'information'));
    assert.deepEqual(info.map((f) => f.message), warn.map((f) => f.message), 'only the severity changes');
  });

  test('every level: error, warning, information, hint; off removes the code', () => {
    for (const level of ['error', 'warning', 'information', 'hint']) {
      const ws = project(`  missing-owner: ${level}\n`);
      assert.deepEqual(withCode(ws, 'controls/r.yaml', 'missing-owner').map((f) => f.severity), [level], level);
    }
    const off = project('  missing-owner: off\n');
    assert.deepEqual(withCode(off, 'controls/r.yaml', 'missing-owner'), []);
    assert.deepEqual(findingsOf(off, 'attest.yaml').filter((f) => f.code !== 'uncovered-criterion'), [], 'a valid rule is no finding');
  });

  test('raising a warning to an error, and the other codes keep theirs', () => {
    const ws = project('  unknown-field: error\n', { 'controls/r.yaml': control('R-2', { extra: 'colour: blue\nstatus: done\n' }) });
    assert.deepEqual(findingsOf(ws, 'controls/r.yaml').map((f) => [f.code, f.severity]), [
      ['unknown-field', 'error'],
      ['schema', 'error'],
    ]);
  });

  test('a change of attest.yaml applies at once, and removing rules restores the defaults', () => {
    const ws = project('  missing-owner: off\n');
    assert.equal(withCode(ws, 'controls/r.yaml', 'missing-owner').length, 0);
    ws.setConfig('framework: tsc-2017\n');
    assert.deepEqual(withCode(ws, 'controls/r.yaml', 'missing-owner').map((f) => f.severity), ['warning']);
  });

  test('rules apply to findings on attest.yaml itself (unprotected-system) and across files (duplicate criteria, policy-only)', () => {
    const ws = memoryWorkspace({
      config: 'rules:\n  unprotected-system: hint\n  duplicate-criterion: off\nsystems:\n  - id: api\n    name: API\n',
      files: { 'controls/a.yaml': control('A-1', { criteria: ['CC6.1', 'CC6.1'], extra: 'systems: [nowhere]\nstatus: planned\ndue: 2027-01-01\n' }) },
    });
    assert.deepEqual(withCode(ws, 'attest.yaml', 'unprotected-system').map((f) => f.severity), ['hint']);
    assert.deepEqual(withCode(ws, 'controls/a.yaml', 'duplicate-criterion'), []);
  });
});

describe('bad rules', () => {
  test('a code that does not exist: unknown-rule on the key, closest code suggested', () => {
    const config = 'rules:\n  uncovered-criteria: information\n';
    const ws = memoryWorkspace({ config });
    const [f] = withCode(ws, 'attest.yaml', 'unknown-rule');
    assert.equal(f.severity, 'warning');
    assert.deepEqual(f.range, rangeOf(config, 'uncovered-criteria'));
    assert.equal(f.message, 'Unknown rule `uncovered-criteria`: no Attest diagnostic has this code. Did you mean `uncovered-criterion`?');
    assert.deepEqual(f.data, { suggestions: ['uncovered-criterion'] });
    assert.equal(core.CODES['unknown-rule'].severity, 'warning');
  });

  test('a severity outside the five words: a schema error on the value, with the word probably meant', () => {
    const config = 'rules:\n  missing-owner: info\n  unknown-field: Warning\n  missing-due: loud\n';
    const ws = memoryWorkspace({ config, files: { 'controls/r.yaml': NO_OWNER } });
    const found = withCode(ws, 'attest.yaml', 'schema');
    assert.deepEqual(found.map((f) => f.text), ['info', 'Warning', 'loud']);
    assert.equal(found[0].message, '`missing-owner` must be one of error, warning, information, hint or off; found `info`. Did you mean information?');
    assert.equal(found[1].data.suggestions[0], 'warning');
    assert.doesNotMatch(found[2].message, /Did you mean/);
    assert.deepEqual(withCode(ws, 'controls/r.yaml', 'missing-owner').map((f) => f.severity), ['warning'], 'an invalid rule changes nothing');
  });

  test('yaml-syntax, schema and duplicate-id cannot be lowered below error', () => {
    const config = 'rules:\n  schema: warning\n  duplicate-id: off\n  yaml-syntax: error\n';
    const ws = memoryWorkspace({
      config,
      files: { 'controls/a.yaml': 'id: D-1\ntitle: A\nowner: o\ncriteria: [CC6.1]\nstatus: done\n', 'controls/b.yaml': 'id: D-1\ntitle: B\nowner: o\ncriteria: [CC6.1]\n' },
    });
    const found = withCode(ws, 'attest.yaml', 'schema');
    assert.deepEqual(found.map((f) => [f.text, f.severity]), [
      ['warning', 'error'],
      ['off', 'error'],
    ]);
    assert.equal(found[0].message, '`schema` cannot be lowered to warning: it stays an error (a value Attest cannot read counts for nothing).');
    assert.equal(found[1].message, '`duplicate-id` cannot be lowered to off: it stays an error (references to a duplicated id are ambiguous).');
    assert.deepEqual(withCode(ws, 'controls/a.yaml', 'schema').map((f) => f.severity), ['error']);
    assert.deepEqual(withCode(ws, 'controls/b.yaml', 'duplicate-id').map((f) => f.severity), ['error']);
  });

  test('rules that is not a mapping, and too-many-problems (the editor setting decides it)', () => {
    const list = memoryWorkspace({ config: 'rules: [missing-owner]\n' });
    assert.match(withCode(list, 'attest.yaml', 'schema')[0].message, /`rules` must be a mapping/);
    const cap = memoryWorkspace({ config: 'rules:\n  too-many-problems: off\n' });
    assert.match(withCode(cap, 'attest.yaml', 'schema')[0].message, /`too-many-problems` cannot be set under `rules`: .*attest\.maxProblems/);
  });
});

describe('the JSON Schema of attest.yaml knows the rules', () => {
  test('codes as keys with their help, five levels, error only for the locked codes', async () => {
    const { readFileSync } = await import('node:fs');
    const schema = JSON.parse(readFileSync(new URL('../../criteria/schemas/attest.schema.json', import.meta.url), 'utf8'));
    const rules = schema.properties.rules;
    assert.ok(rules.propertyNames.enum.includes('uncovered-criterion'));
    assert.ok(!rules.propertyNames.enum.includes('too-many-problems'));
    assert.deepEqual(rules.additionalProperties.enum, ['error', 'warning', 'information', 'hint', 'off']);
    assert.equal(rules.properties['missing-owner'].description, core.CODES['missing-owner'].help);
    assert.deepEqual(rules.properties.schema.enum, ['error']);
  });
});
