// `attest check --cache` after edits that move only coverage statuses (a status, the criteria a
// control maps in any framework, the systems it names): the run re-checks the edited files,
// attest.yaml and the policies mapping a criterion whose status moved, from counts the memo keeps
// (cli/statusPatch.ts). Whatever moved, it must print what the run without the cache prints.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { runCli, tempWorkspace, removeDir } from '../helpers/attest.mjs';
import { FRAMEWORKS_CONFIG } from '../helpers/frameworkFiles.mjs';

const CONFIG = `${FRAMEWORKS_CONFIG}systems:\n  - id: aws\n    name: AWS\n  - id: db\n    name: Database\n`;
const control = (id, status, criteria, systems) =>
  `id: ${id}\ntitle: Control ${id}\nowner: ops\nstatus: ${status}\n${status === 'planned' ? 'due: 2027-03-01\n' : ''}criteria:\n${criteria}${systems ? `systems: [${systems}]\n` : ''}`;
const FILES = {
  'attest.yaml': CONFIG,
  'controls/a.yaml': control('A-1', 'implemented', '  tsc-2017: [CC6.1]\n  iso27001-2022: [A.5.18]\n', 'aws'),
  'controls/b.yaml': control('B-1', 'planned', '  tsc-2017: [CC6.2]\n  nist-csf-2.0: [PR.AA-05]\n', 'db'),
  'controls/c.yaml': control('C-1', 'implemented', '  tsc-2017: [CC7.2]\n', ''),
  // Policies on the same criteria, in every framework: their policy-only findings follow the controls.
  'policies/access.md': '---\nid: POL-1\ntitle: Access\napproved: 2026-01-10\nreview: annually\ncriteria:\n  tsc-2017: [CC6.1, CC6.2]\n  iso27001-2022: [A.5.18]\n  nist-csf-2.0: [PR.AA-05]\n---\n\n# Access\n',
  'policies/ops.md': '---\nid: POL-2\ntitle: Operations\napproved: 2026-01-10\nreview: annually\ncriteria: [CC7.2]\n---\n\n# Operations\n',
};

const STATUSES = ['implemented', 'planned', 'retired'];
const MAPPINGS = [
  '  tsc-2017: [CC6.1]\n  iso27001-2022: [A.5.18]\n',
  '  tsc-2017: [CC6.2]\n  nist-csf-2.0: [PR.AA-05]\n',
  '  tsc-2017: [CC7.2, CC6.1]\n',
  '  iso27001-2022: [A.5.18, A.8.5]\n',
];
const SYSTEMS = ['aws', 'db', 'aws, db', ''];

function runBoth(root, trace) {
  const plain = runCli(['check', '.', '--fail-on', 'none'], { cwd: root });
  const cached = runCli(['check', '.', '--fail-on', 'none', '--cache'], { cwd: root, env: { ATTEST_CACHE_TRACE: trace } });
  assert.deepEqual([cached.stdout, cached.stderr, cached.status], [plain.stdout, plain.stderr, plain.status]);
  return plain;
}

describe('attest check --cache after edits that move coverage statuses', () => {
  test('statuses, mappings in three frameworks and systems moved in any order: the output is the output without the cache, patched from the counts', () => {
    const edit = fc.record({ file: fc.constantFrom('controls/a.yaml', 'controls/b.yaml', 'controls/c.yaml'), status: fc.nat(2), mapping: fc.nat(3), systems: fc.nat(3) });
    let patched = 0;
    fc.assert(
      fc.property(fc.array(fc.array(edit, { minLength: 1, maxLength: 2 }), { minLength: 1, maxLength: 4 }), (steps) => {
        const root = tempWorkspace(FILES);
        const trace = `${root}-trace.txt`;
        try {
          runBoth(root, trace);
          for (const step of steps) {
            for (const e of step) {
              const id = path.basename(e.file, '.yaml').toUpperCase();
              fs.writeFileSync(path.join(root, e.file), control(`${id}-1`, STATUSES[e.status], MAPPINGS[e.mapping], SYSTEMS[e.systems]));
            }
            runBoth(root, trace);
          }
          patched += fs.readFileSync(trace, 'utf8').split('\n').filter((l) => l.startsWith('patched statuses')).length;
        } finally {
          removeDir(root);
          fs.rmSync(trace, { force: true });
        }
      }),
      { numRuns: 8 },
    );
    assert.ok(patched > 0, 'some runs were patched from the counts');
  });

  test('retiring the only implemented control of CC6.1 gives the policy mapping it a policy-only finding, and the coverage line moves', () => {
    const root = tempWorkspace(FILES);
    const trace = `${root}-trace.txt`;
    try {
      const before = runBoth(root, trace);
      assert.doesNotMatch(before.stdout, /policies\/access\.md:\d+:\d+ .*CC6\.1 is policy-only/);
      fs.writeFileSync(path.join(root, 'controls/a.yaml'), control('A-1', 'retired', MAPPINGS[0], 'aws'));
      const after = runBoth(root, trace);
      assert.equal(fs.readFileSync(trace, 'utf8').trim().split('\n').at(-1), 'patched statuses 1');
      assert.match(after.stdout, /policies\/access\.md:\d+:\d+ .*CC6\.1 is policy-only/);
      assert.match(after.stdout, /A\.5\.18 \(iso27001-2022\) is policy-only/);
      assert.match(after.stdout, /System aws \(AWS\) is in scope but no implemented control names it/);
      const coverage = (out) => out.split('\n').find((l) => l.startsWith('Coverage'));
      assert.notEqual(coverage(after.stdout), coverage(before.stdout));
    } finally {
      removeDir(root);
      fs.rmSync(trace, { force: true });
    }
  });
});
