// `rules:` in attest.yaml over the real server: published severities follow it (live), unknown
// codes get unknown-rule with a quick fix, codes and severities complete, a code's hover explains it.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pos, textAt } from '../helpers/positions.mjs';
import { tempWorkspace } from '../helpers/workspaces.mjs';
import { applyWorkspaceEdit } from '../helpers/edits.mjs';
import { TestClient, uriOf } from '../helpers/lsp.mjs';

const CONFIG = 'framework: tsc-2017\nrules:\n  uncovered-criterion: information\n  missing-owner: off\n  unknown-field: error\n';
const FILES = {
  'attest.yaml': CONFIG,
  'controls/a.yaml': 'id: A-1\ntitle: No owner\ncriteria: [CC6.1]\ncolour: blue\n',
};
const SEVERITY = { error: 1, warning: 2, information: 3, hint: 4 };

describe('rules in the language server', () => {
  let root;
  let c;
  const file = (rel) => path.join(root, rel);

  before(async () => {
    root = tempWorkspace(FILES);
    c = await TestClient.indexed(root);
  });
  after(() => c.shutdown());

  async function complete(text, needle, shift = needle.length) {
    c.open(file('attest.yaml'), text);
    try {
      const res = await c.request('textDocument/completion', { textDocument: { uri: uriOf(file('attest.yaml')) }, position: pos(text, needle, { shift }) });
      return res?.items ?? [];
    } finally {
      c.close(file('attest.yaml'));
    }
  }

  test('published diagnostics carry the configured severities; off codes are not published', async () => {
    const cfg = await c.waitForDiagnostics(file('attest.yaml'), (d) => d.some((x) => x.code === 'uncovered-criterion'));
    const uncovered = cfg.filter((d) => d.code === 'uncovered-criterion');
    assert.equal(uncovered.length, 32);
    assert.ok(uncovered.every((d) => d.severity === SEVERITY.information));
    const a = await c.waitForDiagnostics(file('controls/a.yaml'), (d) => d.length > 0);
    assert.deepEqual(a.map((d) => [d.code, d.severity]), [['unknown-field', SEVERITY.error]]);
  });

  test('editing rules republishes every file at the new severities', async () => {
    const text = 'framework: tsc-2017\nrules:\n  missing-owner: hint\n';
    c.open(file('attest.yaml'), text);
    try {
      const a = await c.nextDiagnostics(file('controls/a.yaml'), (d) => d.some((x) => x.code === 'missing-owner'));
      assert.deepEqual(a.map((d) => [d.code, d.severity]), [['missing-owner', SEVERITY.hint], ['unknown-field', SEVERITY.warning]]);
      const cfg = await c.nextDiagnostics(file('attest.yaml'), (d) => d.some((x) => x.code === 'uncovered-criterion' && x.severity === SEVERITY.warning));
      assert.ok(cfg.filter((d) => d.code === 'uncovered-criterion').every((d) => d.severity === SEVERITY.warning));
    } finally {
      c.close(file('attest.yaml'));
    }
    await c.nextDiagnostics(file('controls/a.yaml'), (d) => d.length === 1 && d[0].code === 'unknown-field');
  });

  test('an unknown code: unknown-rule on the key, and a quick fix renames it to the closest code', async () => {
    const text = 'framework: tsc-2017\nrules:\n  missing-ownr: off\n';
    c.open(file('attest.yaml'), text);
    try {
      const diags = await c.nextDiagnostics(file('attest.yaml'), (d) => d.some((x) => x.code === 'unknown-rule'));
      const diag = diags.find((d) => d.code === 'unknown-rule');
      assert.equal(diag.severity, SEVERITY.warning);
      assert.equal(textAt(text, diag.range), 'missing-ownr');
      assert.equal(diag.message, 'Unknown rule `missing-ownr`: no Attest diagnostic has this code. Did you mean `missing-owner`?');
      const actions = await c.request('textDocument/codeAction', { textDocument: { uri: uriOf(file('attest.yaml')) }, range: diag.range, context: { diagnostics: [diag] } });
      const fix = actions.find((a) => a.title === 'Rename to `missing-owner`');
      assert.ok(fix, JSON.stringify(actions.map((a) => a.title)));
      const fixed = applyWorkspaceEdit(fix.edit, new Map([[uriOf(file('attest.yaml')), text]])).get(uriOf(file('attest.yaml')));
      assert.equal(fixed, text.replace('missing-ownr', 'missing-owner'));
    } finally {
      c.close(file('attest.yaml'));
    }
  });

  test('a locked code cannot be lowered: a schema error with a quick fix back to error', async () => {
    const text = 'rules:\n  duplicate-id: warning\n';
    c.open(file('attest.yaml'), text);
    try {
      const diags = await c.nextDiagnostics(file('attest.yaml'), (d) => d.some((x) => x.code === 'schema'));
      const diag = diags.find((d) => d.code === 'schema');
      assert.equal(textAt(text, diag.range), 'warning');
      assert.match(diag.message, /^`duplicate-id` cannot be lowered to warning: it stays an error/);
      const actions = await c.request('textDocument/codeAction', { textDocument: { uri: uriOf(file('attest.yaml')) }, range: diag.range, context: { diagnostics: [diag] } });
      assert.ok(actions.some((a) => a.title === 'Change to error'), JSON.stringify(actions.map((a) => a.title)));
    } finally {
      c.close(file('attest.yaml'));
    }
  });

  test('completion under rules: the codes not yet set (with their help), then the five severities', async () => {
    const keys = await complete('framework: tsc-2017\nrules:\n  missing-owner: off\n  unc\n', '  unc');
    const labels = keys.map((i) => i.label);
    assert.ok(labels.includes('uncovered-criterion') && labels.includes('stale-evidence'), labels.join(' '));
    assert.ok(!labels.includes('missing-owner'), 'a code already set is not offered again');
    assert.ok(!labels.includes('too-many-problems'));
    assert.ok(!labels.includes('framework'), 'no attest.yaml fields inside rules');
    const item = keys.find((i) => i.label === 'uncovered-criterion');
    assert.equal(item.detail, 'default: warning');
    assert.match(typeof item.documentation === 'string' ? item.documentation : item.documentation.value, /no implemented control covers/);
    assert.equal(item.textEdit.newText, 'uncovered-criterion: ');

    const values = await complete('rules:\n  uncovered-criterion: \n', 'uncovered-criterion: ');
    assert.deepEqual(values.map((i) => i.label), ['error', 'warning', 'information', 'hint', 'off']);
    assert.equal(values.find((i) => i.label === 'warning').detail, 'default');
    const locked = await complete('rules:\n  schema: e\n', 'schema: e');
    assert.deepEqual(locked.map((i) => i.label), ['error']);
  });

  test('hover on a code under rules: what it reports, its default and the severity set here', async () => {
    const text = fs.readFileSync(file('attest.yaml'), 'utf8');
    const h = await c.request('textDocument/hover', { textDocument: { uri: uriOf(file('attest.yaml')) }, position: pos(text, 'uncovered-criterion', { shift: 4 }) });
    assert.ok(h, 'a hover');
    assert.match(h.contents.value, /\*\*uncovered-criterion\*\*: An in-scope criterion that no implemented control covers\./);
    assert.match(h.contents.value, /Default severity: warning · here: \*\*information\*\*/);
    assert.match(h.contents.value, /docs\/diagnostics\.md#uncovered-criterion/);
    assert.equal(textAt(text, h.range), 'uncovered-criterion');
  });
});
