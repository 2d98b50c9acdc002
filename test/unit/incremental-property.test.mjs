// Property: whatever sequence of file updates a host sends, the incremental index answers exactly
// like a workspace loaded fresh from the final files (findings of every file, coverage, plan).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { core, day, findingsOf, control, policy } from '../helpers/attest.mjs';

const CONFIGS = [
  undefined,
  'framework: tsc-2017\ncategories: [availability]\n',
  'categories: [availability]\nexclude:\n  - criterion: CC6.3\n    reason: Not applicable.\nsystems:\n  - id: api\n    name: API\n  - id: db\n    name: DB\n',
];

/** Versions of a few files; `null` deletes the file. */
const VERSIONS = {
  'controls/a.yaml': [
    control('AC-01', { criteria: ['CC6.1', 'A1.2'], extra: 'policies: [POL-A]\n' }),
    control('AC-01', { criteria: ['CC6.3'], extra: 'systems: [api]\n' }),
    control('AC-09', { criteria: ['CC6.2'], extra: 'status: retired\nsystems: [db]\n' }),
    null,
  ],
  'controls/b.yaml': [
    control('AC-01', { criteria: ['CC6.2'] }),
    control('PL-1', { criteria: ['CC6.1', 'CC7.1'], extra: 'status: planned\ndue: 2026-05-01\nsystems: [api, db]\n' }),
    'controls:\n  - id: R-1\n    title: r\n    owner: o\n    criteria: [CC7.1]\n    systems: [db]\n  - id: R-1\n    title: r\n    owner: o\n    status: planned\n    criteria: [A1.3]\n',
    null,
  ],
  'policies/a.md': [policy('POL-A', { criteria: ['CC6.2', 'CC7.1'] }), policy('POL-A', { criteria: ['A1.3'], extra: 'status: retired\n' }), policy('POL-B', { criteria: ['CC6.3'] }), null],
  'policies/b.md': [policy('POL-B', { criteria: ['CC6.1', 'A1.1'] }), 'name: Comply\nacronym: POL-A\nowner: o\nsatisfies:\n  TSC: [CC8.1]\n---\n', null],
};
const RELS = Object.keys(VERSIONS);

function snapshot(ws) {
  const rels = [...ws.rels()].sort();
  if (ws.has('attest.yaml')) rels.unshift('attest.yaml');
  const findings = Object.fromEntries(rels.map((r) => [r, findingsOf(ws, r).map((f) => `${JSON.stringify(f.range)} ${f.code} ${f.message}`)]));
  const cov = core.buildCoverage(ws);
  return {
    findings,
    totals: cov.totals,
    statuses: cov.categories.flatMap((c) => c.criteria.map((x) => `${x.id}=${x.status}:${x.controls.map((y) => y.id)}:${x.policies.map((y) => y.id)}`)),
    systems: (cov.systems ?? []).map((s) => `${s.id}:${s.controls.map((c) => c.id)}`),
    plan: core.buildPlan(ws).map((p) => `${p.kind} ${p.id} ${p.due} ${p.overdue} ${p.rel}`),
  };
}

const step = fc.oneof(
  fc.record({ kind: fc.constant('file'), rel: fc.constantFrom(...RELS), v: fc.nat(3) }),
  fc.record({ kind: fc.constant('config'), v: fc.nat(CONFIGS.length - 1) }),
);

test('any update sequence ends in the same state as a fresh load of the final files', () => {
  fc.assert(
    fc.property(fc.array(step, { minLength: 1, maxLength: 12 }), (steps) => {
      const today = day('2026-10-01');
      const ws = new core.ProjectIndex({ readFile: () => undefined, today });
      const current = {};
      let config;
      for (const s of steps) {
        if (s.kind === 'config') {
          config = CONFIGS[s.v];
          ws.setConfig(config);
        } else {
          const versions = VERSIONS[s.rel];
          const text = versions[s.v % versions.length];
          if (text === null) {
            ws.deleteFile(s.rel);
            delete current[s.rel];
          } else {
            ws.setFile(s.rel, text);
            current[s.rel] = text;
          }
        }
        // A host republishes the affected files after each update, which fills the caches.
        for (const r of ws.rels()) ws.findings(r);
        ws.findings('attest.yaml');
      }
      const f = new core.ProjectIndex({ readFile: () => undefined, today });
      if (config !== undefined) f.setConfig(config);
      for (const [r, t] of Object.entries(current)) f.setFile(r, t);
      assert.deepEqual(snapshot(ws), snapshot(f));
    }),
    { seed: 20261001, numRuns: 300, examples: [[[{ kind: "config", v: 2 }, { kind: "file", rel: "controls/a.yaml", v: 2 }]]] },
  );
});

test('every file whose findings change is in the returned affected set', () => {
  fc.assert(
    fc.property(fc.array(step, { minLength: 1, maxLength: 10 }), (steps) => {
      const ws = new core.ProjectIndex({ readFile: () => undefined, today: day('2026-10-01') });
      const seen = () => {
        const out = new Map();
        for (const r of ws.rels()) out.set(r, JSON.stringify(findingsOf(ws, r)));
        out.set('attest.yaml', JSON.stringify(findingsOf(ws, 'attest.yaml')));
        return out;
      };
      let before = seen();
      for (const s of steps) {
        let affected;
        if (s.kind === 'config') affected = ws.setConfig(CONFIGS[s.v]).affected;
        else {
          const versions = VERSIONS[s.rel];
          const text = versions[s.v % versions.length];
          affected = text === null ? ws.deleteFile(s.rel) : ws.setFile(s.rel, text);
        }
        // Fresh answers for comparison: a fresh workspace with the same inputs.
        const after = seen();
        for (const [rel, now] of after) {
          if (before.get(rel) !== undefined && before.get(rel) !== now) assert.ok(affected.has(rel), `${rel} changed but was not reported as affected after ${JSON.stringify(s)}`);
        }
        before = after;
      }
    }),
    { seed: 42, numRuns: 200 },
  );
});

test('coverage rebuilt from memoized entries after any update sequence equals a fresh build', () => {
  fc.assert(
    fc.property(fc.array(step, { minLength: 1, maxLength: 12 }), (steps) => {
      const ws = new core.ProjectIndex({ readFile: () => undefined, today: day('2026-10-01') });
      const memo = core.coverageMemo();
      const uri = (rel) => `file:///ws/${rel}`;
      const converted = new WeakMap();
      for (const s of steps) {
        if (s.kind === 'config') ws.setConfig(CONFIGS[s.v]);
        else {
          const versions = VERSIONS[s.rel];
          const text = versions[s.v % versions.length];
          if (text === null) ws.deleteFile(s.rel);
          else ws.setFile(s.rel, text);
        }
        // A host asks after every update: each answer reuses what the last one built.
        const model = core.buildCoverage(ws, memo);
        assert.deepEqual(model, core.buildCoverage(ws));
        const payload = core.coveragePayload(ws, model, uri, { limit: 1, memo: converted });
        assert.deepEqual(payload, core.coveragePayload(ws, core.buildCoverage(ws), uri, { limit: 1 }));
      }
    }),
    { seed: 7, numRuns: 200 },
  );
});

// A register big enough to be analysed item by item: edits reuse the untouched items' facts, and
// the index is updated from the changed items only. It must still end where a fresh load ends.
const ITEM = (i, { id = `R-${String(i).padStart(3, '0')}`, title = `Register control ${i}`, criteria = ['CC6.1', i % 2 ? 'CC7.2' : 'A1.2'], status = 'implemented', extra = '' } = {}) =>
  `  - id: ${id}\n    title: ${title}\n    owner: sec\n    status: ${status}\n    criteria: [${criteria.join(', ')}]\n    description: Item ${i} of the register, padded so the file passes the item-by-item threshold.\n${extra}`;
const itemEdit = fc.oneof(
  fc.record({ kind: fc.constant('title'), i: fc.nat(299), n: fc.nat(9) }),
  fc.record({ kind: fc.constant('criteria'), i: fc.nat(299), c: fc.constantFrom(['CC6.1'], ['CC9.9'], ['A1.1', 'CC2.3'], []) }),
  fc.record({ kind: fc.constant('id'), i: fc.nat(299), to: fc.constantFrom('R-000', 'AC-01', 'R-NEW') }),
  fc.record({ kind: fc.constant('status'), i: fc.nat(299), s: fc.constantFrom('planned', 'retired', 'implemented') }),
  fc.record({ kind: fc.constant('insert'), i: fc.nat(299) }),
  fc.record({ kind: fc.constant('delete'), i: fc.nat(299) }),
);

test('edits inside a large register leave the index as a fresh load would', () => {
  fc.assert(
    fc.property(fc.array(itemEdit, { minLength: 1, maxLength: 8 }), (edits) => {
      const today = day('2026-10-01');
      let items = Array.from({ length: 300 }, (_, i) => ITEM(i));
      const text = () => `controls:\n${items.join('')}`;
      const ws = new core.ProjectIndex({ readFile: () => undefined, today });
      ws.setFile('controls/ac-01.yaml', control('AC-01', { criteria: ['CC6.1'] }));
      ws.setFile('controls/register.yaml', text());
      const memo = core.coverageMemo();
      core.buildCoverage(ws, memo);
      for (const e of edits) {
        const i = e.i % items.length;
        if (e.kind === 'title') items[i] = ITEM(i, { title: `Renamed ${e.n}` });
        else if (e.kind === 'criteria') items[i] = ITEM(i, { criteria: e.c });
        else if (e.kind === 'id') items[i] = ITEM(i, { id: e.to });
        else if (e.kind === 'status') items[i] = ITEM(i, { status: e.s });
        else if (e.kind === 'insert') items.splice(i, 0, ITEM(1000 + i));
        else if (items.length > 2) items.splice(i, 1);
        ws.setFile('controls/register.yaml', text());
        for (const r of ws.rels()) ws.findings(r);
        ws.findings('attest.yaml');
        core.buildCoverage(ws, memo);
      }
      const f = new core.ProjectIndex({ readFile: () => undefined, today });
      f.setFile('controls/ac-01.yaml', control('AC-01', { criteria: ['CC6.1'] }));
      f.setFile('controls/register.yaml', text());
      assert.ok(text().length > 32 * 1024, 'the register is read item by item');
      assert.deepEqual(snapshot(ws), snapshot(f));
      assert.deepEqual(core.buildCoverage(ws, memo), core.buildCoverage(f));
    }),
    { seed: 11, numRuns: 40 },
  );
});
