// `rules:` in attest.yaml as `attest check` and the reports see it: every format, --fail-on and
// the files with errors judge the configured severities.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { runCli, runJson, tempWorkspace, removeDir } from '../helpers/attest.mjs';

const NO_OWNER = 'id: A-1\ntitle: No owner\ncriteria: [CC6.1]\n';

describe('check with rules', () => {
  let quiet;
  let strict;
  before(() => {
    // A new project: its gaps as information, owners not asked for yet.
    quiet = tempWorkspace({ 'attest.yaml': 'framework: tsc-2017\nrules:\n  uncovered-criterion: information\n  missing-owner: off\n', 'controls/a.yaml': NO_OWNER });
    // A stricter one: a missing owner fails the build.
    strict = tempWorkspace({ 'attest.yaml': 'framework: tsc-2017\nrules:\n  missing-owner: error\n', 'controls/a.yaml': NO_OWNER });
  });
  after(() => {
    removeDir(quiet);
    removeDir(strict);
  });

  test('json: configured severities, off codes absent; --fail-on warning passes when nothing is a warning any more', () => {
    const { json, status } = runJson(['check', quiet, '--format', 'json', '--fail-on', 'warning']);
    assert.equal(status, 0);
    const uncovered = json.diagnostics.filter((d) => d.code === 'uncovered-criterion');
    assert.equal(uncovered.length, 32);
    assert.ok(uncovered.every((d) => d.severity === 'information'));
    assert.ok(!json.diagnostics.some((d) => d.code === 'missing-owner'));
  });

  test('text and sarif: the same severities', () => {
    const text = runCli(['check', quiet]);
    assert.equal(text.status, 0);
    assert.match(text.stdout, /^\S+attest\.yaml:1:12 information uncovered-criterion /m);
    assert.doesNotMatch(text.stdout, /missing-owner/);
    const sarif = JSON.parse(runCli(['check', quiet, '--format', 'sarif']).stdout);
    const results = sarif.runs[0].results;
    assert.ok(results.filter((r) => r.ruleId === 'uncovered-criterion').every((r) => r.level === 'note'));
  });

  test('an error lowered to a warning passes the default --fail-on and leaves no file with errors', () => {
    const lowered = tempWorkspace({ 'attest.yaml': 'rules:\n  unknown-policy: warning\n', 'controls/a.yaml': 'id: A-1\ntitle: T\nowner: me\ncriteria: [CC6.1]\npolicies: [POL-NONE]\n' });
    try {
      const r = runCli(['check', lowered]);
      assert.equal(r.status, 0, r.stdout);
      assert.match(r.stdout, /a\.yaml:5:12 warning unknown-policy /);
      assert.deepEqual(runJson(['coverage', lowered, '--format', 'json']).json.filesWithErrors, []);
      assert.equal(runCli(['check', lowered, '--fail-on', 'warning']).status, 1);
    } finally {
      removeDir(lowered);
    }
  });

  test('a code raised to error fails the default --fail-on error, and its file has errors in the coverage report', () => {
    const r = runCli(['check', strict]);
    assert.equal(r.status, 1);
    assert.match(r.stdout, /a\.yaml:1:5 error missing-owner /);
    const { json } = runJson(['coverage', strict, '--format', 'json']);
    assert.deepEqual(json.filesWithErrors, ['controls/a.yaml']);
  });
});
