import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import * as fs from 'node:fs';
import { ROOT } from '../helpers/paths.mjs';
import { pos } from '../helpers/positions.mjs';
import { tempCopy } from '../helpers/workspaces.mjs';
import { TestClient, codes } from '../helpers/lsp.mjs';

test('server indexes the example, answers coverage, and publishes diagnostics as the user types', async () => {
  const root = tempCopy(path.join(ROOT, 'examples/acme-saas'));
  const c = new TestClient();
  try {
    await c.initialize(root);
    const cov = await c.coverage();
    assert.equal(cov.totals.inScope, 38);
    const cfg = path.join(root, 'attest.yaml');
    await c.waitForDiagnostics(cfg, (d) => codes(d).includes('uncovered-criterion'));
    const file = path.join(root, 'controls/access/AC-01-sso-mfa.yaml');
    const text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : null;
    assert.ok(text, 'fixture exists');
    c.open(file, text);
    const bad = text.replace(/CC6\.1/, 'CC6.99');
    c.change(file, bad);
    const diags = await c.nextDiagnostics(file, (d) => codes(d).includes('unknown-criterion'));
    const d = diags.find((x) => x.code === 'unknown-criterion');
    assert.deepEqual(d.range.start, pos(bad, 'CC6.99'));
    const comp = await c.request('textDocument/completion', { textDocument: { uri: 'file://' + file }, position: pos(bad, 'CC6.99', { shift: 3 }) });
    assert.ok(comp.items.some((i) => i.label === 'CC6.1'));
  } finally {
    await c.shutdown();
  }
});
