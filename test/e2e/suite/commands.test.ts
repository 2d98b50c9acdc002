import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { State } from 'vscode-languageclient/node';
import { attestApi, coverageWhen, positionOf, when, wsUri } from './helpers';

async function read(uri: vscode.Uri): Promise<string> {
  return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
}

export function commandsSuite(): void {
  describe('commands', () => {
    before(async () => {
      await attestApi();
    });
    afterEach(async () => {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    });

    for (const [format, ext, expect] of [
      ['markdown', 'md', /CC2\.3/],
      ['html', 'html', /<html[\s\S]*CC2\.3/i],
      ['csv', 'csv', /CC2\.3/],
    ] as const) {
      it(`exports the coverage report as ${format}`, async () => {
        const target = wsUri(`out/report.${ext}`);
        const res = await vscode.commands.executeCommand<vscode.Uri>('attest.exportReport', { format, target });
        assert.equal(res?.toString(), target.toString());
        assert.match(await read(target), expect);
      });
    }

    it('creates a control for a criterion from the control snippet', async () => {
      const api = await attestApi();
      const folder = vscode.workspace.workspaceFolders![0]!.uri.toString();
      const node = { criterion: { id: 'CC4.2', title: 'Reporting and fixing control deficiencies', folder } };
      const uri = await vscode.commands.executeCommand<vscode.Uri>('attest.createControlForCriterion', { ...node, id: 'GOV-10' });
      assert.ok(uri, 'a file was created');
      assert.match(uri.path, /controls\/GOV-10\.yaml$/);
      const ed = vscode.window.activeTextEditor!;
      assert.equal(ed.document.uri.toString(), uri.toString());
      const text = ed.document.getText();
      assert.match(text, /^id: GOV-10$/m);
      assert.match(text, /^criteria: \[CC4\.2\]$/m);
      assert.match(text, /^title: /m);
      await ed.document.save();
      await coverageWhen((a) => a.coverage()[0]!.payload!.categories.some((c) => c.criteria.some((x) => x.id === 'CC4.2' && x.controls.some((k) => k.id === 'GOV-10'))), 'GOV-10 to map CC4.2');
      assert.ok(api.coverageNodes().some((l) => l.startsWith('        GOV-10 — ')), 'under CC4.2, under the primary framework');
      // Unmap it again before deleting: VS Code keeps a document an extension opened alive for a
      // while after its editor closes, and the server trusts open documents over the disk.
      const line = ed.document.lineAt(positionOf(ed.document, 'criteria: [CC4.2]').line);
      await ed.edit((b) => b.replace(line.range, 'criteria: []'));
      await ed.document.save();
      await coverageWhen((a) => !a.coverageNodes().some((l) => l.startsWith('        GOV-10 — ')), 'GOV-10 to map nothing');
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
      await vscode.workspace.fs.delete(uri);
    });

    it('refuses a control id that is already taken', async () => {
      const folder = vscode.workspace.workspaceFolders![0]!.uri.toString();
      const res = await vscode.commands.executeCommand('attest.createControl', { folder, id: 'AC-03' });
      assert.equal(res, undefined);
    });

    it('creates a policy from a template', async () => {
      const folder = vscode.workspace.workspaceFolders![0]!.uri.toString();
      const uri = await vscode.commands.executeCommand<vscode.Uri>('attest.createPolicy', { folder, template: 'attest-policy-access', path: 'policies/new-access.md' });
      assert.ok(uri);
      const text = vscode.window.activeTextEditor!.document.getText();
      assert.match(text, /^---\nid: POL-/);
      assert.match(text, /^criteria: \[CC6\./m);
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
      await vscode.workspace.fs.delete(uri);
    });

    it('shows the coverage view and the output', async () => {
      await vscode.commands.executeCommand('attest.showCoverage');
      await vscode.commands.executeCommand('attest.showOutput');
    });

    it('restarts the language server and gets coverage again', async () => {
      const api = await attestApi();
      const before = api.client();
      await vscode.commands.executeCommand('attest.restartServer');
      assert.notEqual(api.client(), before, 'a new client');
      assert.equal(api.client()!.isRunning(), true);
      const n = api.refreshCount();
      await vscode.commands.executeCommand('attest.refreshCoverage');
      await coverageWhen((a) => a.refreshCount() > n && !!a.coverage()[0]!.payload, 'coverage after the restart');
      assert.equal(api.statusBarText(), 'Attest 30/37');
    });

    it('a refresh asked for while the old server has stopped but the new one is not yet started waits for the new one', async () => {
      const api = await attestApi();
      const old = api.client()!;
      // Asked for the moment the old client reports itself stopped, while the restart still
      // disposes of it: the request must go to the new server, not wait on the old one for ever.
      const asked = new Promise<unknown>((resolve) => {
        const d = old.onDidChangeState((e) => {
          if (e.newState !== State.Stopped) return;
          d.dispose();
          resolve(vscode.commands.executeCommand('attest.refreshCoverage'));
        });
      });
      const n = api.refreshCount();
      await vscode.commands.executeCommand('attest.restartServer');
      await asked;
      await coverageWhen((a) => a.refreshCount() > n && !!a.coverage()[0]!.payload, 'coverage from the new server');
      assert.notEqual(api.client(), old);
      assert.equal(api.statusBarText(), 'Attest 30/37');
    });

    it('restarts the language server after a crash, and tells the user', async () => {
      const api = await attestApi();
      const client = api.client()!;
      const pidOf = () => (client as unknown as { serverProcess?: { pid?: number } }).serverProcess?.pid;
      const pid = pidOf();
      assert.ok(pid, 'the server runs in its own process');
      const crashes = api.serverCrashes();
      const n = api.refreshCount();
      const back = when(client.onDidChangeState, () => (client.isRunning() && pidOf() && pidOf() !== pid ? true : undefined), 'the server to run again');
      process.kill(pid, 'SIGKILL');
      await back;
      assert.equal(api.serverCrashes(), crashes + 1);
      await coverageWhen((a) => a.refreshCount() > n && !!a.coverage()[0]!.payload, 'coverage from the restarted server');
      assert.equal(api.statusBarText(), 'Attest 30/37');
    });

    it('gives up after 5 crashes in 3 minutes, says so, and comes back on "Restart Language Server"', async () => {
      const api = await attestApi();
      const client = api.client()!;
      const pidOf = () => (client as unknown as { serverProcess?: { pid?: number } }).serverProcess?.pid;
      while (api.serverCrashes() < 4) {
        const pid = pidOf()!;
        const n = api.refreshCount();
        const back = when(client.onDidChangeState, () => (client.isRunning() && pidOf() && pidOf() !== pid ? true : undefined), 'the server to run again');
        process.kill(pid, 'SIGKILL');
        await back;
        // Killed again only once it answers (coverage from it): a server killed while it starts
        // up is a failed start to the client, not a crash it counts and restarts.
        await coverageWhen((a) => a.refreshCount() > n && !!a.coverage()[0]!.payload, 'coverage from the restarted server');
      }
      const down = coverageWhen((a) => (a.coverage()[0]!.error?.includes('crashed 5 times') ? true : false), 'the coverage view to say the server is down');
      process.kill(pidOf()!, 'SIGKILL');
      await down;
      assert.equal(api.serverCrashes(), 5);
      assert.equal(client.isRunning(), false, 'not restarted a 6th time');
      // The status bar hears of it from the same event as the coverage view, perhaps after this test.
      for (const end = Date.now() + 10_000; api.statusBarText() !== 'Attest' && Date.now() < end; ) await new Promise((r) => setTimeout(r, 100));
      assert.equal(api.statusBarText(), 'Attest');
      assert.match(api.statusBarTooltip(), /crashed 5 times in the last 3 minutes/);
      assert.deepEqual(api.coverageNodes(), ['Coverage unavailable']);
      await vscode.commands.executeCommand('attest.restartServer');
      assert.equal(api.client()!.isRunning(), true);
      assert.equal(api.serverCrashes(), 0);
      await coverageWhen((a) => !!a.coverage()[0]!.payload, 'coverage after the manual restart');
      assert.equal(api.statusBarText(), 'Attest 30/37');
    });
  });
}
