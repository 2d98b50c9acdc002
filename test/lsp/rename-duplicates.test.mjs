// Renaming one definition of a duplicated id (a duplicate-id error) is how a user makes it unique:
// only the definition under the cursor changes; references stay with the id that remains defined.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { pos, textAt } from '../helpers/positions.mjs';
import { tempWorkspace } from '../helpers/workspaces.mjs';
import { applyWorkspaceEdit } from '../helpers/edits.mjs';
import { TestClient, uriOf, codes } from '../helpers/lsp.mjs';

const FILES = {
  'attest.yaml': 'framework: tsc-2017\nsystems:\n  - id: vpn\n    name: Corporate VPN\n  - id: vpn\n    name: Site-to-site VPN\n',
  'controls/a.yaml': 'id: AC-07\ntitle: Offboarding removes VPN access\nowner: it\ncriteria: [CC6.2]\npolicies: [POL-ACCESS]\nsystems: [vpn]\n',
  'controls/b.yaml': 'id: AC-07\ntitle: Network perimeter firewall rules\nowner: net\ncriteria: [CC6.6]\n',
  'controls/register.yaml': 'controls:\n  - id: HR-01\n    title: Background checks\n    owner: people\n    criteria: [CC1.4]\n  - id: HR-01\n    title: Code of conduct\n    owner: people\n    criteria: [CC1.1]\n',
  'policies/access.md': '---\nid: POL-ACCESS\ntitle: Access Control Policy\nowner: CISO\ncriteria: [CC6.1]\n---\n# Access\n',
  'policies/access-copy.md': '---\nid: POL-ACCESS\ntitle: Access Control Policy (old copy)\nowner: CISO\ncriteria: [CC6.1]\n---\n# Access\n',
  'controls/c.yaml': 'id: AC-08\ntitle: Access reviews\nowner: it\ncriteria: [CC6.3]\npolicies: [POL-ACCESS]\n',
};

describe('rename of a duplicated id', () => {
  let root;
  let c;
  const file = (rel) => path.join(root, rel);
  const at = (rel, needle, occurrence = 0) => ({ textDocument: { uri: uriOf(file(rel)) }, position: pos(FILES[rel], needle, { shift: 2, nth: occurrence }) });
  /** The edit as { rel: new text }. */
  const editedFiles = (edit) => {
    const out = {};
    for (const [uri, text] of applyWorkspaceEdit(edit, new Map(), (u) => FILES[path.relative(root, fileURLToPath(u)).split(path.sep).join('/')])) out[path.relative(root, fileURLToPath(uri)).split(path.sep).join('/')] = text;
    return out;
  };

  before(async () => {
    root = tempWorkspace(FILES);
    c = await TestClient.indexed(root);
  });
  after(() => c.shutdown());

  test('a control id in two files: only the definition under the cursor is renamed, and the duplicate is gone', async () => {
    const prep = await c.request('textDocument/prepareRename', at('controls/b.yaml', 'AC-07'));
    assert.equal(textAt(FILES['controls/b.yaml'], prep.range ?? prep), 'AC-07');
    const edit = await c.request('textDocument/rename', { ...at('controls/b.yaml', 'AC-07'), newName: 'NET-01' });
    const out = editedFiles(edit);
    assert.deepEqual(out, { 'controls/b.yaml': FILES['controls/b.yaml'].replace('id: AC-07', 'id: NET-01') });
    c.open(file('controls/b.yaml'), out['controls/b.yaml']);
    try {
      await c.nextDiagnostics(file('controls/a.yaml'), (d) => !codes(d).includes('duplicate-id'));
      await c.nextDiagnostics(file('controls/b.yaml'), (d) => !codes(d).includes('duplicate-id'));
    } finally {
      c.close(file('controls/b.yaml'));
    }
  });

  test('twice in one register: the second entry alone', async () => {
    const rel = 'controls/register.yaml';
    const edit = await c.request('textDocument/rename', { ...at(rel, 'HR-01', 1), newName: 'HR-02' });
    assert.deepEqual(editedFiles(edit), { [rel]: FILES[rel].replace('  - id: HR-01\n    title: Code', '  - id: HR-02\n    title: Code') });
  });

  test('a policy id in two files: that definition only; the controls naming it keep the id that remains defined', async () => {
    const edit = await c.request('textDocument/rename', { ...at('policies/access-copy.md', 'POL-ACCESS'), newName: 'POL-ACCESS-OLD' });
    const out = editedFiles(edit);
    assert.deepEqual(Object.keys(out), ['policies/access-copy.md']);
    assert.match(out['policies/access-copy.md'], /^id: POL-ACCESS-OLD$/m);
    c.open(file('policies/access-copy.md'), out['policies/access-copy.md']);
    try {
      await c.nextDiagnostics(file('policies/access.md'), (d) => !codes(d).includes('duplicate-id'));
      await c.barrier(root);
      const a = c.diagnostics.get(uriOf(file('controls/a.yaml'))) ?? [];
      assert.ok(!codes(a).includes('unknown-policy'), 'POL-ACCESS is still defined by policies/access.md');
    } finally {
      c.close(file('policies/access-copy.md'));
    }
  });

  test('from a reference to a duplicated policy id: refused, saying which definitions to rename', async () => {
    await c.waitForDiagnostics(file('policies/access-copy.md'), (d) => codes(d).includes('duplicate-id'));
    for (const method of ['textDocument/prepareRename', 'textDocument/rename']) {
      await assert.rejects(c.request(method, { ...at('controls/c.yaml', 'POL-ACCESS'), newName: 'POL-X' }), (e) => {
        assert.equal(e.message, 'POL-ACCESS is defined 2 times, so this reference is ambiguous: rename one of its definitions first to make it unique.');
        return true;
      });
    }
  });

  test('a system id twice in the inventory: either entry alone, the controls keep naming the other', async () => {
    const rel = 'attest.yaml';
    for (const occurrence of [0, 1]) {
      const prep = await c.request('textDocument/prepareRename', at(rel, 'vpn', occurrence));
      assert.equal(textAt(FILES[rel], prep.range ?? prep), 'vpn');
      const edit = await c.request('textDocument/rename', { ...at(rel, 'vpn', occurrence), newName: 'vpn-site' });
      const out = editedFiles(edit);
      assert.deepEqual(Object.keys(out), [rel], `entry ${occurrence}`);
      const lines = FILES[rel].split('\n');
      const idLines = lines.map((l, i) => (l === '  - id: vpn' ? i : -1)).filter((i) => i >= 0);
      lines[idLines[occurrence]] = '  - id: vpn-site';
      assert.equal(out[rel], lines.join('\n'));
    }
  });

  test('an id defined once still renames its definition and every reference', async () => {
    const edit = await c.request('textDocument/rename', { ...at('controls/c.yaml', 'AC-08'), newName: 'AC-80' });
    assert.deepEqual(editedFiles(edit), { 'controls/c.yaml': FILES['controls/c.yaml'].replace('AC-08', 'AC-80') });
  });
});
