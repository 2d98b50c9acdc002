// Run on a copy of test/e2e/workspaces/monorepo (ATTEST_E2E_SUITE=monorepo): compliance/acme and
// compliance/beta, two Attest projects with no attest.yaml at the workspace root.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { CoverageNode } from '../../../client/src/coverage/coverageModel';
import type { AttestApi } from '../../../client/src/api';
import { WATCHED_FILES } from '../../../client/src/watchedFiles';
import { attestApi, coverageWhen, DEADLINE_MS, open, wsUri } from './helpers';

const ACME = 'compliance/acme';
const BETA = 'compliance/beta';

/** Resolves once `check` holds, checked every 100 ms (the status bar updates after VS Code's own events). */
async function until(check: () => boolean, what: string, ms = DEADLINE_MS): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function statusOf(api: AttestApi, project: string, criterion: string): string | undefined {
  const p = api.coverage().find((x) => x.name === project);
  return p?.payload?.categories.flatMap((c) => c.criteria).find((c) => c.id === criterion)?.status;
}

function find(nodes: CoverageNode[], pred: (n: CoverageNode) => boolean): CoverageNode | undefined {
  for (const n of nodes) {
    if (pred(n)) return n;
    const c = find(n.children, pred);
    if (c) return c;
  }
  return undefined;
}

async function bothLoaded(): Promise<AttestApi> {
  return coverageWhen((a) => a.coverage().length === 2 && a.coverage().every((p) => !!p.payload), 'coverage of both projects');
}

export function monorepoSuite(): void {
  describe('a monorepo with two projects', () => {
    afterEach(async () => {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    });

    it('activates without an attest.yaml at the root and lists both projects, by name', async () => {
      const api = await bothLoaded();
      assert.deepEqual(api.coverage().map((p) => p.name), [ACME, BETA]);
      assert.equal(vscode.workspace.workspaceFolders?.length, 1, 'one workspace folder holds both');
    });

    it('shows one root per project in the coverage tree and the Systems view', async () => {
      const api = await bothLoaded();
      assert.deepEqual(api.coverageNodes(1), [`${ACME} — 2/33 covered`, `${BETA} — 1/33 covered`]);
      const two = api.coverageNodes(2);
      assert.deepEqual(two.filter((l) => l.startsWith('  Security')), ['  Security — 2/33 covered, 31 gaps', '  Security — 1/33 covered, 32 gaps']);
      const lines = api.coverageNodes();
      const beta = lines.indexOf(`${BETA} — 1/33 covered`);
      assert.ok(lines.slice(beta).includes('        AC-01 — Code of conduct signed at hire'), 'beta lists its own AC-01');
      assert.ok(lines.slice(0, beta).includes('        AC-01 — Single sign-on with MFA'), 'acme lists its own AC-01');
      assert.ok(lines.includes('    CC6 Logical and physical access controls — 2/8 covered, 6 gaps'), 'series titles come from the server');
      // Only acme has an inventory; with several projects its systems still sit under its name.
      assert.deepEqual(api.systemsNodes(2), [`${ACME} — 2 systems, 1 unprotected`, '  acme-app — 1 control · Acme web application', '  acme-db — unprotected · Acme customer database']);
    });

    it("the status bar follows the project of the active editor", async () => {
      const api = await bothLoaded();
      await open(`${BETA}/controls/AC-01-code-of-conduct.yaml`);
      await until(() => api.statusBarText() === `Attest ${BETA} 1/33`, `the status bar to show ${BETA} (shows "${api.statusBarText()}")`);
      assert.equal(api.statusBarProject(), api.coverage()[1]!.uri);
      assert.match(api.statusBarTooltip(), /Other projects: compliance\/acme 2\/33 covered/);
      await open(`${ACME}/controls/AC-01-sso.yaml`);
      await until(() => api.statusBarText() === `Attest ${ACME} 2/33`, `the status bar to show ${ACME} (shows "${api.statusBarText()}")`);
      await open(`${BETA}/attest.yaml`);
      await until(() => api.statusBarText() === `Attest ${BETA} 1/33`, `the status bar to show ${BETA} again (shows "${api.statusBarText()}")`);
    });

    it("the extension's file watcher sees control and policy files in any letter case", async () => {
      const names = ['a.MD', 'b.Yml', 'c.markdown', 'd.YAML'];
      const dir = wsUri('watch-check');
      const seen = new Set<string>();
      const watcher = vscode.workspace.createFileSystemWatcher(WATCHED_FILES);
      watcher.onDidCreate((u) => seen.add(u.path.slice(u.path.lastIndexOf('/') + 1)));
      try {
        await vscode.workspace.fs.createDirectory(dir);
        // A new watcher starts listening a moment after it is created (later on a loaded
        // machine): a probe file is written again until it reports one, then the files under test.
        const probe = vscode.Uri.joinPath(dir, 'probe.yaml');
        const end = Date.now() + DEADLINE_MS;
        while (!seen.has('probe.yaml')) {
          if (Date.now() > end) throw new Error(`the watcher reported no file in ${DEADLINE_MS} ms`);
          await vscode.workspace.fs.writeFile(probe, new Uint8Array());
          await new Promise((r) => setTimeout(r, 1000));
          if (!seen.has('probe.yaml')) await vscode.workspace.fs.delete(probe);
        }
        for (const n of names) await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(dir, n), new Uint8Array());
        await until(() => names.every((n) => seen.has(n)), `create events for ${names.join(', ')} (seen: ${[...seen].join(', ')})`);
      } finally {
        watcher.dispose();
        await vscode.workspace.fs.delete(dir, { recursive: true });
      }
    });

    it('a policy file ending .MD written to disk counts in its own project only', async () => {
      const api = await bothLoaded();
      const dir = wsUri(`${BETA}/policies`);
      const file = vscode.Uri.joinPath(dir, 'CONDUCT.MD');
      assert.equal(statusOf(api, BETA, 'CC1.2'), 'uncovered');
      await vscode.workspace.fs.createDirectory(dir);
      const policy = '---\nid: POL-BOARD\ntitle: Board oversight\nowner: CEO\nversion: "1.0"\nstatus: approved\napproved: 2026-02-01\nreview: annually\ncriteria: [CC1.2]\n---\n# Board oversight\n';
      await vscode.workspace.fs.writeFile(file, new TextEncoder().encode(policy));
      try {
        await coverageWhen((a) => statusOf(a, BETA, 'CC1.2') === 'policy-only', 'the watcher to report the new .MD policy to the server');
        assert.equal(statusOf(api, ACME, 'CC1.2'), 'uncovered', 'the other project is untouched');
      } finally {
        await vscode.workspace.fs.delete(file);
      }
      await coverageWhen((a) => statusOf(a, BETA, 'CC1.2') === 'uncovered', 'the deleted policy to stop counting');
    });

    it('commands work in the project they are given: export, create control from a tree node', async () => {
      const api = await bothLoaded();
      const betaUri = api.coverage()[1]!.uri;
      const target = wsUri('out/beta.md');
      const res = await vscode.commands.executeCommand<vscode.Uri>('attest.exportReport', { project: betaUri, format: 'markdown', target });
      assert.equal(res?.toString(), target.toString());
      const report = new TextDecoder().decode(await vscode.workspace.fs.readFile(target));
      assert.match(report, /Security — 1\/33 covered/, "beta's coverage (acme's is 2/33)");
      assert.doesNotMatch(report, /POL-ACCESS/, "acme's policy is not in beta's report");

      const roots = api.coverageTree();
      const node = find(roots[1]!.children, (n) => n.kind === 'criterion' && n.label === 'CC2.3');
      assert.ok(node?.criterion, "CC2.3 under beta's root");
      assert.equal(node.criterion.project, betaUri);
      // AC-01 is taken in beta (and in acme, which does not matter to beta).
      assert.equal(await vscode.commands.executeCommand('attest.createControl', { project: betaUri, id: 'AC-01' }), undefined);
      const uri = await vscode.commands.executeCommand<vscode.Uri>('attest.createControlForCriterion', { criterion: node.criterion, id: 'AC-02' });
      assert.ok(uri, 'a file was created');
      assert.match(uri.path, /\/compliance\/beta\/controls\/AC-02\.yaml$/);
      assert.match(vscode.window.activeTextEditor!.document.getText(), /^criteria: \[CC2\.3\]$/m);
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
      await vscode.workspace.fs.delete(uri);
    });

    it("the readiness report and the OSCAL export are the given project's, offered in its folder", async () => {
      const api = await bothLoaded();
      const betaUri = api.coverage()[1]!.uri;
      assert.equal(await vscode.commands.executeCommand('attest.openReadinessReport', { project: betaUri }), betaUri);
      const html = api.readinessHtml(betaUri)!;
      assert.match(html, /Code of conduct signed at hire/, "beta's AC-01");
      assert.doesNotMatch(html, /Single sign-on with MFA/, "not acme's AC-01");
      const target = wsUri('out/beta-poam.json');
      const offered: vscode.SaveDialogOptions[] = [];
      const res = await vscode.commands.executeCommand<vscode.Uri>('attest.exportOscal', { project: betaUri, model: 'poam', showSaveDialog: async (o: vscode.SaveDialogOptions) => (offered.push(o), target) });
      assert.equal(res?.toString(), target.toString());
      assert.equal(offered[0]!.defaultUri?.toString(), vscode.Uri.joinPath(wsUri(BETA), 'compliance-beta-oscal-poam.json').toString());
      const poam = JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(target)));
      assert.ok(poam['plan-of-action-and-milestones'], 'a POA&M');
    });
  });
}
