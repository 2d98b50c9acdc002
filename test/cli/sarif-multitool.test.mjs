// attest's SARIF passes Microsoft's SARIF Multitool validator with the SARIF and GitHub rule sets
// (what GitHub code scanning checks on upload) with no error and no warning: a monorepo with
// findings of every severity in projects below a subfolder, run from its parent.
import { test, describe, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runCli, removeDir, tempWorkspace } from '../helpers/attest.mjs';
import { MONOREPO_FILES } from './monorepo.mjs';

/** The validator's executable (a self-contained .NET program the npm package ships per platform), or why it cannot run here. */
function multitool() {
  let exe;
  try {
    exe = createRequire(import.meta.url)('@microsoft/sarif-multitool');
  } catch (e) {
    return { skip: `@microsoft/sarif-multitool has no build for ${process.platform}-${process.arch} (${e.message.split('\n')[0]})` };
  }
  const r = spawnSync(exe, ['--version'], { encoding: 'utf8', timeout: 120_000 });
  if (r.error || r.status !== 0) return { skip: `the SARIF Multitool does not run on this machine: ${r.error?.message ?? r.stderr.trim().split('\n')[0] ?? `exit ${r.status}`}` };
  return { exe };
}

const tool = multitool();

/** Effective level of a validator result: its own, else its rule's default, else warning (SARIF's default). */
function levelOf(result, rules) {
  return result.level ?? rules[result.ruleIndex ?? -1]?.defaultConfiguration?.level ?? rules.find((r) => r.id === result.ruleId)?.defaultConfiguration?.level ?? 'warning';
}

/** The validator's errors and warnings on a SARIF text, as "RULE level: message" lines. */
function validate(dir, name, text) {
  const input = path.join(dir, `${name}.sarif`);
  const output = path.join(dir, `${name}.validation.sarif`);
  fs.writeFileSync(input, text);
  const v = spawnSync(tool.exe, ['validate', '--rule-kind', 'Sarif;Gh', '--output', output, input], { encoding: 'utf8', timeout: 300_000 });
  assert.ok(fs.existsSync(output), `the validator wrote its log (exit ${v.status}): ${v.stdout}\n${v.stderr}`);
  const run = JSON.parse(fs.readFileSync(output, 'utf8')).runs[0];
  assert.notEqual(run.invocations?.[0]?.executionSuccessful, false, JSON.stringify(run.invocations));
  const rules = run.tool?.driver?.rules ?? [];
  return (run.results ?? []).filter((x) => ['error', 'warning'].includes(levelOf(x, rules))).map((x) => `${x.ruleId} ${levelOf(x, rules)}: ${JSON.stringify(x.message)}`);
}

describe('SARIF Multitool validation (rule kinds Sarif and Gh)', { skip: tool.skip }, () => {
  const repo = tempWorkspace({
    ...MONOREPO_FILES,
    // Information findings (an out-of-scope criterion), a file name with a space, and more warnings.
    'compliance/gamma/attest.yaml': 'framework: tsc-2017\n',
    'compliance/gamma/controls/with space.yaml': 'id: GA-1\ntitle: Privacy\ncriteria: [P1.1, CC6.1, CC6.1]\nsurprise: 1\n',
  });
  after(() => removeDir(repo));
  const r = runCli(['check', 'compliance', '--format', 'sarif', '--fail-on', 'none'], { cwd: repo });

  test('no error and no warning on the SARIF of a monorepo run from its root', () => {
    assert.equal(r.status, 0, r.stderr);
    const levels = new Set(JSON.parse(r.stdout).runs[0].results.map((x) => x.level));
    for (const l of ['error', 'warning', 'note']) assert.ok(levels.has(l), `the log has ${l} results`);
    assert.deepEqual(validate(repo, 'attest', r.stdout), []);
  });

  test('the validation can fail: a result without a location and a rule named as its id are reported', () => {
    const broken = JSON.parse(r.stdout);
    delete broken.runs[0].results[0].locations;
    broken.runs[0].tool.driver.rules[0].name = broken.runs[0].tool.driver.rules[0].id;
    const complaints = validate(repo, 'broken', JSON.stringify(broken));
    assert.ok(complaints.some((c) => c.startsWith('GH')), complaints.join('\n'));
    assert.ok(complaints.some((c) => c.startsWith('SARIF1001')), complaints.join('\n'));
  });
});
