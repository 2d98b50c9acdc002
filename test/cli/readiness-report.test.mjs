// `attest report` as a real process: the readiness report's sections (contracts.md, "Readiness
// report") in HTML and Markdown, the same content in both, the same numbers as `attest coverage`,
// a page that loads nothing and runs nothing, and every user value shown as text.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { core, EXAMPLE, FIXTURES, runCli, runCliOnce, runJsonOnce } from '../helpers/attest.mjs';

const ERRORS = path.join(FIXTURES, 'cli-errors');
const HOSTILE = path.join(FIXTURES, 'readiness-hostile');
const ORDER = ['Scope', 'Coverage', 'Controls', 'Evidence', 'Policies', 'Systems', 'Exclusions', 'Remediation plan', 'Files with errors'];

const report = (folder, format) => runCliOnce(['report', folder, '--format', format]);
const coverageOf = (folder) => runJsonOnce(['coverage', folder, '--format', 'json']).json;
const planOf = (folder) => runJsonOnce(['plan', folder, '--format', 'json']).json.items;

/** Section name -> its text, in document order, for either format. */
function sections(doc, format) {
  const re = format === 'html' ? /<h2[^>]*>([^<]+)<\/h2>/g : /^## (.+)$/gm;
  const found = [...doc.matchAll(re)];
  return found.map((m, i) => ({ name: m[1], body: doc.slice(m.index + m[0].length, found[i + 1]?.index ?? doc.length) }));
}

/** The cells of a Markdown section's table rows: every table's header and separator left out. */
function mdRows(body) {
  const rows = [];
  let inTable = false;
  for (const l of body.split('\n')) {
    if (!l.startsWith('|')) inTable = false;
    else if (!inTable) inTable = true; // the header
    else if (!/^\|\s*-/.test(l)) rows.push(l.slice(1, -1).split(/(?<!\\)\|/).map((c) => c.trim()));
  }
  return rows;
}

/** Every control defined in a project (retired ones too), read with the core. */
function controlsOf(folder) {
  const { ws } = core.loadWorkspace(folder);
  return [...ws.rels()].flatMap((rel) => ws.facts(rel).controls);
}

function policiesOf(folder) {
  const { ws } = core.loadWorkspace(folder);
  return [...ws.rels()].flatMap((rel) => ws.facts(rel).policies);
}

const inScope = (cov) => cov.categories.filter((c) => c.inScope).flatMap((c) => c.criteria);

describe('sections, in the contract order', () => {
  for (const format of ['html', 'markdown']) {
    test(`${format}: acme-saas (Type II, systems, an exclusion, no errors)`, () => {
      const r = report(EXAMPLE, format);
      assert.equal(r.status, 0, r.stderr);
      assert.deepEqual(sections(r.stdout, format).map((s) => s.name), ['Scope', 'Coverage', 'Controls', 'Evidence', 'Policies', 'Systems', 'Exclusions', 'Remediation plan']);
    });

    test(`${format}: a project with errors (Type I): no Evidence, its files with errors last`, () => {
      const r = report(ERRORS, format);
      assert.equal(r.status, 0, r.stderr);
      const s = sections(r.stdout, format);
      assert.deepEqual(s.map((x) => x.name), ['Scope', 'Coverage', 'Controls', 'Policies', 'Exclusions', 'Remediation plan', 'Files with errors']);
      const files = coverageOf(ERRORS).filesWithErrors;
      assert.ok(files.length >= 2, JSON.stringify(files));
      for (const f of files) assert.ok(s.at(-1).body.includes(f), `${f} in Files with errors`);
    });
  }

  test('every heading is one of the contract, in its order, whatever the project', () => {
    for (const folder of [EXAMPLE, ERRORS, HOSTILE]) {
      for (const format of ['html', 'markdown']) {
        const names = sections(report(folder, format).stdout, format).map((s) => s.name);
        const at = names.map((n) => ORDER.indexOf(n));
        assert.ok(at.every((i) => i >= 0), names.join(', '));
        assert.deepEqual(at, [...at].sort((a, b) => a - b), names.join(', '));
      }
    }
  });
});

describe('content', () => {
  test('title: the folder name without `organization`, else the organization; and the as-of date', () => {
    const md = report(EXAMPLE, 'markdown').stdout;
    assert.equal(md.split('\n')[0], '# acme-saas: readiness report as of 2026-10-01');
    const html = report(EXAMPLE, 'html').stdout;
    assert.match(html, /<h1>acme-saas: readiness report as of 2026-10-01<\/h1>/);
    assert.match(html, /<title>acme-saas: readiness report as of 2026-10-01<\/title>/);
    assert.match(report(HOSTILE, 'markdown').stdout.split('\n')[0], /^# Acme .* & Co: readiness report as of 2026-10-01$/);
    // After the period's end, the report judges as of that end and says when it was made.
    const late = runCli(['report', EXAMPLE, '--format', 'markdown'], { today: '2027-02-01' }).stdout;
    assert.match(late.split('\n')[0], /as of 2026-12-31$/);
    assert.match(late, /generated 2027-02-01/);
  });

  test('Scope: framework, report type and period, categories, systems in and out, exclusions with reasons', () => {
    const scope = sections(report(EXAMPLE, 'markdown').stdout, 'markdown')[0].body;
    for (const s of ['tsc-2017', 'Type II', '2026-01-01 to 2026-12-31', 'Security, Availability, Confidentiality', 'Processing integrity, Privacy', 'marketing-site', 'no connection to the product', 'CC6.4', 'subservice organization']) {
      assert.ok(scope.includes(s), s);
    }
  });

  test('Coverage: every in-scope criterion with its status as a word; the numbers are attest coverage\'s', () => {
    for (const folder of [EXAMPLE, ERRORS]) {
      const cov = coverageOf(folder);
      const body = sections(report(folder, 'markdown').stdout, 'markdown')[1].body;
      const rows = mdRows(body);
      const t = cov.totals;
      assert.ok(body.includes(`**${t.covered} of ${t.inScope - t.excluded}**`), 'the status bar figure');
      assert.ok(rows.some((r) => r.join(',') === [t.inScope, t.covered, t.planned, t.policyOnly, t.uncovered, t.excluded].join(',')), 'the totals row');
      for (const c of inScope(cov)) {
        const row = rows.find((r) => r[0] === c.id);
        assert.ok(row, c.id);
        assert.equal(row[2], c.status, c.id);
      }
      for (const c of cov.categories.filter((x) => !x.inScope).flatMap((x) => x.criteria)) assert.ok(!rows.some((r) => r[0] === c.id), `${c.id} is out of scope`);
    }
  });

  test('Controls: one row per control, retired ones marked, with owner, status, frequency, criteria, policies, systems and latest evidence', () => {
    for (const folder of [EXAMPLE, HOSTILE]) {
      const controls = controlsOf(folder);
      const rows = mdRows(sections(report(folder, 'markdown').stdout, 'markdown').find((s) => s.name === 'Controls').body);
      assert.equal(rows.length, controls.length);
      for (const c of controls) {
        const row = rows.find((r) => r[0] === c.id || r[0] === `${c.id} (retired)`);
        assert.ok(row, c.id);
        assert.equal(row[0].endsWith('(retired)'), c.status === 'retired', c.id);
        assert.equal(row[3], c.status, c.id);
        if (c.frequency) assert.equal(row[4], c.frequency);
        for (const x of c.criteria) assert.ok(row[5].includes(x.value), `${c.id} maps ${x.value}`);
        const dates = c.evidence.map((e) => e.collected).filter((d) => d !== undefined);
        const latest = dates.length ? new Date(Math.max(...dates) * 86_400_000).toISOString().slice(0, 10) : '—';
        assert.equal(row[8], latest, c.id);
      }
    }
    const html = report(HOSTILE, 'html').stdout;
    assert.match(html, /<tr class="retired"><td><span class="id">OLD-1<\/span> <em class="retired">\(retired\)<\/em><\/td>/);
    const ac03 = mdRows(sections(report(EXAMPLE, 'markdown').stdout, 'markdown').find((s) => s.name === 'Controls').body).find((r) => r[0] === 'AC-03');
    assert.deepEqual(ac03.slice(2, 6), ['security-team', 'implemented', 'quarterly', 'CC6.1, CC6.2, CC6.3']);
  });

  test('Evidence (Type II): every implemented control with a frequency, with its evidence status as the editor shows it', () => {
    const cov = coverageOf(EXAMPLE);
    const status = new Map(inScope(cov).flatMap((c) => c.controls).map((c) => [c.id, c.evidence]));
    const rows = mdRows(sections(report(EXAMPLE, 'markdown').stdout, 'markdown').find((s) => s.name === 'Evidence').body);
    const expected = controlsOf(EXAMPLE).filter((c) => c.status === 'implemented' && c.frequency);
    assert.deepEqual(rows.map((r) => r[0]).sort(), expected.map((c) => c.id).sort());
    for (const r of rows) if (status.has(r[0])) assert.equal(r[2], status.get(r[0]), r[0]);
    assert.ok(rows.some((r) => r[2] === 'stale'), 'acme has stale evidence');
  });

  test('Policies: owner, version, approval, next review; the overdue review as the plan has it', () => {
    const rows = mdRows(sections(report(EXAMPLE, 'markdown').stdout, 'markdown').find((s) => s.name === 'Policies').body);
    assert.equal(rows.length, policiesOf(EXAMPLE).length);
    const overdue = planOf(EXAMPLE).filter((x) => x.kind === 'policy-review').map((x) => x.id);
    assert.ok(overdue.length > 0);
    for (const r of rows) assert.equal(r[7].includes('overdue'), overdue.includes(r[0]), r.join(' | '));
    const vendor = rows.find((r) => r[0] === 'POL-VENDOR');
    assert.deepEqual(vendor.slice(2, 7), ['Head of Security', 'approved', '1.2', '2025-06-01', 'annually']);
  });

  test('Systems, Exclusions and Remediation plan: every system, every exclusion, every plan item', () => {
    const s = sections(report(EXAMPLE, 'markdown').stdout, 'markdown');
    const cov = coverageOf(EXAMPLE);
    const systems = mdRows(s.find((x) => x.name === 'Systems').body);
    assert.deepEqual(systems.map((r) => r[0]), cov.systems.map((x) => x.id));
    assert.match(systems.find((r) => r[0] === 'marketing-site')[4], /^out: Serves public marketing pages/);
    assert.match(systems.find((r) => r[0] === 'support-desk')[5], /no implemented control/);
    const excl = mdRows(s.find((x) => x.name === 'Exclusions').body);
    assert.deepEqual(excl.map((r) => r[0]), ['CC6.4']);
    const plan = planOf(EXAMPLE);
    const rows = mdRows(s.find((x) => x.name === 'Remediation plan').body);
    assert.deepEqual(rows.map((r) => [r[1], r[2]]), plan.map((x) => [x.kind, x.id]));
    for (const [i, x] of plan.entries()) assert.equal(rows[i][0].includes('overdue'), x.overdue, `${x.kind} ${x.id}`);
    // An exclusion without a reason is listed as not excluded yet.
    const errs = mdRows(sections(report(ERRORS, 'markdown').stdout, 'markdown').find((x) => x.name === 'Exclusions').body);
    assert.match(errs.find((r) => r[0] === 'CC6.4')[2], /no reason given/);
  });

  test('Markdown and HTML carry the same sections, rows and ids (controls, criteria, policies)', () => {
    for (const folder of [EXAMPLE, ERRORS, HOSTILE]) {
      const md = report(folder, 'markdown').stdout;
      const html = report(folder, 'html').stdout;
      const ms = sections(md, 'markdown');
      const hs = sections(html, 'html');
      assert.deepEqual(hs.map((s) => s.name), ms.map((s) => s.name));
      for (const [i, s] of ms.entries()) {
        const htmlRows = (hs[i].body.match(/<tr[ >]/g) ?? []).length - (hs[i].body.match(/<thead>/g) ?? []).length;
        assert.equal(htmlRows, mdRows(s.body).length, `${s.name}: the same number of rows`);
      }
      const ids = new Set([...controlsOf(folder).map((c) => c.id), ...policiesOf(folder).map((p) => p.id), ...inScope(coverageOf(folder)).map((c) => c.id)]);
      for (const id of ids) {
        assert.ok(md.includes(id), `${id} in the markdown`);
        assert.ok(html.includes(`<span class="id">${id}</span>`), `${id} in the HTML, unbreakable`);
      }
    }
  });
});

describe('HTML', () => {
  test('one self-contained page: no script, nothing loaded from elsewhere', () => {
    for (const folder of [EXAMPLE, ERRORS, HOSTILE]) {
      const html = report(folder, 'html').stdout;
      assert.match(html, /^<!doctype html>/i);
      assert.match(html, /<\/html>\n$/);
      assert.ok(!/<script/i.test(html), 'no script element');
      assert.ok(!/<(link|img|iframe|object|embed|svg|video|audio|source)\b/i.test(html), 'no element that loads a resource');
      assert.ok(!/\b(src|href)\s*=\s*["']?\s*(https?:|\/\/)/i.test(html), 'no http(s) src or href');
      assert.ok(!/@import|url\(/i.test(html), 'no stylesheet import or url()');
      for (const [tag] of html.matchAll(/<[a-z][^>]*>/gi)) assert.ok(!/\son\w+\s*=/i.test(tag), `no event handler attribute: ${tag}`);
      for (const [, href] of html.matchAll(/href="([^"]*)"/g)) assert.match(href, /^#p\d+-[a-z-]+$/, 'only links inside the page');
    }
  });

  test('prints cleanly: page rules, a page per section, ids and dates that never break', () => {
    const html = report(EXAMPLE, 'html').stdout;
    assert.match(html, /@page\{/);
    assert.match(html, /@media print\{[^]*h2\{break-before:page/);
    assert.match(html, /\.id,code\{white-space:nowrap/);
    assert.match(html, /\.date\{white-space:nowrap\}/);
    assert.match(html, /thead\{display:table-header-group\}/);
  });

  test('every value from a file is escaped: markup in a title, an owner, a system, a reason shows as text', () => {
    const html = report(HOSTILE, 'html').stdout;
    const body = html.slice(html.indexOf('<body>'));
    for (const tag of ['<img', '<script', '<iframe', '<svg', '<b>']) assert.ok(!body.toLowerCase().includes(tag), `no ${tag} from a user's file`);
    assert.ok(html.includes('&quot;&gt;&lt;img src=x onerror=alert(5)&gt;'), 'the control title, as text');
    assert.ok(html.includes('<title>Acme &quot;&gt;&lt;img src=x onerror=alert(1)&gt; &lt;script&gt;alert(2)&lt;/script&gt;'), 'the organization, in the title');
    assert.ok(html.includes('&lt;b&gt;owner&lt;/b&gt;'));
    assert.ok(html.includes('Web &lt;iframe src=javascript:alert(3)&gt;&lt;/iframe&gt;'));
    assert.ok(html.includes('No data centres &lt;script&gt;alert(4)&lt;/script&gt;'));
    assert.ok(html.includes('&lt;svg onload=alert(7)&gt; policy'));
    const esc = report(path.join(FIXTURES, 'report-escaping'), 'html').stdout;
    assert.ok(esc.includes('&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;'));
    assert.ok(!esc.includes('<em>always') && !esc.includes('<b>front'));
  });
});

describe('Markdown', () => {
  test('user text cannot break a table, inject HTML or a link', () => {
    const md = report(HOSTILE, 'markdown').stdout;
    for (const tag of ['<img', '<script', '<iframe', '<svg', '<b>']) assert.ok(!md.toLowerCase().includes(tag), `no raw ${tag}`);
    assert.ok(!/(?<!\\)\]\(javascript:/.test(md), 'no link');
    assert.ok(md.includes('\\[click\\](javascript:alert(6))'), 'the brackets escaped, shown as typed');
    for (const s of sections(md, 'markdown')) {
      const width = (l) => l.split(/(?<!\\)\|/).length;
      let head;
      for (const l of s.body.split('\n')) {
        if (!l.startsWith('|')) head = undefined;
        else if (head === undefined) head = width(l);
        else assert.equal(width(l), head, `${s.name}: ${l}`);
      }
    }
    assert.ok(md.includes('Multi line \\`title\\`'), 'a multi-line title on one line');
  });
});

describe('command line', () => {
  test('several projects: one report after another', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attest-report-'));
    try {
      for (const [name, org] of [['alpha', 'Alpha Inc'], ['beta', 'Beta GmbH']]) {
        fs.mkdirSync(path.join(dir, name, 'controls'), { recursive: true });
        fs.writeFileSync(path.join(dir, name, 'attest.yaml'), `organization: ${org}\nframework: tsc-2017\n`);
        fs.writeFileSync(path.join(dir, name, 'controls', 'a.yaml'), `id: ${name.toUpperCase()}-1\ntitle: T\nowner: o\ncriteria: [CC6.1]\n`);
      }
      for (const format of ['markdown', 'html']) {
        const r = runCli(['report', dir, '--format', format]);
        assert.equal(r.status, 0, r.stderr);
        const alpha = r.stdout.indexOf('Alpha Inc: readiness report as of 2026-10-01');
        const beta = r.stdout.indexOf('Beta GmbH: readiness report as of 2026-10-01');
        assert.ok(alpha >= 0 && beta > alpha, 'both, in project order');
        assert.equal(sections(r.stdout, format).filter((s) => s.name === 'Scope').length, 2);
        assert.ok(r.stdout.includes('alpha') && r.stdout.includes('beta'), 'each names its project folder');
      }
      // export takes exactly one project and says which it found.
      const e = runCli(['export', dir, '--format', 'oscal-catalog']);
      assert.equal(e.status, 2);
      assert.match(e.stderr, /2 projects/);
      assert.ok(e.stderr.includes('alpha') && e.stderr.includes('beta'), e.stderr);
      assert.equal(e.stdout, '');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('--out writes the file (its extension picks the format) and prints nothing', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attest-report-out-'));
    try {
      const r = runCli(['report', EXAMPLE, '--out', path.join(dir, 'report.html')]);
      assert.equal(r.status, 0, r.stderr);
      assert.equal(r.stdout, '');
      assert.equal(fs.readFileSync(path.join(dir, 'report.html'), 'utf8'), report(EXAMPLE, 'html').stdout);
      const m = runCli(['report', EXAMPLE, '--out', 'r.md'], { cwd: dir });
      assert.equal(m.status, 0, m.stderr);
      assert.equal(fs.readFileSync(path.join(dir, 'r.md'), 'utf8'), report(EXAMPLE, 'markdown').stdout);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('bad usage exits 2 with a message, printing no report', () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'attest-report-empty-'));
    try {
      const cases = [
        [['report', EXAMPLE, '--format', 'pdf'], {}, /--format must be one of html, markdown/],
        [['report', EXAMPLE, EXAMPLE], {}, /expected one folder/],
        [['report', EXAMPLE, '--fail-on', 'error'], {}, /unknown option --fail-on/],
        [['report', EXAMPLE], { today: '2026-13-01' }, /ATTEST_TODAY/],
        [['report', empty], {}, /no Attest project/],
        [['report', EXAMPLE, '--out', path.join(empty, 'missing', 'r.html')], {}, /cannot write/],
      ];
      for (const [args, opts, message] of cases) {
        const r = runCli(args, opts);
        assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
        assert.match(r.stderr, message);
        assert.equal(r.stdout, '');
      }
      assert.match(runCli(['report', '--help']).stdout, /usage: attest report/);
      assert.match(runCli(['--help']).stdout, /attest report \[folder\]/);
    } finally {
      fs.rmSync(empty, { recursive: true, force: true });
    }
  });
});
