// Large registers are analysed item by item (cached by item text); results must equal a whole-file parse.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';

const core = createRequire(import.meta.url)('../../dist/core.js');

function register(n, { crlf = false } = {}) {
  const items = [];
  for (let i = 0; i < n; i++) {
    items.push(
      [
        `  - id: REG-${i}`,
        `    title: Register control ${i} — é ✓`,
        i % 7 === 0 ? '' : `    owner: team-${i % 5}`,
        `    status: ${i % 11 === 0 ? 'plannd' : 'implemented'}`,
        `    criteria: [CC6.${(i % 8) + 1}, ${i % 13 === 0 ? 'CC6.99' : 'CC7.1'}]`,
        i % 17 === 0 ? '    colour: blue' : '    frequency: quarterly',
        '    # a comment inside the item',
      ]
        .filter(Boolean)
        .join('\n'),
    );
  }
  const text = `# Vendor register\ncontrols:\n${items.join('\n')}\n`;
  return crlf ? text.replace(/\n/g, '\r\n') : text;
}

const summary = (facts) => ({
  controls: facts.controls.map((c) => [c.id, c.idSpan, c.span, c.criteria.map((r) => [r.value, r.span])]),
  findings: facts.local.map((f) => [f.code, f.span.start, f.span.end, f.message]).sort(),
});

for (const crlf of [false, true]) {
  test(`a large register gives the same facts and findings item by item as parsed whole${crlf ? ' (CRLF)' : ''}`, () => {
    const cfg = core.loadConfig(undefined, { readFile: () => undefined });
    const text = register(400, { crlf });
    assert.ok(text.length > 32 * 1024, 'big enough to be chunked');
    // An explicit document start line forces the whole-file path; shift its offsets back.
    const whole = core.analyzeControlFile('---\n' + text, cfg);
    const chunked = core.analyzeControlFile(text, cfg);
    const back = (n) => n - 4;
    const w = summary(whole);
    const expected = {
      controls: w.controls.map(([id, a, b, cr]) => [id, { start: back(a.start), end: back(a.end) }, { start: back(b.start), end: back(b.end) }, cr.map(([v, s]) => [v, { start: back(s.start), end: back(s.end) }])]),
      findings: whole.local.map((f) => [f.code, back(f.span.start), back(f.span.end), f.message]).sort(),
    };
    assert.equal(chunked.controls.length, 400);
    assert.ok(chunked.local.some((f) => f.code === 'unknown-criterion'));
    assert.ok(chunked.local.some((f) => f.code === 'unknown-field'));
    assert.deepEqual(summary(chunked), expected);
  });
}

test('an edit inside one item of a large register changes only that item and shifts the rest', () => {
  const cfg = core.loadConfig(undefined, { readFile: () => undefined });
  const text = register(300);
  const before = core.analyzeControlFile(text, cfg);
  const edited = text.replace('title: Register control 150 ', 'title: Register control 150 renamed ');
  const after = core.analyzeControlFile(edited, cfg);
  assert.equal(after.controls.find((c) => c.id === 'REG-150').title.startsWith('Register control 150 renamed'), true);
  const last = (f) => f.controls.find((c) => c.id === 'REG-299').idSpan.start;
  assert.equal(last(after) - last(before), 'renamed '.length);
  assert.equal(edited.slice(last(after), last(after) + 7), 'REG-299');
});

/** A register whose items use every fact with a span: due dates, block lists, evidence, exceptions. */
function richRegister(n, { crlf = false } = {}) {
  const items = [];
  for (let i = 0; i < n; i++) {
    const L = [`  - id: RR-${i}`, `    title: Rich control ${i}`, '    description: >', `      Reviewed by the owner ${i}.`];
    if (i % 9) L.push(`    owner: team-${i % 4}`);
    L.push(`    status: ${i % 5 === 0 ? 'planned' : 'implemented'}`);
    if (i % 5 === 0) L.push(`    due: 2026-0${(i % 9) + 1}-15`);
    L.push('    type: preventive', '    automation: manual', `    frequency: ${i % 3 ? 'quarterly' : 'monthly'}`);
    if (i % 2) L.push('    criteria:', '      - CC6.1', `      - ${i % 13 === 0 ? 'CC6.99' : 'CC7.2'}`);
    else L.push(`    criteria: [CC8.1, CC6.1${i % 4 === 0 ? ', CC6.1' : ''}]`);
    L.push('    policies: [POL-1]', `    systems: [sys-${i % 3}]`);
    if (i % 3) L.push('    evidence:', `      - title: sample ${i}`, `        collected: 2026-0${(i % 8) + 1}-0${(i % 9) + 1}`, `        link: https://example.com/${i}`, '      - title: undated');
    if (i % 7 === 0) L.push('    exceptions:', '      - raised: 2026-01-02', `        summary: gap ${i}`, '        due: 2026-03-04', '        owner: sec', '      - summary: resolved', '        resolved: 2026-02-01');
    if (i % 17 === 0) L.push('    colour: blue');
    items.push(L.join('\n') + '\n\n    # trailing comment\n');
  }
  const text = `# Rich register\ncontrols:\n${items.join('')}`;
  return crlf ? text.replace(/\n/g, '\r\n') : text;
}

/** Spans moved by `d` (a plain deep copy; `data` holds no offsets). */
function moved(v, d) {
  if (Array.isArray(v)) return v.map((x) => moved(x, d));
  if (!v || typeof v !== 'object') return v;
  if (Object.keys(v).length === 2 && typeof v.start === 'number' && typeof v.end === 'number') return { start: v.start + d, end: v.end + d };
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, k === 'data' ? x : moved(x, d)]));
}

const byPlace = (a, b) => a.span.start - b.span.start || a.span.end - b.span.end || a.code.localeCompare(b.code) || a.message.localeCompare(b.message);

/** Complete facts and findings, chunked (warm cache) against a whole-file parse of the same text. */
function assertSameAsWhole(cfg, text, label) {
  const chunked = core.analyzeControlFile(text, cfg);
  const whole = moved(core.analyzeControlFile('---\n' + text, cfg), -4); // `---` forces the whole-file path
  assert.ok(chunked.controls.length > 100, `${label}: chunked`);
  assert.deepEqual(chunked.controls, whole.controls, `${label}: controls`);
  assert.deepEqual([...chunked.local].sort(byPlace), [...whole.local].sort(byPlace), `${label}: findings`);
  return chunked;
}

for (const crlf of [false, true]) {
  test(`edits at the start, the end, and inserted or deleted items keep a register equal to a whole parse${crlf ? ' (CRLF)' : ''}`, () => {
    const cfg = core.loadConfig(undefined, { readFile: () => undefined });
    const nl = crlf ? '\r\n' : '\n';
    let text = richRegister(150, { crlf });
    assert.ok(text.length > 32 * 1024, 'big enough to be chunked');
    assertSameAsWhole(cfg, text, 'initial');
    const steps = [
      ['edit in the first item', (t) => t.replace('title: Rich control 0', 'title: Rich control 0 edited')],
      ['edit back', (t) => t.replace('title: Rich control 0 edited', 'title: Rich control 0')],
      ['edit in the last item', (t) => t.replace('gap 147', 'a longer gap 147')],
      ['criterion typed in the last item', (t) => t.replace(`- CC7.2${nl}    policies: [POL-1]${nl}    systems: [sys-2]${nl}    evidence:${nl}      - title: sample 149`, `- CC7.${nl}    policies: [POL-1]${nl}    systems: [sys-2]${nl}    evidence:${nl}      - title: sample 149`)],
      ['item inserted in the middle', (t) => t.replace('  - id: RR-75', `  - id: NEW-1${nl}    title: Inserted${nl}    criteria: [CC9.9]${nl}  - id: RR-75`)],
      ['item deleted', (t) => t.slice(0, t.indexOf('  - id: RR-40')) + t.slice(t.indexOf('  - id: RR-41'))],
      ['first item deleted', (t) => t.slice(0, t.indexOf('  - id: RR-0')) + t.slice(t.indexOf('  - id: RR-1' + nl))],
      ['duplicate item appended', (t) => t + t.slice(t.indexOf('  - id: RR-10' + nl), t.indexOf('  - id: RR-11' + nl))],
      ['same-length edit', (t) => t.replace('title: Rich control 90', 'title: Rich contrXl 90')],
    ];
    for (const [label, edit] of steps) {
      const next = edit(text);
      assert.notEqual(next, text, `${label}: the edit applies`);
      text = next;
      assertSameAsWhole(cfg, text, label);
    }
  });
}

test('items before an edit (and after a same-length edit) keep their fact and finding objects', () => {
  const cfg = core.loadConfig(undefined, { readFile: () => undefined });
  const text = richRegister(150);
  const before = core.analyzeControlFile(text, cfg);
  const at = before.controls.findIndex((c) => c.id === 'RR-70');
  const same = (a, b, from, to) => {
    for (let i = from; i < to; i++) assert.equal(a.controls[i], b.controls[i], `control ${i}`);
  };
  const findingsBefore = (f) => f.local.filter((x) => x.span.start < before.controls[at].span.start);

  const renamed = core.analyzeControlFile(text.replace('title: Rich control 70', 'title: Rich contrXl 70'), cfg);
  same(before, renamed, 0, at);
  same(before, renamed, at + 1, before.controls.length);
  assert.notEqual(renamed.controls[at], before.controls[at]);

  const longer = core.analyzeControlFile(text.replace('title: Rich control 70', 'title: Rich control 70 longer'), cfg);
  same(before, longer, 0, at);
  findingsBefore(before).forEach((f, i) => assert.equal(findingsBefore(longer)[i], f));
  assert.notEqual(longer.controls[at + 1], before.controls[at + 1]);
  assert.deepEqual(longer.controls[at + 1], moved(before.controls[at + 1], ' longer'.length));

  // Typing on in the same item: the items after it moved again and are shifted again.
  const again = core.analyzeControlFile(text.replace('title: Rich control 70', 'title: Rich control 70 longer!'), cfg);
  same(longer, again, 0, at);
  assert.deepEqual(again.controls[at + 1], moved(before.controls[at + 1], ' longer!'.length));
});

/** Facts as another process left them (the server's cache, a worker): the same values, other objects. */
const fromElsewhere = (facts) => JSON.parse(JSON.stringify(facts));
const freshConfig = () => core.loadConfig(undefined, { readFile: () => undefined });

test('a register whose facts came from the cache: its first edit re-parses one item, keeps the others, and equals a fresh analysis', () => {
  const text = richRegister(150);
  const cached = fromElsewhere(core.analyzeControlFile(text, freshConfig()));
  const cfg = freshConfig();
  assert.equal(core.seedItemCache(text, cached, cfg), 150, 'every item remembered');
  const at = cached.controls.findIndex((c) => c.id === 'RR-70');
  const edited = text.replace('title: Rich control 70', 'title: Rich contrXl 70');
  const after = core.analyzeControlFile(edited, cfg);
  cached.controls.forEach((c, i) => (i === at ? assert.notEqual(after.controls[i], c) : assert.equal(after.controls[i], c, `control ${i} kept`)));
  const before70 = (f) => f.local.filter((x) => x.span.start < cached.controls[at].span.start);
  before70(cached).forEach((f, i) => assert.equal(before70(after)[i], f, `finding ${i} kept`));
  assert.deepEqual(fromElsewhere(after), fromElsewhere(core.analyzeControlFile(edited, freshConfig())));
  assert.equal(after.controls[at].title, 'Rich contrXl 70');
});

test('edits after a register came from the cache equal a fresh analysis, also around a finding on the boundary of two items', () => {
  const items = Array.from({ length: 800 }, (_, i) => `  - id: B-${i}\n    title: Item ${i}\n    owner: ops\n    criteria: ${i === 50 ? '[CC1.1' : '[CC1.1]'}\n`);
  let text = `controls:\n${items.join('')}`;
  const cached = fromElsewhere(core.analyzeControlFile(text, freshConfig()));
  const boundary = text.indexOf('  - id: B-51');
  assert.ok(cached.local.some((f) => f.span.start === boundary), 'the unclosed list is reported where the next item starts');
  const cfg = freshConfig();
  assert.equal(core.seedItemCache(text, cached, cfg), 798, 'the two items either side of it are left to parse again');
  const steps = [
    (t) => t.replace('criteria: [CC1.1\n', 'criteria: [CC1.1]\n'),
    (t) => t.replace('criteria: [CC1.1]\n  - id: B-51', 'criteria: [CC1.1\n  - id: B-51'),
    (t) => t.replace('title: Item 51\n', 'title: Item 51 renamed\n'),
    (t) => t.replace('title: Item 49\n', 'title: Item 49 renamed\n'),
    (t) => t.replace('  - id: B-700\n', '  - id: B-700b\n'),
  ];
  for (const [i, step] of steps.entries()) {
    const next = step(text);
    assert.notEqual(next, text, `step ${i} applies`);
    text = next;
    assert.deepEqual(fromElsewhere(core.analyzeControlFile(text, cfg)), fromElsewhere(core.analyzeControlFile(text, freshConfig())), `step ${i}`);
  }
});

test('facts that do not line up with the items fill nothing in the item cache', () => {
  const text = richRegister(150);
  const facts = fromElsewhere(core.analyzeControlFile(text, freshConfig()));
  assert.equal(core.seedItemCache(text, { ...facts, controls: [...facts.controls].reverse() }, freshConfig()), 0, 'controls out of order');
  assert.equal(core.seedItemCache(text, { ...facts, local: [...facts.local, { ...facts.local[0] }] }, freshConfig()), 0, 'a finding before the item it follows');
  assert.equal(core.seedItemCache(text.slice(0, 1000), facts, freshConfig()), 0, 'a file too small to be a register in items');
  const cfg = freshConfig();
  core.seedItemCache(text, { ...facts, controls: [...facts.controls].reverse() }, cfg);
  const edited = text.replace('title: Rich control 70', 'title: Rich contrXl 70');
  assert.deepEqual(fromElsewhere(core.analyzeControlFile(edited, cfg)), fromElsewhere(core.analyzeControlFile(edited, freshConfig())));
});
