// Type II samples in the editor: hover on a control's `frequency` or `evidence` key shows the
// population, the sample size and the evidenced intervals; attest/samples answers what
// `attest samples --format json` prints, for the project or for one control file.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { pos } from '../helpers/positions.mjs';
import { tempWorkspace } from '../helpers/workspaces.mjs';
import { runJson } from '../helpers/cli.mjs';
import { TestClient, hoverText, uriOf } from '../helpers/lsp.mjs';

const QUARTERLY = 'id: AC-04\ntitle: Quarterly access review\nowner: sec\ncriteria: [CC6.1]\nfrequency: quarterly\nevidence:\n  - title: Q1 review\n    collected: 2026-03-30\n  - title: TODO\n    collected: 2026-05-15\n  - title: Q3 review\n    collected: 2026-09-29\n';
const REGISTER = 'controls:\n  - id: OPS-2\n    title: Monthly scan\n    owner: ops\n    criteria: [CC7.1]\n    frequency: monthly\n    evidence:\n      - title: January scan\n        collected: 2026-01-20\n  - id: MON-1\n    title: Alerting\n    owner: ops\n    criteria: [CC7.2]\n    frequency: continuous\n';
let root;
let c;
const file = (rel) => path.join(root, rel);

before(async () => {
  root = tempWorkspace({
    'attest.yaml': 'report: type2\nperiod:\n  start: 2026-01-01\n  end: 2026-12-31\nsampling:\n  monthly: 3\n',
    'controls/ac-04.yaml': QUARTERLY,
    'controls/ops.yaml': REGISTER,
  });
  c = await TestClient.indexed(root);
});
after(() => c.shutdown());

const hover = async (rel, text, needle) => hoverText(await c.request('textDocument/hover', { textDocument: { uri: uriOf(file(rel)) }, position: pos(text, needle) }));

test('hover on `frequency`: population, sample size, evidenced intervals and the draw', async () => {
  const h = await hover('controls/ac-04.yaml', QUARTERLY, 'frequency');
  assert.match(h, /\*\*frequency\*\*/, 'the field documentation stays');
  assert.match(h, /quarterly · population 3 · sample size 2/);
  assert.match(h, /Evidenced \(2 of 3\): 2026-01-01 to 2026-03-31, 2026-07-01 to 2026-09-30/);
  assert.match(h, /Without evidence \(1\): 2026-04-01 to 2026-06-30/, 'the TODO entry of May counts for nothing');
  assert.match(h, /Drawn with seed 1: /);
});

test('hover on `evidence` in a register item: that control, with the sample size of `sampling:`', async () => {
  const h = await hover('controls/ops.yaml', REGISTER, 'evidence');
  assert.match(h, /Type II samples of OPS-2/);
  assert.match(h, /monthly · population 9 · sample size 3/);
  assert.match(h, /Evidenced \(1 of 9\): 2026-01-01 to 2026-01-31/);
});

test('hover on a continuous control\'s `frequency`: no population', async () => {
  const text = REGISTER;
  const h = hoverText(await c.request('textDocument/hover', { textDocument: { uri: uriOf(file('controls/ops.yaml')) }, position: pos(text, 'frequency', { nth: 1 }) }));
  assert.match(h, /continuous control has no population/);
});

test('attest/samples for the project: the CLI\'s JSON, each control with where its id is', async () => {
  const r = await c.request('attest/samples', { seed: 5 });
  const cli = runJson(['samples', root, '--seed', '5', '--format', 'json']).json;
  assert.deepEqual(r.controls.map(({ uri, range, ...rest }) => rest), cli.controls);
  assert.equal(r.seed, 5);
  const ac = r.controls.find((x) => x.id === 'AC-04');
  assert.equal(ac.uri, uriOf(file('controls/ac-04.yaml')));
  assert.deepEqual(ac.range.start, pos(QUARTERLY, 'AC-04'));
});

test('attest/samples for one control file (the open editor): only its controls; seed 1 by default', async () => {
  const r = await c.request('attest/samples', { uri: uriOf(file('controls/ops.yaml')) });
  assert.equal(r.seed, 1);
  assert.deepEqual(r.controls.map((x) => x.id), ['OPS-2']);
  assert.equal(r.controls[0].size, 3);
  assert.equal(r.controls[0].selected.length, 3);
});

test('attest/samples rejects a seed that is not a whole number', async () => {
  await assert.rejects(c.request('attest/samples', { seed: 1.5 }), /seed must be a whole number/);
});
