// Projects anywhere in the tree: a monorepo root with two projects (one nested in the other), files
// in any letter case, attest.yaml created and deleted live, and a server with no workspace folders.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pos } from '../helpers/positions.mjs';
import { tempWorkspace } from '../helpers/workspaces.mjs';
import { TestClient, codes, uriOf } from '../helpers/lsp.mjs';

const CREATED = 1;
const DELETED = 3;
const has = (code, text) => (d) => d.some((x) => x.code === code && (!text || x.message.includes(text)));
const hasNot = (code) => (d) => !d.some((x) => x.code === code);
const statusOf = (cov, id) => cov.categories.flatMap((x) => x.criteria).find((x) => x.id === id).status;
const control = (id, criteria, extra = '') => `id: ${id}\ntitle: Control ${id}\nowner: sec\nstatus: implemented\ncriteria: [${criteria.join(', ')}]\n${extra}`;
const policy = (id, criteria) => `---\nid: ${id}\ntitle: Policy ${id}\nowner: ciso\ncriteria: [${criteria.join(', ')}]\n---\n# ${id}\n`;

/** A monorepo: app code, `compliance/acme` (a project) and `compliance/acme/subsidiary` (a project nested in it). */
const MONOREPO = {
  'package.json': '{ "name": "app" }\n',
  'src/index.md': '# not an Attest file\n',
  'node_modules/lib/attest.yaml': 'framework: tsc-2017\n',
  '.cache/attest.yaml': 'framework: tsc-2017\n',
  'compliance/acme/attest.yaml': 'framework: tsc-2017\ncategories: [security]\n',
  'compliance/acme/controls/AC-01.YML': control('AC-01', ['CC6.1'], 'policies: [POL-VENDOR]\n'),
  'compliance/acme/policies/vendor.markdown': policy('POL-VENDOR', ['CC9.2']),
  'compliance/acme/subsidiary/attest.yaml': 'organization: Acme Payments GmbH\nframework: tsc-2017\ncategories: [security, availability]\n',
  'compliance/acme/subsidiary/controls/AC-01.yaml': control('AC-01', ['A1.2']),
};

describe('a monorepo root with nested projects', () => {
  let root;
  let c;
  const file = (rel) => path.join(root, rel);
  const acme = () => uriOf(file('compliance/acme'));
  const sub = () => uriOf(file('compliance/acme/subsidiary'));
  before(async () => {
    root = tempWorkspace(MONOREPO, { name: 'repo' });
    c = new TestClient();
    await c.initialize(root);
  });
  after(() => c.shutdown());

  test('attest/projects lists each attest.yaml (named by organization, else by path), not those in node_modules or hidden folders', async () => {
    const { projects } = await c.request('attest/projects');
    assert.deepEqual(
      projects.map((p) => [p.uri, p.name, p.framework]),
      [
        [acme(), 'compliance/acme', 'tsc-2017'],
        [sub(), 'Acme Payments GmbH', 'tsc-2017'],
      ],
    );
  });

  test('each project has its own coverage; the nested project takes its files out of the outer one', async () => {
    const outer = await c.request('attest/coverage', { project: acme() });
    const inner = await c.request('attest/coverage', { project: sub() });
    assert.equal(statusOf(outer, 'CC6.1'), 'covered');
    assert.equal(statusOf(outer, 'CC9.2'), 'policy-only');
    assert.equal(outer.categories.find((x) => x.id === 'availability').inScope, false);
    assert.equal(statusOf(inner, 'A1.2'), 'covered');
    assert.equal(statusOf(inner, 'CC6.1'), 'uncovered');
    // The same id in two projects is no duplicate.
    const ids = outer.categories.flatMap((x) => x.criteria).flatMap((x) => x.controls.map((k) => k.uri));
    assert.ok(ids.every((u) => !u.includes('/subsidiary/')), 'no file of the nested project in the outer one');
  });

  test('a .YML control and a .markdown policy are read; the same id in two projects is no duplicate', async () => {
    const d = await c.waitForDiagnostics(file('compliance/acme/policies/vendor.markdown'), has('uncovered-criterion', 'CC9.2'));
    assert.ok(d.length > 0);
    const yml = file('compliance/acme/controls/AC-01.YML');
    c.open(yml);
    await c.barrier(file('compliance/acme'));
    assert.deepEqual((c.diagnostics.get(uriOf(yml)) ?? []).filter((x) => x.code === 'duplicate-id' || x.code === 'unknown-policy'), []);
  });

  test('hover and definition work in the nested project and stay inside it', async () => {
    const f = file('compliance/acme/subsidiary/controls/AC-01.yaml');
    const text = fs.readFileSync(f, 'utf8');
    c.open(f, text);
    const h = await c.request('textDocument/hover', { textDocument: { uri: uriOf(f) }, position: pos(text, 'A1.2', { shift: 1 }) });
    assert.match(JSON.stringify(h.contents), /A1\.2/);
    const refs = await c.request('textDocument/references', { textDocument: { uri: uriOf(f) }, position: pos(text, 'AC-01', { shift: 1 }), context: { includeDeclaration: true } });
    assert.ok(refs.every((r) => r.uri.startsWith(`${sub()}/`)), JSON.stringify(refs));
  });

  test('a folder param names the first project of a workspace folder; an unknown project is an error', async () => {
    const first = await c.request('attest/coverage', { folder: uriOf(root) });
    assert.equal(statusOf(first, 'CC6.1'), 'covered');
    await assert.rejects(c.request('attest/coverage', { project: 'file:///nowhere/at/all' }), /No Attest project/);
  });

  test('an attest.yaml created deeper adds a project live; deleted, its files go back to the outer project', async () => {
    const cfg = file('compliance/acme/controls/team/attest.yaml');
    fs.mkdirSync(path.dirname(cfg), { recursive: true });
    fs.writeFileSync(file('compliance/acme/controls/team/T-1.yaml'), control('T-1', ['CC1.1']));
    // compliance/acme/controls/team/T-1.yaml is a control of acme (controls/**) until team/attest.yaml roots a project.
    c.watched([[file('compliance/acme/controls/team/T-1.yaml'), CREATED]]);
    await c.barrier(file('compliance/acme'));
    assert.equal(statusOf(await c.request('attest/coverage', { project: acme() }), 'CC1.1'), 'covered');

    fs.writeFileSync(cfg, 'framework: tsc-2017\n');
    c.watched([[cfg, CREATED]]);
    const team = uriOf(path.dirname(cfg));
    await waitFor(async () => (await c.request('attest/projects')).projects.some((p) => p.uri === team));
    await waitFor(async () => statusOf(await c.request('attest/coverage', { project: acme() }), 'CC1.1') === 'uncovered');

    fs.rmSync(cfg);
    c.watched([[cfg, DELETED]]);
    await waitFor(async () => !(await c.request('attest/projects')).projects.some((p) => p.uri === team));
    await waitFor(async () => statusOf(await c.request('attest/coverage', { project: acme() }), 'CC1.1') === 'covered');
  });

  /** Asks again after each coverageChanged notification until `check` holds (no sleeps). */
  async function waitFor(check) {
    for (let i = 0; i < 50; i++) {
      if (await check()) return;
      await c.waitForNotification('attest/coverageChanged', 10000).catch(() => {});
    }
    assert.fail('the condition never held');
  }
});

describe('a server started without workspace folders', () => {
  let root;
  let c;
  const file = (rel) => path.join(root, rel);
  before(async () => {
    root = tempWorkspace({
      'attest.yaml': 'framework: tsc-2017\n',
      'controls/a.yaml': control('A-1', ['CC6.1'], 'policies: [POL-X]\n'),
      'controls/b.yaml': control('A-1', ['CC6.2']),
      'policies/x.md': policy('POL-X', ['CC6.1']),
    });
    c = new TestClient();
    await c.initialize([]);
  });
  after(() => c.shutdown());

  test('opening a file indexes the project above it: diagnostics, cross-file checks and hover', async () => {
    const a = file('controls/a.yaml');
    const text = fs.readFileSync(a, 'utf8');
    c.open(a, text);
    const d = await c.waitForDiagnostics(a, has('duplicate-id'));
    assert.ok(codes(d).includes('duplicate-id'));
    assert.ok(!codes(d).includes('unknown-policy'), 'POL-X is read from disk');
    const h = await c.request('textDocument/hover', { textDocument: { uri: uriOf(a) }, position: pos(text, 'CC6.1', { shift: 1 }) });
    assert.match(JSON.stringify(h.contents), /CC6\.1/);
    const { projects } = await c.request('attest/projects');
    assert.deepEqual(projects.map((p) => p.uri), [uriOf(root)]);
  });

  test('a file under no attest.yaml gets nothing and breaks nothing', async () => {
    const lone = tempWorkspace({ 'notes.yaml': 'id: X\n' });
    c.open(path.join(lone, 'notes.yaml'));
    await c.barrier(root);
    assert.equal(c.diagnostics.get(uriOf(path.join(lone, 'notes.yaml'))), undefined);
  });
});

describe('a folder without attest.yaml keeps working as one project', () => {
  test('controls/ and policies/ at the top, and no project anywhere below', async () => {
    const root = tempWorkspace({ 'controls/a.yaml': control('A-1', ['CC6.1'], 'policies: [POL-NONE]\n') });
    const c = await TestClient.indexed(root);
    try {
      await c.waitForDiagnostics(path.join(root, 'controls/a.yaml'), has('unknown-policy'));
      const { projects } = await c.request('attest/projects');
      assert.deepEqual(projects.map((p) => [p.uri, p.name]), [[uriOf(root), '.']]);
      assert.ok(hasNot('duplicate-id')(c.diagnostics.get(uriOf(path.join(root, 'controls/a.yaml')))));
    } finally {
      await c.shutdown();
    }
  });
});

describe('an open file during the first scan of a large project', () => {
  test('shows its own findings at once, and its cross-file findings when the scan ends', async () => {
    const files = { 'attest.yaml': 'framework: tsc-2017\n', 'policies/x.md': policy('POL-X', ['CC6.1']) };
    for (let i = 0; i < 3000; i++) files[`controls/bulk/c${String(i).padStart(4, '0')}.yaml`] = control(`B-${i}`, ['CC6.1']);
    files['controls/zz-dup.yaml'] = control('OPEN-1', ['CC6.1']);
    const root = tempWorkspace(files);
    const opened = path.join(root, 'controls/open.yaml');
    const text = control('OPEN-1', ['CC6.1', 'CC99.9'], 'policies: [POL-X]\n');
    fs.writeFileSync(opened, text);
    const c = new TestClient();
    try {
      await c.initialize(root);
      c.open(opened, text);
      let indexed = false;
      const scanned = c.coverage().then(() => (indexed = true));
      const first = await c.waitForDiagnostics(opened, (d) => d.length > 0);
      assert.equal(indexed, false, 'the first diagnostics came before the index was complete');
      assert.ok(!codes(first).includes('duplicate-id'), 'cross-file findings wait for the scan: these are the file\'s own');
      assert.ok(codes(first).includes('unknown-criterion'), JSON.stringify(codes(first)));
      assert.ok(!codes(first).includes('unknown-policy'), 'no false unknown-policy while policies are still being read');
      await scanned;
      const after = await c.waitForDiagnostics(opened, has('duplicate-id'));
      assert.ok(codes(after).includes('unknown-criterion') && !codes(after).includes('unknown-policy'));
    } finally {
      await c.shutdown();
    }
  });
});
