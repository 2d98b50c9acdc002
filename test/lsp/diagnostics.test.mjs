// Diagnostics: every code of the contracts, published for files on disk after the initial scan,
// with exact ranges and severities, and kept exact while the user types.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { pos, rangeOf } from '../helpers/positions.mjs';
import { tempWorkspace } from '../helpers/workspaces.mjs';
import { TestClient, codes, uriOf } from '../helpers/lsp.mjs';
import { EVERY_CODE } from './fixtures.mjs';

const ERROR = 1;
const WARNING = 2;
const INFO = 3;

describe('diagnostics', () => {
  let root;
  let c;
  const file = (rel) => path.join(root, rel);

  before(async () => {
    root = tempWorkspace(EVERY_CODE);
    c = await TestClient.indexed(root);
  });
  after(() => c.shutdown());

  test('every code of the contracts is published for files on disk, none of them open, on exactly the offending text', async () => {
    // [file, code, severity, text of the range (needle), occurrence of the needle]
    const expected = [
      ['controls/schema.yaml', 'schema', ERROR, 'finished'],
      ['controls/notitle.yaml', 'schema', ERROR, 'NTL-01'], // a missing required field: on the id
      ['controls/field.yaml', 'unknown-field', WARNING, 'frequncy'],
      ['controls/criteria.yaml', 'unknown-criterion', ERROR, 'CC6.99'],
      ['controls/criteria.yaml', 'duplicate-criterion', WARNING, 'CC1.3', 1],
      ['controls/criteria.yaml', 'out-of-scope-criterion', INFO, 'PI1.1'],
      ['controls/dup-a.yaml', 'duplicate-id', ERROR, 'DUP-01'],
      ['controls/dup-b.yaml', 'duplicate-id', ERROR, 'DUP-01'],
      ['controls/policy-ref.yaml', 'unknown-policy', ERROR, 'POL-NOPE'],
      ['controls/unmapped.yaml', 'unmapped-control', WARNING, 'UNM-01'],
      ['controls/ownerless.yaml', 'missing-owner', WARNING, 'OWN-01'],
      ['attest.yaml', 'uncovered-criterion', WARNING, 'security'],
      ['attest.yaml', 'uncovered-criterion', WARNING, 'availability'],
      ['policies/real.md', 'uncovered-criterion', WARNING, 'CC2.1'], // policy-only, on the policy's id of it
      ['attest.yaml', 'exclusion-without-reason', ERROR, 'CC9.2'],
      ['controls/evidence.yaml', 'missing-evidence', WARNING, 'EVM-01'],
      ['controls/evidence.yaml', 'stale-evidence', WARNING, '2026-06-01'],
      ['controls/evidence.yaml', 'evidence-outside-period', INFO, '2025-12-01'],
      ['policies/real.md', 'policy-review-overdue', WARNING, '2025-01-10'],
      ['controls/systems.yaml', 'unknown-system', ERROR, 'nope'],
      ['controls/systems.yaml', 'out-of-scope-system', INFO, 'ftp'],
      ['attest.yaml', 'unprotected-system', WARNING, 'vpn'],
      ['controls/planned.yaml', 'remediation-overdue', WARNING, '2026-05-01'],
      ['controls/planned.yaml', 'remediation-overdue', WARNING, '2026-03-15'],
      ['controls/planned.yaml', 'missing-due', INFO, 'PLN-02'],
    ];
    for (const [rel, code, severity, needle, occurrence = 0] of expected) {
      const text = EVERY_CODE[rel];
      const range = rangeOf(text, needle, { nth: occurrence });
      const diags = await c.waitForDiagnostics(file(rel), (d) => d.some((x) => x.code === code));
      const hit = diags.find((x) => x.code === code && JSON.stringify(x.range) === JSON.stringify(range));
      assert.ok(hit, `${code} on ${rel} at "${needle}" ${JSON.stringify(range)}; got ${JSON.stringify(diags.filter((x) => x.code === code).map((x) => x.range))}`);
      assert.equal(hit.severity, severity, `${code} severity`);
      assert.equal(hit.source, 'attest');
      assert.ok(hit.message.length > 0);
    }
    // The yaml-syntax error is positioned in the broken control, not over the whole file.
    const syntax = (await c.waitForDiagnostics(file('controls/syntax.yaml'), (d) => codes(d).includes('yaml-syntax'))).find((x) => x.code === 'yaml-syntax');
    assert.equal(syntax.severity, ERROR);
    assert.ok(syntax.range.start.line >= 1 && syntax.range.end.line <= 2, `yaml-syntax near the unclosed list: ${JSON.stringify(syntax.range)}`);
    // Every published diagnostic is an Attest one with a range inside a single line at most a few lines long.
    for (const [uri, diags] of c.diagnostics) {
      for (const d of diags) {
        assert.equal(d.source, 'attest', uri);
        assert.ok(d.range.end.line - d.range.start.line <= 1, `${d.code} on ${uri} spans ${JSON.stringify(d.range)}`);
      }
    }
    // Clean files get nothing.
    assert.ok(!c.diagnostics.get(uriOf(file('controls/dup-a.yaml'))).some((d) => d.code !== 'duplicate-id'));
  });

  test('messages help: unknown field names the probable key, unknown criterion suggests close ids, duplicates name both files', async () => {
    const field = (await c.waitForDiagnostics(file('controls/field.yaml'), (d) => d.length > 0)).find((d) => d.code === 'unknown-field');
    assert.match(field.message, /frequency/);
    const crit = c.diagnostics.get(uriOf(file('controls/criteria.yaml'))).find((d) => d.code === 'unknown-criterion');
    assert.match(crit.message, /CC6\.\d/);
    const dup = c.diagnostics.get(uriOf(file('controls/dup-b.yaml'))).find((d) => d.code === 'duplicate-id');
    assert.match(dup.message, /dup-a\.yaml/);
  });

  test('diagnostics follow typing with exact ranges (incremental edits, character by character)', async () => {
    const f = file('controls/criteria.yaml');
    let text = EVERY_CODE['controls/criteria.yaml'];
    c.open(f, text);
    // Type ", CC7.12" before the closing bracket, one character at a time.
    const at = pos(text, 'PI1.1', { shift: 5 });
    let col = at.character;
    for (const ch of ', CC7.12') {
      c.edit(f, [{ range: { start: { line: at.line, character: col }, end: { line: at.line, character: col } }, text: ch }]);
      col++;
    }
    text = text.replace('PI1.1]', 'PI1.1, CC7.12]');
    let diags = await c.nextDiagnostics(f, (d) => d.some((x) => x.code === 'unknown-criterion' && x.message.includes('CC7.12')));
    const typed = diags.find((x) => x.message.includes('CC7.12'));
    assert.deepEqual(typed.range, rangeOf(text, 'CC7.12'));
    // Earlier findings kept their exact places.
    assert.deepEqual(diags.find((x) => x.code === 'duplicate-criterion').range, rangeOf(text, 'CC1.3', { nth: 1 }));

    // Insert two lines above: every range moves down with the text.
    text = `# a comment\n# another\n${text}`;
    c.change(f, text);
    diags = await c.nextDiagnostics(f, (d) => d.some((x) => x.code === 'unknown-criterion' && x.range.start.line === 5));
    assert.deepEqual(diags.find((x) => x.message.includes('CC6.99')).range, rangeOf(text, 'CC6.99'));
    assert.deepEqual(diags.find((x) => x.code === 'out-of-scope-criterion').range, rangeOf(text, 'PI1.1'));

    // Fix everything: the file's diagnostics are cleared (an empty publish).
    text = text.replace('[CC1.3, CC6.99, CC1.3, PI1.1, CC7.12]', '[CC1.3]');
    c.change(f, text);
    await c.nextDiagnostics(f, (d) => d.length === 0);
    c.close(f);
    // Closed without saving: back to the disk version's findings.
    await c.nextDiagnostics(f, (d) => codes(d).includes('unknown-criterion') && d.find((x) => x.code === 'unknown-criterion').range.start.line === 3);
  });

  test('a missing required field typed away and back: the schema finding sits on the control id', async () => {
    const f = file('controls/unmapped.yaml');
    const text = EVERY_CODE['controls/unmapped.yaml'];
    c.open(f, text);
    const noTitle = text.replace('title: Maps nothing\n', '');
    c.change(f, noTitle);
    const diags = await c.nextDiagnostics(f, (d) => codes(d).includes('schema'));
    const d = diags.find((x) => x.code === 'schema');
    assert.deepEqual(d.range, rangeOf(noTitle, 'UNM-01'));
    assert.match(d.message, /title/);
    c.change(f, text);
    await c.nextDiagnostics(f, (d2) => !codes(d2).includes('schema') && codes(d2).includes('unmapped-control'));
    c.close(f);
  });

  test('uncovered security criteria sit on `framework` when categories do not list security', async () => {
    const cfg = file('attest.yaml');
    const text = EVERY_CODE['attest.yaml'].replace('  - security\n', '');
    c.open(cfg, text);
    const d = await c.nextDiagnostics(cfg, (x) => x.some((y) => y.code === 'uncovered-criterion' && y.range.start.line === 0));
    const cc = d.filter((x) => x.code === 'uncovered-criterion' && /^CC/.test(x.message));
    assert.ok(cc.length > 10);
    for (const x of cc) assert.deepEqual(x.range, rangeOf(text, 'tsc-2017'));
    for (const x of d.filter((y) => /^A1/.test(y.message))) assert.deepEqual(x.range, rangeOf(text, 'availability'));
    c.close(cfg);
    await c.nextDiagnostics(cfg, (x) => x.some((y) => y.code === 'uncovered-criterion' && y.range.start.line === 2));
  });

  test('missing-period appears on attest.yaml when the period is removed, and evidence checks stop', async () => {
    const cfg = file('attest.yaml');
    const text = EVERY_CODE['attest.yaml'];
    c.open(cfg, text);
    const noPeriod = text.replace('period:\n  start: 2026-01-01\n  end: 2026-12-31\n', '');
    c.change(cfg, noPeriod);
    const diags = await c.nextDiagnostics(cfg, (d) => codes(d).includes('missing-period'));
    const d = diags.find((x) => x.code === 'missing-period');
    assert.equal(d.severity, ERROR);
    assert.deepEqual(d.range, rangeOf(noPeriod, 'type2'));
    // attest.yaml feeds every file: without a period there is no Type II evidence to judge.
    await c.nextDiagnostics(file('controls/evidence.yaml'), (x) => !codes(x).includes('missing-evidence') && !codes(x).includes('stale-evidence'));
    // A period that ends before it starts is no better.
    const backwards = text.replace('end: 2026-12-31', 'end: 2025-12-31');
    c.change(cfg, backwards);
    await c.nextDiagnostics(cfg, (x) => codes(x).includes('missing-period'));
    c.change(cfg, text);
    await c.nextDiagnostics(cfg, (x) => !codes(x).includes('missing-period'));
    await c.nextDiagnostics(file('controls/evidence.yaml'), (x) => codes(x).includes('missing-evidence') && codes(x).includes('stale-evidence'));
    c.close(cfg);
  });
});
