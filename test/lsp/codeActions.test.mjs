// Quick fixes: each is a workspace edit; applying it to the text fixes the diagnostic it was offered for
// without introducing a new problem.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { pos } from '../helpers/positions.mjs';
import { tempWorkspace } from '../helpers/workspaces.mjs';
import { applyWorkspaceEdit } from '../helpers/edits.mjs';
import { TestClient, codes, uriOf } from '../helpers/lsp.mjs';
import { EVERY_CODE, SMALL } from './fixtures.mjs';

describe('code actions', () => {
  let root;
  let c;
  const file = (rel) => path.join(root, rel);

  before(async () => {
    root = tempWorkspace(EVERY_CODE);
    c = await TestClient.indexed(root);
  });
  after(() => c.shutdown());

  const actionsFor = (rel, code, which) => c.actionsFor(file(rel), code, which);
  /** Applies the action titled like `title` to `text` (the document's current text); returns the new texts by uri. */
  function apply(actions, title, rel, text) {
    const action = actions.find((a) => title.test(a.title));
    assert.ok(action, `an action like ${title}; got ${JSON.stringify(actions.map((a) => a.title))}`);
    assert.ok(action.edit, 'a workspace edit (undoable), not a command');
    assert.equal(action.kind, 'quickfix');
    const files = new Map([[uriOf(file(rel)), text]]);
    return { action, files: applyWorkspaceEdit(action.edit, files) };
  }
  /** Opens rel with the edited text and waits until `ok` holds for its diagnostics. */
  async function check(rel, text, ok) {
    const before = JSON.stringify(c.diagnostics.get(uriOf(file(rel))) ?? []);
    c.open(file(rel), text);
    try {
      return await c.nextDiagnostics(file(rel), ok);
    } finally {
      c.close(file(rel));
      // Back to the disk version before the next request is placed by these diagnostics' ranges.
      await c.nextDiagnostics(file(rel), (d) => JSON.stringify(d) === before);
    }
  }
  const noNewErrors = (d) => !codes(d).some((x) => x === 'yaml-syntax' || x === 'schema' || x === 'unknown-field');

  test('unknown criterion -> the closest ids; the preferred one replaces exactly the bad id', async () => {
    const rel = 'controls/criteria.yaml';
    const { diag, actions } = await actionsFor(rel, 'unknown-criterion');
    const titles = actions.map((a) => a.title);
    assert.ok(titles.some((t) => /CC6\.1\b/.test(t)), titles.join(' | '));
    assert.ok(actions.every((a) => !a.diagnostics || a.diagnostics.some((d) => d.code === diag.code)));
    assert.equal(actions.filter((a) => a.isPreferred && /Change to/.test(a.title)).length, 1);
    const { files } = apply(actions, /CC6\.1\b/, rel, EVERY_CODE[rel]);
    const fixed = files.get(uriOf(file(rel)));
    assert.equal(fixed, EVERY_CODE[rel].replace('CC6.99', 'CC6.1'));
    await check(rel, fixed, (d) => !codes(d).includes('unknown-criterion') && noNewErrors(d));
  });

  test('missing required field -> adds it; the schema error goes away', async () => {
    const rel = 'controls/notitle.yaml';
    const { actions } = await actionsFor(rel, 'schema');
    const { files } = apply(actions, /title/, rel, EVERY_CODE[rel]);
    const fixed = files.get(uriOf(file(rel)));
    assert.match(fixed, /^title: .+$/m);
    assert.ok(fixed.startsWith('id: NTL-01\n'));
    await check(rel, fixed, (d) => !codes(d).includes('schema') && noNewErrors(d));
  });

  test('missing owner -> adds an owner line to that control', async () => {
    const rel = 'controls/ownerless.yaml';
    const { actions } = await actionsFor(rel, 'missing-owner');
    const { files } = apply(actions, /owner/, rel, EVERY_CODE[rel]);
    const fixed = files.get(uriOf(file(rel)));
    assert.match(fixed, /^owner: \S+/m);
    await check(rel, fixed, (d) => !codes(d).includes('missing-owner') && noNewErrors(d));
  });

  test('unknown field -> renamed to the field that was meant', async () => {
    const rel = 'controls/field.yaml';
    const { actions } = await actionsFor(rel, 'unknown-field');
    const { files } = apply(actions, /frequency/, rel, EVERY_CODE[rel]);
    assert.equal(files.get(uriOf(file(rel))), EVERY_CODE[rel].replace('frequncy', 'frequency'));
  });

  test('unknown policy -> create the missing policy file (documentChanges with a create), or use the closest id', async () => {
    const rel = 'controls/policy-ref.yaml';
    const { actions } = await actionsFor(rel, 'unknown-policy');
    assert.ok(actions.some((a) => /POL-REAL/.test(a.title)), 'the closest existing id is offered');
    const create = actions.find((a) => /Create/i.test(a.title));
    assert.ok(create, JSON.stringify(actions.map((a) => a.title)));
    const ops = create.edit.documentChanges;
    assert.ok(Array.isArray(ops));
    const made = ops.find((o) => o.kind === 'create');
    assert.ok(made, 'a create operation');
    assert.match(made.uri, /\/policies\/[^/]+\.md$/);
    assert.ok(made.uri.startsWith(uriOf(root) + '/'), 'inside the workspace folder');
    const files = applyWorkspaceEdit(create.edit, new Map(), () => assert.fail('only the new file is edited'));
    const policy = files.get(made.uri);
    assert.match(policy, /^---\n[\s\S]*\bid: POL-NOPE\n[\s\S]*---\n/);
    // The editor opens the new file: the control's unknown-policy disappears, and the new file is valid.
    const newFile = made.uri.slice(uriOf(root).length + 1);
    c.open(file(newFile), policy);
    await c.nextDiagnostics(file(rel), (d) => !d.some((x) => x.code === 'unknown-policy' && x.message.includes('POL-NOPE')));
    await c.barrier(root);
    const own = c.diagnostics.get(made.uri) ?? [];
    assert.ok(!codes(own).some((x) => x === 'yaml-syntax' || x === 'schema'), JSON.stringify(codes(own)));
    c.close(file(newFile));
    await c.nextDiagnostics(file(rel), (d) => d.some((x) => x.code === 'unknown-policy'));
  });

  test('uncovered criterion on attest.yaml -> an exclusion with a reason placeholder', async () => {
    const rel = 'attest.yaml';
    const { actions } = await actionsFor(rel, 'uncovered-criterion', (d) => /^CC7\.1 /.test(d.message));
    const { files } = apply(actions, /Exclude CC7\.1/, rel, EVERY_CODE[rel]);
    const fixed = files.get(uriOf(file(rel)));
    assert.match(fixed, /- criterion: CC7\.1\n\s+reason: \S.*/);
    assert.ok(fixed.includes('  - criterion: CC9.2\n'), 'existing exclusions are kept');
    c.open(file(rel), fixed);
    try {
      const d = await c.nextDiagnostics(file(rel), (x) => !x.some((y) => y.code === 'uncovered-criterion' && /^CC7\.1 /.test(y.message)));
      assert.ok(noNewErrors(d), JSON.stringify(codes(d)));
      const cov = await c.coverage();
      const cc71 = cov.categories[0].criteria.find((x) => x.id === 'CC7.1');
      assert.equal(cc71.status, 'excluded');
      assert.ok(cc71.reason);
    } finally {
      c.close(file(rel));
    }
  });

  test('remove a duplicated criterion from a flow list and from a block list', async () => {
    const rel = 'controls/criteria.yaml';
    const { actions } = await actionsFor(rel, 'duplicate-criterion');
    const { files } = apply(actions, /Remove/i, rel, EVERY_CODE[rel]);
    assert.equal(files.get(uriOf(file(rel))), EVERY_CODE[rel].replace('[CC1.3, CC6.99, CC1.3, PI1.1]', '[CC1.3, CC6.99, PI1.1]'));

    const block = 'id: BLK-01\ntitle: Block list\nowner: team\ncriteria:\n  - CC1.3\n  - CC1.4\n  - CC1.3\npolicies: [POL-REAL]\n';
    const brel = 'controls/block.yaml';
    c.open(file(brel), block);
    const d = await c.nextDiagnostics(file(brel), (x) => codes(x).includes('duplicate-criterion'));
    const diag = d.find((x) => x.code === 'duplicate-criterion');
    assert.deepEqual(diag.range.start, pos(block, 'CC1.3', { nth: 1 }));
    const acts = await c.request('textDocument/codeAction', { textDocument: { uri: uriOf(file(brel)) }, range: diag.range, context: { diagnostics: [diag] } });
    const fixed = apply(acts, /Remove/i, brel, block).files.get(uriOf(file(brel)));
    assert.equal(fixed, 'id: BLK-01\ntitle: Block list\nowner: team\ncriteria:\n  - CC1.3\n  - CC1.4\npolicies: [POL-REAL]\n');
    c.change(file(brel), fixed);
    await c.nextDiagnostics(file(brel), (x) => !codes(x).includes('duplicate-criterion') && noNewErrors(x));
    c.close(file(brel));
  });

  test('Type II: add an evidence entry dated today, to a control without evidence and to one with stale evidence', async () => {
    const rel = 'controls/evidence.yaml';
    const text = EVERY_CODE[rel];
    const missing = await actionsFor(rel, 'missing-evidence');
    const fixed1 = apply(missing.actions, /evidence/i, rel, text).files.get(uriOf(file(rel)));
    assert.match(fixed1, /collected: 2026-10-01/);
    // The entry's title and link are placeholders that count as no evidence until the user fills
    // them in (test/lsp/evidence-snippet.test.mjs); filled in, the control has its sample.
    assert.match(fixed1, /title: <what the sample is>[\s\S]*link: <URL, or path of the evidence file>/);
    const fill = (t) => t.replace('<what the sample is>', 'Sample filed today').replace('<URL, or path of the evidence file>', 'https://tickets.example.com/T-1');
    const after1 = await check(rel, fill(fixed1), (d) => !d.some((x) => x.code === 'missing-evidence'));
    assert.ok(noNewErrors(after1), JSON.stringify(codes(after1)));
    assert.ok(after1.some((x) => x.code === 'stale-evidence'), 'the other control is untouched');

    const stale = await actionsFor(rel, 'stale-evidence');
    const fixed2 = apply(stale.actions, /evidence/i, rel, text).files.get(uriOf(file(rel)));
    // Appended to EVS-01's own list, after the June sample.
    const evs = fixed2.slice(fixed2.indexOf('EVS-01'), fixed2.indexOf('EVO-01'));
    assert.match(evs, /collected: 2026-06-01[\s\S]*collected: 2026-10-01/);
    const after2 = await check(rel, fill(fixed2), (d) => !d.some((x) => x.code === 'stale-evidence'));
    assert.ok(noNewErrors(after2), JSON.stringify(codes(after2)));
    assert.ok(after2.some((x) => x.code === 'missing-evidence'));
  });

  test('an overdue open exception -> resolved today; a planned control without due -> add due', async () => {
    const rel = 'controls/planned.yaml';
    const text = EVERY_CODE[rel];
    const exc = await actionsFor(rel, 'remediation-overdue', (d) => d.message.includes('exception'));
    const fixed = apply(exc.actions, /resolved/i, rel, text).files.get(uriOf(file(rel)));
    assert.match(fixed, /due: 2026-03-15\n\s+resolved: 2026-10-01\n/);
    const after = await check(rel, fixed, (d) => !d.some((x) => x.code === 'remediation-overdue' && x.message.includes('exception')));
    assert.ok(noNewErrors(after), JSON.stringify(codes(after)));

    const due = await actionsFor(rel, 'missing-due');
    const withDue = apply(due.actions, /due/i, rel, text).files.get(uriOf(file(rel)));
    const pln2 = withDue.slice(withDue.indexOf('PLN-02'), withDue.indexOf('EXC-01'));
    const m = /due: (\d{4}-\d{2}-\d{2})/.exec(pln2);
    assert.ok(m, pln2);
    assert.ok(m[1] >= '2026-10-01', `a due date not already overdue: ${m[1]}`);
    const after2 = await check(rel, withDue, (d) => !d.some((x) => x.code === 'missing-due'));
    assert.ok(noNewErrors(after2), JSON.stringify(codes(after2)));
    assert.equal(after2.filter((x) => x.code === 'remediation-overdue').length, 2, 'the new due date is not overdue');
  });
});

test('uncovered criterion on an attest.yaml without exclude: the fix creates the exclude list', async () => {
  const root = tempWorkspace(SMALL);
  const c = new TestClient();
  try {
    await c.initialize(root);
    const cfg = path.join(root, 'attest.yaml');
    const diags = await c.waitForDiagnostics(cfg, (d) => d.some((x) => /^CC9\.2 /.test(x.message)));
    const diag = diags.find((x) => /^CC9\.2 /.test(x.message));
    const actions = await c.request('textDocument/codeAction', { textDocument: { uri: uriOf(cfg) }, range: diag.range, context: { diagnostics: [diag] } });
    const action = actions.find((a) => /Exclude CC9\.2/.test(a.title));
    const fixed = applyWorkspaceEdit(action.edit, new Map([[uriOf(cfg), SMALL['attest.yaml']]])).get(uriOf(cfg));
    assert.match(fixed, /^exclude:\n {2}- criterion: CC9\.2\n {4}reason: \S/m);
    c.open(cfg, fixed);
    const after = await c.nextDiagnostics(cfg, (d) => !d.some((x) => /^CC9\.2 /.test(x.message)));
    assert.ok(!codes(after).some((x) => ['yaml-syntax', 'schema', 'exclusion-without-reason'].includes(x)), JSON.stringify(codes(after)));
  } finally {
    await c.shutdown();
  }
});
