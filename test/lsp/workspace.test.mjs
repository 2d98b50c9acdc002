// Workspace-level changes: attest.yaml edited, changed on disk, deleted, its globs moved; workspace
// folders added and removed; a folder of controls deleted; documents opened before the scan ends.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { tempWorkspace } from '../helpers/workspaces.mjs';
import { TestClient, codes, uriOf } from '../helpers/lsp.mjs';
import { SMALL } from './fixtures.mjs';

const CREATED = 1;
const CHANGED = 2;
const DELETED = 3;
const has = (code, text) => (d) => d.some((x) => x.code === code && (!text || x.message.includes(text)));
const hasNot = (code, text) => (d) => !has(code, text)(d);
const statusOf = (cov, id) => cov.categories.flatMap((x) => x.criteria).find((x) => x.id === id).status;

const FILES = {
  ...SMALL,
  'controls/p.yaml': 'id: CTL-P\ntitle: Privacy notice\nowner: legal\ncriteria: [P1.1]\n',
};
const PRIVACY = 'framework: tsc-2017\ncategories:\n  - security\n  - privacy\n';

describe('attest.yaml changes', () => {
  let root;
  let c;
  const file = (rel) => path.join(root, rel);
  before(async () => {
    root = tempWorkspace(FILES);
    c = await TestClient.indexed(root);
    await c.waitForDiagnostics(file('controls/p.yaml'), has('out-of-scope-criterion'));
  });
  after(() => c.shutdown());

  test('changed on disk: every file is judged by the new scope', async () => {
    const cfg = file('attest.yaml');
    fs.writeFileSync(cfg, PRIVACY);
    c.watched([[cfg, CHANGED]]);
    await c.nextDiagnostics(file('controls/p.yaml'), hasNot('out-of-scope-criterion'));
    await c.nextDiagnostics(cfg, has('uncovered-criterion', 'P2.1'));
    assert.equal(statusOf(await c.coverage(), 'P1.1'), 'covered');
    fs.writeFileSync(cfg, FILES['attest.yaml']);
    c.watched([[cfg, CHANGED]]);
    await c.nextDiagnostics(file('controls/p.yaml'), has('out-of-scope-criterion'));
    await c.nextDiagnostics(cfg, hasNot('uncovered-criterion', 'P2.1'));
  });

  test('edited in the editor: wins over disk changes until closed unsaved', async () => {
    const cfg = file('attest.yaml');
    c.open(cfg, FILES['attest.yaml']);
    c.change(cfg, PRIVACY);
    await c.nextDiagnostics(file('controls/p.yaml'), hasNot('out-of-scope-criterion'));
    // The disk copy changes under the open editor: ignored.
    fs.writeFileSync(cfg, 'framework: tsc-2017\ncategories:\n  - security\n  - availability\n');
    c.watched([[cfg, CHANGED]]);
    await c.barrier(root);
    assert.ok(hasNot('uncovered-criterion', 'A1.1')(c.diagnostics.get(uriOf(cfg))));
    assert.ok(hasNot('out-of-scope-criterion')(c.diagnostics.get(uriOf(file('controls/p.yaml'))) ?? []));
    // Closed unsaved: the disk version (availability, no privacy) is the truth.
    c.close(cfg);
    await c.nextDiagnostics(cfg, has('uncovered-criterion', 'A1.1'));
    await c.nextDiagnostics(file('controls/p.yaml'), has('out-of-scope-criterion'));
    fs.writeFileSync(cfg, FILES['attest.yaml']);
    c.watched([[cfg, CHANGED]]);
    await c.nextDiagnostics(cfg, hasNot('uncovered-criterion', 'A1.1'));
  });

  test('deleted on disk: the defaults apply (security only), and its own diagnostics are cleared', async () => {
    const cfg = file('attest.yaml');
    fs.writeFileSync(cfg, PRIVACY);
    c.watched([[cfg, CHANGED]]);
    await c.nextDiagnostics(file('controls/p.yaml'), hasNot('out-of-scope-criterion'));
    fs.rmSync(cfg);
    c.watched([[cfg, DELETED]]);
    await c.nextDiagnostics(cfg, (d) => d.length === 0);
    await c.nextDiagnostics(file('controls/p.yaml'), has('out-of-scope-criterion'));
    const cov = await c.coverage();
    assert.deepEqual(cov.categories.filter((x) => x.inScope).map((x) => x.id), ['security']);
    fs.writeFileSync(cfg, FILES['attest.yaml']);
    c.watched([[cfg, CREATED]]);
    await c.nextDiagnostics(cfg, has('uncovered-criterion'));
  });

  test('globs moved: files that are no longer Attest files lose their diagnostics, newly matched files get theirs', async () => {
    const cfg = file('attest.yaml');
    fs.mkdirSync(file('ctl'), { recursive: true });
    fs.writeFileSync(file('ctl/x.yaml'), 'id: X-1\ntitle: X\nowner: me\ncriteria: [CC1.99]\n');
    c.watched([[file('ctl/x.yaml'), CREATED]]);
    await c.waitForDiagnostics(file('controls/p.yaml'), has('out-of-scope-criterion'));
    fs.writeFileSync(cfg, `${FILES['attest.yaml']}controls: ["ctl/**/*.yaml"]\n`);
    c.watched([[cfg, CHANGED]]);
    await c.nextDiagnostics(file('ctl/x.yaml'), has('unknown-criterion'));
    assert.ok(!(await c.request('workspace/symbol', { query: 'CTL-P' })).length, 'controls/ is no longer indexed');
    // controls/p.yaml is not a control file any more: its out-of-scope finding must go.
    await c.barrier(root, 'ctl');
    assert.deepEqual(codes(c.diagnostics.get(uriOf(file('controls/p.yaml')))), [], 'stale diagnostics on a file that is no longer a control file');
  });

  test('globs moved back: the old files are indexed again and the moved-away ones cleared', async () => {
    const cfg = file('attest.yaml');
    fs.writeFileSync(cfg, FILES['attest.yaml']);
    c.watched([[cfg, CHANGED]]);
    await c.nextDiagnostics(file('controls/p.yaml'), has('out-of-scope-criterion'));
    await c.barrier(root);
    assert.deepEqual(codes(c.diagnostics.get(uriOf(file('ctl/x.yaml')))), [], 'stale diagnostics on a file that is no longer a control file');
  });
});

describe('workspace folders and directories', () => {
  test('a folder added later is indexed; a removed folder\'s diagnostics are cleared', async () => {
    const first = tempWorkspace(SMALL, { name: 'first' });
    const second = tempWorkspace({ ...SMALL, 'controls/c.yaml': 'id: CTL-A\ntitle: Same id\nowner: me\ncriteria: [CC7.1]\n' }, { name: 'second' });
    const c = new TestClient();
    try {
      await c.initialize(first);
      await c.coverage();
      c.notify('workspace/didChangeWorkspaceFolders', { event: { added: [{ uri: uriOf(second), name: 'second' }], removed: [] } });
      await c.nextDiagnostics(path.join(second, 'controls/c.yaml'), has('duplicate-id'));
      const cov = await c.coverage(second);
      assert.equal(cov.categories[0].criteria.find((x) => x.id === 'CC7.1').controls[0].uri, uriOf(path.join(second, 'controls/c.yaml')));
      // The first folder is untouched by the second's duplicate.
      assert.ok(hasNot('duplicate-id')(c.diagnostics.get(uriOf(path.join(first, 'controls/a.yaml'))) ?? []));
      c.notify('workspace/didChangeWorkspaceFolders', { event: { added: [], removed: [{ uri: uriOf(second), name: 'second' }] } });
      await c.barrier(first);
      assert.ok(!(await c.request('workspace/symbol', { query: 'Same id' })).length, 'the removed folder is no longer indexed');
      assert.deepEqual(codes(c.diagnostics.get(uriOf(path.join(second, 'controls/c.yaml')))), [], 'problems of a removed folder are cleared');
      assert.deepEqual(codes(c.diagnostics.get(uriOf(path.join(second, 'attest.yaml')))), [], 'problems of a removed folder are cleared');
    } finally {
      await c.shutdown();
    }
  });

  test('a deleted directory of controls takes its controls out of the index', async () => {
    const root = tempWorkspace({ ...SMALL, 'controls/sub/d.yaml': 'id: CTL-A\ntitle: Duplicate in a subfolder\nowner: me\ncriteria: [CC9.1]\n' });
    const c = new TestClient();
    try {
      await c.initialize(root);
      assert.equal(statusOf(await c.coverage(), 'CC9.1'), 'covered');
      await c.waitForDiagnostics(path.join(root, 'controls/a.yaml'), has('duplicate-id'));
      fs.rmSync(path.join(root, 'controls/sub'), { recursive: true });
      c.watched([[path.join(root, 'controls/sub'), DELETED]]);
      await c.barrier(root);
      assert.equal(statusOf(await c.coverage(), 'CC9.1'), 'uncovered');
      assert.deepEqual(codes(c.diagnostics.get(uriOf(path.join(root, 'controls/a.yaml')))), []);
      assert.deepEqual(codes(c.diagnostics.get(uriOf(path.join(root, 'controls/sub/d.yaml')))), []);
    } finally {
      await c.shutdown();
    }
  });

  test('a document opened right after initialize, before the scan ends, is indexed even if it is not on disk', async () => {
    const root = tempWorkspace(SMALL);
    const c = new TestClient();
    try {
      await c.initialize(root);
      const f = path.join(root, 'controls/early.yaml');
      c.open(f, 'id: CTL-A\ntitle: Opened early\nowner: me\ncriteria: [CC6.77]\n');
      await c.coverage();
      await c.barrier(root);
      assert.deepEqual(codes(c.diagnostics.get(uriOf(f)) ?? []), ['duplicate-id', 'unknown-criterion']);
      assert.deepEqual(codes(c.diagnostics.get(uriOf(path.join(root, 'controls/a.yaml'))) ?? []), ['duplicate-id']);
      const syms = await c.request('workspace/symbol', { query: 'Opened early' });
      assert.equal(syms.length, 1);
    } finally {
      await c.shutdown();
    }
  });

  test('a document with unsaved changes opened right after initialize wins over its disk copy in the initial scan', async () => {
    const root = tempWorkspace(SMALL);
    const c = new TestClient();
    try {
      await c.initialize(root);
      const f = path.join(root, 'controls/c.yaml');
      c.open(f, SMALL['controls/c.yaml'].replace('CTL-C', 'CTL-B'));
      await c.coverage();
      await c.waitForDiagnostics(f, has('duplicate-id'));
      await c.waitForDiagnostics(path.join(root, 'controls/b.yaml'), has('duplicate-id'));
    } finally {
      await c.shutdown();
    }
  });
});
