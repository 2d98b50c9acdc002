// Attest writes nothing on its own: the CLI only reads, and the server only returns edits (quick
// fixes, rename) for the client to apply; it never applies them or touches a file itself.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { EXAMPLE } from '../helpers/paths.mjs';
import { pos } from '../helpers/positions.mjs';
import { snapshotTree, removeDir, tempCopy } from '../helpers/workspaces.mjs';
import { runCli } from '../helpers/cli.mjs';
import { TestClient, uriOf } from '../helpers/lsp.mjs';
import { assertCleanExit, within, serverDeath } from './support/helpers.mjs';

/** The example plus files that draw every kind of quick fix. */
function workspace() {
  const root = tempCopy(EXAMPLE, { name: 'ws' });
  const extra = {
    'controls/zz-fixme.yaml': 'id: ZZ-1\ntitle: Needs fixes\ncriteria: [CC6.1, CC6.1, cc6.2, CC9.99]\npolicies: [POL-NOPE, POL-ACCES]\nsystems: [aws-prodd]\nstatus: planned\nfrequency: monthly\nowner:\n',
    'controls/zz-broken.yaml': 'id: ZZ-2\ntitle: [broken\n',
    'policies/zz-draft.md': '---\nid: POL-ZZ\ntitle: Draft\ncriteria: [CC1.1]\nrevieww: annually\n---\n# Draft\n',
  };
  for (const [rel, text] of Object.entries(extra)) fs.writeFileSync(path.join(root, rel), text);
  return root;
}

describe('nothing is written', () => {
  test('CLI: check, coverage and plan in several formats leave every file (content and mtime) as it was', () => {
    const root = workspace();
    try {
      const before = snapshotTree(root);
      const runs = [
        ...['text', 'json', 'sarif'].map((f) => ['check', '.', '--format', f]),
        ...['html', 'csv'].map((f) => ['coverage', '.', '--format', f]),
        ...['markdown', 'json'].map((f) => ['plan', '.', '--format', f]),
      ];
      for (const args of runs) {
        const r = runCli(args, { cwd: root });
        assertCleanExit(r, args[0] === 'check' ? [1] : [0], args.join(' '));
        assert.ok(r.stdout.length > 0, `${args.join(' ')} printed its report`);
      }
      assert.deepEqual(snapshotTree(root), before);
    } finally {
      removeDir(path.dirname(root));
    }
  });

  test('server: edits, quick fixes, rename and every read request change no file on disk', async () => {
    const root = workspace();
    const before = snapshotTree(root);
    const c = new TestClient();
    const applyRequests = [];
    c.conn.onRequest('workspace/applyEdit', (p) => {
      applyRequests.push(p);
      return { applied: false, failureReason: 'test client' };
    });
    try {
      await c.initialize(root);
      const died = serverDeath(c);
      await within(Promise.race([c.coverage(), died]), 30_000, 'coverage');
      const rels = ['controls/zz-fixme.yaml', 'controls/zz-broken.yaml', 'policies/zz-draft.md', 'attest.yaml', 'controls/access/AC-01-sso-mfa.yaml', 'policies/access-control.md'];
      let fixes = 0;
      let edits = 0;
      for (const rel of rels) {
        const file = path.join(root, rel);
        const text = fs.readFileSync(file, 'utf8');
        const uri = c.open(file, text);
        c.change(file, text + '\n');
        c.change(file, text);
        await c.barrier(root);
        const diags = c.diagnostics.get(uri) ?? [];
        const whole = { start: { line: 0, character: 0 }, end: { line: text.split('\n').length, character: 0 } };
        const actions = await c.request('textDocument/codeAction', { textDocument: { uri }, range: whole, context: { diagnostics: diags } });
        fixes += actions?.length ?? 0;
        for (const a of actions ?? []) edits += Object.keys(a.edit?.changes ?? {}).length + (a.edit?.documentChanges?.length ?? 0);
        for (const d of diags) await c.request('textDocument/codeAction', { textDocument: { uri }, range: d.range, context: { diagnostics: [d] } });
        await c.request('textDocument/codeLens', { textDocument: { uri } });
        await c.request('textDocument/documentSymbol', { textDocument: { uri } });
        await c.request('textDocument/documentLink', { textDocument: { uri } });
        await c.request('textDocument/completion', { textDocument: { uri }, position: { line: 1, character: 0 } });
      }
      assert.ok(fixes > 5 && edits > 5, `quick fixes were offered (${fixes}) with edits (${edits})`);
      // Rename a control id and a policy id: edits come back, nothing is applied.
      const ac01 = path.join(root, 'controls/access/AC-01-sso-mfa.yaml');
      const ac01Text = fs.readFileSync(ac01, 'utf8');
      const renameControl = await c.request('textDocument/rename', { textDocument: { uri: uriOf(ac01) }, position: pos(ac01Text, 'AC-01', { shift: 1 }), newName: 'AC-01X' });
      assert.ok(Object.keys(renameControl.changes).length >= 1);
      const policy = path.join(root, 'policies/access-control.md');
      const policyText = fs.readFileSync(policy, 'utf8');
      await c.request('textDocument/prepareRename', { textDocument: { uri: uriOf(policy) }, position: pos(policyText, 'POL-ACCESS', { shift: 2 }) });
      const renamePolicy = await c.request('textDocument/rename', { textDocument: { uri: uriOf(policy) }, position: pos(policyText, 'POL-ACCESS', { shift: 2 }), newName: 'POL-ACCESS2' });
      assert.ok(Object.keys(renamePolicy.changes).length > 1, 'a policy rename touches the controls that reference it');
      await c.request('workspace/symbol', { query: 'AC' });
      await c.request('attest/plan', {});
      await c.request('attest/report', { format: 'markdown' }).catch(() => null);
      c.watched([[path.join(root, 'controls/zz-fixme.yaml'), 2]]);
      for (const rel of rels) c.close(path.join(root, rel));
      await c.barrier(root);
      assert.deepEqual(applyRequests, [], 'the server never asks the client to apply an edit on its own');
    } finally {
      await c.shutdown();
    }
    try {
      assert.deepEqual(snapshotTree(root), before);
    } finally {
      removeDir(path.dirname(root));
    }
  });
});
