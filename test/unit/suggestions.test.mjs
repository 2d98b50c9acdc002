// What Attest suggests for a near miss: enum values in another case or a synonym, a criterion
// whose closest id is already listed, unknown systems; numeric policy versions; true scope wording.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { core, memoryWorkspace, withCode, rangeOf, control, policy } from '../helpers/attest.mjs';

const SYSTEMS = 'systems:\n  - id: vpn\n    name: VPN\n  - id: okta\n    name: Okta\n  - id: aws-prod\n    name: AWS production\n';

describe('enum values: did you mean', () => {
  const cases = [
    ['status', 'Implemented', 'implemented'],
    ['status', 'done', 'implemented'],
    ['frequency', 'Weekly', 'weekly'],
    ['frequency', 'yearly', 'annually'],
    ['frequency', 'annual', 'annually'],
    ['frequency', 'bi-annually', 'semiannually'],
    ['frequency', 'semi-annually', 'semiannually'],
    ['frequency', 'half-yearly', 'semiannually'],
    ['frequency', 'biweekly', 'monthly'],
    ['frequency', 'DAILY', 'daily'],
    ['frequency', 'on event', 'on-event'],
    ['frequency', 'ad-hoc', 'on-event'],
    ['frequency', 'quartely', 'quarterly'],
    ['type', 'Detective', 'detective'],
    ['automation', 'automatic', 'automated'],
  ];
  for (const [field, written, meant] of cases) {
    test(`${field}: ${written} → ${meant}`, () => {
      const text = control('E-1', { extra: `${field}: ${written}\n` });
      const ws = memoryWorkspace({ files: { 'controls/e.yaml': text } });
      const [f] = withCode(ws, 'controls/e.yaml', 'schema');
      assert.ok(f, `a schema finding for ${field}: ${written}`);
      assert.deepEqual(f.range, rangeOf(text, written));
      assert.match(f.message, new RegExp(`found \`${written}\`\\. Did you mean ${meant}\\?$`));
      assert.deepEqual(f.data, { suggestions: [meant] });
    });
  }

  test('the exact message for `status: Implemented`', () => {
    const ws = memoryWorkspace({ files: { 'controls/e.yaml': control('E-2', { extra: 'status: Implemented\n' }) } });
    assert.equal(withCode(ws, 'controls/e.yaml', 'schema')[0].message, '`status` must be one of planned, implemented or retired; found `Implemented`. Did you mean implemented?');
  });

  test('a policy: `active` means approved, and review takes the frequency words', () => {
    const text = policy('POL-E', { extra: 'status: active\nreview: yearly\n' });
    const ws = memoryWorkspace({ files: { 'policies/e.md': text } });
    const msgs = withCode(ws, 'policies/e.md', 'schema').map((f) => f.message);
    assert.deepEqual(msgs, [
      '`status` must be one of draft, approved or retired; found `active`. Did you mean approved?',
      '`review` must be one of continuous, daily, weekly, monthly, quarterly, semiannually, annually or on-event; found `yearly`. Did you mean annually?',
    ]);
  });

  test('a word nothing resembles gets the list of values and no suggestion', () => {
    const ws = memoryWorkspace({ files: { 'controls/e.yaml': control('E-3', { extra: 'frequency: whenever-the-moon-is-full\n' }) } });
    const [f] = withCode(ws, 'controls/e.yaml', 'schema');
    assert.doesNotMatch(f.message, /Did you mean/);
    assert.equal(f.data, undefined);
  });

  test('in attest.yaml too: `report: Type2`', () => {
    const ws = memoryWorkspace({ config: 'report: Type2\nperiod:\n  start: 2026-01-01\n  end: 2026-12-31\n' });
    const [f] = withCode(ws, 'attest.yaml', 'schema');
    assert.match(f.message, /found `Type2`\. Did you mean type2\?$/);
  });
});

describe('unknown-criterion when the closest id is already in the list', () => {
  test('`CC6.10` beside CC6.1: says so and suggests within the CC6 series', () => {
    const text = control('U-1', { criteria: ['CC6.10', 'CC6.1'] });
    const ws = memoryWorkspace({ files: { 'controls/u.yaml': text } });
    const [f] = withCode(ws, 'controls/u.yaml', 'unknown-criterion');
    assert.equal(f.message, 'Unknown criterion `CC6.10` in tsc-2017. CC6.1 is already in this list; did you mean another CC6 criterion: CC6.2, CC6.3 or CC6.4?');
    assert.deepEqual(f.data.suggestions, ['CC6.2', 'CC6.3', 'CC6.4']);
    assert.equal(f.data.alreadyListed, 'CC6.1');
  });

  test('siblings already listed are not suggested either', () => {
    const ws = memoryWorkspace({ files: { 'controls/u.yaml': control('U-2', { criteria: ['CC6.1', 'CC6.2', 'CC6.10'] }) } });
    const [f] = withCode(ws, 'controls/u.yaml', 'unknown-criterion');
    assert.equal(f.message, 'Unknown criterion `CC6.10` in tsc-2017. CC6.1 is already in this list; did you mean another CC6 criterion: CC6.3, CC6.4 or CC6.5?');
  });

  test('a wrong case of a listed id', () => {
    const ws = memoryWorkspace({ files: { 'controls/u.yaml': control('U-3', { criteria: ['CC7.2', 'cc7.2'] }) } });
    const [f] = withCode(ws, 'controls/u.yaml', 'unknown-criterion');
    assert.equal(f.message, 'Unknown criterion `cc7.2` in tsc-2017. CC7.2 is already in this list; did you mean another CC7 criterion: CC7.1, CC7.3 or CC7.4?');
  });

  test('when the closest id is not listed, the closest ids as before', () => {
    const ws = memoryWorkspace({ files: { 'controls/u.yaml': control('U-4', { criteria: ['CC6.10'] }) } });
    assert.equal(withCode(ws, 'controls/u.yaml', 'unknown-criterion')[0].message, 'Unknown criterion `CC6.10` in tsc-2017. Did you mean CC6.1, CC1.1, CC2.1?');
  });
});

describe('unknown-system: the closest inventory ids', () => {
  test('`vpm` → vpn', () => {
    const text = control('S-1', { extra: 'systems: [okta, vpm]\n' });
    const ws = memoryWorkspace({ config: SYSTEMS, files: { 'controls/s.yaml': text } });
    const [f] = withCode(ws, 'controls/s.yaml', 'unknown-system');
    assert.deepEqual(f.range, rangeOf(text, 'vpm'));
    assert.equal(f.message, 'Unknown system `vpm`: the inventory in attest.yaml does not define it. Did you mean vpn?');
    assert.deepEqual(f.data.suggestions, ['vpn']);
  });

  test('nothing close: no suggestion', () => {
    const ws = memoryWorkspace({ config: SYSTEMS, files: { 'controls/s.yaml': control('S-2', { extra: 'systems: [mainframe-7]\n' }) } });
    const [f] = withCode(ws, 'controls/s.yaml', 'unknown-system');
    assert.equal(f.message, 'Unknown system `mainframe-7`: the inventory in attest.yaml does not define it.');
    assert.deepEqual(f.data.suggestions, []);
  });
});

describe('numeric-version', () => {
  test('`version: 1.10` warns on the value, offers "1.10", and the policy keeps 1.10', () => {
    const text = policy('POL-V', { extra: 'version: 1.10 # the tenth revision\n' });
    const ws = memoryWorkspace({ files: { 'policies/v.md': text } });
    const [f] = withCode(ws, 'policies/v.md', 'numeric-version');
    assert.equal(f.severity, 'warning');
    assert.deepEqual(f.range, rangeOf(text, '1.10'));
    assert.equal(f.message, '`version: 1.10` is read as the number 1.1: write "1.10" to keep the version as written.');
    assert.deepEqual(f.data, { replacement: '"1.10"' });
    assert.equal(ws.facts('policies/v.md').policies[0].version, '1.10');
    assert.ok(core.CODES['numeric-version'].help.length > 10);
  });

  test('`2.0` warns too; `1.5`, `3` and "1.10" do not', () => {
    const two = memoryWorkspace({ files: { 'policies/v.md': policy('POL-V', { extra: 'version: 2.0\n' }) } });
    assert.equal(withCode(two, 'policies/v.md', 'numeric-version')[0].data.replacement, '"2.0"');
    for (const v of ['1.5', '3', '"1.10"', "'1.10'", 'v1.10']) {
      const ws = memoryWorkspace({ files: { 'policies/v.md': policy('POL-V', { extra: `version: ${v}\n` }) } });
      assert.deepEqual(withCode(ws, 'policies/v.md', 'numeric-version'), [], v);
    }
  });
});

describe('out-of-scope-criterion says something true with and without attest.yaml', () => {
  test('without attest.yaml: only security is in scope', () => {
    const ws = memoryWorkspace({ files: { 'controls/o.yaml': control('O-1', { criteria: ['P1.1'] }) } });
    assert.equal(withCode(ws, 'controls/o.yaml', 'out-of-scope-criterion')[0].message, 'P1.1 belongs to Privacy, which is not in scope (only Security is in scope without attest.yaml); it counts for no coverage.');
  });

  test('with attest.yaml: attest.yaml does not put it in scope', () => {
    const ws = memoryWorkspace({ config: 'categories: [security]\n', files: { 'controls/o.yaml': control('O-1', { criteria: ['P1.1'] }) } });
    assert.equal(withCode(ws, 'controls/o.yaml', 'out-of-scope-criterion')[0].message, 'P1.1 belongs to Privacy, which attest.yaml does not put in scope; it counts for no coverage.');
  });
});

describe('suggestValue', () => {
  test('case, spelling, synonyms and edit distance, only among the allowed values', () => {
    const f = core.schemas.FREQUENCY_VALUES;
    assert.equal(core.suggestValue('Yearly', f), 'annually');
    assert.equal(core.suggestValue('Semi Annually', f), 'semiannually');
    assert.equal(core.suggestValue('fortnightly', f), 'monthly');
    assert.equal(core.suggestValue('monthy', f), 'monthly');
    assert.equal(core.suggestValue('active', ['planned', 'implemented', 'retired']), 'implemented');
    assert.equal(core.suggestValue('active', ['draft', 'approved', 'retired']), 'approved');
    assert.equal(core.suggestValue('', f), undefined);
    assert.equal(core.suggestValue('purple', f), undefined);
  });
});
