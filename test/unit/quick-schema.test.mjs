// A control or policy that zod rejects always gets its schema findings, although valid ones skip
// zod (core/facts/quickSchema.ts): generated variations of real controls, each field given values
// of every kind, are checked against the zod schema directly.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import fc from 'fast-check';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { core, day } from '../helpers/attest.mjs';

const YAML = createRequire(import.meta.url)('yaml');
const cfg = core.loadConfig(undefined, { readFile: () => undefined, today: day('2026-10-01') });

const BASE = {
  id: 'AC-01',
  title: 'Access reviews',
  owner: 'security',
  status: 'implemented',
  type: 'detective',
  automation: 'manual',
  frequency: 'quarterly',
  criteria: ['CC6.1', 'CC6.2'],
  policies: ['POL-1'],
  systems: ['aws'],
  evidence: [{ title: 'Q1', collected: '2026-03-31', link: 'evidence/q1.pdf' }],
  exceptions: [{ raised: '2026-02-01', summary: 'Late', due: '2026-04-01', owner: 'ops' }],
  tags: ['sox'],
};
const FIELDS = [...Object.keys(BASE), 'due', 'description', 'colour'];
const ODD = [undefined, null, '', ' ', 'x y', 'planned', 'weekly', 'preventive', 'hybrid', '2026-02-30', '2026-01-01', 1, 0, true, [], ['a'], ['a', 1], [null], {}, { a: 1 }, { 'tsc-2017': ['CC6.1'] }, { 'tsc-2017': 'CC6.1' }, [{ title: 'x', collected: '2026-01-01' }], [{ title: 1 }], [{ collected: 'soon' }], [{ title: 'x', collected: '2026-01-01', sha256: 'abc' }], [{ raised: '2026-01-01', summary: 's' }], [{ summary: 's' }]];

const variation = fc.array(fc.tuple(fc.constantFrom(...FIELDS), fc.constantFrom(...ODD)), { maxLength: 3 }).map((changes) => {
  const v = structuredClone(BASE);
  for (const [k, x] of changes) {
    if (x === undefined) delete v[k];
    else v[k] = x;
  }
  return v;
});

test('a control zod rejects has a schema finding; one it accepts has none from the schema', () => {
  let rejected = 0;
  let runs = 0;
  fc.assert(
    fc.property(variation, (value) => {
      runs++;
      const ok = core.schemas.controlSchema.safeParse(value).success;
      if (!ok) rejected++;
      const facts = core.analyzeControlFile(YAML.stringify(value), cfg);
      const schema = facts.local.filter((f) => f.code === 'schema');
      if (!ok) assert.ok(schema.length > 0, `no schema finding for ${JSON.stringify(value)}`);
      else assert.deepEqual(schema, [], JSON.stringify(value));
    }),
    { numRuns: 2000 },
  );
  assert.ok(rejected > runs * 0.3 && rejected < runs * 0.95, `${rejected} of ${runs} rejected: both kinds are tested`);
});

test('a policy zod rejects has a schema finding', () => {
  const base = { id: 'POL-1', title: 'Access', owner: 'legal', status: 'approved', version: '1.0', approved: '2026-01-01', review: 'annually', criteria: ['CC6.1'] };
  const fields = [...Object.keys(base), 'acronym', 'name', 'satisfies'];
  fc.assert(
    fc.property(fc.array(fc.tuple(fc.constantFrom(...fields), fc.constantFrom(...ODD)), { maxLength: 3 }), (changes) => {
      const v = structuredClone(base);
      for (const [k, x] of changes) {
        if (x === undefined) delete v[k];
        else v[k] = x;
      }
      const ok = core.schemas.policySchema.safeParse(v).success;
      const facts = core.analyzePolicyFile(`---\n${YAML.stringify(v)}---\n# Policy\n`, cfg);
      if (!ok) assert.ok(facts.local.some((f) => f.code === 'schema'), `no schema finding for ${JSON.stringify(v)}`);
    }),
    { numRuns: 1000 },
  );
});

test('the controls and policies zod accepts are said valid without zod (the example project and generated variations)', () => {
  const zodAccepts = (schema, v) => schema.safeParse(v).success;
  let accepted = 0;
  fc.assert(
    fc.property(variation, (value) => {
      if (!zodAccepts(core.schemas.controlSchema, value)) return;
      accepted++;
      assert.ok(core.quickValid(core.schemas.controlSchema, value), `zod was needed for ${JSON.stringify(value)}`);
    }),
    { numRuns: 500 },
  );
  assert.ok(accepted > 20, `${accepted} accepted variations`);
  const root = new URL('../../examples/acme-saas/', import.meta.url);
  const files = fs.readdirSync(root, { recursive: true }).filter((f) => /^(controls|policies)\//.test(f.split(path.sep).join('/')) && /\.(ya?ml|md)$/.test(f));
  assert.ok(files.length > 10, `${files.length} example files`);
  for (const rel of files) {
    const text = fs.readFileSync(new URL(rel, root), 'utf8');
    const policy = rel.endsWith('.md');
    const value = YAML.parse(policy ? text.split(/^---$/m)[1] : text);
    const schema = policy ? core.schemas.policySchema : value.controls ? core.schemas.registerSchema : core.schemas.controlSchema;
    const items = !policy && value.controls ? value.controls : [value];
    const itemSchema = schema === core.schemas.registerSchema ? core.schemas.controlSchema : schema;
    for (const item of items) if (zodAccepts(itemSchema, item)) assert.ok(core.quickValid(itemSchema, item), `zod was needed for ${rel}`);
  }
});
