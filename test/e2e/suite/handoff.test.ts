// The auditor's hand-off and Type II commands in a real VS Code, on a copy of examples/acme-saas
// (ATTEST_TODAY=2026-10-01): the readiness report's webview, the OSCAL export through a stubbed
// save dialog, the remediation plan picker and the samples picker.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { AttestApi } from '../../../client/src/api';
import type { PlanResult, SamplesResult } from '../../../server/src/protocol';
import { attestApi, DEADLINE_MS, folder, open, withDeadline, wsUri } from './helpers';

/** Resolves once `check` holds, checked every 100 ms (the panel reloads after the coverage refresh). */
async function until(check: () => boolean, what: string, ms = DEADLINE_MS): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The server's own answer, to compare the commands' output with. */
function ask<R>(api: AttestApi, method: string, params: unknown): Promise<R> {
  return api.client()!.sendRequest<R>(method, params);
}

/** Runs a picker command and presses Enter once its rows are in (Enter picks the first row). */
async function pickFirst(api: AttestApi, command: string, ...args: unknown[]): Promise<vscode.TextEditor | undefined> {
  const shown = new Promise<void>((resolve) => {
    const sub = api.onPickerShown(() => {
      sub.dispose();
      // The extension host sends the picker's rows to the window on a zero-delay timer: let it run first.
      setImmediate(() => setTimeout(resolve, 0));
    });
  });
  const opened = Promise.resolve(vscode.commands.executeCommand<vscode.TextEditor | undefined>(command, ...args));
  await withDeadline(shown, `the rows of ${command}`);
  await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
  return withDeadline(opened, `${command} to open what was picked`);
}

function policiesOf(html: string): string[] {
  return [...html.matchAll(/<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"/gi)].map((m) => m[1]!);
}

const HOSTILE = [
  'id: XSS-01',
  `title: '<script>alert(1)</script> "><img src=x onerror=alert(2)>'`,
  'owner: security-team',
  'status: implemented',
  'frequency: continuous',
  'criteria: [CC6.1]',
  '',
].join('\n');

export function handoffSuite(): void {
  describe("the auditor's hand-off and Type II commands", () => {
    afterEach(async () => {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    });

    it('opens the readiness report in a webview that runs no script, under a strict Content-Security-Policy', async () => {
      const api = await attestApi();
      const project = await vscode.commands.executeCommand<string>('attest.openReadinessReport');
      assert.equal(project, api.coverage()[0]!.uri, 'the one project, without asking');
      const html = api.readinessHtml(project)!;
      assert.match(html, /readiness report as of 2026-10-01/);
      for (const section of ['Scope', 'Coverage', 'Controls', 'Evidence', 'Policies', 'Remediation plan']) assert.match(html, new RegExp(`<h2[^>]*>${section}</h2>`), section);
      const policies = policiesOf(html);
      assert.ok(policies.length >= 1, 'a Content-Security-Policy meta');
      assert.ok(policies.some((p) => /^default-src 'none'; style-src 'unsafe-inline'/.test(p)), `a strict policy (${policies.join(' | ')})`);
      assert.doesNotMatch(html, /<script|<link|<iframe|\ssrc="https?:/i, 'nothing runs, nothing loads');
      // The window tells the extension host about new tabs a moment later.
      const tab = () => vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.label === 'Readiness: acme-saas');
      await until(() => !!tab(), 'the tab "Readiness: acme-saas"');
      assert.ok(tab()!.input instanceof vscode.TabInputWebview, 'a webview tab');
    });

    it('shows markup from a control file as text, and follows the files as they change', async () => {
      const api = await attestApi();
      await vscode.commands.executeCommand('attest.openReadinessReport');
      assert.doesNotMatch(api.readinessHtml()!, /XSS-01/);
      const file = wsUri('controls/zz-hostile.yaml');
      await vscode.workspace.fs.writeFile(file, new TextEncoder().encode(HOSTILE));
      try {
        await until(() => api.readinessHtml()!.includes('XSS-01'), 'the report to list the new control');
        const html = api.readinessHtml()!;
        assert.match(html, /&lt;script&gt;alert\(1\)&lt;\/script&gt; &quot;&gt;&lt;img src=x onerror=alert\(2\)&gt;/, 'the title as text');
        assert.doesNotMatch(html, /<script|<img/i, 'no element from the file');
        assert.ok(policiesOf(html).length >= 1, 'still under the policy');
      } finally {
        await vscode.workspace.fs.delete(file);
      }
      await until(() => !api.readinessHtml()!.includes('XSS-01'), 'the report to drop the deleted control');
    });

    for (const [model, root] of [['component', 'component-definition'], ['poam', 'plan-of-action-and-milestones'], ['catalog', 'catalog']] as const) {
      it(`exports the OSCAL ${root} where the save dialog says, as the server answered it`, async () => {
        const api = await attestApi();
        const target = wsUri(`out/export-${model}.json`);
        const offered: vscode.SaveDialogOptions[] = [];
        const showSaveDialog = async (o: vscode.SaveDialogOptions) => (offered.push(o), target);
        const res = await vscode.commands.executeCommand<vscode.Uri>('attest.exportOscal', { model, showSaveDialog });
        assert.equal(res?.toString(), target.toString());
        assert.equal(offered.length, 1, 'asked once');
        assert.equal(offered[0]!.defaultUri?.toString(), vscode.Uri.joinPath(folder().uri, `acme-saas-oscal-${model}.json`).toString(), 'offered in the project folder');
        assert.deepEqual(offered[0]!.filters, { 'OSCAL JSON': ['json'] });
        const written = new TextDecoder().decode(await vscode.workspace.fs.readFile(target));
        const answer = await ask<{ content: string }>(api, 'attest/report', { project: api.coverage()[0]!.uri, format: `oscal-${model}` });
        assert.equal(written, answer.content, "the file holds the server's answer");
        assert.deepEqual(Object.keys(JSON.parse(written)), [root]);
      });
    }

    it('writes nothing when the save dialog is cancelled', async () => {
      const before = (await vscode.workspace.fs.readDirectory(folder().uri)).map(([n]) => n).sort();
      const res = await vscode.commands.executeCommand('attest.exportOscal', { model: 'poam', showSaveDialog: async () => undefined });
      assert.equal(res, undefined);
      assert.deepEqual((await vscode.workspace.fs.readDirectory(folder().uri)).map(([n]) => n).sort(), before);
    });

    it('lists the remediation plan, overdue first, and opens the item picked at its range', async () => {
      const api = await attestApi();
      const plan = await ask<PlanResult>(api, 'attest/plan', { project: api.coverage()[0]!.uri });
      const overdue = plan.items.filter((i) => i.overdue);
      assert.ok(overdue.length > 0, 'the example has overdue items as of 2026-10-01');
      const ed = await pickFirst(api, 'attest.showPlan');
      const lines = api.lastPicker()!.lines;
      assert.equal(lines[0], `-- Overdue (${overdue.length})`);
      assert.equal(lines[overdue.length + 1], `-- Open (${plan.items.length - overdue.length})`);
      const rows = lines.filter((l) => !l.startsWith('-- '));
      assert.equal(rows.length, plan.items.length, 'every item');
      assert.ok(rows.slice(0, overdue.length).every((l) => / · overdue since \d{4}-\d{2}-\d{2}/.test(l)), 'overdue items first');
      const first = overdue.sort((a, b) => (a.due ?? '').localeCompare(b.due ?? ''))[0]!;
      assert.ok(rows[0]!.includes(` ${first.id} — `), `the earliest overdue item first (${rows[0]})`);
      assert.ok(ed, 'an editor opened');
      assert.equal(ed.document.uri.toString(), vscode.Uri.parse(first.uri!).toString());
      const r = first.range!;
      assert.deepEqual([ed.selection.start.line, ed.selection.start.character, ed.selection.end.line, ed.selection.end.character], [r.start.line, r.start.character, r.end.line, r.end.character]);
    });

    it('lists the Type II samples of the open control, evidenced or not, and opens the control', async () => {
      const api = await attestApi();
      const doc = (await open('controls/access/AC-03-access-review.yaml')).document;
      const samples = await ask<SamplesResult>(api, 'attest/samples', { uri: doc.uri.toString() });
      assert.deepEqual(samples.controls.map((c) => c.id), ['AC-03']);
      const drawn = samples.controls[0]!.selected;
      assert.ok(drawn.length > 0, 'quarters of 2026 have ended by 2026-10-01');
      const ed = await pickFirst(api, 'attest.showSamples');
      const shown = api.lastPicker()!;
      assert.equal(shown.title, 'Attest: Type II samples of AC-03 (seed 1)');
      const c = samples.controls[0]!;
      assert.equal(shown.lines[0], `-- AC-03: quarterly, ${c.size} of ${c.population} intervals drawn`);
      assert.deepEqual(
        shown.lines.slice(1),
        drawn.map((s) => (s.evidenced ? `$(pass) ${s.start} to ${s.end} — AC-03 · evidenced` : `$(error) ${s.start} to ${s.end} — AC-03 · no evidence: add an entry dated inside it`)),
      );
      assert.ok(ed, 'an editor opened');
      assert.equal(ed.document.getText(ed.selection), 'AC-03');
    });

    it('says why a file has no samples instead of showing an empty list', async () => {
      const api = await attestApi();
      await open('policies/access-control.md');
      const said = new Promise<void>((resolve) => {
        const sub = api.onPickerShown(() => (sub.dispose(), resolve()));
      });
      const res = await vscode.commands.executeCommand('attest.showSamples');
      await withDeadline(said, 'the samples command to answer');
      assert.equal(res, undefined);
      assert.match(api.lastPicker()!.placeholder, /^policies\/access-control\.md defines no implemented control with a periodic frequency/);
    });
  });
}
