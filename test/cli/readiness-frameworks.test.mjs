// `attest report` on a project with several frameworks (the example: tsc-2017 primary, then ISO
// 27001 and NIST CSF): each other framework's coverage in Coverage with the numbers of `attest
// coverage --framework`, every control's ids of every framework, each framework's exclusions, and
// the same content in HTML and Markdown.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { core, EXAMPLE, runCli, runCliOnce, runJsonOnce, tempWorkspace, removeDir } from '../helpers/attest.mjs';

const OTHERS = ['iso27001-2022', 'nist-csf-2.0'];
const report = (format) => runCliOnce(['report', EXAMPLE, '--format', format]).stdout;
const coverageOf = (fw) => runJsonOnce(['coverage', EXAMPLE, '--format', 'json', '--framework', fw]).json;
const inScope = (cov) => cov.categories.filter((c) => c.inScope).flatMap((c) => c.criteria);

/** A Markdown section's body by its `## ` heading. */
function section(md, name) {
  const start = md.indexOf(`\n## ${name}\n`);
  assert.ok(start >= 0, name);
  const end = md.indexOf('\n## ', start + 1);
  return md.slice(start, end < 0 ? md.length : end);
}

/** The part of a section under the `### ` heading that includes `needle`, up to the next heading. */
function subsection(body, needle) {
  const heads = [...body.matchAll(/^### .*$/gm)];
  const i = heads.findIndex((h) => h[0].includes(needle));
  assert.ok(i >= 0, `a sub-section naming ${needle}`);
  return body.slice(heads[i].index, heads[i + 1]?.index ?? body.length);
}

/** Table rows (header and separator left out) as cells. */
function rows(md) {
  const out = [];
  let inTable = false;
  for (const l of md.split('\n')) {
    if (!l.startsWith('|')) inTable = false;
    else if (!inTable) inTable = true;
    else if (!/^\|\s*-/.test(l)) out.push(l.slice(1, -1).split(/(?<!\\)\|/).map((c) => c.trim()));
  }
  return out;
}

function controls() {
  const { ws } = core.loadWorkspace(EXAMPLE);
  return [...ws.rels()].flatMap((rel) => ws.facts(rel).controls);
}

describe('readiness report, several frameworks', () => {
  test('Coverage: one sub-section per other framework, after the primary, with attest coverage --framework\'s totals and statuses', () => {
    const body = section(report('markdown'), 'Coverage');
    const primaryEnd = body.indexOf('### ISO/IEC');
    assert.ok(primaryEnd > body.indexOf('### Security'), 'the primary framework comes first');
    for (const fw of OTHERS) {
      const cov = coverageOf(fw);
      const part = subsection(body, `${fw}:`);
      const t = cov.totals;
      assert.ok(part.includes(`${fw}: ${t.covered}/${t.inScope - t.excluded} covered`), `${fw}: the heading's figure`);
      assert.ok(part.includes(`**${t.covered} of ${t.inScope - t.excluded}**`), `${fw}: the figure`);
      const r = rows(part);
      assert.ok(r.some((x) => x.join(',') === [t.inScope, t.covered, t.planned, t.policyOnly, t.uncovered, t.excluded].join(',')), `${fw}: the totals row`);
      const criteria = inScope(cov);
      assert.equal(r.length, criteria.length + 1, `${fw}: one row per in-scope criterion`);
      for (const c of criteria) assert.equal(r.find((x) => x[0] === c.id)?.[2], c.status, `${fw} ${c.id}`);
    }
  });

  test('Coverage: every ISO id an implemented control maps is covered', () => {
    const part = rows(subsection(section(report('markdown'), 'Coverage'), 'iso27001-2022:'));
    const mapped = controls()
      .filter((c) => c.status === 'implemented')
      .flatMap((c) => (c.criteriaByFramework ?? []).filter((e) => e.framework === 'iso27001-2022').flatMap((e) => e.refs.map((x) => x.value)));
    assert.ok(mapped.length > 0, 'the example maps ISO ids');
    for (const id of mapped) assert.equal(part.find((x) => x[0] === id)?.[2], 'covered', id);
  });

  test('Controls: the criteria column lists every framework\'s ids, the other frameworks\' prefixed by their id', () => {
    const table = rows(section(report('markdown'), 'Controls'));
    for (const c of controls()) {
      const cell = table.find((r) => r[0] === c.id || r[0] === `${c.id} (retired)`)?.[5];
      assert.ok(cell !== undefined, c.id);
      for (const x of c.criteria) assert.ok(cell.includes(x.value), `${c.id} maps ${x.value}`);
      for (const e of c.criteriaByFramework ?? []) {
        if (!OTHERS.includes(e.framework) || !e.refs.length) continue;
        const after = cell.slice(cell.indexOf(`${e.framework}: `));
        assert.ok(cell.includes(`${e.framework}: `), `${c.id}: ${e.framework}`);
        for (const x of e.refs) assert.ok(after.includes(x.value), `${c.id} maps ${e.framework} ${x.value}`);
      }
    }
    assert.equal(table.find((r) => r[0] === 'OPS-06')[5], 'A1.2; iso27001-2022: A.8.13; nist-csf-2.0: PR.DS-11');
  });

  test('Exclusions: the primary\'s table, then each other framework\'s, with the reason', () => {
    const body = section(report('markdown'), 'Exclusions');
    assert.deepEqual(rows(body).map((r) => r[0]), ['CC6.4']);
    assert.match(subsection(body, 'iso27001-2022'), /^- A\.7\.4 Monitoring premises: Acme has no premises/m);
  });

  test('HTML carries the other frameworks as Markdown does', () => {
    const html = report('html');
    const md = report('markdown');
    for (const fw of OTHERS) {
      const cov = coverageOf(fw);
      const t = cov.totals;
      assert.ok(html.includes(`${fw}: ${t.covered}/${t.inScope - t.excluded} covered`), fw);
      for (const c of inScope(cov)) assert.ok(html.includes(`<span class="id">${c.id}</span>`), `${fw} ${c.id}`);
    }
    // Every row in Markdown is a row in HTML.
    const mdRows = rows(md).length;
    const htmlRows = (html.match(/<tr[ >]/g) ?? []).length - (html.match(/<thead>/g) ?? []).length;
    assert.equal(htmlRows, mdRows);
    assert.ok(html.includes('Monitoring premises'), 'the ISO exclusion');
  });

  test('Policies: the criteria column lists the other frameworks\' ids too; a framework without exclusions has no Exclusions entry', () => {
    const root = tempWorkspace({
      'attest.yaml': 'frameworks: [tsc-2017, iso27001-2022]\n',
      'controls/ac.yaml': 'id: AC-1\ntitle: Access\nowner: it\nstatus: implemented\ncriteria:\n  tsc-2017: [CC6.1]\n  iso27001-2022: [A.5.15]\n',
      'policies/access.md': '---\nid: POL-A\ntitle: Access policy\nowner: it\nstatus: approved\napproved: 2026-01-01\nreview: annually\ncriteria:\n  tsc-2017: [CC6.2]\n  iso27001-2022: [A.5.18]\n---\n# Access\n',
    });
    try {
      const r = runCli(['report', root, '--format', 'markdown']);
      assert.equal(r.status, 0, r.stderr);
      assert.equal(rows(section(r.stdout, 'Policies')).find((x) => x[0] === 'POL-A')[8], 'CC6.2; iso27001-2022: A.5.18');
      assert.equal(rows(section(r.stdout, 'Controls')).find((x) => x[0] === 'AC-1')[5], 'CC6.1; iso27001-2022: A.5.15');
      const iso = rows(subsection(section(r.stdout, 'Coverage'), 'iso27001-2022:'));
      assert.equal(iso.find((x) => x[0] === 'A.5.15')[2], 'covered');
      assert.equal(iso.find((x) => x[0] === 'A.5.18')[2], 'policy-only');
      assert.ok(!r.stdout.includes('\n## Exclusions\n'), 'no exclusions anywhere: no section');
    } finally {
      removeDir(root);
    }
  });
});
