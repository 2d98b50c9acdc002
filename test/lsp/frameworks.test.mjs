// Several frameworks in the editor: coverage per framework, completion, hover, definition,
// rename-safety and code lenses inside the mapping form of `criteria:`, crosswalks on hover and
// the "Also map" code action.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { pos, rangeOf } from '../helpers/positions.mjs';
import { removeDir, tempWorkspace } from '../helpers/workspaces.mjs';
import { applyEdits, applyWorkspaceEdit } from '../helpers/edits.mjs';
import { TestClient, codes, hoverText, uriOf } from '../helpers/lsp.mjs';

const CONFIG = 'frameworks: [tsc-2017, iso27001-2022, nist-csf-2.0]\ncategories: [availability]\n';
const MAPPED = 'id: AC-04\ntitle: Quarterly access review\nowner: security\ncriteria:\n  tsc-2017: [CC6.2, CC6.3]\n  iso27001-2022: [A.5.18]\n';
const LISTED = 'id: AC-07\ntitle: Offboarding\nowner: it\ncriteria: [CC6.2]\n';
const FLOW = 'id: AC-08\ntitle: Badge access\nowner: it\ncriteria: { tsc-2017: [CC6.2] }\n';
const BLOCK = 'id: AC-09\ntitle: Access requests\nowner: it\ncriteria:\n  tsc-2017:\n    - CC6.2\n  nist-csf-2.0:\n    - PR.AA-01\n';
const WALK = `from: tsc-2017
to: iso27001-2022
source: Our own reading.
links:
  - { from: CC6.2, to: A.5.18, relationship: intersects-with }
  - { from: CC6.2, to: A.5.15, relationship: subset-of }
`;
const WALK_CSF = 'from: tsc-2017\nto: nist-csf-2.0\nsource: Our own reading.\nlinks:\n  - { from: CC6.2, to: PR.AA-05, relationship: intersects-with }\n';
const FILES = {
  'attest.yaml': CONFIG,
  'controls/mapped.yaml': MAPPED,
  'controls/listed.yaml': LISTED,
  'controls/flow.yaml': FLOW,
  'controls/block.yaml': BLOCK,
  'crosswalks/tsc-iso.yaml': WALK,
  'crosswalks/tsc-csf.yaml': WALK_CSF,
};

describe('several frameworks in the editor', () => {
  let root;
  let c;
  let n = 0;
  const file = (rel) => path.join(root, rel);
  const at = (rel, text, needle, opts) => ({ textDocument: { uri: uriOf(file(rel)) }, position: pos(text, needle, opts) });

  before(async () => {
    root = tempWorkspace(FILES);
    c = await TestClient.indexed(root);
  });
  after(async () => {
    await c.shutdown();
    removeDir(root);
  });

  /** Completion labels in an unsaved control `text` at `needle`+`shift`. */
  async function complete(text, needle, shift = needle.length) {
    const f = file(`controls/new-${++n}.yaml`);
    c.open(f, text);
    try {
      const res = await c.request('textDocument/completion', { textDocument: { uri: uriOf(f) }, position: pos(text, needle, { shift }) });
      if (!res) throw new Error(`no completion in ${JSON.stringify(text)} at ${needle}`);
      return (Array.isArray(res) ? res : res.items).map((i) => i.label);
    } finally {
      c.close(f);
    }
  }

  test('attest/coverage answers per framework; attest/coverageEntries takes the framework', async () => {
    const cov = await c.coverage();
    assert.equal(cov.framework, 'tsc-2017');
    assert.deepEqual(cov.frameworks.map((f) => [f.id, f.totals.inScope]), [['tsc-2017', 36], ['iso27001-2022', 93], ['nist-csf-2.0', 106]]);
    const a518 = cov.frameworks[1].categories.flatMap((x) => x.criteria).find((x) => x.id === 'A.5.18');
    assert.equal(a518.status, 'covered');
    assert.deepEqual(a518.controls.map((x) => [x.id, x.uri]), [['AC-04', uriOf(file('controls/mapped.yaml'))]]);
    assert.deepEqual(a518.controls[0].range, rangeOf(MAPPED, 'AC-04'));
    assert.equal(cov.frameworks[2].categories[0].series.length > 0, true);
    const entries = await c.request('attest/coverageEntries', { criterion: 'PR.AA-01', framework: 'nist-csf-2.0' });
    assert.deepEqual(entries.controls.map((x) => x.id), ['AC-09']);
    const none = await c.request('attest/coverageEntries', { criterion: 'PR.AA-01' });
    assert.deepEqual(none.controls, [], 'without framework: the primary, which has no PR.AA-01');
    const projects = await c.request('attest/projects');
    assert.deepEqual(projects.projects[0].frameworks, ['tsc-2017', 'iso27001-2022', 'nist-csf-2.0']);
  });

  test('diagnostics: uncovered-criterion of ISO on its id in frameworks:, unknown-framework on a key', async () => {
    const cfg = await c.waitForDiagnostics(file('attest.yaml'), (d) => d.length > 0);
    const iso = cfg.filter((d) => d.code === 'uncovered-criterion' && d.data?.framework === 'iso27001-2022');
    assert.equal(iso.length, 1);
    assert.deepEqual(iso[0].range, rangeOf(CONFIG, 'iso27001-2022'));
    assert.match(iso[0].message, /^92 of the 93 in-scope criteria of iso27001-2022 are not covered \(92 uncovered\): A\.5\.1, /);
    assert.ok(iso[0].data.criteria.includes('A.5.15') && !iso[0].data.criteria.includes('A.5.18'));
    assert.ok(cfg.some((d) => d.code === 'uncovered-criterion' && /^A1\.1 /.test(d.message)), 'the primary\'s gaps are all shown');
    const f = file('controls/typo.yaml');
    const text = 'id: T-1\ntitle: T\nowner: x\ncriteria:\n  tsc-2017: [CC6.1]\n  nist-csf: [GV.OC-01]\n';
    c.open(f, text);
    try {
      const d = await c.waitForDiagnostics(f, (x) => x.length > 0);
      assert.deepEqual(codes(d), ['unknown-framework']);
      assert.deepEqual(d[0].range, rangeOf(text, 'nist-csf'));
      assert.match(d[0].message, /Did you mean nist-csf-2\.0\?/);
    } finally {
      c.close(f);
    }
  });

  test('completion: framework keys of the mapping, then each framework\'s own ids under its key', async () => {
    const keys = await complete('id: N-1\ntitle: N\ncriteria:\n  tsc-2017: [CC6.1]\n  \n', '[CC6.1]\n  ');
    assert.deepEqual(keys, ['iso27001-2022', 'nist-csf-2.0']);
    const iso = await complete('id: N-2\ntitle: N\ncriteria:\n  iso27001-2022: [A.5.1\n', '[A.5.1');
    assert.ok(iso.includes('A.5.18') && iso.includes('A.8.34'));
    assert.ok(!iso.some((l) => l.startsWith('CC') || l.startsWith('PR.')), 'only ISO ids under the ISO key');
    const csfBlock = await complete('id: N-3\ntitle: N\ncriteria:\n  nist-csf-2.0:\n    - PR.\n', '- PR.');
    assert.equal(csfBlock.length, 106);
    const inline = await complete('id: N-4\ntitle: N\ncriteria: { tsc-2017: [CC6.1], iso27001-2022: [A.8.\n', '[A.8.');
    assert.ok(inline.includes('A.8.5') && !inline.includes('CC6.1'));
    const inlineKey = await complete('id: N-5\ntitle: N\ncriteria: { tsc-2017: [CC6.1], nis\n', ', nis');
    assert.deepEqual(inlineKey, ['iso27001-2022', 'nist-csf-2.0']);
    const list = await complete('id: N-6\ntitle: N\ncriteria: [CC\n', '[CC');
    assert.equal(list.length, 61, 'the list form completes the primary framework');
  });

  test('completion in attest.yaml (frameworks:) and in crosswalk files', async () => {
    const f = file('attest.yaml');
    const text = 'frameworks: [tsc-2017, ]\n';
    c.open(f, text);
    try {
      const res = await c.request('textDocument/completion', { textDocument: { uri: uriOf(f) }, position: pos(text, 'tsc-2017, ', { shift: 10 }) });
      assert.deepEqual(res.items.map((i) => i.label), ['iso27001-2022', 'nist-csf-2.0']);
    } finally {
      c.close(f);
      await c.waitForDiagnostics(f, (d) => d.some((x) => x.code === 'uncovered-criterion' && x.data?.framework === 'iso27001-2022'));
      await c.barrier(root);
    }
    const w = file('crosswalks/new.yaml');
    const walk = 'from: tsc-2017\nto: iso27001-2022\nlinks:\n  - { from: CC6.1, to: A.5.1 }\n';
    c.open(w, walk);
    try {
      const to = await c.request('textDocument/completion', { textDocument: { uri: uriOf(w) }, position: pos(walk, 'to: A.5.1', { shift: 9 }) });
      const labels = to.items.map((i) => i.label);
      assert.ok(labels.includes('A.5.15') && !labels.includes('CC6.1'));
      const from = await c.request('textDocument/completion', { textDocument: { uri: uriOf(w) }, position: pos(walk, 'from: CC6.1', { shift: 11 }) });
      assert.ok(from.items.some((i) => i.label === 'CC6.1') && !from.items.some((i) => i.label === 'A.5.1'));
    } finally {
      c.close(w);
    }
  });

  test('hover on an id under a framework key: that framework\'s criterion, status and mappers', async () => {
    const h = hoverText(await c.request('textDocument/hover', at('controls/mapped.yaml', MAPPED, 'A.5.18', { shift: 2 })));
    assert.match(h, /^\*\*A\.5\.18 · Granting, reviewing and revoking access rights\*\*/);
    assert.match(h, /_iso27001-2022 · Organizational controls · A\.5 Organizational controls_ · \*\*covered\*\*/);
    assert.match(h, /\*\*Controls:\*\* AC-04/);
    const key = hoverText(await c.request('textDocument/hover', at('controls/mapped.yaml', MAPPED, 'iso27001-2022', { shift: 3 })));
    assert.match(key, /^\*\*ISO\/IEC 27001:2022 Annex A \(iso27001-2022\)\*\*: 1\/93 covered/);
  });

  test('hover on a criterion lists what crosswalks relate it to, with the relationship, from either end', async () => {
    const h = hoverText(await c.request('textDocument/hover', at('controls/listed.yaml', LISTED, 'CC6.2', { shift: 1 })));
    assert.match(h, /\*\*Crosswalks\*\*\n- intersects-with \*\*PR\.AA-05\*\* \(nist-csf-2\.0\) .+ · _crosswalks\/tsc-csf\.yaml_\n/);
    assert.match(h, /- intersects-with \*\*A\.5\.18\*\* \(iso27001-2022\) Granting, reviewing and revoking access rights · _crosswalks\/tsc-iso\.yaml_/);
    assert.match(h, /- subset-of \*\*A\.5\.15\*\* \(iso27001-2022\)/);
    const back = hoverText(await c.request('textDocument/hover', at('crosswalks/tsc-iso.yaml', WALK, 'A.5.15', { shift: 1 })));
    assert.match(back, /^\*\*A\.5\.15 · /);
    assert.match(back, /- superset-of \*\*CC6\.2\*\* \(tsc-2017\)/);
  });

  test('definition of an id under a framework key: its mappers in that framework; rename refuses criteria', async () => {
    const defs = await c.request('textDocument/definition', at('controls/block.yaml', BLOCK, 'PR.AA-01', { shift: 2 }));
    assert.deepEqual(defs.map((d) => [d.uri, d.range]), [[uriOf(file('controls/block.yaml')), rangeOf(BLOCK, 'PR.AA-01')]]);
    await assert.rejects(c.request('textDocument/prepareRename', at('controls/mapped.yaml', MAPPED, 'A.5.18')), /criterion ids cannot be renamed/);
    await assert.rejects(c.request('textDocument/prepareRename', at('controls/mapped.yaml', MAPPED, 'iso27001-2022')), /Only control, policy and system ids can be renamed/);
    const edit = await c.request('textDocument/rename', { ...at('controls/mapped.yaml', MAPPED, 'AC-04'), newName: 'AC-40' });
    const changed = applyWorkspaceEdit(edit, new Map([[uriOf(file('controls/mapped.yaml')), MAPPED]]));
    assert.equal(changed.get(uriOf(file('controls/mapped.yaml'))), MAPPED.replace('AC-04', 'AC-40'));
  });

  test('code lenses count per framework on a control and per framework in attest.yaml', async () => {
    const lenses = await c.request('textDocument/codeLens', { textDocument: { uri: uriOf(file('controls/mapped.yaml')) } });
    assert.deepEqual(lenses.map((l) => l.command.title), ['maps 3 criteria: tsc-2017 2 covered · iso27001-2022 1 covered']);
    const listed = await c.request('textDocument/codeLens', { textDocument: { uri: uriOf(file('controls/listed.yaml')) } });
    assert.deepEqual(listed.map((l) => l.command.title), ['maps 1 criterion: 1 covered']);
    const cfg = await c.request('textDocument/codeLens', { textDocument: { uri: uriOf(file('attest.yaml')) } });
    const titles = cfg.map((l) => [l.command.title, l.range.start.character]);
    assert.ok(titles.some(([t, ch]) => /^Security: 2\/33 covered$/.test(t) && ch === pos(CONFIG, 'tsc-2017').character), JSON.stringify(titles));
    assert.ok(titles.some(([t, ch]) => t === 'ISO/IEC 27001:2022 Annex A: 1/93 covered' && ch === pos(CONFIG, 'iso27001-2022').character), JSON.stringify(titles));
    assert.ok(titles.some(([t]) => t === 'NIST Cybersecurity Framework 2.0: 1/106 covered'), JSON.stringify(titles));
    assert.ok(titles.some(([t]) => t === 'Availability: 0/3 covered'), JSON.stringify(titles));
  });

  /** The "Also map" actions offered with the cursor on `needle` of a control file. */
  async function alsoMap(rel, text, needle) {
    const position = pos(text, needle);
    const actions = await c.request('textDocument/codeAction', { textDocument: { uri: uriOf(file(rel)) }, range: { start: position, end: position }, context: { diagnostics: [] } });
    return actions.filter((a) => a.title.startsWith('Also map'));
  }
  const applied = (rel, text, action) => applyEdits(text, action.edit.changes[uriOf(file(rel))]);

  test('"Also map" on a list-form control converts it to the mapping form; the result is clean', async () => {
    const actions = await alsoMap('controls/listed.yaml', LISTED, 'AC-07');
    assert.deepEqual(actions.map((a) => a.title), ['Also map PR.AA-05 (nist-csf-2.0)', 'Also map A.5.18 (iso27001-2022)', 'Also map A.5.15 (iso27001-2022)']);
    assert.equal(actions[0].kind, 'refactor.rewrite');
    const text = applied('controls/listed.yaml', LISTED, actions[1]);
    assert.equal(text, 'id: AC-07\ntitle: Offboarding\nowner: it\ncriteria:\n  tsc-2017: [CC6.2]\n  iso27001-2022: [A.5.18]\n');
    const f = file('controls/listed.yaml');
    c.open(f, text);
    try {
      await c.barrier(root);
      assert.deepEqual(c.diagnostics.get(uriOf(f)) ?? [], [], 'no finding on the converted control');
      const again = await alsoMap('controls/listed.yaml', text, 'AC-07');
      assert.deepEqual(again.map((a) => a.title), ['Also map PR.AA-05 (nist-csf-2.0)', 'Also map A.5.15 (iso27001-2022)'], 'what is mapped is offered no more');
      assert.equal(applied('controls/listed.yaml', text, again[1]), text.replace('[A.5.18]', '[A.5.18, A.5.15]'));
    } finally {
      c.close(f);
    }
  });

  test('"Also map" adds a key to a flow mapping and an item to a block list', async () => {
    const flow = await alsoMap('controls/flow.yaml', FLOW, 'Badge');
    assert.equal(applied('controls/flow.yaml', FLOW, flow.find((a) => a.title === 'Also map PR.AA-05 (nist-csf-2.0)')), FLOW.replace('[CC6.2] }', '[CC6.2], nist-csf-2.0: [PR.AA-05] }'));
    const block = await alsoMap('controls/block.yaml', BLOCK, 'PR.AA-01');
    assert.equal(applied('controls/block.yaml', BLOCK, block.find((a) => a.title === 'Also map PR.AA-05 (nist-csf-2.0)')), BLOCK.replace('    - PR.AA-01\n', '    - PR.AA-01\n    - PR.AA-05\n'));
    assert.equal(applied('controls/block.yaml', BLOCK, block.find((a) => a.title === 'Also map A.5.18 (iso27001-2022)')), `${BLOCK}  iso27001-2022: [A.5.18]\n`);
    const none = await alsoMap('controls/mapped.yaml', MAPPED, 'A.5.18');
    assert.deepEqual(none.map((a) => a.title), ['Also map PR.AA-05 (nist-csf-2.0)', 'Also map A.5.15 (iso27001-2022)']);
  });
});

describe('a catalog file as another framework', () => {
  const CATALOG = 'id: acme\ntitle: Acme baseline\ncategories:\n  - id: core\n    title: Core\n    series:\n      - id: K1\n        title: Keys\n        criteria:\n          - id: K1.1\n            title: Keys are rotated\n            description: Rotate keys yearly.\n';
  const CTL = 'id: K-1\ntitle: Key rotation\nowner: platform\ncriteria:\n  tsc-2017: [CC6.1]\n  catalogs/acme.yaml: [K1.1]\n';
  let root;
  let c;
  before(async () => {
    root = tempWorkspace({ 'attest.yaml': 'frameworks: [tsc-2017, catalogs/acme.yaml]\n', 'catalogs/acme.yaml': CATALOG, 'controls/k.yaml': CTL });
    c = await TestClient.indexed(root);
  });
  after(async () => {
    await c.shutdown();
    removeDir(root);
  });

  test('hover and definition of an id under its key use that catalog file', async () => {
    const at = { textDocument: { uri: uriOf(path.join(root, 'controls/k.yaml')) }, position: pos(CTL, 'K1.1', { shift: 1 }) };
    const h = hoverText(await c.request('textDocument/hover', at));
    assert.match(h, /^\*\*K1\.1 · Keys are rotated\*\*/);
    assert.match(h, /_catalogs\/acme\.yaml · Core · K1 Keys_ · \*\*covered\*\*/);
    const defs = await c.request('textDocument/definition', at);
    assert.deepEqual(defs.map((d) => [d.uri, d.range]), [[uriOf(path.join(root, 'catalogs/acme.yaml')), rangeOf(CATALOG, 'K1.1')]]);
  });
});
