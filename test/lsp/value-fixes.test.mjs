// Quick fixes for near misses new users make: an enum value in another case or a synonym, an
// unknown system, a numeric policy version, a criterion id beside the one it was meant to be.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { textAt } from '../helpers/positions.mjs';
import { tempWorkspace } from '../helpers/workspaces.mjs';
import { applyWorkspaceEdit } from '../helpers/edits.mjs';
import { TestClient, uriOf, codes } from '../helpers/lsp.mjs';

const FILES = {
  'attest.yaml': 'framework: tsc-2017\nsystems:\n  - id: vpn\n    name: Corporate VPN\n  - id: okta\n    name: Okta\n',
  'controls/enum.yaml': 'id: E-1\ntitle: Values\nowner: team\nstatus: Implemented\nfrequency: yearly\ncriteria: [CC6.1]\n',
  'controls/system.yaml': 'id: S-1\ntitle: Systems\nowner: team\ncriteria: [CC6.1]\nsystems: [okta, vpm]\n',
  'controls/listed.yaml': 'id: L-1\ntitle: Listed\nowner: team\ncriteria: [CC6.10, CC6.1]\n',
  'policies/version.md': '---\nid: POL-V\ntitle: Versioned\nowner: CISO\nversion: 1.10\ncriteria: [CC6.1]\n---\n# Versioned\n',
};

describe('quick fixes for values', () => {
  let root;
  let c;
  const file = (rel) => path.join(root, rel);

  before(async () => {
    root = tempWorkspace(FILES);
    c = await TestClient.indexed(root);
  });
  after(() => c.shutdown());

  const actionsFor = (rel, code, which) => c.actionsFor(file(rel), code, which);
  /** The text of `rel` after the action titled `title`. */
  function applied(actions, title, rel) {
    const action = actions.find((a) => a.title === title);
    assert.ok(action, `"${title}" offered; got ${JSON.stringify(actions.map((a) => a.title))}`);
    assert.equal(action.kind, 'quickfix');
    return applyWorkspaceEdit(action.edit, new Map([[uriOf(file(rel)), FILES[rel]]])).get(uriOf(file(rel)));
  }
  /** Opens the fixed text and waits for diagnostics satisfying `ok`; closes it again. */
  async function recheck(rel, text, ok) {
    c.open(file(rel), text);
    try {
      return await c.nextDiagnostics(file(rel), ok);
    } finally {
      c.close(file(rel));
    }
  }

  test('`status: Implemented` and `frequency: yearly`: did you mean, and a preferred fix replacing the value', async () => {
    const rel = 'controls/enum.yaml';
    const status = await actionsFor(rel, 'schema', (d) => /`status`/.test(d.message));
    assert.equal(status.diag.message, '`status` must be one of planned, implemented or retired; found `Implemented`. Did you mean implemented?');
    assert.equal(textAt(FILES[rel], status.diag.range), 'Implemented');
    assert.equal(applied(status.actions, 'Change to implemented', rel), FILES[rel].replace('Implemented', 'implemented'));
    assert.ok(status.actions.find((a) => a.title === 'Change to implemented').isPreferred);

    const freq = await actionsFor(rel, 'schema', (d) => /`frequency`/.test(d.message));
    assert.match(freq.diag.message, /found `yearly`\. Did you mean annually\?$/);
    const fixed = applied(freq.actions, 'Change to annually', rel).replace('Implemented', 'implemented');
    assert.equal(fixed, FILES[rel].replace('Implemented', 'implemented').replace('yearly', 'annually'));
    await recheck(rel, fixed, (d) => !codes(d).includes('schema'));
  });

  test('unknown-system: did you mean the closest inventory id, with a fix', async () => {
    const rel = 'controls/system.yaml';
    const { diag, actions } = await actionsFor(rel, 'unknown-system');
    assert.equal(diag.message, 'Unknown system `vpm`: the inventory in attest.yaml does not define it. Did you mean vpn?');
    const fixed = applied(actions, 'Change to vpn', rel);
    assert.equal(fixed, FILES[rel].replace('vpm', 'vpn'));
    await recheck(rel, fixed, (d) => !codes(d).includes('unknown-system'));
  });

  test('`version: 1.10`: numeric-version on the value and a fix quoting it as written', async () => {
    const rel = 'policies/version.md';
    const { diag, actions } = await actionsFor(rel, 'numeric-version');
    assert.equal(diag.severity, 2);
    assert.equal(textAt(FILES[rel], diag.range), '1.10');
    assert.equal(diag.message, '`version: 1.10` is read as the number 1.1: write "1.10" to keep the version as written.');
    const fixed = applied(actions, 'Quote the version: "1.10"', rel);
    assert.equal(fixed, FILES[rel].replace('version: 1.10', 'version: "1.10"'));
    await recheck(rel, fixed, (d) => !codes(d).includes('numeric-version'));
    // The hover of the policy shows the version as written.
    const h = await c.request('textDocument/hover', { textDocument: { uri: uriOf(file(rel)) }, position: { line: 1, character: 5 } });
    assert.match(h.contents.value, /version 1\.10/);
  });

  test('`CC6.10` beside CC6.1: the message says so; removing it is preferred, the CC6 siblings are offered', async () => {
    const rel = 'controls/listed.yaml';
    const { diag, actions } = await actionsFor(rel, 'unknown-criterion');
    assert.equal(diag.message, 'Unknown criterion `CC6.10` in tsc-2017. CC6.1 is already in this list; did you mean another CC6 criterion: CC6.2, CC6.3 or CC6.4?');
    const titles = actions.map((a) => a.title);
    assert.deepEqual(titles.filter((t) => /^Change to/.test(t)), ['Change to CC6.2', 'Change to CC6.3', 'Change to CC6.4']);
    assert.ok(!titles.some((t) => /CC1\.1|CC2\.1/.test(t)), titles.join(' | '));
    const remove = actions.find((a) => a.title === 'Remove CC6.10 (CC6.1 is already listed)');
    assert.ok(remove?.isPreferred, titles.join(' | '));
    assert.equal(actions.filter((a) => a.isPreferred).length, 1);
    const fixed = applied(actions, 'Remove CC6.10 (CC6.1 is already listed)', rel);
    assert.equal(fixed, FILES[rel].replace('[CC6.10, CC6.1]', '[CC6.1]'));
    await recheck(rel, fixed, (d) => !codes(d).includes('unknown-criterion'));
  });
});
