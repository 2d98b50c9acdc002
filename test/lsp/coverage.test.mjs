// attest/coverage and attest/coverageChanged as contracts.md specifies them; multi-root folders;
// the initial scan's progress and the dynamic registration of watched files.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ROOT } from '../helpers/paths.mjs';
import { textAt } from '../helpers/positions.mjs';
import { tempCopy, tempWorkspace } from '../helpers/workspaces.mjs';
import { TestClient, codes, uriOf } from '../helpers/lsp.mjs';
import { SMALL } from './fixtures.mjs';

const criteriaOf = (cov) => cov.categories.flatMap((cat) => cat.criteria);
const criterion = (cov, id) => criteriaOf(cov).find((x) => x.id === id);

function assertLocated(item) {
  assert.equal(typeof item.id, 'string');
  assert.equal(typeof item.title, 'string');
  assert.match(item.uri, /^file:\/\//);
  const text = fs.readFileSync(fileURLToPath(item.uri), 'utf8');
  // The range is exactly the id where the control or policy is defined.
  assert.equal(textAt(text, item.range), item.id, `${item.id} at ${item.uri} ${JSON.stringify(item.range)}`);
}

describe('attest/coverage on the example workspace', () => {
  let root;
  let c;
  let early;
  before(async () => {
    root = tempCopy(path.join(ROOT, 'examples/acme-saas'));
    c = new TestClient();
    await c.initialize(root);
    // Asked at once: answered only when the initial scan of the folder is complete.
    early = await c.coverage();
  });
  after(() => c.shutdown());

  test('has the shape of the contracts: framework, report, totals, categories, criteria with located controls and policies', async () => {
    const cov = early;
    assert.equal(cov.framework, 'tsc-2017');
    assert.equal(cov.report, 'type2');
    assert.deepEqual(Object.keys(cov.totals).sort(), ['covered', 'excluded', 'inScope', 'planned', 'policyOnly', 'uncovered']);
    assert.deepEqual(cov.totals, { inScope: 38, covered: 30, planned: 2, policyOnly: 2, uncovered: 3, excluded: 1 });
    assert.deepEqual(cov.categories.map((x) => [x.id, x.inScope]), [
      ['security', true],
      ['availability', true],
      ['processing-integrity', false],
      ['confidentiality', true],
      ['privacy', false],
    ]);
    for (const cat of cov.categories) assert.ok(cat.title, cat.id);
    // Totals agree with the statuses listed; out-of-scope criteria have no status.
    const tally = {};
    for (const cat of cov.categories) {
      for (const cr of cat.criteria) {
        assert.ok(cr.title, cr.id);
        if (!cat.inScope) {
          assert.ok(cr.status === undefined || cr.status === null, `${cr.id} is out of scope`);
          continue;
        }
        tally[cr.status] = (tally[cr.status] ?? 0) + 1;
        for (const ctl of cr.controls) assertLocated(ctl);
        for (const pol of cr.policies) assertLocated(pol);
      }
    }
    assert.deepEqual(tally, { covered: 30, planned: 2, 'policy-only': 2, uncovered: 3, excluded: 1 });
    // Known mappings of the example.
    const cc61 = criterion(cov, 'CC6.1');
    assert.equal(cc61.status, 'covered');
    assert.ok(cc61.controls.some((x) => x.id === 'AC-01' && x.uri === uriOf(path.join(root, 'controls/access/AC-01-sso-mfa.yaml'))));
    assert.ok(cc61.policies.some((x) => x.id === 'POL-ACCESS' && x.uri === uriOf(path.join(root, 'policies/access-control.md'))));
    // Register controls point into the register, at their own id.
    assert.ok(criterion(cov, 'CC1.1').controls.some((x) => x.id === 'HR-02' && x.uri.endsWith('/controls/hr-register.yaml')));
  });

  test('reason is given for excluded criteria only', () => {
    const cc64 = criterion(early, 'CC6.4');
    assert.equal(cc64.status, 'excluded');
    assert.match(cc64.reason, /data centers/);
    for (const cr of criteriaOf(early)) if (cr.status !== 'excluded') assert.ok(!('reason' in cr) || cr.reason === undefined, `${cr.id} has no reason`);
  });

  test('lists the systems of the inventory with the controls that name them', () => {
    assert.ok(Array.isArray(early.systems));
    const byId = Object.fromEntries(early.systems.map((s) => [s.id, s]));
    assert.deepEqual(Object.keys(byId).sort(), ['aws-prod', 'backup-vault', 'customer-db', 'github', 'marketing-site', 'okta', 'sec-procedures', 'support-desk', 'web-app', 'workforce']);
    assert.equal(byId['aws-prod'].name, 'AWS production organization (VPCs, EKS, IAM, KMS)');
    assert.equal(byId['aws-prod'].kind, 'infrastructure');
    assert.equal(byId['aws-prod'].scope, 'in');
    assert.equal(byId['marketing-site'].scope, 'out');
    assert.ok(byId.okta.controls.some((x) => x.id === 'AC-01'));
    for (const s of early.systems) for (const ctl of s.controls) assertLocated(ctl);
  });

  test('attest/coverageChanged follows an edit that changes coverage, and the next answer shows it', async () => {
    const file = path.join(root, 'controls/access/AC-01-sso-mfa.yaml');
    const text = fs.readFileSync(file, 'utf8');
    c.open(file, text);
    // AC-01 also maps CC6.3 now (a control of CC6.3's list) and gets a new title.
    const changed = c.waitForNotification('attest/coverageChanged');
    c.change(file, text.replace('criteria: [CC6.1]', 'criteria: [CC6.1, CC7.5]').replace('title: Single sign-on with enforced MFA for workforce access', 'title: SSO and MFA everywhere'));
    await changed;
    const cov = await c.coverage();
    const cc75 = criterion(cov, 'CC7.5');
    assert.equal(cc75.status, 'covered', 'CC7.5 was planned; an implemented control now maps it');
    assert.deepEqual(cc75.controls.find((x) => x.id === 'AC-01').title, 'SSO and MFA everywhere');
    assert.equal(cov.totals.covered, 31);
    assert.equal(cov.totals.planned, 1);
    assert.equal(criterion(cov, 'CC6.1').controls.find((x) => x.id === 'AC-01').title, 'SSO and MFA everywhere');
    // Lines inserted above the id move its range: coverage answers differently again.
    const moved = c.waitForNotification('attest/coverageChanged');
    const shifted = `# moved\n# down\n${text}`;
    c.change(file, shifted);
    await moved;
    const after2 = await c.coverage();
    const ac01 = criterion(after2, 'CC6.1').controls.find((x) => x.id === 'AC-01');
    assert.deepEqual(ac01.range.start, { line: 2, character: 4 });
    assert.equal(after2.totals.planned, 2);
    c.change(file, text);
    c.close(file);
  });

  test('attest/coverageChanged follows a policy file deleted on disk', async () => {
    const pol = path.join(root, 'policies/business-continuity.md');
    const before = criterion(await c.coverage(), 'A1.3');
    assert.equal(before.status, 'policy-only');
    const changed = c.waitForNotification('attest/coverageChanged');
    const text = fs.readFileSync(pol, 'utf8');
    fs.rmSync(pol);
    c.watched([[pol, 3]]);
    await changed;
    assert.equal(criterion(await c.coverage(), 'A1.3').status, 'uncovered');
    const back = c.waitForNotification('attest/coverageChanged');
    fs.writeFileSync(pol, text);
    c.watched([[pol, 1]]);
    await back;
    assert.equal(criterion(await c.coverage(), 'A1.3').status, 'policy-only');
  });
});

describe('multi-root: each folder is its own Attest workspace', () => {
  const A = {
    ...SMALL,
    'attest.yaml': 'framework: tsc-2017\ncategories:\n  - security\n  - availability\n',
    'controls/avail.yaml': 'id: AV-01\ntitle: Capacity\nowner: ops\ncriteria: [A1.1, P1.1]\n',
  };
  const B = {
    'attest.yaml': 'framework: tsc-2017\ncategories:\n  - privacy\n',
    'controls/a.yaml': 'id: CTL-A\ntitle: Same id as in the other folder\nowner: team\ncriteria: [P1.1, A1.1]\n',
  };
  let a;
  let b;
  let c;
  before(async () => {
    a = tempWorkspace(A, { name: 'alpha' });
    b = tempWorkspace(B, { name: 'beta' });
    c = new TestClient();
    await c.initialize([a, b]);
  });
  after(() => c.shutdown());

  test('coverage per folder via { folder }, the first folder by default', async () => {
    const ca = await c.coverage(a);
    const cb = await c.coverage(b);
    const dflt = await c.coverage();
    const scope = (cov) => cov.categories.filter((x) => x.inScope).map((x) => x.id);
    assert.deepEqual(scope(ca), ['security', 'availability']);
    assert.deepEqual(scope(cb), ['security', 'privacy']);
    assert.deepEqual(dflt, ca);
    assert.equal(criterion(ca, 'A1.1').status, 'covered');
    assert.equal(criterion(cb, 'P1.1').status, 'covered');
    assert.ok(criterion(cb, 'A1.1').status == null, 'availability is not in scope in beta');
    assert.equal(ca.totals.inScope, 33 + 3);
    assert.equal(cb.totals.inScope, 33 + 18);
    // Controls of one folder never count in the other.
    assert.deepEqual(criterion(cb, 'P1.1').controls.map((x) => x.uri), [uriOf(path.join(b, 'controls/a.yaml'))]);
    // A folder URI with a trailing slash names the same folder.
    assert.deepEqual(await c.request('attest/coverage', { folder: uriOf(b) + '/' }), cb);
  });

  test('diagnostics judge each file by its own folder: scope, and ids are unique per folder', async () => {
    const da = await c.waitForDiagnostics(path.join(a, 'controls/avail.yaml'), (d) => d.length > 0);
    assert.deepEqual(codes(da), ['out-of-scope-criterion']);
    assert.match(da[0].message, /P1\.1/);
    const db = await c.waitForDiagnostics(path.join(b, 'controls/a.yaml'), (d) => d.length > 0);
    assert.deepEqual(codes(db), ['out-of-scope-criterion']);
    assert.match(db[0].message, /A1\.1/);
    // CTL-A exists in both folders: not a duplicate.
    await c.barrier(a);
    assert.ok(!codes(c.diagnostics.get(uriOf(path.join(a, 'controls/a.yaml'))) ?? []).includes('duplicate-id'));
  });

  test('an edit in one folder changes only that folder\'s coverage', async () => {
    const f = path.join(b, 'controls/a.yaml');
    c.open(f, B['controls/a.yaml']);
    const changed = c.waitForNotification('attest/coverageChanged');
    c.change(f, B['controls/a.yaml'].replace('[P1.1, A1.1]', '[P2.1]'));
    await changed;
    assert.equal(criterion(await c.coverage(b), 'P1.1').status, 'uncovered');
    assert.equal(criterion(await c.coverage(b), 'P2.1').status, 'covered');
    assert.equal(criterion(await c.coverage(a), 'A1.1').status, 'covered');
    c.close(f);
  });

  test('workspace symbols come from every folder', async () => {
    const syms = await c.request('workspace/symbol', { query: 'CTL-A' });
    const uris = syms.map((s) => s.location.uri).sort();
    assert.deepEqual(uris, [uriOf(path.join(a, 'controls/a.yaml')), uriOf(path.join(b, 'controls/a.yaml'))].sort());
  });
});

describe('initialization', () => {
  test('watched files are registered dynamically for the Attest file kinds, and the initial scan reports progress', async () => {
    const root = tempWorkspace(SMALL);
    const c = new TestClient();
    try {
      await c.initialize(root);
      const reg = await c.waitForMessage('client/registerCapability', (p) => p.registrations.some((r) => r.method === 'workspace/didChangeWatchedFiles'));
      const watchers = reg.registrations.find((r) => r.method === 'workspace/didChangeWatchedFiles').registerOptions.watchers;
      const globs = watchers.map((w) => (typeof w.globPattern === 'string' ? w.globPattern : w.globPattern.pattern)).join(' ');
      for (const ext of ['yaml', 'yml', 'md']) assert.match(globs, new RegExp(ext), `a watcher for .${ext}: ${globs}`);
      const begin = await c.waitForMessage('$/progress', (p) => p.value?.kind === 'begin');
      await c.waitForMessage('$/progress', (p) => p.value?.kind === 'end' && p.token === begin.token);
      await c.coverage();
    } finally {
      await c.shutdown();
    }
  });

  test('a client without dynamic registration or progress support is not sent those requests, and still works', async () => {
    const root = tempWorkspace(SMALL);
    const c = new TestClient({ dynamicWatch: false, progress: false });
    try {
      await c.initialize(root);
      await c.waitForDiagnostics(path.join(root, 'attest.yaml'), (d) => codes(d).includes('uncovered-criterion'));
      await c.barrier(root);
      assert.deepEqual(c.registrations, []);
      assert.ok(!c.notifications.some((n) => n.method === '$/progress'));
    } finally {
      await c.shutdown();
    }
  });
});
