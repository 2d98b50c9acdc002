// Rename of control, policy and system ids across the workspace; prepareRename refuses the rest.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ROOT } from '../helpers/paths.mjs';
import { pos, textAt } from '../helpers/positions.mjs';
import { tempCopy, tempWorkspace } from '../helpers/workspaces.mjs';
import { applyWorkspaceEdit } from '../helpers/edits.mjs';
import { TestClient, uriOf, codes } from '../helpers/lsp.mjs';
import { SMALL } from './fixtures.mjs';

describe('rename on the example workspace', () => {
  let root;
  let c;
  const file = (rel) => path.join(root, rel);
  const read = (rel) => fs.readFileSync(file(rel), 'utf8');
  const at = (rel, needle, shift = 1, occurrence = 0) => ({ textDocument: { uri: uriOf(file(rel)) }, position: pos(read(rel), needle, { shift, nth: occurrence }) });
  /** Files of the workspace that mention `word` as a whole token. */
  const mentioning = (word) => {
    const out = [];
    const walk = (dir) => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else if (/\.(ya?ml|md)$/.test(e.name) && new RegExp(`(^|[\\s\\[,'"])${word}([\\s\\],'"]|$)`, 'm').test(fs.readFileSync(p, 'utf8'))) out.push(uriOf(p));
      }
    };
    walk(root);
    return out.sort();
  };
  /** Applies the edit, gives every edited text to the server as the editor would, returns the texts by uri. */
  async function applyAndOpen(edit) {
    const files = applyWorkspaceEdit(edit);
    for (const [uri, text] of files) c.open(fileURLToPath(uri), text);
    await c.barrier(root);
    return files;
  }
  const closeAll = (files) => {
    for (const uri of files.keys()) c.close(fileURLToPath(uri));
  };

  before(async () => {
    root = tempCopy(path.join(ROOT, 'examples/acme-saas'));
    c = await TestClient.indexed(root);
  });
  after(() => c.shutdown());

  test('prepareRename on a control, policy or system id gives its range and current name', async () => {
    const rel = 'controls/access/AC-01-sso-mfa.yaml';
    for (const [needle, shift] of [['AC-01', 2], ['POL-ACCESS', 3], ['okta', 0]]) {
      const r = await c.request('textDocument/prepareRename', at(rel, needle, shift));
      assert.ok(r, needle);
      const range = r.range ?? r;
      assert.equal(textAt(read(rel), range), needle);
      if (r.placeholder !== undefined) assert.equal(r.placeholder, needle);
    }
  });

  test('prepareRename refuses a criterion id and plain text with an error response', async () => {
    const rel = 'controls/access/AC-01-sso-mfa.yaml';
    await assert.rejects(c.request('textDocument/prepareRename', at(rel, 'CC6.1', 2)), (e) => {
      assert.match(e.message, /criterion/i);
      return true;
    });
    await assert.rejects(c.request('textDocument/prepareRename', at(rel, 'Single sign-on', 3)), (e) => typeof e.message === 'string' && e.message.length > 0);
    await assert.rejects(c.request('textDocument/prepareRename', at(rel, 'owner', 2)), /./);
    // And rename itself refuses a criterion.
    await assert.rejects(c.request('textDocument/rename', { ...at(rel, 'CC6.1', 2), newName: 'CC6.9' }), /./);
  });

  test('renaming a policy id edits its definition and every control that names it', async () => {
    const before = mentioning('POL-ACCESS');
    assert.ok(before.length >= 6);
    const edit = await c.request('textDocument/rename', { ...at('controls/access/AC-02-access-provisioning.yaml', 'POL-ACCESS', 2), newName: 'POL-IAM' });
    const edited = Object.keys(edit.changes ?? {}).concat((edit.documentChanges ?? []).map((d) => d.textDocument?.uri)).filter(Boolean).sort();
    assert.deepEqual([...new Set(edited)], before);
    const files = await applyAndOpen(edit);
    for (const [uri, text] of files) {
      assert.ok(!/POL-ACCESS\b/.test(text), uri);
      assert.match(text, /POL-IAM/);
    }
    assert.match(files.get(uriOf(file('policies/access-control.md'))), /^id: POL-IAM$/m);
    // The renamed workspace is consistent: no unknown policy anywhere, and references follow.
    for (const uri of files.keys()) assert.ok(!codes(c.diagnostics.get(uri) ?? []).includes('unknown-policy'), uri);
    const refs = await c.request('textDocument/references', { textDocument: { uri: uriOf(file('policies/access-control.md')) }, position: pos(files.get(uriOf(file('policies/access-control.md'))), 'POL-IAM', { shift: 2 }), context: { includeDeclaration: true } });
    assert.deepEqual([...new Set(refs.map((r) => r.uri))].sort(), before);
    closeAll(files);
  });

  test('renaming a system id edits the inventory in attest.yaml and every control that names it', async () => {
    const edit = await c.request('textDocument/rename', { ...at('attest.yaml', '- id: okta', 7), newName: 'okta-workforce' });
    const files = applyWorkspaceEdit(edit);
    const touched = [...files.keys()].sort();
    assert.deepEqual(touched, mentioning('okta'));
    assert.match(files.get(uriOf(file('attest.yaml'))), /- id: okta-workforce\n/);
    // URLs that merely contain the word are left alone.
    assert.match(files.get(uriOf(file('controls/access/AC-01-sso-mfa.yaml'))), /access\/okta-auth-policy/);
    assert.match(files.get(uriOf(file('controls/access/AC-01-sso-mfa.yaml'))), /systems: \[okta-workforce, aws-prod/);
    await applyAndOpen(edit);
    for (const uri of touched) assert.ok(!codes(c.diagnostics.get(uri) ?? []).includes('unknown-system'), uri);
    assert.ok(!(c.diagnostics.get(uriOf(file('attest.yaml'))) ?? []).some((d) => d.code === 'unprotected-system' && /okta/.test(d.message)));
    closeAll(files);
  });

  test('renaming a control id edits its definition (a register entry too)', async () => {
    const edit = await c.request('textDocument/rename', { ...at('controls/hr-register.yaml', 'HR-03', 2), newName: 'HR-30' });
    const files = applyWorkspaceEdit(edit);
    assert.deepEqual([...files.keys()], [uriOf(file('controls/hr-register.yaml'))]);
    const text = files.get(uriOf(file('controls/hr-register.yaml')));
    assert.equal(text, read('controls/hr-register.yaml').replace('- id: HR-03\n', '- id: HR-30\n'));
  });

  test('rename refuses an id already taken and a name that is not an id', async () => {
    await assert.rejects(c.request('textDocument/rename', { ...at('controls/hr-register.yaml', 'HR-03', 2), newName: 'HR-04' }), /HR-04|exists/);
    await assert.rejects(c.request('textDocument/rename', { ...at('controls/hr-register.yaml', 'HR-03', 2), newName: 'HR 3' }), /./);
  });
});

test('rename keeps the quoting of each occurrence and works from a reference', async () => {
  const files = { ...SMALL, 'controls/b.yaml': SMALL['controls/b.yaml'].replace('[POL-ONE]', '["POL-ONE"]'), 'policies/one.md': SMALL['policies/one.md'].replace('id: POL-ONE', "id: 'POL-ONE'") };
  const root = tempWorkspace(files);
  const c = new TestClient();
  try {
    await c.initialize(root);
    await c.coverage();
    const a = path.join(root, 'controls/a.yaml');
    const edit = await c.request('textDocument/rename', { textDocument: { uri: uriOf(a) }, position: pos(files['controls/a.yaml'], 'POL-ONE', { shift: 3 }), newName: 'POL-1' });
    const out = applyWorkspaceEdit(edit);
    assert.equal(out.get(uriOf(a)), files['controls/a.yaml'].replace('POL-ONE', 'POL-1'));
    assert.equal(out.get(uriOf(path.join(root, 'controls/b.yaml'))), files['controls/b.yaml'].replace('"POL-ONE"', '"POL-1"'));
    assert.equal(out.get(uriOf(path.join(root, 'policies/one.md'))), files['policies/one.md'].replace("'POL-ONE'", "'POL-1'"));
    // An unknown policy id (nothing defines it) cannot be renamed.
    const ghost = 'id: CTL-G\ntitle: G\nowner: me\ncriteria: [CC6.1]\npolicies: [POL-GHOST]\n';
    const g = path.join(root, 'controls/g.yaml');
    c.open(g, ghost);
    await c.nextDiagnostics(g, (d) => codes(d).includes('unknown-policy'));
    await assert.rejects(c.request('textDocument/prepareRename', { textDocument: { uri: uriOf(g) }, position: pos(ghost, 'POL-GHOST', { shift: 2 }) }), /./);
  } finally {
    await c.shutdown();
  }
});
