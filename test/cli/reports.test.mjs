// `attest coverage` and `attest plan` as real processes, in every format.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runCliOnce as runCli, runJsonOnce as runJson, EXAMPLE, FIXTURES, parseCsv, rangeOf } from '../helpers/attest.mjs';

const ESC = path.join(FIXTURES, 'report-escaping');
const TODAY = '2026-10-01';
const STATUSES = ['covered', 'planned', 'policy-only', 'uncovered', 'excluded'];
const KINDS = ['criterion', 'control', 'exception', 'evidence', 'policy-review', 'system'];

function inScopeCriteria(cov) {
  return cov.categories.filter((c) => c.inScope).flatMap((c) => c.criteria.map((x) => ({ ...x, category: c })));
}

/** Asserts `needles` (one per item) occur in `lines` in the same order. */
function inOrder(lines, needles, what) {
  let at = -1;
  for (const n of needles) {
    const i = lines.findIndex((l, k) => k > at && n.every((s) => l.includes(s)));
    assert.ok(i > at, `${what}: ${JSON.stringify(n)} not found after line ${at}`);
    at = i;
  }
}

describe('coverage', () => {
  const acme = runJson(['coverage', EXAMPLE, '--format', 'json']).json;

  test('json equals the coverage of check --format json, and exits 0', () => {
    const r = runJson(['coverage', EXAMPLE, '--format', 'json']);
    assert.equal(r.status, 0);
    const fromCheck = runJson(['check', EXAMPLE, '--format', 'json', '--fail-on', 'none']).json.coverage;
    assert.deepEqual(acme, fromCheck);
  });

  test('acme-saas: scope and exclusion as attest.yaml sets them', () => {
    assert.deepEqual(acme.categories.filter((c) => c.inScope).map((c) => c.id).sort(), ['availability', 'confidentiality', 'security']);
    assert.equal(acme.totals.inScope, 33 + 3 + 2);
    assert.equal(acme.totals.excluded, 1);
    const t = acme.totals;
    assert.equal(t.covered + t.planned + t.policyOnly + t.uncovered + t.excluded, t.inScope);
  });

  test('text: every in-scope criterion on a line with its status; out-of-scope ones absent; totals line', () => {
    const r = runCli(['coverage', EXAMPLE]);
    assert.equal(r.status, 0);
    const lines = r.stdout.split('\n');
    for (const c of inScopeCriteria(acme)) {
      const line = lines.find((l) => new RegExp(`(^|\\s)${c.id.replace('.', '\\.')}\\s`).test(l));
      assert.ok(line, c.id);
      assert.ok(line.includes(c.status), `${c.id}: ${line}`);
    }
    for (const c of acme.categories.filter((x) => !x.inScope).flatMap((x) => x.criteria)) {
      assert.ok(!lines.some((l) => new RegExp(`(^|\\s)${c.id.replace('.', '\\.')}\\s`).test(l)), `${c.id} is out of scope`);
    }
    const summary = lines.find((l) => /^Coverage/.test(l));
    assert.ok(summary.includes(`${acme.totals.covered}/`));
  });

  test('markdown: totals table, a table per in-scope category, excluded reasons', () => {
    const r = runCli(['coverage', EXAMPLE, '--format', 'markdown']);
    assert.equal(r.status, 0);
    const md = r.stdout;
    const lines = md.split('\n');
    const rows = lines.filter((l) => l.startsWith('|')).map((l) => l.split('|').slice(1, -1).map((s) => s.trim()));
    const t = acme.totals;
    assert.ok(rows.some((cells) => cells.join(',') === [t.inScope, t.covered, t.planned, t.policyOnly, t.uncovered, t.excluded].join(',')), 'a totals row');
    for (const cat of acme.categories) {
      const heading = lines.findIndex((l) => /^#{2,3} /.test(l) && l.includes(cat.title));
      if (!cat.inScope) {
        assert.equal(heading, -1, `no section for ${cat.title}`);
        continue;
      }
      assert.ok(heading >= 0, `section for ${cat.title}`);
      const next = lines.findIndex((l, i) => i > heading && /^#{1,3} /.test(l));
      const section = lines.slice(heading, next < 0 ? undefined : next);
      assert.ok(section.some((l) => /^\|\s*-+/.test(l)), `${cat.title} has a table`);
      for (const c of cat.criteria) {
        const row = section.find((l) => l.startsWith(`| ${c.id} |`));
        assert.ok(row, `${c.id} row in ${cat.title}`);
        assert.ok(row.includes(c.status), `${c.id}: ${row}`);
      }
    }
    const cc64 = acme.categories.flatMap((c) => c.criteria).find((c) => c.id === 'CC6.4');
    assert.ok(md.includes(cc64.reason), 'the exclusion reason is in the report');
    assert.ok(cc64.reason.includes('subservice organization'));
  });

  test('html: a complete page, a table per in-scope category, `<script>` in a control title escaped', () => {
    const r = runCli(['coverage', ESC, '--format', 'html']);
    assert.equal(r.status, 0);
    const html = r.stdout;
    assert.match(html, /^<!doctype html>/i);
    assert.match(html, /<\/html>\s*$/);
    assert.ok(!/<script/i.test(html), 'no script element');
    assert.ok(html.includes('&lt;script&gt;alert('), 'the title is shown, escaped');
    assert.ok(!html.includes('<em>always'), 'no markup from a policy title');
    assert.ok(!html.includes('<b>front'), 'no markup from a system name');
    const esc = runJson(['coverage', ESC, '--format', 'json']).json;
    for (const c of inScopeCriteria(esc)) assert.ok(html.includes(`>${c.id}<`), c.id);
    assert.ok(!html.includes('>PI1.1<'));
    assert.ok(html.includes('by contract'), 'exclusion reason');
  });

  test('csv: one row per in-scope criterion, commas and quotes quoted', () => {
    const r = runCli(['coverage', ESC, '--format', 'csv']);
    assert.equal(r.status, 0);
    const esc = runJson(['coverage', ESC, '--format', 'json']).json;
    const rows = parseCsv(r.stdout);
    const header = rows[0];
    for (const col of ['criterion', 'status']) assert.ok(header.includes(col), col);
    const body = rows.slice(1).filter((x) => x.length > 1);
    const expected = inScopeCriteria(esc);
    assert.equal(body.length, expected.length);
    const ci = header.indexOf('criterion');
    const si = header.indexOf('status');
    for (const row of body) {
      assert.equal(row.length, header.length, JSON.stringify(row));
      const c = expected.find((x) => x.id === row[ci]);
      assert.ok(c, row[ci]);
      assert.equal(row[si], c.status);
    }
    const reason = esc.categories.flatMap((c) => c.criteria).find((c) => c.id === 'C1.2').reason;
    assert.ok(reason.includes(',') && reason.includes('"'));
    assert.ok(body.some((row) => row.includes(reason)), 'the reason survives as one cell');
    assert.ok(r.stdout.includes(`"${reason.replace(/"/g, '""')}"`));
    const titleWithComma = body.find((row) => row[ci] === 'CC6.4');
    assert.ok(titleWithComma);
  });
});

describe('plan', () => {
  const acme = runJson(['plan', EXAMPLE, '--format', 'json'], { today: TODAY });

  test('json: { items: [...] } with exactly the contract fields, each naming its project', () => {
    assert.equal(acme.status, 0);
    assert.deepEqual(Object.keys(acme.json), ['items']);
    assert.ok(acme.json.items.length > 0);
    for (const it of acme.json.items) {
      assert.deepEqual(Object.keys(it).sort(), ['due', 'file', 'id', 'kind', 'overdue', 'owner', 'project', 'range', 'title']);
      assert.equal(it.project, '.');
      assert.ok(KINDS.includes(it.kind), it.kind);
      assert.equal(typeof it.id, 'string');
      assert.equal(typeof it.title, 'string');
      assert.ok(it.owner === null || typeof it.owner === 'string');
      assert.ok(it.due === null || /^\d{4}-\d{2}-\d{2}$/.test(it.due), it.due);
      assert.equal(typeof it.overdue, 'boolean');
      assert.equal(it.overdue, it.due !== null && it.due < TODAY, `${it.kind} ${it.id}`);
      if (it.file === null) assert.equal(it.range, null);
      else {
        assert.ok(fs.existsSync(path.join(EXAMPLE, it.file)), it.file);
        assert.ok(it.range && Number.isInteger(it.range.start.line));
      }
    }
  });

  test('overdue first, then by due date, undated last', () => {
    const items = acme.json.items;
    const key = (it) => [it.overdue ? 0 : 1, it.due === null ? 1 : 0, it.due ?? ''];
    for (let i = 1; i < items.length; i++) {
      const [a, b] = [key(items[i - 1]), key(items[i])];
      const ok = a[0] < b[0] || (a[0] === b[0] && (a[1] < b[1] || (a[1] === b[1] && a[2] <= b[2])));
      assert.ok(ok, `${JSON.stringify(items[i - 1])} before ${JSON.stringify(items[i])}`);
    }
    assert.ok(items[0].overdue);
    assert.ok(items.some((i) => !i.overdue && i.due !== null) && items.some((i) => i.due === null));
  });

  test('acme-saas: the planned control OPS-10 is overdue, a criterion item names the criterion id, ranges point at the text', () => {
    const items = acme.json.items;
    const ops10 = items.find((i) => i.kind === 'control' && i.id === 'OPS-10');
    assert.ok(ops10);
    assert.equal(ops10.overdue, true);
    const text = fs.readFileSync(path.join(EXAMPLE, ops10.file), 'utf8');
    assert.deepEqual(ops10.range, rangeOf(text, 'OPS-10'));
    const crit = items.filter((i) => i.kind === 'criterion');
    assert.ok(crit.length > 0);
    // The example's other frameworks (ISO 27001, NIST CSF 2.0) have their gaps on the plan too, their titles naming them.
    for (const c of crit) assert.match(`${c.id} ${c.title}`, /^((CC|A|C|PI|P)\d+\.\d+ (?!iso|nist)|A\.\d+\.\d+ iso27001-2022: |[A-Z]{2}\.[A-Z]{2}-\d\d nist-csf-2\.0: )/);
    assert.ok(crit.some((c) => c.id === 'CC2.3') && crit.some((c) => c.id === 'A.5.1') && crit.some((c) => c.id.startsWith('GV.')));
    const ex = items.find((i) => i.kind === 'exception');
    assert.ok(ex && /^[A-Z]+-\d+$/.test(ex.id), 'an exception item carries the control id');
    const sys = items.find((i) => i.kind === 'system');
    assert.equal(sys.file, 'attest.yaml');
  });

  test('"today" comes from ATTEST_TODAY', () => {
    const early = runJson(['plan', EXAMPLE, '--format', 'json'], { today: '2026-02-01' }).json.items;
    const ops10 = early.find((i) => i.kind === 'control' && i.id === 'OPS-10');
    assert.equal(ops10.overdue, false);
  });

  for (const fmt of ['text', 'markdown', 'csv']) {
    test(`${fmt}: the same items in the same order as json, exit 0`, () => {
      const r = runCli(fmt === 'text' ? ['plan', EXAMPLE] : ['plan', EXAMPLE, '--format', fmt], { today: TODAY });
      assert.equal(r.status, 0);
      const items = acme.json.items;
      if (fmt === 'csv') {
        const rows = parseCsv(r.stdout).filter((x) => x.length > 1);
        const header = rows[0];
        const body = rows.slice(1);
        assert.equal(body.length, items.length);
        const [ki, ii, ti, oi] = ['kind', 'id', 'title', 'owner'].map((c) => header.indexOf(c));
        body.forEach((row, i) => {
          assert.equal(row[ki], items[i].kind);
          assert.equal(row[ii], items[i].id);
          assert.equal(row[ti], items[i].title);
          assert.equal(row[oi], items[i].owner ?? '');
        });
      } else {
        const lines = r.stdout.split('\n');
        inOrder(lines, items.map((i) => [i.kind, i.id]), fmt);
        const overdueLines = lines.filter((l) => /overdue|⚠/i.test(l) && items.some((i) => l.includes(i.id)));
        assert.ok(overdueLines.length >= items.filter((i) => i.overdue).length, 'overdue items are marked');
      }
    });
  }

  test('csv quotes titles and owners with commas', () => {
    const r = runCli(['plan', ESC, '--format', 'csv'], { today: TODAY });
    const json = runJson(['plan', ESC, '--format', 'json'], { today: TODAY }).json;
    const xss = json.items.find((i) => i.id === 'XSS-1');
    assert.ok(xss.title.includes(',') && xss.owner.includes(','));
    const rows = parseCsv(r.stdout);
    const row = rows.find((x) => x.includes('XSS-1'));
    assert.ok(row.includes(xss.title), JSON.stringify(row));
    assert.ok(row.includes(xss.owner), JSON.stringify(row));
  });

  test('an empty plan is said plainly in every format', () => {
    const clean = path.join(FIXTURES, 'cli-clean');
    assert.deepEqual(runJson(['plan', clean, '--format', 'json']).json, { items: [] });
    const text = runCli(['plan', clean]);
    assert.equal(text.status, 0);
    assert.ok(text.stdout.trim().length > 0);
    const csv = parseCsv(runCli(['plan', clean, '--format', 'csv']).stdout).filter((x) => x.length > 1);
    assert.equal(csv.length, 1, 'only the header');
  });
});
