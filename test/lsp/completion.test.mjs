// Completion: criterion, policy and system ids, field names, enum values, attest.yaml; also while
// the file is temporarily invalid mid-typing.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { pos } from '../helpers/positions.mjs';
import { tempWorkspace } from '../helpers/workspaces.mjs';
import { applyEdits } from '../helpers/edits.mjs';
import { TestClient, uriOf } from '../helpers/lsp.mjs';
import { EVERY_CODE } from './fixtures.mjs';

describe('completion', () => {
  let root;
  let c;
  let n = 0;

  /** Opens `text` as an unsaved file `rel`, completes at `needle`+`shift`, closes it. */
  async function complete(rel, text, needle, shift = needle.length, occurrence = 0) {
    const f = path.join(root, rel);
    c.open(f, text);
    try {
      const position = pos(text, needle, { shift, nth: occurrence });
      const res = await c.request('textDocument/completion', { textDocument: { uri: uriOf(f) }, position });
      const items = Array.isArray(res) ? res : (res?.items ?? []);
      return { items, labels: items.map((i) => i.label), position, text };
    } finally {
      c.close(f);
    }
  }
  const fresh = (dir = 'controls', ext = 'yaml') => `${dir}/new-${++n}.${ext}`;
  /** The text after accepting `label`: its textEdit applied (or its insertText at the cursor). */
  function accept(r, label) {
    const item = r.items.find((i) => i.label === label);
    assert.ok(item, `${label} offered; got ${r.labels.slice(0, 20).join(' ')}`);
    const edit = item.textEdit ?? { range: { start: r.position, end: r.position }, newText: item.insertText ?? item.label };
    return applyEdits(r.text, [{ range: edit.range ?? edit.replace, newText: edit.newText }]);
  }

  before(async () => {
    root = tempWorkspace(EVERY_CODE);
    c = await TestClient.indexed(root);
  });
  after(() => c.shutdown());

  test('criterion ids in a flow list, with title and description; accepting replaces the typed prefix', async () => {
    const r = await complete(fresh(), 'id: N-1\ntitle: New\ncriteria: [CC6.1, CC\nowner: me\n', '[CC6.1, CC');
    assert.ok(r.labels.includes('CC6.2') && r.labels.includes('CC1.1') && r.labels.includes('A1.1'));
    const cc62 = r.items.find((i) => i.label === 'CC6.2');
    assert.match(`${cc62.detail} ${cc62.labelDetails?.description ?? ''}`, /User registration and deprovisioning/);
    const doc = typeof cc62.documentation === 'string' ? cc62.documentation : cc62.documentation.value;
    assert.match(doc, /registered and approved before they receive/);
    assert.equal(accept(r, 'CC6.2'), 'id: N-1\ntitle: New\ncriteria: [CC6.1, CC6.2\nowner: me\n');
  });

  test('out-of-scope criteria are ranked after every in-scope one and marked as out of scope', async () => {
    const r = await complete(fresh(), 'id: N-2\ntitle: New\ncriteria: [CC6.1, ]\n', '[CC6.1, ');
    const inScope = r.items.filter((i) => /^(CC|A)\d/.test(i.label));
    const outScope = r.items.filter((i) => /^(PI|C|P)\d/.test(i.label));
    assert.equal(inScope.length, 36);
    assert.equal(outScope.length, 25);
    const key = (i) => i.sortText ?? i.label;
    const lastIn = inScope.map(key).sort().at(-1);
    const firstOut = outScope.map(key).sort()[0];
    assert.ok(lastIn < firstOut, `in-scope sort before out-of-scope: ${lastIn} < ${firstOut}`);
    for (const i of outScope) assert.match(`${i.detail ?? ''} ${i.labelDetails?.description ?? ''} ${i.labelDetails?.detail ?? ''}`, /out of scope/i, i.label);
    for (const i of inScope) assert.doesNotMatch(`${i.detail ?? ''} ${i.labelDetails?.description ?? ''}`, /out of scope/i, i.label);
  });

  test('criterion ids in a block list, including a register control\'s list', async () => {
    const r = await complete(fresh(), 'id: N-3\ntitle: New\ncriteria:\n  - CC6.1\n  - CC7\n', '  - CC7');
    assert.ok(r.labels.includes('CC7.2'));
    assert.equal(accept(r, 'CC7.2'), 'id: N-3\ntitle: New\ncriteria:\n  - CC6.1\n  - CC7.2\n');
    const reg = 'controls:\n  - id: R-1\n    title: One\n    criteria:\n      - \n  - id: R-2\n    title: Two\n';
    const r2 = await complete(fresh(), reg, '      - ');
    assert.ok(r2.labels.includes('CC6.1'), r2.labels.slice(0, 10).join(' '));
  });

  test('criterion ids under a comply policy\'s satisfies:', async () => {
    const text = 'name: Comply Policy\nacronym: POL-CMP\nsatisfies:\n  TSC:\n    - CC6.1\n    - CC\n---\n# Comply Policy\n';
    const r = await complete(fresh('policies', 'md'), text, '    - CC', 8, 1);
    assert.ok(r.labels.includes('CC6.8'), r.labels.slice(0, 10).join(' '));
    assert.equal(accept(r, 'CC6.8'), text.replace('    - CC\n', '    - CC6.8\n'));
    // And in an Attest policy's front matter; never in the Markdown body.
    const attest = '---\nid: POL-N\ntitle: New\ncriteria: [CC\n---\n# New\n\ncriteria: [CC\n';
    const r2 = await complete(fresh('policies', 'md'), attest, 'criteria: [CC');
    assert.ok(r2.labels.includes('CC1.1'));
    const r3 = await complete(fresh('policies', 'md'), attest, 'criteria: [CC', 13, 1);
    assert.deepEqual(r3.labels, []);
  });

  test('policy ids in policies:, system ids in systems:', async () => {
    const r = await complete(fresh(), 'id: N-4\ntitle: New\npolicies: [POL\n', '[POL');
    assert.deepEqual(r.labels, ['POL-REAL']);
    const pol = r.items[0];
    assert.match(`${pol.detail} ${typeof pol.documentation === 'string' ? pol.documentation : pol.documentation?.value}`, /Real Policy/);
    const rb = await complete(fresh(), 'id: N-5\ntitle: New\npolicies:\n  - \n', '  - ');
    assert.deepEqual(rb.labels, ['POL-REAL']);
    const rs = await complete(fresh(), 'id: N-6\ntitle: New\nsystems: [api, ]\n', '[api, ');
    assert.deepEqual([...rs.labels].sort(), ['api', 'ftp', 'vpn']);
    const ftp = rs.items.find((i) => i.label === 'ftp');
    assert.match(ftp.detail ?? '', /out of scope/i, 'the out-of-scope system says so');
    assert.ok((ftp.sortText ?? 'ftp') > (rs.items.find((i) => i.label === 'vpn').sortText ?? 'vpn'), 'out-of-scope system last');
  });

  test('field names with a short doc, without the fields already present', async () => {
    const text = 'id: N-7\ntitle: New\nst\ncriteria: [CC6.1]\nowner: me\n';
    const r = await complete(fresh(), text, '\nst', 3);
    for (const present of ['id', 'title', 'criteria', 'owner']) assert.ok(!r.labels.includes(present), `${present} is already there`);
    for (const missing of ['status', 'type', 'automation', 'frequency', 'description', 'policies', 'evidence', 'systems']) assert.ok(r.labels.includes(missing), missing);
    const status = r.items.find((i) => i.label === 'status');
    const doc = typeof status.documentation === 'string' ? status.documentation : status.documentation?.value;
    assert.match(doc, /planned/);
    assert.equal(accept(r, 'status'), text.replace('\nst\n', '\nstatus: \n'));
    // In an evidence entry: evidence fields.
    const ev = 'id: N-8\ntitle: New\nevidence:\n  - title: Sample\n    co\n';
    const re = await complete(fresh(), ev, '    co');
    assert.ok(re.labels.includes('collected') && re.labels.includes('link'));
    assert.ok(!re.labels.includes('title') && !re.labels.includes('criteria'));
    // In a register item: control fields.
    const reg = 'controls:\n  - id: R-1\n    title: One\n    ow\n';
    const rr = await complete(fresh(), reg, '    ow');
    assert.ok(rr.labels.includes('owner') && !rr.labels.includes('title') && !rr.labels.includes('id'));
    // In a policy's front matter: policy fields.
    const pol = '---\nid: POL-F\ntitle: F\nap\n---\n# F\n';
    const rp = await complete(fresh('policies', 'md'), pol, '\nap', 3);
    assert.ok(rp.labels.includes('approved') && rp.labels.includes('review') && rp.labels.includes('owner'));
    assert.ok(!rp.labels.includes('id') && !rp.labels.includes('title'));
  });

  test('enum values: status, type, automation, frequency (control) and status, review (policy)', async () => {
    const val = async (text, needle, rel = fresh()) => (await complete(rel, text, needle)).labels;
    assert.deepEqual(await val('id: E-1\ntitle: E\nstatus: \n', 'status: '), ['planned', 'implemented', 'retired']);
    assert.deepEqual(await val('id: E-2\ntitle: E\ntype: pre\n', 'type: pre'), ['preventive', 'detective', 'corrective']);
    assert.deepEqual(await val('id: E-3\ntitle: E\nautomation: \n', 'automation: '), ['manual', 'automated', 'hybrid']);
    assert.deepEqual(await val('id: E-4\ntitle: E\nfrequency: \n', 'frequency: '), ['continuous', 'daily', 'weekly', 'monthly', 'quarterly', 'semiannually', 'annually', 'on-event']);
    assert.deepEqual(await val('---\nid: POL-E\ntitle: E\nstatus: \n---\n', 'status: ', fresh('policies', 'md')), ['draft', 'approved', 'retired']);
    assert.ok((await val('---\nid: POL-E\ntitle: E\nreview: \n---\n', 'review: ', fresh('policies', 'md'))).includes('annually'));
    // A value completion replaces the partial word.
    const r = await complete(fresh(), 'id: E-5\ntitle: E\nautomation: hyb\n', 'automation: hyb');
    assert.equal(accept(r, 'hybrid'), 'id: E-5\ntitle: E\nautomation: hybrid\n');
  });

  test('attest.yaml: categories, report, system kind, and criterion ids in exclude', async () => {
    const cfg = path.join(root, 'attest.yaml');
    const base = EVERY_CODE['attest.yaml'];
    const at = async (text, needle, shift = needle.length) => {
      c.open(cfg, text);
      try {
        const res = await c.request('textDocument/completion', { textDocument: { uri: uriOf(cfg) }, position: pos(text, needle, { shift }) });
        return (res?.items ?? res ?? []).map((i) => i.label);
      } finally {
        c.close(cfg);
      }
    };
    assert.deepEqual(await at(base.replace('  - availability\n', '  - availability\n  - \n'), 'availability\n  - '), ['security', 'availability', 'processing-integrity', 'confidentiality', 'privacy']);
    assert.deepEqual(await at(base.replace('report: type2', 'report: '), 'report: '), ['type1', 'type2']);
    assert.deepEqual(await at(base.replace('kind: software', 'kind: '), 'kind: '), ['infrastructure', 'software', 'data', 'people', 'procedures', 'vendor']);
    const ex = await at(base.replace('  - criterion: CC9.2\n', '  - criterion: CC9.2\n  - criterion: CC\n'), 'criterion: CC', 13, 1);
    assert.ok(ex.includes('CC9.1') && ex.includes('A1.2'));
  });

  test('completion keeps working while the file is invalid mid-typing', async () => {
    // An unclosed flow list followed by more lines, and a broken quote above.
    const broken = 'id: B-1\ntitle: "unclosed\ncriteria: [CC6.1, CC\npolicies: [POL\nstatus: \n\tbad: tab\n';
    const r1 = await complete(fresh(), broken, '[CC6.1, CC');
    assert.ok(r1.labels.includes('CC6.2'));
    const r2 = await complete(fresh(), broken, '[POL');
    assert.deepEqual(r2.labels, ['POL-REAL']);
    const r3 = await complete(fresh(), broken, 'status: ');
    assert.deepEqual(r3.labels, ['planned', 'implemented', 'retired']);
    // A merge-conflict marker elsewhere in the file.
    const conflict = '<<<<<<< HEAD\nid: B-2\n=======\nid: B-3\n>>>>>>> branch\ntitle: T\nfrequency: \n';
    const r4 = await complete(fresh(), conflict, 'frequency: ');
    assert.ok(r4.labels.includes('quarterly'));
    // The server still published a syntax diagnostic for such a file (it is invalid), and answers.
    const f = path.join(root, 'controls/broken-now.yaml');
    c.open(f, broken);
    await c.nextDiagnostics(f, (d) => d.some((x) => x.code === 'yaml-syntax'));
    const again = await c.request('textDocument/completion', { textDocument: { uri: uriOf(f) }, position: pos(broken, '[CC6.1, CC', { shift: 10 }) });
    assert.ok(again.items.some((i) => i.label === 'CC6.2'));
    c.close(f);
  });

  test('no completion in free text: a description value, a comment, the policy body', async () => {
    const text = 'id: X-1\ntitle: X\ndescription: Users of CC\n# criteria: [CC\n';
    assert.deepEqual((await complete(fresh(), text, 'Users of CC')).labels, []);
    assert.deepEqual((await complete(fresh(), text, '# criteria: [CC')).labels, []);
  });
});
