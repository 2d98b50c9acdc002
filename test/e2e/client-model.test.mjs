// Unit tests of the client's pure modules (no VS Code): the coverage payload -> tree nodes and
// status bar summary, per project; the attest.yaml exclusion edit (a core module the extension
// bundles), snippet handling, the crash policy.
// They are bundled with esbuild on the fly, so they run before (and without) a real VS Code.
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
let m;
before(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'attest-client-'));
  const out = join(dir, 'client.mjs');
  await build({
    stdin: {
      contents: "export * from './client/src/coverage/coverageModel'; export * from './client/src/edits'; export * from './server/src/core/exclusionEdit'; export * from './client/src/crashPolicy';",
      resolveDir: root,
      loader: 'ts',
    },
    bundle: true, platform: 'node', format: 'esm', outfile: out, logLevel: 'warning',
  });
  m = await import(pathToFileURL(out).href);
  rmSync(dir, { recursive: true, force: true });
});

const range = (l, c1, c2) => ({ start: { line: l, character: c1 }, end: { line: l, character: c2 } });
const loc = (id, title, file = `file:///ws/controls/${id}.yaml`) => ({ id, title, uri: file, range: range(0, 4, 4 + id.length) });
function payload() {
  return {
    framework: 'tsc-2017', report: 'type1',
    totals: { inScope: 5, covered: 2, planned: 1, policyOnly: 0, uncovered: 1, excluded: 1 },
    categories: [
      { id: 'security', title: 'Security', inScope: true, criteria: [
        { id: 'CC1.1', title: 'Integrity', status: 'covered', controls: [{ ...loc('HR-01', 'Code of conduct'), status: 'implemented', evidence: 'not-required' }], policies: [loc('POL-HR', 'HR policy', 'file:///ws/policies/hr.md')] },
        { id: 'CC1.2', title: 'Board', status: 'uncovered', controls: [], policies: [] },
        { id: 'CC6.1', title: 'Logical access', status: 'covered', evidenceGap: true, controls: [{ ...loc('AC-01', 'SSO'), status: 'implemented', evidence: 'stale' }], policies: [] },
        { id: 'CC6.4', title: 'Physical access', status: 'excluded', reason: 'No data centres.', controls: [], policies: [] },
      ] },
      { id: 'availability', title: 'Availability', inScope: true, criteria: [
        { id: 'A1.1', title: 'Capacity', status: 'planned', controls: [{ ...loc('OPS-01', 'Capacity review'), status: 'planned', evidence: 'not-required' }], policies: [] },
      ] },
      { id: 'privacy', title: 'Privacy', inScope: false, criteria: [
        { id: 'P1.1', title: 'Notice', controls: [], policies: [] },
        { id: 'P2.1', title: 'Consent', controls: [], policies: [] },
      ] },
    ],
    systems: [
      { id: 'api', name: 'Public API', kind: 'software', scope: 'in', controls: [loc('AC-01', 'SSO')] },
      { id: 'desk', name: 'Support desk', kind: 'vendor', scope: 'in', controls: [loc('OPS-01', 'Capacity review')] },
      { id: 'old', name: 'Legacy', scope: 'out', controls: [] },
    ],
  };
}
const folder = (p = payload()) => [{ uri: 'file:///ws', name: 'ws', payload: p }];
const all = { gapsOnly: false, hideOutOfScope: false };

describe('coverage tree (coverageModel.ts)', () => {
  test('categories -> series (when several) -> criteria -> controls and policies, with counts', () => {
    const p = payload();
    p.categories[0].series = [
      { id: 'CC1', title: 'Control environment', criteria: ['CC1.1', 'CC1.2'] },
      { id: 'CC6', title: 'Logical and physical access controls', criteria: ['CC6.1', 'CC6.4'] },
    ];
    assert.deepEqual(m.snapshot(m.buildCoverageTree(folder(p), all)), [
      'Security — 2/3 covered, 2 gaps',
      '  CC1 Control environment — 1/2 covered, 1 gap',
      '    CC1.1 — Integrity',
      '      HR-01 — Code of conduct',
      '      POL-HR — HR policy',
      '    CC1.2 — Board · uncovered',
      '  CC6 Logical and physical access controls — 1/1 covered, 1 gap',
      '    CC6.1 — Logical access · evidence gap',
      '      AC-01 — SSO (evidence stale)',
      '    CC6.4 — Physical access · excluded',
      'Availability — 0/1 covered, 1 gap',
      '  A1.1 — Capacity · planned',
      '    OPS-01 — Capacity review (planned)',
      'Privacy — not in scope',
      '  P1 — not in scope',
      '    P1.1 — Notice',
      '  P2 — not in scope',
      '    P2.1 — Consent',
    ]);
  });

  test('icons, colours, tooltips and context values per status', () => {
    const nodes = m.buildCoverageTree(folder(), all);
    const flat = (list) => list.flatMap((n) => [n, ...flat(n.children)]);
    const find = (label) => flat(nodes).find((n) => n.label === label);
    assert.equal(find('CC1.2').icon, 'error');
    assert.equal(find('CC1.2').contextValue, 'attest.criterion excludable');
    assert.match(find('CC1.2').tooltip, /uncovered.*No control or policy maps/);
    assert.equal(find('CC6.4').contextValue, 'attest.criterion', 'an excluded criterion cannot be excluded again');
    assert.match(find('CC6.4').tooltip, /Reason: No data centres\./);
    assert.equal(find('P1.1').contextValue, 'attest.criterion', 'out of scope: not excludable');
    assert.equal(find('Privacy').color, 'disabledForeground', 'out-of-scope categories are dimmed');
    assert.deepEqual(find('CC1.2').criterion, { id: 'CC1.2', title: 'Board', project: 'file:///ws', status: 'uncovered' });
    assert.deepEqual(find('HR-01').location, { uri: 'file:///ws/controls/HR-01.yaml', range: range(0, 4, 9) });
  });

  test('gaps only: gap criteria and their parents; no out-of-scope categories', () => {
    const lines = m.snapshot(m.buildCoverageTree(folder(), { ...all, gapsOnly: true }));
    assert.deepEqual(lines, [
      'Security — 2/3 covered, 2 gaps',
      '  CC1 — 1/2 covered, 1 gap',
      '    CC1.2 — Board · uncovered',
      '  CC6 — 1/1 covered, 1 gap',
      '    CC6.1 — Logical access · evidence gap',
      '      AC-01 — SSO (evidence stale)',
      'Availability — 0/1 covered, 1 gap',
      '  A1.1 — Capacity · planned',
      '    OPS-01 — Capacity review (planned)',
    ]);
    const p = payload();
    for (const c of p.categories) for (const x of c.criteria) if (x.status && x.status !== 'excluded') Object.assign(x, { status: 'covered', evidenceGap: false });
    assert.deepEqual(m.snapshot(m.buildCoverageTree(folder(p), { ...all, gapsOnly: true })), ['No gaps: every in-scope criterion is covered or excluded.']);
  });

  test('hide out of scope', () => {
    assert.deepEqual(m.snapshot(m.buildCoverageTree(folder(), { ...all, hideOutOfScope: true }), 1), ['Security — 2/3 covered, 2 gaps', 'Availability — 0/1 covered, 1 gap']);
  });

  test('ids are unique and stable across rebuilds; gap mode has its own ids', () => {
    const ids = (nodes, out = []) => { for (const n of nodes) { out.push(n.id); ids(n.children, out); } return out; };
    const a = ids(m.buildCoverageTree(folder(), all));
    assert.equal(new Set(a).size, a.length);
    assert.deepEqual(ids(m.buildCoverageTree(folder(), all)), a);
    const g = ids(m.buildCoverageTree(folder(), { ...all, gapsOnly: true }));
    assert.ok(g.every((id) => !a.includes(id)));
  });

  test('several projects (one per workspace folder): one node each; loading and error states', () => {
    const two = [...folder(), { uri: 'file:///b', name: 'b', error: 'boom' }, { uri: 'file:///c', name: 'c' }];
    assert.deepEqual(m.snapshot(m.buildCoverageTree(two, all), 2), [
      'ws — 2/4 covered',
      '  Security — 2/3 covered, 2 gaps',
      '  Availability — 0/1 covered, 1 gap',
      '  Privacy — not in scope',
      'b',
      '  Coverage unavailable',
      'c',
      '  Loading coverage…',
    ]);
  });

  test('systems view: controls per system, unprotected and out-of-scope systems marked', () => {
    assert.deepEqual(m.snapshot(m.buildSystemsTree(folder())), [
      'api — 1 control · Public API',
      '  AC-01 — SSO (evidence stale)',
      'desk — no implemented control · Support desk',
      '  OPS-01 — Capacity review (planned)',
      'old — out of scope · Legacy',
    ]);
    const desk = m.buildSystemsTree(folder())[1];
    assert.equal(desk.icon, 'warning');
    assert.equal(m.buildSystemsTree([{ uri: 'file:///x', name: 'x', payload: { ...payload(), systems: undefined } }]).length, 0);
  });

  test('status bar summary: covered / in scope less excluded, gaps in the tooltip', () => {
    const s = m.summarize(folder());
    assert.equal(s.text, 'Attest 2/4');
    assert.equal(s.severity, 'error');
    assert.deepEqual(s.gaps.map((g) => `${g.id}:${g.status}`), ['CC1.2:uncovered', 'CC6.1:covered', 'A1.1:planned']);
    assert.match(s.tooltip, /2 of 4 in-scope criteria covered/);
    assert.match(s.tooltip, /uncovered: \*\*CC1\.2\*\* Board/);
    assert.match(s.tooltip, /evidence gap: \*\*CC6\.1\*\* Logical access/);
    assert.equal(m.summarize([{ uri: 'file:///a', name: 'a' }]).text, 'Attest');
  });

  test('series come from the payload, whatever the criterion ids look like (a workspace catalog)', () => {
    const p = payload();
    p.categories[0].series = [
      { id: 'people', title: 'People', criteria: ['CC1.1', 'CC6.1'] },
      { id: 'places', title: 'Places', criteria: ['CC1.2', 'CC6.4'] },
    ];
    assert.deepEqual(m.snapshot(m.buildCoverageTree(folder(p), all), 2).slice(0, 3), [
      'Security — 2/3 covered, 2 gaps',
      '  people People — 2/2 covered, 1 gap',
      '  places Places — 0/1 covered, 1 gap',
    ]);
  });

  // What a server answering `attest/coverage` with { limit: 2 } sends: the first entries, and the whole counts.
  function truncated() {
    const p = payload();
    const cc11 = p.categories[0].criteria[0];
    Object.assign(cc11, {
      controls: [cc11.controls[0], { ...loc('HR-02', 'Background checks'), status: 'implemented', evidence: 'current' }],
      controlCount: 4374, policies: [cc11.policies[0]], policyCount: 1,
    });
    const cc61 = p.categories[0].criteria[2];
    Object.assign(cc61, { controlCount: 1, policies: [loc('POL-A', 'Access', 'file:///ws/policies/a.md')], policyCount: 3 });
    for (const c of p.categories.flatMap((cat) => cat.criteria)) {
      c.controlCount ??= c.controls.length;
      c.policyCount ??= c.policies.length;
    }
    p.systems = [
      // Statuses come with the system's controls; the criteria lists no longer name OPS-07 or AC-09.
      { id: 'api', name: 'Public API', kind: 'software', scope: 'in', controls: [{ ...loc('AC-01', 'SSO'), status: 'implemented' }, { ...loc('AC-09', 'MFA'), status: 'planned' }], controlCount: 1200, implementedCount: 1100 },
      { id: 'desk', name: 'Support desk', kind: 'vendor', scope: 'in', controls: [{ ...loc('OPS-07', 'Ticket triage'), status: 'planned' }], controlCount: 1, implementedCount: 0 },
      { id: 'old', name: 'Legacy', scope: 'out', controls: [], controlCount: 0, implementedCount: 0 },
    ];
    return p;
  }
  const flat = (list) => list.flatMap((n) => [n, ...flat(n.children)]);

  test('truncated lists: a "… more" node after the listed entries opens the full list', () => {
    const nodes = m.buildCoverageTree(folder(truncated()), all);
    const cc11 = flat(nodes).find((n) => n.label === 'CC1.1');
    assert.deepEqual(cc11.children.map((n) => `${n.kind} ${n.label}`), ['control HR-01', 'control HR-02', 'policy POL-HR', 'more … 4,372 more controls']);
    const more = cc11.children.at(-1);
    assert.deepEqual(more.command, { command: 'attest.showMapped', title: 'Show All', arguments: ['file:///ws', { criterion: 'CC1.1' }] });
    assert.equal(more.location, undefined, 'clicking runs the command, it opens no file');
    assert.match(cc11.tooltip, /Mapped by 4,374 controls and 1 policy\./);
    const cc61 = flat(nodes).find((n) => n.label === 'CC6.1');
    assert.equal(cc61.children.at(-1).label, '… 2 more policies');
    assert.deepEqual(cc61.children.at(-1).command.arguments, ['file:///ws', { criterion: 'CC6.1' }]);
    assert.match(cc61.tooltip, /Mapped by 1 control and 3 policies\./);
    const both = truncated();
    Object.assign(both.categories[0].criteria[0], { policyCount: 2 });
    assert.equal(flat(m.buildCoverageTree(folder(both), all)).find((n) => n.label === 'CC1.1').children.at(-1).label, '… 4,372 more controls and 1 more policy');
    // Complete lists get no such node.
    assert.equal(flat(nodes).filter((n) => n.kind === 'more').length, 2);
    assert.ok(!flat(m.buildCoverageTree(folder(), all)).some((n) => n.kind === 'more'));
  });

  test('truncated lists: node ids stay unique and stable; gap mode has its own', () => {
    const ids = (nodes) => flat(nodes).map((n) => n.id);
    const a = ids(m.buildCoverageTree(folder(truncated()), all));
    assert.equal(new Set(a).size, a.length);
    assert.deepEqual(ids(m.buildCoverageTree(folder(truncated()), all)), a);
    const g = flat(m.buildCoverageTree(folder(truncated()), { ...all, gapsOnly: true }));
    const gapMore = g.find((n) => n.kind === 'more');
    assert.equal(gapMore.label, '… 2 more policies', 'the evidence-gap criterion CC6.1 keeps its "more" node');
    assert.ok(!a.includes(gapMore.id));
    const s = flat(m.buildSystemsTree(folder(truncated()))).map((n) => n.id);
    assert.equal(new Set(s).size, s.length);
  });

  test('systems view from the counts and the statuses sent with the system controls', () => {
    const f = folder(truncated());
    assert.deepEqual(m.snapshot(m.buildSystemsTree(f)), [
      'api — 1,100 controls · Public API',
      '  AC-01 — SSO',
      '  AC-09 — MFA (planned)',
      '  … 1,198 more controls',
      'desk — no implemented control · Support desk',
      '  OPS-07 — Ticket triage (planned)',
      'old — out of scope · Legacy',
    ]);
    const [api, desk] = m.buildSystemsTree(f);
    assert.match(api.tooltip, /Protected by 1,100 implemented controls\./);
    assert.match(api.tooltip, /Named by 1,200 controls of any status\./);
    assert.deepEqual(api.children.at(-1).command.arguments, ['file:///ws', { system: 'api' }]);
    assert.equal(desk.icon, 'warning');
    assert.equal(desk.contextValue, 'attest.system.unprotected');
    // implementedCount decides, not the (partial) list: none of api's listed controls implemented.
    const p = truncated();
    p.systems[0].controls = [{ ...loc('AC-09', 'MFA'), status: 'planned' }];
    assert.equal(m.buildSystemsTree(folder(p))[0].description, '1,100 controls · Public API');
  });

  test('older servers: no counts, no statuses on system controls', () => {
    const p = payload();
    p.categories[0].criteria[0].controls.push({ ...loc('HR-02', 'Background checks'), status: 'planned', evidence: 'missing' });
    const nodes = m.buildCoverageTree(folder(p), all);
    assert.ok(!flat(nodes).some((n) => n.kind === 'more'));
    assert.match(flat(nodes).find((n) => n.label === 'CC1.1').tooltip, /Mapped by 2 controls and 1 policy\./);
    // The system's control statuses come from the criteria lists, as before.
    p.systems[0].controls.push(loc('HR-02', 'Background checks'));
    assert.deepEqual(m.snapshot(m.buildSystemsTree(folder(p)), 2).slice(0, 3), ['api — 1 control · Public API', '  AC-01 — SSO (evidence stale)', '  HR-02 — Background checks (planned, no evidence in period)']);
  });

  test('status bar and gaps work from criterion status with truncated lists', () => {
    const s = m.summarize(folder(truncated()));
    assert.equal(s.text, 'Attest 2/4');
    assert.deepEqual(s.gaps.map((g) => g.id), ['CC1.2', 'CC6.1', 'A1.1']);
  });

  test('the full-list picker rows: controls then policies, with status, evidence and path', () => {
    const rows = m.mappedPicks({
      controls: [{ ...loc('AC-01', 'SSO'), status: 'implemented', evidence: 'stale' }, { ...loc('AC-09', 'MFA'), status: 'planned' }],
      policies: [loc('POL-A', 'Access', 'file:///ws/policies/a.md')],
    }, (uri) => uri.replace('file:///ws/', ''));
    assert.deepEqual(rows.map((r) => [r.kind, r.label, r.description, r.detail]), [
      ['control', 'AC-01', 'SSO', 'implemented · evidence stale · controls/AC-01.yaml'],
      ['control', 'AC-09', 'MFA', 'planned · controls/AC-09.yaml'],
      ['policy', 'POL-A', 'Access', 'policy · policies/a.md'],
    ]);
    assert.deepEqual(rows[0].range, range(0, 4, 9));
    assert.deepEqual(m.mappedPicks({ controls: [], policies: [] }, String), []);
  });

  test('the real example payload (attest coverage --format json) builds the tree the extension shows', { skip: !existsSync(join(root, 'dist/cli.js')) && 'dist/cli.js not built' }, () => {
    const json = execFileSync(process.execPath, [join(root, 'dist/cli.js'), 'coverage', join(root, 'examples/acme-saas'), '--format', 'json'], { env: { ...process.env, ATTEST_TODAY: '2026-10-01' }, encoding: 'utf8' });
    const p = JSON.parse(json);
    const f = [{ uri: 'file:///acme', name: 'acme', payload: p }];
    assert.equal(m.summarize(f).text, 'Attest 30/37');
    // The example names three frameworks: one root each, the primary (TSC) first.
    const roots = m.snapshot(m.buildCoverageTree(f, all), 1);
    assert.deepEqual(roots.map((l) => l.split(' — ')[1]?.split(' · ')[0]), ['tsc-2017', 'iso27001-2022', 'nist-csf-2.0']);
    assert.match(roots[0], /· 30\/37 covered, 7 gaps$/);
    const lines = m.snapshot(m.buildCoverageTree(f, all), 3);
    for (const cat of ['Security — 26/32 covered, 6 gaps', 'Availability — 2/3 covered, 1 gap', 'Processing integrity — not in scope', 'Confidentiality — 2/2 covered', 'Privacy — not in scope']) {
      assert.ok(lines.includes(`  ${cat}`), `${cat} under the primary framework:\n${lines.join('\n')}`);
    }
    // The series titles come with the payload (from the built-in catalog).
    assert.ok(lines.includes('    CC6 Logical and physical access controls — 7/7 covered'), lines.join('\n'));
    assert.ok(lines.includes('    CC2 Communication and information — 2/3 covered, 1 gap'), lines.join('\n'));
    assert.ok(m.snapshot(m.buildSystemsTree(f), 1).includes('support-desk — unprotected · Zendesk customer support desk'));
  });
});

describe('several projects (a monorepo): one root node per project, the status bar follows the active editor', () => {
  const flat = (list) => list.flatMap((n) => [n, ...flat(n.children)]);
  // compliance/acme (the example payload) and compliance/beta (everything covered, no inventory).
  function beta() {
    const p = payload();
    for (const c of p.categories) for (const x of c.criteria) if (x.status && x.status !== 'excluded') Object.assign(x, { status: 'covered', evidenceGap: false });
    p.totals = { inScope: 5, covered: 4, planned: 0, policyOnly: 0, uncovered: 0, excluded: 1 };
    delete p.systems;
    return p;
  }
  const mono = () => [
    { uri: 'file:///m/compliance/acme', name: 'compliance/acme', payload: payload() },
    { uri: 'file:///m/compliance/beta', name: 'compliance/beta', payload: beta() },
  ];

  test('the coverage tree: a node per project, labelled by its name, its summary as description', () => {
    assert.deepEqual(m.snapshot(m.buildCoverageTree(mono(), all), 2), [
      'compliance/acme — 2/4 covered',
      '  Security — 2/3 covered, 2 gaps',
      '  Availability — 0/1 covered, 1 gap',
      '  Privacy — not in scope',
      'compliance/beta — 4/4 covered',
      '  Security — 3/3 covered',
      '  Availability — 1/1 covered',
      '  Privacy — not in scope',
    ]);
    const [acme, beta] = m.buildCoverageTree(mono(), all);
    assert.equal(acme.kind, 'project');
    assert.equal(acme.expanded, true);
    // The same criterion in two projects: distinct nodes, each naming its own project for the commands.
    const cc12 = (root) => flat([root]).find((n) => n.label === 'CC1.2');
    assert.notEqual(cc12(acme).id, cc12(beta).id);
    assert.equal(cc12(acme).criterion.project, 'file:///m/compliance/acme');
    assert.equal(cc12(beta).criterion.project, 'file:///m/compliance/beta');
    const ids = flat(m.buildCoverageTree(mono(), all)).map((n) => n.id);
    assert.equal(new Set(ids).size, ids.length, 'ids are unique across projects');
    // Gaps only: the project without gaps says so under its own node.
    assert.deepEqual(m.snapshot(m.buildCoverageTree(mono(), { ...all, gapsOnly: true }), 2).slice(-2), ['compliance/beta — 4/4 covered', '  No gaps: every in-scope criterion is covered or excluded.']);
  });

  test('one project shows as before: no project node', () => {
    assert.deepEqual(m.snapshot(m.buildCoverageTree(mono().slice(1), all), 1), ['Security — 3/3 covered', 'Availability — 1/1 covered', 'Privacy — not in scope']);
  });

  test('the "… more" node and the systems view pass their own project', () => {
    const p = payload();
    Object.assign(p.categories[0].criteria[1], { controlCount: 3 });
    const projects = [mono()[1], { uri: 'file:///m/compliance/acme', name: 'compliance/acme', payload: p }];
    const more = flat(m.buildCoverageTree(projects, all)).find((n) => n.kind === 'more');
    assert.deepEqual(more.command.arguments, ['file:///m/compliance/acme', { criterion: 'CC1.2' }]);
    // Systems: a node per project with an inventory (beta has none), with the inventory's summary.
    assert.deepEqual(m.snapshot(m.buildSystemsTree(mono()), 2), [
      'compliance/acme — 3 systems, 1 unprotected',
      '  api — 1 control · Public API',
      '  desk — no implemented control · Support desk',
      '  old — out of scope · Legacy',
    ]);
    assert.equal(m.buildSystemsTree(mono())[0].kind, 'project');
  });

  test("which project a file is in: the longest project URI that is a path prefix of the file's", () => {
    const projects = [{ uri: 'file:///m/compliance/acme' }, { uri: 'file:///m/compliance/acme/nested' }, { uri: 'file:///m/compliance/beta' }, { uri: 'file:///c%3A/ws' }];
    const of = (u) => m.projectOf(projects, u)?.uri;
    assert.equal(of('file:///m/compliance/acme/controls/AC-01.yaml'), 'file:///m/compliance/acme');
    assert.equal(of('file:///m/compliance/acme/nested/controls/AC-01.yaml'), 'file:///m/compliance/acme/nested');
    assert.equal(of('file:///m/compliance/acme-2/controls/AC-01.yaml'), undefined, 'a sibling sharing a prefix is not inside');
    assert.equal(of('file:///m/compliance/beta'), 'file:///m/compliance/beta');
    assert.equal(of('file:///C:/ws/policies/a.md'), 'file:///c%3A/ws', "VS Code's and Node's spellings of one path match");
    assert.equal(of(undefined), undefined);
    assert.equal(m.focusedProject(projects, 'untitled:Untitled-1').uri, 'file:///m/compliance/acme', 'else the first');
    assert.equal(m.firstProjectOf(projects, 'file:///m').uri, 'file:///m/compliance/acme', "a folder's first project");
    assert.equal(m.firstProjectOf(projects, 'file:///m/compliance/beta/').uri, 'file:///m/compliance/beta');
  });

  test("the status bar shows the active editor's project, named, with the others in the tooltip", () => {
    const acme = m.summarize(mono(), 'file:///m/compliance/acme/controls/AC-01.yaml');
    assert.equal(acme.text, 'Attest compliance/acme 2/4');
    assert.equal(acme.project, 'file:///m/compliance/acme');
    assert.equal(acme.severity, 'error');
    assert.match(acme.tooltip, /\*\*Attest coverage of compliance/);
    assert.match(acme.tooltip, /Other projects: compliance/);
    const beta = m.summarize(mono(), 'file:///m/compliance/beta/policies/a.md');
    assert.equal(beta.text, 'Attest compliance/beta 4/4');
    assert.equal(beta.severity, 'ok');
    assert.deepEqual(beta.gaps, []);
    assert.equal(m.summarize(mono(), 'file:///elsewhere/x.yaml').text, 'Attest compliance/acme 2/4', 'a file in no project: the first');
    assert.equal(m.summarize(mono()).text, 'Attest compliance/acme 2/4', 'no active editor: the first');
    assert.equal(m.summarize(mono().slice(0, 1), 'file:///m/compliance/acme/x.yaml').text, 'Attest 2/4', 'one project: no name');
    const loading = [{ uri: 'file:///m/compliance/acme', name: 'compliance/acme' }, mono()[1]];
    assert.equal(m.summarize(loading).text, 'Attest compliance/acme', 'the focused project is still loading');
    assert.equal(m.gapCount(mono()), 3, 'the view badge counts the gaps of every project');
  });
});

describe('exclusion edit on attest.yaml (edits.ts)', () => {
  const apply = (text, e) => text.slice(0, e.offset) + e.text + text.slice(e.offset + e.length);
  test('appends to a block list, after the last item, before the next key', () => {
    const text = 'framework: tsc-2017\nexclude:\n  - criterion: CC6.4\n    reason: >-\n      No data centres.\n\n# systems\nsystems: []\n';
    assert.equal(apply(text, m.excludeEdit(text, 'CC9.2', 'No vendors handle data')),
      'framework: tsc-2017\nexclude:\n  - criterion: CC6.4\n    reason: >-\n      No data centres.\n  - criterion: CC9.2\n    reason: No vendors handle data\n\n# systems\nsystems: []\n');
  });
  test('keeps the list indent (none) and CRLF line ends', () => {
    const text = 'exclude:\r\n- criterion: CC6.4\r\n  reason: x\r\nreport: type1\r\n';
    assert.equal(apply(text, m.excludeEdit(text, 'CC9.2', 'y')), 'exclude:\r\n- criterion: CC6.4\r\n  reason: x\r\n- criterion: CC9.2\r\n  reason: y\r\nreport: type1\r\n');
  });
  test('adds exclude: when missing, also to a file without a final newline or an empty file', () => {
    assert.equal(apply('framework: tsc-2017', m.excludeEdit('framework: tsc-2017', 'CC9.2', 'y')), 'framework: tsc-2017\n\nexclude:\n  - criterion: CC9.2\n    reason: y\n');
    assert.equal(apply('', m.excludeEdit('', 'CC9.2', 'y')), 'exclude:\n  - criterion: CC9.2\n    reason: y\n');
  });
  test('replaces exclude: [] and extends a flow list', () => {
    assert.equal(apply('exclude: []\nreport: type1\n', m.excludeEdit('exclude: []\nreport: type1\n', 'CC9.2', 'y')), 'exclude:\n  - criterion: CC9.2\n    reason: y\nreport: type1\n');
    const flow = 'exclude: [{ criterion: CC6.4, reason: "a, b]" }]\n';
    assert.equal(apply(flow, m.excludeEdit(flow, 'CC9.2', 'y')), 'exclude: [{ criterion: CC6.4, reason: "a, b]" }, { criterion: CC9.2, reason: y }]\n');
  });
  test('quotes reasons that plain YAML would misread', () => {
    assert.equal(m.yamlScalar('Parent company: covered'), '"Parent company: covered"');
    assert.equal(m.yamlScalar('# not a comment'), '"# not a comment"');
    assert.equal(m.yamlScalar('yes'), '"yes"');
    assert.equal(m.yamlScalar('No vendors handle customer data.'), 'No vendors handle customer data.');
    assert.equal(m.yamlScalar('two\nlines'), 'two lines');
  });
});

describe('snippets (edits.ts)', () => {
  test('reads snippets/*.json and fills the control snippet with an id and a criterion', () => {
    const entries = m.parseSnippets(readFileSync(join(root, 'snippets/controls.json'), 'utf8'));
    const body = m.pickControlSnippet(entries);
    assert.match(body, /^id: /m);
    const filled = m.fillControlSnippet(body, 'GOV-10', 'CC4.2');
    assert.match(filled, /^id: GOV-10$/m);
    assert.match(filled, /^criteria: \[CC4\.2\]$/m);
    assert.match(filled, /\$\{2:/, 'the other tab stops stay');
  });
  test('falls back to a built-in control snippet; block criteria lists are replaced', () => {
    assert.equal(m.pickControlSnippet([]), m.FALLBACK_CONTROL_SNIPPET);
    assert.equal(m.fillControlSnippet('id: ${1:X}\ncriteria:\n  - ${2:CC1.1}\n  - CC1.2\nowner: me', 'A-1', 'CC2.3'), 'id: A-1\ncriteria: [CC2.3]\nowner: me');
  });
  test('policy templates: attest-policy-* entries with bodies', () => {
    const t = m.parseSnippets(readFileSync(join(root, 'snippets/policies.json'), 'utf8')).filter((e) => e.prefix.startsWith('attest-policy-'));
    assert.ok(t.length >= 10, `${t.length} templates`);
    for (const e of t) assert.match(e.body, /^---\n[\s\S]*criteria:/);
  });
  test('JSONC comments are tolerated', () => {
    assert.equal(m.parseSnippets('{ // c\n "a": { "prefix": "p", "body": "x // not a comment" } }')[0].body, 'x // not a comment');
  });
  test('control ids: validation and the next free id', () => {
    assert.equal(m.validateControlId('AC-11', new Set(['AC-10'])), undefined);
    assert.match(m.validateControlId('AC 11', new Set()), /whitespace/);
    assert.match(m.validateControlId('AC-10', new Set(['AC-10'])), /already defined/);
    assert.equal(m.suggestControlId(['AC-01', 'AC-09', 'AC-10', 'OPS-01', 'POL-A1']), 'AC-11');
    assert.equal(m.suggestControlId([]), 'CTL-01');
  });
});

describe('crash policy (crashPolicy.ts)', () => {
  test('restarts, tells the user once, gives up at the 5th crash within 3 minutes', () => {
    let now = 0;
    const p = new m.CrashPolicy(5, 180_000, () => now);
    const d1 = p.crashed();
    assert.equal(d1.restart, true);
    assert.match(d1.message, /restarted/);
    for (let i = 0; i < 3; i++) { now += 1000; assert.deepEqual(p.crashed(), { restart: true }); }
    now += 1000;
    const last = p.crashed();
    assert.equal(last.restart, false);
    assert.match(last.message, /crashed 5 times in the last 3 minutes/);
  });
  test('crashes older than the window are forgotten; a manual restart resets', () => {
    let now = 0;
    const p = new m.CrashPolicy(5, 180_000, () => now);
    for (let i = 0; i < 4; i++) { p.crashed(); now += 60_000; }
    assert.equal(p.crashed().restart, true, 'the oldest crash has left the window');
    p.reset();
    assert.equal(p.recent, 0);
    assert.match(p.crashed().message, /restarted/, 'told again after a manual restart');
  });
});

describe('several frameworks (coverageModel.ts, summary.ts, edits.ts)', () => {
  /** The payload with `frameworks:`: the primary (the top level) and ISO with two criteria. */
  function multi() {
    const p = payload();
    const iso = {
      id: 'iso27001-2022', title: 'ISO/IEC 27001:2022 Annex A',
      totals: { inScope: 2, covered: 1, planned: 0, policyOnly: 0, uncovered: 1, excluded: 0 },
      categories: [{ id: 'organizational', title: 'Organizational controls', inScope: true, series: [{ id: 'A.5', title: 'Organizational controls', criteria: ['A.5.15', 'A.5.18'] }], criteria: [
        { id: 'A.5.15', title: 'Access control rules', status: 'uncovered', controls: [], policies: [] },
        { id: 'A.5.18', title: 'Access rights', status: 'covered', controls: [{ ...loc('AC-01', 'SSO'), status: 'implemented', evidence: 'current' }], policies: [], controlCount: 30 },
      ] }],
    };
    p.frameworks = [{ id: 'tsc-2017', title: 'Trust Services Criteria', totals: p.totals, categories: p.categories }, iso];
    return p;
  }

  test('one root per framework, the primary first and expanded, each over its own categories', () => {
    const nodes = m.buildCoverageTree(folder(multi()), all);
    assert.deepEqual(nodes.map((n) => [n.kind, n.label, n.description, n.expanded]), [
      ['framework', 'Trust Services Criteria', 'tsc-2017 · 2/4 covered, 3 gaps', true],
      ['framework', 'ISO/IEC 27001:2022 Annex A', 'iso27001-2022 · 1/2 covered, 1 gap', false],
    ]);
    assert.deepEqual(m.snapshot(nodes[1].children, 2), ['Organizational controls — 1/2 covered, 1 gap', '  A.5.15 — Access control rules · uncovered', '  A.5.18 — Access rights']);
    const a518 = nodes[1].children[0].children[1];
    assert.deepEqual(a518.criterion, { id: 'A.5.18', title: 'Access rights', project: 'file:///ws', status: 'covered', framework: 'iso27001-2022' });
    assert.deepEqual(a518.children.at(-1).command.arguments, ['file:///ws', { criterion: 'A.5.18', framework: 'iso27001-2022' }], '"… more" asks for the ISO entries');
    assert.equal(nodes[0].children[0].children[0].children[0].criterion.framework, undefined, 'the primary\'s criteria name no framework');
    const ids = new Set();
    const walk = (ns) => ns.forEach((n) => { assert.ok(!ids.has(n.id), n.id); ids.add(n.id); walk(n.children); });
    walk(nodes);
    const gaps = m.buildCoverageTree(folder(multi()), { ...all, gapsOnly: true });
    assert.deepEqual(gaps.map((n) => n.label), ['Trust Services Criteria', 'ISO/IEC 27001:2022 Annex A']);
    const one = payload();
    one.frameworks = [{ id: 'tsc-2017', title: 'TSC', totals: one.totals, categories: one.categories }];
    assert.equal(m.buildCoverageTree(folder(one), all)[0].kind, 'category', 'one framework: categories at the root as before');
  });

  test('another framework\'s root without its categories (collapsed): counted from its totals, loading its criteria', () => {
    const full = multi();
    full.frameworks[1].categories[0].criteria[1].evidenceGap = true;
    const loaded = m.buildCoverageTree(folder(full), all);
    const slim = m.dropFrameworkCategories(full, () => false);
    assert.deepEqual(slim.frameworks[1], { id: 'iso27001-2022', title: 'ISO/IEC 27001:2022 Annex A', totals: full.frameworks[1].totals, evidenceGaps: 1 }, 'the shape the server answers with frameworkCategories');
    assert.equal(slim.frameworks[0], full.frameworks[0], 'the primary entry is kept');
    assert.equal(m.dropFrameworkCategories(full, (id) => id === 'iso27001-2022'), full, 'nothing to drop: the same answer');
    const nodes = m.buildCoverageTree(folder(slim), all);
    assert.deepEqual(nodes.map((n) => [n.description, n.tooltip, n.color, n.expanded]), loaded.map((n) => [n.description, n.tooltip, n.color, n.expanded]), 'the roots read the same either way');
    assert.equal(nodes[1].description, 'iso27001-2022 · 1/2 covered, 2 gaps');
    assert.deepEqual(nodes[1].framework, { project: 'file:///ws', id: 'iso27001-2022' });
    assert.equal(nodes[0].framework, undefined, 'the primary\'s categories always come');
    assert.deepEqual(m.snapshot(nodes[1].children), ['Loading criteria…']);
    assert.deepEqual(m.snapshot(nodes[0].children, 1), m.snapshot(loaded[0].children, 1));
    const gaps = m.buildCoverageTree(folder(slim), { ...all, gapsOnly: true });
    assert.deepEqual(gaps.map((n) => [n.label, n.expanded]), [['Trust Services Criteria', true], ['ISO/IEC 27001:2022 Annex A', true]]);
    slim.frameworks[1] = { ...slim.frameworks[1], totals: { inScope: 2, covered: 2, planned: 0, policyOnly: 0, uncovered: 0, excluded: 0 }, evidenceGaps: 0 };
    assert.deepEqual(m.buildCoverageTree(folder(slim), { ...all, gapsOnly: true }).map((n) => n.label), ['Trust Services Criteria'], 'gaps only: a framework without gaps is left out');
  });

  test('status bar: the primary framework\'s coverage, named in the tooltip with the others', () => {
    const s = m.summarize(folder(multi()));
    assert.equal(s.text, 'Attest 2/4');
    assert.match(s.tooltip, /^\*\*Attest coverage \(Trust Services Criteria\)\*\*: 2 of 4 in-scope criteria covered/);
    assert.match(s.tooltip, /Other frameworks: ISO\/IEC 27001:2022 Annex A \(`iso27001-2022`\) 1\/2 covered\./);
    assert.doesNotMatch(m.summarize(folder()).tooltip, /Other frameworks/, 'one framework: as before');
  });

  test('a new control for a criterion of another framework maps it under its key', () => {
    assert.equal(m.fillControlSnippet('id: ${1:X}\ncriteria: [${2:CC1.1}]\nowner: me', 'A-1', 'A.5.18', 'iso27001-2022'), 'id: A-1\ncriteria:\n  iso27001-2022: [A.5.18]\nowner: me');
    assert.equal(m.fillControlSnippet('id: ${1:X}\ncriteria:\n  - ${2:CC1.1}\nowner: me', 'A-1', 'PR.AA-05', 'nist-csf-2.0'), 'id: A-1\ncriteria:\n  nist-csf-2.0: [PR.AA-05]\nowner: me');
  });
});
