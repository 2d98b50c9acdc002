import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { AttestApi } from '../../../client/src/api';
import type { CoverageNode } from '../../../client/src/coverage/coverageModel';
import { attestApi, coverageWhen, folder, withDeadline } from './helpers';

function ids(nodes: CoverageNode[], out: string[] = []): string[] {
  for (const n of nodes) {
    out.push(n.id);
    ids(n.children, out);
  }
  return out;
}
/** The primary framework's part of the tree as lines (examples/acme-saas has three frameworks: one root each). */
function primaryLines(api: AttestApi, depth = Infinity): string[] {
  const lines = api.coverageNodes(depth + 1);
  const next = lines.findIndex((l, i) => i > 0 && !l.startsWith(' '));
  return lines.slice(1, next < 0 ? lines.length : next).map((l) => l.slice(2));
}
function find(nodes: CoverageNode[], pred: (n: CoverageNode) => boolean): CoverageNode | undefined {
  for (const n of nodes) {
    if (pred(n)) return n;
    const c = find(n.children, pred);
    if (c) return c;
  }
  return undefined;
}

/**
 * Settles once the server has answered the next attest/coverageEntries request (a picker's list)
 * and the picker has its items: the extension host sends a quick pick's changes to the window on
 * a zero-delay timer, which runs before a zero-delay timer set after it.
 */
function entriesShown(api: AttestApi): Promise<void> {
  const client = api.client() as unknown as { sendRequest(...args: unknown[]): Promise<unknown> };
  const send = client.sendRequest;
  return new Promise((resolve) => {
    client.sendRequest = function (this: unknown, ...args: unknown[]) {
      const answer = send.apply(this, args);
      if (args[0] === 'attest/coverageEntries') {
        client.sendRequest = send;
        const handOver = () => setImmediate(() => setTimeout(resolve, 0));
        answer.then(handOver, handOver);
      }
      return answer;
    };
  });
}

export function treeSuite(): void {
  describe('coverage tree view', () => {
    after(async () => {
      await vscode.commands.executeCommand('attest.showAllCriteria');
      await vscode.commands.executeCommand('attest.showOutOfScope');
    });

    it('lists the categories with counts; out-of-scope ones dimmed', async () => {
      const api = await attestApi();
      assert.equal(api.coverageNodes(1).length, 3, 'one root per framework');
      const top = primaryLines(api, 1);
      assert.deepEqual(top, [
        'Security — 26/32 covered, 6 gaps',
        'Availability — 2/3 covered, 1 gap',
        'Processing integrity — not in scope',
        'Confidentiality — 2/2 covered',
        'Privacy — not in scope',
      ]);
      const privacy = api.coverageTree()[0]!.children.find((n) => n.label === 'Privacy')!;
      assert.equal(privacy.color, 'disabledForeground');
    });

    it('groups Security by series, with titles from the catalog', async () => {
      const api = await attestApi();
      const lines = primaryLines(api, 2);
      assert.ok(lines.includes('  CC6 Logical and physical access controls — 7/7 covered'), lines.join('\n'));
      assert.ok(lines.some((l) => /^ {2}CC2 Communication and information — 2\/3 covered, 1 gap$/.test(l)), lines.join('\n'));
    });

    it('shows criteria with status, and the controls and policies mapping them', async () => {
      const api = await attestApi();
      const lines = primaryLines(api);
      assert.ok(lines.includes('    CC2.3 — Communication with external parties · uncovered'), 'CC2.3 uncovered');
      assert.ok(lines.includes('    CC6.4 — Physical access restrictions · excluded'), 'CC6.4 excluded');
      assert.ok(lines.includes('    CC1.5 — Accountability for internal control duties · policy-only'), 'CC1.5 policy-only');
      const cc61 = lines.indexOf('    CC6.1 — Logical access security over protected assets');
      assert.ok(cc61 > 0, 'CC6.1 listed');
      assert.ok(lines.slice(cc61 + 1, cc61 + 12).some((l) => l.startsWith('      AC-03 — Quarterly user access review')), 'AC-03 under CC6.1');
      assert.ok(lines.slice(cc61 + 1, cc61 + 12).includes('      POL-ACCESS — Access Control Policy'), 'POL-ACCESS under CC6.1');
      const node = find(api.coverageTree(), (n) => n.kind === 'criterion' && n.label === 'CC2.3')!;
      assert.match(node.tooltip ?? '', /No control or policy maps this criterion/);
      assert.equal(node.contextValue, 'attest.criterion excludable');
    });

    it('a control node opens its file at the id', async () => {
      const api = await attestApi();
      const ac03 = find(api.coverageTree(), (n) => n.kind === 'control' && n.label === 'AC-03')!;
      assert.ok(ac03.location);
      await vscode.commands.executeCommand('attest.openLocation', ac03.location.uri, ac03.location.range);
      const ed = vscode.window.activeTextEditor!;
      assert.match(ed.document.uri.path, /controls\/access\/AC-03-access-review\.yaml$/);
      assert.equal(ed.document.getText(ed.selection), 'AC-03');
    });

    it('lists every control and policy mapping a criterion in a picker, and opens the one chosen', async () => {
      const api = await attestApi();
      const cc61 = api.coverage()[0]!.payload!.categories.flatMap((c) => c.criteria).find((c) => c.id === 'CC6.1')!;
      const listed = entriesShown(api);
      const shown = Promise.resolve(vscode.commands.executeCommand<vscode.TextEditor | undefined>('attest.showMapped', folder().uri.toString(), { criterion: 'CC6.1' }));
      // Enter picks the first entry once the list has loaded (Enter while loading picks nothing).
      await withDeadline(listed, 'the list of the picker');
      await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
      const ed = await withDeadline(shown, 'the picked control to open');
      assert.ok(ed, 'an editor opened');
      assert.equal(ed.document.getText(ed.selection), cc61.controls[0]!.id);
    });

    it('filters to the gaps and back', async () => {
      const api = await attestApi();
      await vscode.commands.executeCommand('attest.showGaps');
      assert.equal(api.viewState().gapsOnly, true);
      const gaps = primaryLines(api);
      assert.ok(gaps.some((l) => l.includes('CC2.3 — Communication with external parties · uncovered')));
      assert.ok(gaps.some((l) => l.includes('CC7.5 — Recovering from security incidents · planned')));
      assert.ok(!gaps.some((l) => l.includes('CC6.1 —')), 'a covered criterion is hidden');
      assert.ok(!gaps.some((l) => l.startsWith('Privacy')), 'out-of-scope categories are hidden');
      await vscode.commands.executeCommand('attest.showAllCriteria');
      assert.equal(api.viewState().gapsOnly, false);
      assert.ok(api.coverageNodes().some((l) => l.includes('CC6.1 —')));
    });

    it('hides out-of-scope categories with the toggle', async () => {
      const api = await attestApi();
      await vscode.commands.executeCommand('attest.hideOutOfScope');
      assert.deepEqual(primaryLines(api, 1).map((l) => l.split(' — ')[0]), ['Security', 'Availability', 'Confidentiality']);
      await vscode.commands.executeCommand('attest.showOutOfScope');
      assert.equal(primaryLines(api, 1).length, 5);
    });

    it('keeps node ids stable across a refresh (so expansion state survives)', async () => {
      const api = await attestApi();
      const before = ids(api.coverageTree());
      const n = api.refreshCount();
      await vscode.commands.executeCommand('attest.refreshCoverage');
      await coverageWhen((a) => a.refreshCount() > n, 'a refresh');
      assert.deepEqual(ids(api.coverageTree()), before);
      assert.equal(new Set(before).size, before.length, 'ids are unique');
    });

    it('shows the Systems view with the unprotected system marked', async () => {
      const api = await attestApi();
      const systems = api.systemsNodes(1);
      assert.ok(systems.includes('support-desk — unprotected · Zendesk customer support desk'), systems.join('\n'));
      assert.ok(systems.includes('marketing-site — out of scope · Marketing website (hosted WordPress)'), systems.join('\n'));
      assert.ok(systems.some((l) => /^aws-prod — \d+ controls · AWS production/.test(l)), systems.join('\n'));
      assert.ok(api.systemsNodes(2).some((l) => l.startsWith('  AC-01 — ')), 'controls listed under their system');
    });
  });
}
