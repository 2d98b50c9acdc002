// coverage and plan of a project whose files have errors say so: text, markdown and html name
// those files; JSON coverage results list them (filesWithErrors).
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { runCliOnce as runCli, runJsonOnce as runJson, FIXTURES, ROOT } from '../helpers/attest.mjs';

const ERRORS = path.join(FIXTURES, 'cli-errors');
const CLEAN = path.join(FIXTURES, 'cli-clean');
const fromRoot = (file) => path.relative(ROOT, path.join(ERRORS, file)).split(path.sep).join('/');

describe('files with errors', () => {
  const diagnostics = runJson(['check', ERRORS, '--format', 'json', '--fail-on', 'none']).json.diagnostics;
  const expected = [...new Set(diagnostics.filter((d) => d.severity === 'error').map((d) => d.file))];
  const warnedOnly = [...new Set(diagnostics.map((d) => d.file))].filter((f) => !expected.includes(f));

  test('the fixture has files with errors and files with warnings only', () => {
    assert.ok(expected.length >= 2, JSON.stringify(expected));
    assert.ok(warnedOnly.length >= 1, JSON.stringify(warnedOnly));
  });

  test('coverage json: filesWithErrors lists exactly the files with an error finding (relative to the folder)', () => {
    const cov = runJson(['coverage', ERRORS, '--format', 'json']).json;
    assert.deepEqual([...cov.filesWithErrors].sort(), [...expected].sort());
    assert.deepEqual(runJson(['check', ERRORS, '--format', 'json', '--fail-on', 'none']).json.coverage.filesWithErrors, cov.filesWithErrors);
  });

  test('coverage json of a clean project: filesWithErrors is empty', () => {
    assert.deepEqual(runJson(['coverage', CLEAN, '--format', 'json']).json.filesWithErrors, []);
  });

  const section = (out, start) => out.slice(out.indexOf(start));
  for (const [args, heading, name] of [
    [['coverage'], 'Files with errors', fromRoot],
    [['plan'], 'Files with errors', fromRoot],
    [['coverage', '--format', 'markdown'], '## Files with errors', (f) => `\`${f}\``],
    [['plan', '--format', 'markdown'], '## Files with errors', (f) => `\`${f}\``],
    [['coverage', '--format', 'html'], '<h2>Files with errors</h2>', (f) => `<code>${f}</code>`],
  ]) {
    test(`attest ${args.join(' ')} names each file with errors, and no other`, () => {
      const r = runCli([args[0], ERRORS, ...args.slice(1)]);
      assert.equal(r.status, 0);
      assert.ok(r.stdout.includes(heading), r.stdout.slice(-600));
      const files = section(r.stdout, heading);
      for (const f of expected) assert.ok(files.includes(name(f)), `${name(f)} in\n${files}`);
      for (const f of warnedOnly) assert.ok(!files.includes(name(f)), `${name(f)} has no error`);
      const clean = runCli([args[0], CLEAN, ...args.slice(1)]);
      assert.ok(!clean.stdout.includes('Files with errors'), 'no section for a clean project');
    });
  }
});
