// Several frameworks in a real VS Code, on examples/acme-saas (tsc-2017, iso27001-2022 and
// nist-csf-2.0, with its own crosswalks): the coverage view's framework roots (another framework's
// categories fetched once its root is expanded), the crosswalk on hover, and the "Also map" code
// action applied as a workspace edit that undo reverts.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { AttestApi } from '../../../client/src/api';
import { attestApi, coverageWhen, open, positionOf, revert, undoUntil, wsUri } from './helpers';

const AC01 = 'controls/access/AC-01-sso-mfa.yaml';

/** A criterion's status in one of the project's frameworks, from the last coverage answer (undefined while not fetched). */
function statusIn(api: AttestApi, framework: string, id: string): string | undefined {
  const payload = api.coverage()[0]?.payload;
  // The primary's categories are the top level's (its entry in `frameworks` carries its totals only).
  const categories = framework === payload?.framework ? payload.categories : payload?.frameworks?.find((f) => f.id === framework)?.categories;
  return categories?.flatMap((c) => c.criteria).find((c) => c.id === id)?.status;
}

/** Expands the ISO root of the coverage view, as a click does; resolves once its categories have come. */
async function expandIso(api: AttestApi): Promise<void> {
  const iso = api.coverageTree().find((n) => n.id.endsWith('/framework:iso27001-2022'));
  assert.ok(iso, 'an ISO root');
  await api.expandCoverageNode(iso.id);
  await coverageWhen((a) => statusIn(a, 'iso27001-2022', 'A.7.4') !== undefined, 'the ISO categories');
}

/** The code actions at a position, asked again while VS Code cancels requests overtaken by newer state. */
async function actionsAt(doc: vscode.TextDocument, at: vscode.Position, ok: (a: vscode.CodeAction[]) => boolean): Promise<vscode.CodeAction[]> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const got = await Promise.resolve(vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, new vscode.Range(at, at))).catch(() => [] as vscode.CodeAction[]);
    if (ok(got ?? []) || Date.now() > deadline) return got ?? [];
    await new Promise((r) => setTimeout(r, 500));
  }
}

export function frameworksSuite(): void {
  describe('several frameworks', () => {
    after(async () => {
      await revert(wsUri(AC01));
    });

    it('the coverage view has one root per framework, the primary first and expanded', async () => {
      const api = await attestApi();
      const roots = api.coverageTree();
      assert.deepEqual(roots.map((n) => [n.kind, n.label.split(' ')[0], n.expanded]), [
        ['framework', 'Trust', true],
        ['framework', 'ISO/IEC', false],
        ['framework', 'NIST', false],
      ]);
      assert.match(roots[1]!.description ?? '', /^iso27001-2022 · 7\/92 covered, 85 gaps$/);
      assert.match(api.statusBarTooltip(), /Other frameworks: ISO\/IEC 27001:2022 Annex A \(`iso27001-2022`\) 7\/92 covered/);
    });

    it('another framework\'s categories are fetched when its root is expanded, and dropped when collapsed', async () => {
      const api = await attestApi();
      const nist = api.coverage()[0]?.payload?.frameworks?.[2];
      assert.equal(nist?.categories, undefined, 'a collapsed root: its totals only');
      assert.equal(nist?.totals.covered, 5);
      await expandIso(api);
      assert.equal(statusIn(api, 'iso27001-2022', 'A.7.4'), 'excluded');
      const iso = api.coverageTree()[1]!;
      assert.match(iso.description ?? '', /^iso27001-2022 · 7\/92 covered, 85 gaps$/, 'the same count from the categories');
      assert.deepEqual(iso.children.map((n) => n.label), ['Organizational controls', 'People controls', 'Physical controls', 'Technological controls']);
      assert.equal(api.coverage()[0]?.payload?.frameworks?.[2]?.categories, undefined, 'NIST stays collapsed');
      await vscode.commands.executeCommand('workbench.actions.treeView.attest.coverage.collapseAll');
      await coverageWhen((a) => statusIn(a, 'iso27001-2022', 'A.7.4') === undefined, 'the ISO categories to be dropped');
      assert.ok(api.coverageTree()[0]!.children.length > 0, 'the primary\'s categories stay');
    });

    it('hover on a criterion lists what the crosswalks relate it to', async () => {
      await revert(wsUri(AC01));
      const ed = await open(AC01);
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', ed.document.uri, positionOf(ed.document, 'CC6.1]', 2));
      const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
      assert.match(text, /- intersects-with \*\*A\.8\.5\*\* \(iso27001-2022\) Secure authentication/);
      assert.match(text, /- intersects-with \*\*PR\.AA-03\*\* \(nist-csf-2\.0\)/);
    });

    it('"Also map A.8.5 (iso27001-2022)" turns the list into the mapping form and covers A.8.5; undo reverts it', async () => {
      const api = await attestApi();
      await expandIso(api); // so the tree follows the ISO statuses after each edit
      assert.equal(statusIn(api, 'iso27001-2022', 'A.8.5'), 'uncovered');
      await revert(wsUri(AC01));
      const ed = await open(AC01);
      const doc = ed.document;
      const original = doc.getText();
      const title = 'Also map A.8.5 (iso27001-2022)';
      const actions = await actionsAt(doc, positionOf(doc, 'AC-01', 2), (a) => a.some((x) => x.title === title));
      const action = actions.find((a) => a.title === title);
      assert.ok(action?.edit, `offered with a workspace edit; got ${actions.map((a) => a.title).join(' | ')}`);
      assert.ok(await vscode.workspace.applyEdit(action.edit));
      assert.ok(doc.getText().includes('criteria:\n  tsc-2017: [CC6.1]\n  iso27001-2022: [A.8.5]\n'), doc.getText());
      await coverageWhen((a) => statusIn(a, 'iso27001-2022', 'A.8.5') === 'covered', 'A.8.5 to become covered');
      assert.equal(statusIn(api, 'tsc-2017', 'CC6.1'), 'covered', 'SOC 2 keeps its mapping');
      await vscode.window.showTextDocument(doc);
      await undoUntil(doc, original);
      await coverageWhen((a) => statusIn(a, 'iso27001-2022', 'A.8.5') === 'uncovered', 'A.8.5 uncovered again');
    });
  });
}
