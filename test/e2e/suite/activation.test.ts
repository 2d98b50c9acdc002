import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { attestApi, EXTENSION_ID } from './helpers';

export function activationSuite(): void {
  describe('activation', () => {
    it('activates on a workspace with attest.yaml and returns its test API', async () => {
      const ext = vscode.extensions.getExtension(EXTENSION_ID);
      assert.ok(ext, 'the extension is installed');
      const api = await attestApi();
      assert.ok(ext.isActive, 'the extension is active');
      assert.ok(api.client(), 'the language client exists');
      assert.equal(api.client()!.isRunning(), true, 'the language server is running');
    });

    it('contributes its commands', async () => {
      const all = await vscode.commands.getCommands(true);
      for (const c of ['attest.refreshCoverage', 'attest.showCoverage', 'attest.showGaps', 'attest.exportReport', 'attest.createControl', 'attest.createPolicy', 'attest.restartServer', 'attest.showOutput', 'attest.excludeCriterion', 'attest.createControlForCriterion', 'attest.showMapped', 'attest.openReadinessReport', 'attest.exportOscal', 'attest.showPlan', 'attest.showSamples']) {
        assert.ok(all.includes(c), `command ${c} is registered`);
      }
    });

    it('reads its settings per folder with their defaults', () => {
      const cfg = vscode.workspace.getConfiguration('attest', vscode.workspace.workspaceFolders![0]!.uri);
      assert.equal(cfg.get('enable'), true);
      assert.equal(cfg.get('maxProblems'), 100);
      assert.equal(vscode.workspace.getConfiguration('attest').get('trace.server'), 'off', 'trace is a window setting');
    });

    it('shows coverage in the status bar: covered / in scope less excluded', async () => {
      const api = await attestApi();
      const t = api.coverage()[0]!.payload!.totals;
      assert.equal(api.statusBarText(), `Attest ${t.covered}/${t.inScope - t.excluded}`);
      // examples/acme-saas as of ATTEST_TODAY=2026-10-01: 30 of 37 covered, CC2.3 uncovered among the gaps
      assert.equal(api.statusBarText(), 'Attest 30/37');
      assert.match(api.statusBarTooltip(), /CC2\.3/);
      assert.match(api.statusBarTooltip(), /uncovered/);
    });
  });
}
