import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { attestApi, codeOf, diagnosticsWhen, open, positionOf, revert, undoUntil, wsUri } from './helpers';

const AC03 = 'controls/access/AC-03-access-review.yaml';

function hoverText(hovers: vscode.Hover[]): string {
  return hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
}

/** The quick fixes at `range` once `ok` holds for them; asks again after each diagnostics change of the file. */
async function quickFixes(doc: vscode.TextDocument, range: vscode.Range, ok: (a: vscode.CodeAction[]) => boolean): Promise<vscode.CodeAction[]> {
  // VS Code cancels a code-action request overtaken by newer document state; the light bulb asks again, so do we.
  const ask = () =>
    Promise.resolve(vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, range, vscode.CodeActionKind.QuickFix.value)).catch((e: Error) => {
      if (e?.message === 'Canceled' || e?.name === 'Canceled') return [] as vscode.CodeAction[];
      throw e;
    });
  let last = await ask();
  const deadline = Date.now() + 20_000;
  while (!ok(last) && Date.now() < deadline) {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, 1000);
      const sub = vscode.languages.onDidChangeDiagnostics((e) => e.uris.some((u) => u.toString() === doc.uri.toString()) && done());
      function done() {
        clearTimeout(timer);
        sub.dispose();
        resolve();
      }
    });
    last = await ask();
  }
  return last;
}

export function languageSuite(): void {
  describe('language server features', () => {
    before(async () => {
      await attestApi();
    });
    afterEach(async () => {
      await revert(wsUri(AC03));
    });

    it('publishes diagnostics for files not open: uncovered-criterion on attest.yaml', async () => {
      const diags = await diagnosticsWhen(wsUri('attest.yaml'), (d) => d.some((x) => codeOf(x) === 'uncovered-criterion'), 'uncovered-criterion on attest.yaml');
      const cc23 = diags.find((d) => codeOf(d) === 'uncovered-criterion' && d.message.includes('CC2.3'));
      assert.ok(cc23, 'CC2.3 is reported uncovered');
      assert.equal(cc23.source, 'attest');
      assert.equal(cc23.severity, vscode.DiagnosticSeverity.Warning);
      const doc = await vscode.workspace.openTextDocument(wsUri('attest.yaml'));
      assert.ok(cc23.range.isSingleLine && !cc23.range.isEmpty, 'the range covers exact text, not the whole file');
      assert.ok(['framework', 'tsc-2017', 'security'].includes(doc.getText(cc23.range)), `range text: ${doc.getText(cc23.range)}`);
    });

    it('completes criterion ids in a criteria list', async () => {
      const ed = await open(AC03);
      const pos = positionOf(ed.document, 'criteria: [CC6.1', 'criteria: ['.length);
      const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', ed.document.uri, pos);
      const labels = list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
      for (const id of ['CC1.1', 'CC2.3', 'CC6.8', 'A1.2', 'C1.1']) assert.ok(labels.includes(id), `completion offers ${id} (got ${labels.slice(0, 12).join(', ')}…)`);
      assert.ok(!labels.includes('POL-ACCESS'), 'no policy ids in a criteria list');
    });

    it('hovers a criterion id with its title', async () => {
      const ed = await open(AC03);
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', ed.document.uri, positionOf(ed.document, 'CC6.1', 2));
      const text = hoverText(hovers);
      assert.match(text, /CC6\.1/);
      assert.match(text, /Logical access security over protected assets/);
    });

    it('goes from a policy id to the policy file', async () => {
      const ed = await open(AC03);
      const locs = await vscode.commands.executeCommand<Array<vscode.Location | vscode.LocationLink>>('vscode.executeDefinitionProvider', ed.document.uri, positionOf(ed.document, 'POL-ACCESS', 3));
      assert.ok(locs.length >= 1, 'a definition');
      const l = locs[0]!;
      const uri = 'targetUri' in l ? l.targetUri : l.uri;
      const range = 'targetUri' in l ? (l.targetSelectionRange ?? l.targetRange) : l.range;
      assert.match(uri.path, /policies\/access-control\.md$/);
      const target = await vscode.workspace.openTextDocument(uri);
      assert.equal(target.getText(range), 'POL-ACCESS');
    });

    it('applies a quick fix for an unknown criterion, and undo reverts it', async () => {
      const ed = await open(AC03);
      const doc = ed.document;
      const original = doc.getText();
      const at = positionOf(doc, 'CC6.3]');
      await ed.edit((b) => b.replace(new vscode.Range(at, at.translate(0, 5)), 'CC6.33'));
      const diags = await diagnosticsWhen(doc.uri, (d) => d.some((x) => codeOf(x) === 'unknown-criterion'), 'unknown-criterion for CC6.33');
      const bad = diags.find((x) => codeOf(x) === 'unknown-criterion')!;
      assert.equal(doc.getText(bad.range), 'CC6.33');
      const actions = await quickFixes(doc, bad.range, (a) => a.some((x) => x.title.startsWith('Change to')));
      const fix = actions.find((a) => a.title === 'Change to CC6.3') ?? actions.find((a) => a.title.startsWith('Change to'));
      assert.ok(fix?.edit, `a quick fix (got ${actions.map((a) => a.title).join('; ')}; diagnostic data ${JSON.stringify((bad as { data?: unknown }).data)})`);
      const edited = doc.getText();
      assert.ok(await vscode.workspace.applyEdit(fix.edit));
      assert.notEqual(doc.getText(), edited, 'the fix changed the text');
      assert.match(doc.lineAt(bad.range.start.line).text, /criteria: \[CC6\.1, CC6\.2, CC6\.\d+\]/);
      await diagnosticsWhen(doc.uri, (d) => !d.some((x) => codeOf(x) === 'unknown-criterion'), 'the unknown-criterion diagnostic to go away');
      await vscode.window.showTextDocument(doc);
      await undoUntil(doc, edited, 3);
      await undoUntil(doc, original, 3);
      // Under load the file was once found saved mid-test (with CC6.33), which later suites then
      // read from disk: put the example's file back as it was, whatever saved it.
      if (doc.isDirty) {
        console.warn(`language suite: ${AC03} was saved during the quick-fix test; restoring it`);
        assert.ok(await doc.save(), `${AC03} restored on disk`);
      }
    });

    it('renames a policy id across the workspace', async () => {
      const ed = await open(AC03);
      const pos = positionOf(ed.document, 'POL-ACCESS', 2);
      const edit = await vscode.commands.executeCommand<vscode.WorkspaceEdit>('vscode.executeDocumentRenameProvider', ed.document.uri, pos, 'POL-ACCESS-CONTROL');
      assert.ok(edit, 'a rename edit');
      const files = edit.entries().map(([u]) => vscode.workspace.asRelativePath(u));
      assert.ok(files.includes('policies/access-control.md'), `renames the definition (files: ${files.join(', ')})`);
      assert.ok(files.includes(AC03), 'renames this reference');
      assert.ok(files.length >= 4, `renames every reference (${files.length} files)`);
      for (const [, edits] of edit.entries()) for (const e of edits) assert.equal(e.newText, 'POL-ACCESS-CONTROL');
    });

    it('offers document symbols and code lenses', async () => {
      const ed = await open('attest.yaml');
      const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', ed.document.uri, 100);
      assert.ok(lenses.length > 0, 'code lenses on attest.yaml');
      const symbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', wsUri(AC03));
      assert.ok(JSON.stringify(symbols.map((s) => s.name)).includes('AC-03'));
    });
  });
}
