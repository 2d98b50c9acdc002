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
