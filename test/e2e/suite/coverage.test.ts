import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { attestApi, coverageWhen, criterionStatus, open, positionOf, revert, undoUntil, wsUri } from './helpers';

const AC03 = 'controls/access/AC-03-access-review.yaml';

export function coverageSuite(): void {
  describe('coverage follows edits', () => {
    before(async () => {
      await attestApi();
    });
    after(async () => {
      await revert(wsUri(AC03));
      await revert(wsUri('attest.yaml'));
    });

    it('mapping an uncovered criterion covers it: tree, status bar, then back on undo', async () => {
      const api = await attestApi();
      assert.equal(criterionStatus(api, 'CC2.3'), 'uncovered');
      await revert(wsUri(AC03)); // start from the file on disk, whatever earlier suites left open
      const ed = await open(AC03);
      const doc = ed.document;
      const original = doc.getText();
      assert.ok(original.includes('CC6.3]'), `AC-03 as found (dirty: ${doc.isDirty}, active: ${vscode.window.activeTextEditor?.document.uri.path}):\n${original}`);
      const at = positionOf(doc, 'CC6.3]', 'CC6.3'.length);
      await ed.edit((b) => b.insert(at, ', CC2.3'));
      await coverageWhen((a) => criterionStatus(a, 'CC2.3') === 'covered', 'CC2.3 to become covered');
      assert.equal(api.statusBarText(), 'Attest 31/37');
      const lines = api.coverageNodes(); // under the primary framework's root (the example has three)
      const i = lines.indexOf('      CC2.3 — Communication with external parties');
      assert.ok(i > 0, 'the tree shows CC2.3 covered');
      assert.ok(lines[i + 1]!.startsWith('        AC-03 — '), 'with AC-03 under it');
      assert.ok(lines.includes('    CC2 Communication and information — 3/3 covered'));
      await vscode.window.showTextDocument(doc);
      await undoUntil(doc, original);
      await coverageWhen((a) => criterionStatus(a, 'CC2.3') === 'uncovered', 'CC2.3 to be uncovered again');
      assert.equal(api.statusBarText(), 'Attest 30/37');
    });

    it('excluding a criterion from the tree edits attest.yaml; undo reverts it', async () => {
      const api = await attestApi();
      const doc = await vscode.workspace.openTextDocument(wsUri('attest.yaml'));
      const original = doc.getText();
      const ok = await vscode.commands.executeCommand('attest.excludeCriterion', { criterion: 'CC3.3', folder: vscode.workspace.workspaceFolders![0]!.uri.toString() }, { reason: 'Fraud risk is assessed by the parent company: see its report.' });
      assert.equal(ok, true);
      assert.match(doc.getText(), /- criterion: CC3\.3\n {4}reason: "Fraud risk is assessed by the parent company: see its report\."\n/);
      assert.ok(doc.getText().startsWith(original.slice(0, original.indexOf('\n# The system description'))), 'appended inside exclude:');
      await coverageWhen((a) => criterionStatus(a, 'CC3.3') === 'excluded', 'CC3.3 to become excluded');
      assert.equal(api.statusBarText(), 'Attest 30/36');
      assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), doc.uri.toString(), 'attest.yaml is shown');
      await undoUntil(doc, original);
      await coverageWhen((a) => criterionStatus(a, 'CC3.3') === 'uncovered', 'CC3.3 uncovered again');
    });
  });
}
