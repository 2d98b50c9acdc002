// Code lens over each control (what it maps, how covered) and over attest.yaml's categories and systems.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROOT } from '../helpers/paths.mjs';
import { textAt } from '../helpers/positions.mjs';
import { tempCopy } from '../helpers/workspaces.mjs';
import { TestClient, uriOf } from '../helpers/lsp.mjs';

describe('code lens', () => {
  let root;
  let c;
  const file = (rel) => path.join(root, rel);
  const read = (rel) => fs.readFileSync(file(rel), 'utf8');
  const lenses = (rel) => c.request('textDocument/codeLens', { textDocument: { uri: uriOf(file(rel)) } });
  const title = (l) => l.command?.title ?? '';

  before(async () => {
    root = tempCopy(path.join(ROOT, 'examples/acme-saas'));
    c = await TestClient.indexed(root);
  });
  after(() => c.shutdown());

  test('one lens over each control of a register, on its id, saying how many criteria it maps and their coverage', async () => {
    const rel = 'controls/hr-register.yaml';
    const text = read(rel);
    const ls = await lenses(rel);
    const ids = [...text.matchAll(/^ {2}- id: (\S+)/gm)].map((m) => m[1]);
    assert.deepEqual(ls.map((l) => textAt(text, l.range)), ids);
    for (const l of ls) assert.ok(l.command, 'resolved lenses (the server has no resolve step)');
    // HR-03 maps CC1.4 and CC2.2, both covered.
    const hr3 = ls.find((l) => textAt(text, l.range) === 'HR-03');
    assert.match(title(hr3), /\b2 criteria\b/);
    assert.match(title(hr3), /2 covered/);
  });

  test('a control mapping an excluded-out-of-scope mix, and one mapping nothing, say so', async () => {
    const f = file('controls/lens.yaml');
    const text = 'controls:\n  - id: L-1\n    title: Mixed\n    owner: me\n    criteria: [CC6.1, P1.1, CC3.4]\n  - id: L-2\n    title: Nothing\n    owner: me\n';
    c.open(f, text);
    await c.nextDiagnostics(f, (d) => d.some((x) => x.code === 'unmapped-control'));
    const ls = await c.request('textDocument/codeLens', { textDocument: { uri: uriOf(f) } });
    assert.equal(ls.length, 2);
    const [l1, l2] = ls;
    assert.equal(textAt(text, l1.range), 'L-1');
    assert.match(title(l1), /\b3 criteria\b/);
    assert.match(title(l1), /covered/);
    assert.match(title(l1), /out of scope/);
    assert.match(title(l2), /no criteri/);
    c.close(f);
  });

  test('over each in-scope category of attest.yaml: covered / in scope, matching attest/coverage; over each in-scope system', async () => {
    const text = read('attest.yaml');
    const cov = await c.coverage();
    const ls = await lenses('attest.yaml');
    for (const cat of cov.categories.filter((x) => x.inScope)) {
      const l = ls.find((x) => textAt(text, x.range) === cat.id);
      assert.ok(l, `a lens on ${cat.id}`);
      const covered = cat.criteria.filter((x) => x.status === 'covered').length;
      const total = cat.criteria.filter((x) => x.status !== 'excluded').length;
      assert.match(title(l), new RegExp(`\\b${covered}/${total}\\b`), `${cat.id}: ${title(l)}`);
    }
    for (const id of ['okta', 'aws-prod', 'workforce']) {
      const l = ls.find((x) => textAt(text, x.range) === id);
      assert.ok(l, `a lens on system ${id}`);
      assert.match(title(l), /protected by \d+ control/);
    }
    assert.ok(!ls.some((x) => textAt(text, x.range) === 'marketing-site'), 'no lens over an out-of-scope system');
  });

  test('lenses follow edits: uncovering a criterion lowers its category\'s count', async () => {
    const text = read('attest.yaml');
    const before = title((await lenses('attest.yaml')).find((x) => textAt(text, x.range) === 'availability'));
    const [, covered, total] = /(\d+)\/(\d+)/.exec(before).map(Number);
    // OPS-05 and OPS-07 map A1.x; remove the availability criteria from every control that maps A1.1.
    const cov = await c.coverage();
    const a11 = cov.categories.find((x) => x.id === 'availability').criteria.find((x) => x.id === 'A1.1');
    assert.equal(a11.status, 'covered');
    const opened = [];
    for (const ctl of a11.controls) {
      const p = new URL(ctl.uri).pathname;
      const t = fs.readFileSync(p, 'utf8');
      c.open(p, t.replace(/\bA1\.1\b/g, 'CC7.2'));
      opened.push(p);
    }
    await c.nextDiagnostics(file('attest.yaml'), (d) => d.some((x) => x.code === 'uncovered-criterion' && /^A1\.1 /.test(x.message)));
    const after = title((await lenses('attest.yaml')).find((x) => textAt(text, x.range) === 'availability'));
    assert.match(after, new RegExp(`\\b${covered - 1}/${total}\\b`), after);
    for (const p of opened) c.close(p);
  });
});
