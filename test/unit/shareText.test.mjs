// Facts read back from the cache point their longer strings into the file's text (shareText):
// whatever the text looks like, they stay equal to the facts worked out from it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import fc from 'fast-check';

const core = createRequire(import.meta.url)('../../dist/core.js');
const cfg = core.loadConfig('framework: tsc-2017\nsystems:\n  - id: payments-gateway-prod\n    name: Payments\n', { readFile: () => undefined });

const words = fc.array(fc.constantFrom('access', 'review', 'quarterly', 'é', '✓', 'owner’s', 'log', '#1', 'a: b', "it's"), { minLength: 1, maxLength: 8 }).map((w) => w.join(' '));
/** A scalar as a writer might put it: plain (when YAML allows), single- or double-quoted. */
const scalar = (s, how) => (how === 0 && !/[:#'"]/.test(s) ? s : how === 1 ? `'${s.replace(/'/g, "''")}'` : JSON.stringify(s));
const control = fc.record({
  title: words,
  titleHow: fc.integer({ min: 0, max: 2 }),
  description: fc.option(words),
  folded: fc.boolean(),
  evidence: fc.array(fc.record({ title: words, how: fc.integer({ min: 0, max: 2 }), link: fc.constantFrom('https://example.com/evidence/access-review-2026.pdf', 'evidence/q1 report.pdf', 'TODO') }), { maxLength: 3 }),
  system: fc.boolean(),
});

function controlText(c, i, indent) {
  const p = ' '.repeat(indent);
  const lines = [`id: CTL-${i}`, `title: ${scalar(c.title, c.titleHow)}`, 'owner: platform-security-team', 'criteria: [CC6.1]'];
  if (c.description) lines.push(c.folded ? `description: >\n${p}  ${c.description.replace(/[:#'"]/g, '')}\n${p}  and more of it` : `description: ${scalar(c.description, 2)}`);
  if (c.system) lines.push('systems: [payments-gateway-prod]');
  if (c.evidence.length) lines.push('evidence:', ...c.evidence.map((e) => `  - title: ${scalar(e.title, e.how)}\n${p}    link: ${e.link}`));
  return lines.map((l) => p + l).join('\n');
}

const same = (text, facts) => {
  const cached = JSON.parse(JSON.stringify(facts));
  core.shareText(cached, text);
  assert.deepEqual(cached, JSON.parse(JSON.stringify(facts)));
  return cached;
};

test('cached facts of single controls, registers and policies keep their values when their strings are taken from the text', () => {
  fc.assert(
    fc.property(fc.array(control, { minLength: 1, maxLength: 40 }), (controls) => {
      same(controlText(controls[0], 0, 0) + '\n', core.analyzeControlFile(controlText(controls[0], 0, 0) + '\n', cfg));
      const register = `controls:\n${controls.map((c, i) => controlText(c, i, 4).replace(/^ {4}/, '  - ')).join('\n')}\n`;
      const facts = core.analyzeControlFile(register, cfg);
      assert.equal(facts.controls.length, controls.length);
      const cached = same(register, facts);
      cached.controls.forEach((c, i) => assert.equal(c.title, controls[i].title));
    }),
    { numRuns: 60 },
  );
  const policy = '---\nid: POL-1\ntitle: "Access control policy — 2026 edition"\nowner: security\ncriteria: [CC6.1]\n---\n# Access control policy\n\n## Reviews of user access rights\n\nText.\n';
  const p = same(policy, core.analyzePolicyFile(policy, cfg));
  assert.equal(p.policies[0].sections.length, 2);
});
