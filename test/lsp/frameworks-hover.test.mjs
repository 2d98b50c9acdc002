// Hover on a policy or control id with several frameworks: the criteria it maps, grouped by
// framework (the primary's first, then each other framework it maps).
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { pos } from '../helpers/positions.mjs';
import { removeDir, tempWorkspace } from '../helpers/workspaces.mjs';
import { TestClient, hoverText, uriOf } from '../helpers/lsp.mjs';

const POLICY = '---\nid: POL-ACCESS\ntitle: Access Control Policy\nowner: security\nstatus: approved\napproved: 2026-01-15\ncriteria:\n  tsc-2017: [CC6.1, CC6.2]\n  iso27001-2022: [A.5.15, A.5.18]\n  nist-csf-2.0: [PR.AA-01]\n---\n# Access\n';
const ISO_ONLY = '---\nid: POL-ASSETS\ntitle: Asset Policy\nowner: it\nstatus: approved\napproved: 2026-01-15\ncriteria:\n  iso27001-2022: [A.5.9]\n---\n# Assets\n';
const LISTED = '---\nid: POL-HR\ntitle: HR Policy\nowner: people\nstatus: approved\napproved: 2026-01-15\ncriteria: [CC1.4]\n---\n# HR\n';
const CONTROL = 'id: AC-04\ntitle: Quarterly access review\nowner: security\npolicies: [POL-ACCESS, POL-ASSETS, POL-HR]\ncriteria:\n  tsc-2017: [CC6.2]\n  iso27001-2022: [A.5.18]\n';

describe('hover on a policy with several frameworks', () => {
  let root;
  let c;
  const hover = async (rel, text, needle) => hoverText(await c.request('textDocument/hover', { textDocument: { uri: uriOf(path.join(root, rel)) }, position: pos(text, needle, { shift: 2 }) }));

  before(async () => {
    root = tempWorkspace({
      'attest.yaml': 'frameworks: [tsc-2017, iso27001-2022, nist-csf-2.0]\n',
      'policies/access.md': POLICY,
      'policies/assets.md': ISO_ONLY,
      'policies/hr.md': LISTED,
      'controls/review.yaml': CONTROL,
    });
    c = await TestClient.indexed(root);
  });
  after(async () => {
    await c.shutdown();
    removeDir(root);
  });

  test('lists each framework\'s ids under its name, the primary\'s first', async () => {
    const h = await hover('controls/review.yaml', CONTROL, 'POL-ACCESS');
    assert.match(h, /^\*\*POL-ACCESS · Access Control Policy\*\*/);
    assert.match(h, /\nCriteria: CC6\.1, CC6\.2\n\nCriteria \(iso27001-2022\): A\.5\.15, A\.5\.18\n\nCriteria \(nist-csf-2\.0\): PR\.AA-01\n\n_policies\/access\.md_$/);
    const own = await hover('policies/access.md', POLICY, 'POL-ACCESS');
    assert.equal(own, h, 'the same on its own id');
  });

  test('a policy mapping another framework only: none in the primary, then its ids', async () => {
    const h = await hover('controls/review.yaml', CONTROL, 'POL-ASSETS');
    assert.match(h, /\nCriteria: _none_\n\nCriteria \(iso27001-2022\): A\.5\.9\n\n_policies\/assets\.md_$/);
    assert.doesNotMatch(h, /nist-csf-2\.0/, 'a framework it maps nothing in is left out');
  });

  test('the list form: the primary\'s ids, as with one framework', async () => {
    const h = await hover('controls/review.yaml', CONTROL, 'POL-HR');
    assert.match(h, /\nCriteria: CC1\.4\n\n_policies\/hr\.md_$/);
  });

  test('a control: each framework\'s ids with their status, as before', async () => {
    const h = await hover('controls/review.yaml', CONTROL, 'AC-04');
    assert.match(h, /\n\nCriteria: CC6\.2 \(covered\)\n\nCriteria \(iso27001-2022\): A\.5\.18 \(covered\)$/);
  });
});
