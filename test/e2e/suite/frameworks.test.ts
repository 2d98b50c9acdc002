// Several frameworks in a real VS Code, on examples/acme-saas (tsc-2017, iso27001-2022 and
// nist-csf-2.0, with its own crosswalks): the coverage view's framework roots, the crosswalk on
// hover, and the "Also map" code action applied as a workspace edit that undo reverts.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { AttestApi } from '../../../client/src/api';
import { attestApi, coverageWhen, open, positionOf, revert, undoUntil, wsUri } from './helpers';

const AC01 = 'controls/access/AC-01-sso-mfa.yaml';

/** A criterion's status in one of the project's frameworks, from the last coverage answer. */
function statusIn(api: AttestApi, framework: string, id: string): string | undefined {
  const fw = api.coverage()[0]?.payload?.frameworks?.find((f) => f.id === framework);
  return fw?.categories.flatMap((c) => c.criteria).find((c) => c.id === id)?.status;
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
      assert.equal(statusIn(api, 'iso27001-2022', 'A.7.4'), 'excluded');
      assert.match(api.statusBarTooltip(), /Other frameworks: ISO\/IEC 27001:2022 Annex A \(`iso27001-2022`\) 7\/92 covered/);
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
