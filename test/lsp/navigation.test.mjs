// Hover, definition, references, document symbols and workspace symbols on the example workspace.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROOT } from '../helpers/paths.mjs';
import { pos, rangeOf, textAt } from '../helpers/positions.mjs';
import { tempCopy, tempWorkspace } from '../helpers/workspaces.mjs';
import { TestClient, uriOf, hoverText } from '../helpers/lsp.mjs';
import { fileURLToPath } from 'node:url';

/** The text each location points at, as `relative/path: text`. */
const pointed = (root, locs) => (locs ?? []).map((l) => `${path.relative(root, fileURLToPath(l.uri))}: ${textAt(fs.readFileSync(fileURLToPath(l.uri), 'utf8'), l.range)}`);

describe('hover and navigation', () => {
  let root;
  let c;
  const file = (rel) => path.join(root, rel);
  const read = (rel) => fs.readFileSync(file(rel), 'utf8');
  /** Sends `method` at `needle`+`shift` in the file (not opened: the server answers from its index). */
  const at = (method, rel, needle, shift = 1, extra = {}, occurrence = 0) =>
    c.request(method, { textDocument: { uri: uriOf(file(rel)) }, position: pos(read(rel), needle, { shift, nth: occurrence }), ...extra });

  before(async () => {
    root = tempCopy(path.join(ROOT, 'examples/acme-saas'));
    c = await TestClient.indexed(root);
  });
  after(() => c.shutdown());

  test('hover on a criterion: title, description, points of focus, category, mapping controls and policies, status', async () => {
    const rel = 'controls/access/AC-01-sso-mfa.yaml';
    const h = await at('textDocument/hover', rel, 'CC6.1', 3);
    const md = hoverText(h);
    assert.match(md, /CC6\.1/);
    assert.match(md, /Logical access security over protected assets/);
    assert.match(md, /restrict logical access to information\s+assets/);
    assert.match(md, /Identify and authenticate users before granting access/, 'a point of focus');
    assert.match(md, /Security/);
    assert.match(md, /covered/);
    for (const id of ['AC-01', 'AC-03', 'AC-04', 'AC-05', 'AC-09', 'POL-ACCESS', 'POL-CRYPTO']) assert.match(md, new RegExp(id), id);
    assert.deepEqual(h.range, rangeOf(read(rel), 'CC6.1'));
    // A planned criterion says so, and names the planned control.
    const cov = await c.coverage();
    const planned = cov.categories.flatMap((x) => x.criteria).find((x) => x.status === 'planned');
    const ctl = planned.controls[0];
    const ctlRel = path.relative(root, fileURLToPath(ctl.uri));
    const text = read(ctlRel);
    const hp = await c.request('textDocument/hover', { textDocument: { uri: ctl.uri }, position: pos(text, planned.id, { shift: 1 }) });
    assert.match(hoverText(hp), /planned/);
    assert.match(hoverText(hp), new RegExp(ctl.id));
  });

  test('hover on an excluded criterion in attest.yaml gives the reason; on a category its coverage', async () => {
    const h = await at('textDocument/hover', 'attest.yaml', 'CC6.4', 2);
    assert.match(hoverText(h), /excluded/);
    assert.match(hoverText(h), /data centers/);
    const cat = await at('textDocument/hover', 'attest.yaml', 'availability', 2);
    assert.match(hoverText(cat), /Availability/);
    assert.match(hoverText(cat), /\d+\/3 covered/);
  });

  test('hover on a policy id: title, owner, approval', async () => {
    const h = await at('textDocument/hover', 'controls/access/AC-01-sso-mfa.yaml', 'POL-ACCESS', 4);
    const md = hoverText(h);
    assert.match(md, /Access Control Policy/);
    assert.match(md, /CISO/);
    assert.match(md, /2026-01-26/);
    // The same on the policy's own id.
    const own = await at('textDocument/hover', 'policies/access-control.md', 'POL-ACCESS', 2);
    assert.match(hoverText(own), /Access Control Policy/);
  });

  test('hover on a control id: its summary', async () => {
    const md = hoverText(await at('textDocument/hover', 'controls/access/AC-01-sso-mfa.yaml', 'AC-01', 2));
    assert.match(md, /Single sign-on with enforced MFA for workforce access/);
    assert.match(md, /it-team/);
    assert.match(md, /CC6\.1/);
    // A control inside a register.
    const hr = hoverText(await at('textDocument/hover', 'controls/hr-register.yaml', 'HR-03', 2));
    assert.match(hr, /Security awareness training at hire and every year/);
  });

  test('hover on a system id: name, kind, owner, scope, the controls that protect it', async () => {
    const md = hoverText(await at('textDocument/hover', 'controls/access/AC-01-sso-mfa.yaml', 'okta', 1));
    assert.match(md, /Okta workforce identity/);
    assert.match(md, /vendor/);
    assert.match(md, /it-team/);
    assert.match(md, /AC-01/);
    const out = hoverText(await at('textDocument/hover', 'attest.yaml', 'marketing-site', 2));
    assert.match(out, /out of scope/i);
  });

  test('definition: policy id -> policy file, control id -> itself, system id -> the inventory, criterion -> its mappers', async () => {
    const rel = 'controls/access/AC-01-sso-mfa.yaml';
    assert.deepEqual(pointed(root, await at('textDocument/definition', rel, 'POL-ACCESS', 3)), ['policies/access-control.md: POL-ACCESS']);
    assert.deepEqual(pointed(root, await at('textDocument/definition', rel, 'AC-01', 3)), [`${rel}: AC-01`]);
    assert.deepEqual(pointed(root, await at('textDocument/definition', rel, 'okta', 2)), ['attest.yaml: okta']);
    const crit = pointed(root, await at('textDocument/definition', rel, 'CC6.1', 2)).sort();
    assert.deepEqual(crit, [
      'controls/access/AC-01-sso-mfa.yaml: CC6.1',
      'controls/access/AC-03-access-review.yaml: CC6.1',
      'controls/access/AC-04-privileged-access.yaml: CC6.1',
      'controls/access/AC-05-database-access.yaml: CC6.1',
      'controls/access/AC-09-encryption-at-rest.yaml: CC6.1',
      'policies/access-control.md: CC6.1',
      'policies/encryption.md: CC6.1',
    ]);
    // Nothing to go to on a field name or a free-text value.
    const none = await at('textDocument/definition', rel, 'description', 2);
    assert.ok(none === null || (Array.isArray(none) && none.length === 0));
  });

  test('references of a criterion (controls, policies, the exclusion) and of a policy id (definition and every control naming it)', async () => {
    const rel = 'controls/access/AC-01-sso-mfa.yaml';
    const refs = pointed(root, await at('textDocument/references', rel, 'CC6.1', 2, { context: { includeDeclaration: true } }));
    assert.equal(refs.length, 7);
    assert.ok(refs.includes('policies/encryption.md: CC6.1'));
    const ex = pointed(root, await at('textDocument/references', 'attest.yaml', 'CC6.4', 2, { context: { includeDeclaration: false } }));
    assert.ok(ex.includes('attest.yaml: CC6.4'));
    const withDecl = pointed(root, await at('textDocument/references', rel, 'POL-ACCESS', 2, { context: { includeDeclaration: true } }));
    assert.equal(withDecl[0], 'policies/access-control.md: POL-ACCESS', 'the definition comes first');
    const expected = fs
      .readdirSync(file('controls/access'))
      .filter((f) => /POL-ACCESS/.test(fs.readFileSync(file(`controls/access/${f}`), 'utf8')))
      .map((f) => `controls/access/${f}: POL-ACCESS`);
    assert.ok(expected.length >= 5);
    for (const e of expected) assert.ok(withDecl.includes(e), e);
    const withoutDecl = pointed(root, await at('textDocument/references', rel, 'POL-ACCESS', 2, { context: { includeDeclaration: false } }));
    assert.ok(!withoutDecl.includes('policies/access-control.md: POL-ACCESS'));
    assert.equal(withoutDecl.length, withDecl.length - 1);
  });

  test('document symbols: every control of a register, a policy with its sections', async () => {
    const rel = 'controls/hr-register.yaml';
    const text = read(rel);
    const syms = await c.request('textDocument/documentSymbol', { textDocument: { uri: uriOf(file(rel)) } });
    const ids = [...text.matchAll(/^ {2}- id: (\S+)/gm)].map((m) => m[1]);
    assert.ok(ids.length >= 8);
    assert.deepEqual(syms.map((s) => s.name), ids);
    const hr3 = syms.find((s) => s.name === 'HR-03');
    assert.match(hr3.detail, /Security awareness training/);
    assert.equal(textAt(text, hr3.selectionRange), 'HR-03');
    // The symbol's range spans the control's own lines, up to the next control.
    assert.ok(hr3.range.start.line <= hr3.selectionRange.start.line);
    const hr4 = syms.find((s) => s.name === 'HR-04');
    assert.ok(hr3.range.end.line < hr4.selectionRange.start.line && hr3.range.end.line > hr3.selectionRange.start.line + 5);

    const prel = 'policies/access-control.md';
    const ptext = read(prel);
    const psyms = await c.request('textDocument/documentSymbol', { textDocument: { uri: uriOf(file(prel)) } });
    assert.equal(psyms.length, 1);
    assert.equal(psyms[0].name, 'POL-ACCESS');
    assert.equal(textAt(ptext, psyms[0].selectionRange), 'POL-ACCESS');
    const sections = (psyms[0].children ?? []).map((s) => s.name);
    assert.deepEqual(sections, ['Access Control Policy', 'Purpose', 'Scope', 'Policy statements', 'Roles', 'Exceptions', 'Enforcement']);
  });

  test('workspace symbols: every control and policy by id and title', async () => {
    const all = await c.request('workspace/symbol', { query: '' });
    assert.equal(all.filter((s) => /^POL-/.test(s.name)).length, 11);
    assert.equal(all.length, 42 + 11);
    const byId = await c.request('workspace/symbol', { query: 'HR-0' });
    assert.ok(byId.length >= 8 && byId.every((s) => s.name.startsWith('HR-0')));
    const hr1 = byId.find((s) => s.name.startsWith('HR-01'));
    assert.match(hr1.name, /Background checks/);
    assert.equal(textAt(read('controls/hr-register.yaml'), hr1.location.range), 'HR-01');
    const byTitle = await c.request('workspace/symbol', { query: 'penetration' });
    assert.deepEqual(byTitle.map((s) => s.name.split(' ')[0]), ['OPS-03']);
    const pol = await c.request('workspace/symbol', { query: 'access control policy' });
    assert.ok(pol.some((s) => s.name.startsWith('POL-ACCESS') && s.location.uri === uriOf(file('policies/access-control.md'))));
  });

  test('navigation follows unsaved edits: a control added in the editor is found by workspace symbols and definition', async () => {
    const f = file('controls/new-unsaved.yaml');
    const text = 'id: NEW-01\ntitle: Brand new control\nowner: me\ncriteria: [CC6.1]\npolicies: [POL-ACCESS]\n';
    c.open(f, text);
    await c.barrier(root);
    const syms = await c.request('workspace/symbol', { query: 'brand new' });
    assert.deepEqual(syms.map((s) => [s.location.uri, textAt(text, s.location.range)]), [[uriOf(f), 'NEW-01']]);
    const refs = await at('textDocument/references', 'policies/access-control.md', 'POL-ACCESS', 2, { context: { includeDeclaration: false } });
    const here = refs.filter((l) => l.uri === uriOf(f));
    assert.deepEqual(here.map((l) => textAt(text, l.range)), ['POL-ACCESS']);
    c.close(f);
    await c.barrier(root);
    assert.deepEqual(await c.request('workspace/symbol', { query: 'brand new' }), [], 'closed unsaved file is gone');
  });
});

test('with a comply standard as the workspace catalog: definition of a criterion goes to its catalog entry; hover, references and completion use it', async () => {
  // A strongdm/comply standard and policy, as comply writes them.
  const standard = 'name: TSC\nCC6.1:\n  family: CC6\n  name: Logical Access\n  description: The entity implements logical access security software over protected information assets\nCC6.2:\n  family: CC6\n  name: User Access\n  description: Prior to issuing system credentials the entity registers and authorizes new users\nCC7.1:\n  family: CC7\n  name: Configuration Monitoring\n  description: The entity uses detection and monitoring procedures\n';
  const access = 'name: Access Onboarding and Termination Policy\nacronym: AOTP\nsatisfies:\n  TSC:\n    - CC6.1\n    - CC6.2\nmajorRevisions:\n  - date: Jun 1 2018\n    comment: Initial document\n---\n# Purpose and Scope\n\nText.\n';
  const files = {
    'attest.yaml': 'framework: standards/TSC-2017.yml\ncategories: [security]\n',
    'standards/TSC-2017.yml': standard,
    'policies/access.md': access,
    'controls/x.yaml': 'id: X-1\ntitle: X\nowner: me\ncriteria: [CC6.1]\n',
  };
  const root = tempWorkspace(files);
  const c = new TestClient();
  try {
    await c.initialize(root);
    const cov = await c.coverage();
    assert.equal(cov.framework, 'standards/TSC-2017.yml');
    const uri = uriOf(path.join(root, 'policies/access.md'));
    const at = { textDocument: { uri }, position: pos(access, 'CC6.1', { shift: 2 }) };
    const def = await c.request('textDocument/definition', at);
    assert.deepEqual(def.map((l) => [path.relative(root, fileURLToPath(l.uri)), textAt(standard, l.range)]), [['standards/TSC-2017.yml', 'CC6.1']]);
    const refs = await c.request('textDocument/references', { ...at, context: { includeDeclaration: true } });
    const where = refs.map((l) => path.relative(root, fileURLToPath(l.uri))).sort();
    assert.deepEqual(where, ['controls/x.yaml', 'policies/access.md', 'standards/TSC-2017.yml']);
    const h = hoverText(await c.request('textDocument/hover', at));
    assert.match(h, /Logical Access/);
    assert.match(h, /X-1/);
    assert.match(h, /AOTP/);
    // The comply policy is known by its acronym.
    const ctl = 'id: Y-1\ntitle: Y\nowner: me\ncriteria: [CC6.2]\npolicies: [AOTP]\n';
    const y = path.join(root, 'controls/y.yaml');
    c.open(y, ctl);
    const comp = await c.request('textDocument/completion', { textDocument: { uri: uriOf(y) }, position: pos(ctl, '[CC6.2', { shift: 6 }) });
    assert.match(comp.items.find((i) => i.label === 'CC6.2').detail, /User Access/);
    const pdef = await c.request('textDocument/definition', { textDocument: { uri: uriOf(y) }, position: pos(ctl, 'AOTP', { shift: 2 }) });
    assert.deepEqual(pdef.map((l) => [path.relative(root, fileURLToPath(l.uri)), textAt(access, l.range)]), [['policies/access.md', 'AOTP']]);
  } finally {
    await c.shutdown();
  }
});
