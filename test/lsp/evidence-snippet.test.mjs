// "Add an evidence entry dated today" never silences the evidence checks: a client that accepts
// snippet edits (LSP 3.18, workspace.workspaceEdit.snippetEditSupport, as VS Code does) gets tab
// stops on the title, the date and the link; any other client gets placeholders that count as no
// evidence (placeholder-evidence) until they are filled in.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { tempWorkspace } from '../helpers/workspaces.mjs';
import { applyWorkspaceEdit } from '../helpers/edits.mjs';
import { TestClient, codes, uriOf } from '../helpers/lsp.mjs';

const CONFIG = 'report: type2\nperiod:\n  start: 2026-01-01\n  end: 2026-12-31\n';
const CONTROL = 'id: AC-1\ntitle: Access review\nowner: sec\ncriteria: [CC6.1]\nfrequency: quarterly\n';

async function start(snippets) {
  const root = tempWorkspace({ 'attest.yaml': CONFIG, 'controls/a.yaml': CONTROL });
  const c = new TestClient();
  if (snippets) c.caps.workspace.workspaceEdit.snippetEditSupport = true;
  await c.initialize(root);
  await c.coverage();
  return { root, c, file: path.join(root, 'controls/a.yaml') };
}

describe('with snippet edits', () => {
  let s;
  before(async () => (s = await start(true)));
  after(() => s.c.shutdown());

  test('the quick fix is a snippet edit with tab stops on the title, the date and the link', async () => {
    const { actions } = await s.c.actionsFor(s.file, 'missing-evidence');
    const add = actions.find((a) => a.title === 'Add an evidence entry dated today');
    assert.ok(add, JSON.stringify(actions.map((a) => a.title)));
    const [change] = add.edit.documentChanges;
    assert.equal(change.textDocument.uri, uriOf(s.file));
    const [edit] = change.edits;
    assert.equal(edit.snippet.kind, 'snippet');
    assert.equal(edit.snippet.value, 'evidence:\n  - title: ${1:<what the sample is>}\n    collected: ${2:2026-10-01}\n    link: ${3:<URL, or path of the evidence file>}$0'.replace(/^/, '\n'));
    assert.ok(!/TODO/.test(edit.snippet.value));
  });
});

describe('without snippet edits', () => {
  let s;
  before(async () => (s = await start(false)));
  after(() => s.c.shutdown());

  test('plain text whose placeholders count as no evidence: missing-evidence stays, placeholder-evidence on title and link', async () => {
    const { actions } = await s.c.actionsFor(s.file, 'missing-evidence');
    const add = actions.find((a) => a.title === 'Add an evidence entry dated today');
    const text = applyWorkspaceEdit(add.edit, new Map([[uriOf(s.file), CONTROL]])).get(uriOf(s.file));
    assert.ok(text.endsWith('evidence:\n  - title: <what the sample is>\n    collected: 2026-10-01\n    link: <URL, or path of the evidence file>\n'), text);
    s.c.open(s.file, text);
    const d = await s.c.nextDiagnostics(s.file, (x) => codes(x).includes('placeholder-evidence'));
    assert.equal(d.filter((x) => x.code === 'placeholder-evidence').length, 2);
    assert.ok(codes(d).includes('missing-evidence'), 'an unfilled entry is no evidence');
    // Filled in: the checks are satisfied.
    s.c.change(s.file, text.replace('<what the sample is>', 'Q3 review sign-off').replace('<URL, or path of the evidence file>', 'https://tickets.example.com/SEC-9'));
    await s.c.nextDiagnostics(s.file, (x) => !codes(x).includes('placeholder-evidence') && !codes(x).includes('missing-evidence'));
  });
});
