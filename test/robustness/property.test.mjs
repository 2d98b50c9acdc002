// Property-based robustness: random and mutated control, policy and config files (seeded from
// examples/acme-saas) go through the parser, the checks, coverage and the plan. Nothing throws,
// every finding's span lies inside its file, and results do not depend on the load order.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { EXAMPLE } from '../helpers/paths.mjs';
import { day, TODAY } from '../helpers/dates.mjs';
import { core } from '../helpers/core.mjs';
import { normalizeFindings } from './support/helpers.mjs';

const NUM_RUNS = 200;
const SEED = Number(process.env.ATTEST_PROPERTY_SEED ?? 424242);
const params = (numRuns = NUM_RUNS) => ({ numRuns, seed: SEED, endOnFailure: false });

function read(rel) {
  return fs.readFileSync(path.join(EXAMPLE, rel), 'utf8');
}
function list(dir, ext) {
  return fs.readdirSync(path.join(EXAMPLE, dir), { recursive: true }).filter((f) => f.endsWith(ext)).map((f) => `${dir}/${f}`).sort();
}

const CONTROL_SEEDS = list('controls', '.yaml').slice(0, 12).map(read).concat([read('controls/hr-register.yaml')]);
const POLICY_SEEDS = list('policies', '.md').slice(0, 6).map(read);
const CONFIG_SEED = read('attest.yaml');

// Pieces that matter to YAML and to Attest, so mutations reach the interesting paths quickly.
const CHARS = [':', '-', ' ', '  ', '\n', '\r\n', '\r', '\t', '[', ']', '{', '}', ',', '"', "'", '&a', '*a', '!', '!!binary ', '#', '|', '>', '%', '@', '`', '?', '\0', '\uFEFF', '\uFFFD', 'é', '😀', '\uD83D', '\\', 'x', '0', '9'];
const LINES = [
  '---',
  '...',
  '<<<<<<< HEAD',
  '=======',
  '>>>>>>> branch',
  'id: AC-01',
  'id: POL-ACCESS',
  'id:',
  'title: T',
  'owner:',
  'status: planned',
  'status: retired',
  'due: 2026-02-30',
  'frequency: monthly',
  'frequency: daily',
  'criteria: [CC6.1, CC6.1, CC9.9]',
  'criteria:',
  '  - CC7.2',
  '  - A1.2',
  'policies: [POL-NOPE]',
  'systems: [aws-prod, nope]',
  'evidence:',
  '  - title: e',
  '    collected: 2026-13-01',
  '    collected: 2026-03-01',
  'exceptions:',
  '  - raised: 2026-01-05',
  '    due: 2026-02-01',
  'controls:',
  '  - id: R-1',
  'report: type2',
  'report: type1',
  'period: {start: 2026-01-01, end: 2025-01-01}',
  'categories: [security, privacy, nonsense]',
  'exclude:',
  '  - criterion: CC9.2',
  '    reason:',
  'framework: missing.yaml',
  'controls: ["**/*.yaml"]',
  'maxFileSize: 10',
  '__proto__: {polluted: 1}',
  'a: &a [1,2]',
  'b: *a',
  'c: *undefined',
  'k: !foo x',
  '\t- tab',
  '  ? complex',
  '',
];

/** A mutation of `text`: fast-check shrinks towards fewer, smaller ones. */
const mutation = fc.oneof(
  fc.record({ op: fc.constant('deleteChars'), at: fc.nat(), n: fc.integer({ min: 1, max: 4 }) }),
  fc.record({ op: fc.constant('insertChars'), at: fc.nat(), s: fc.oneof(fc.constantFrom(...CHARS), fc.string({ maxLength: 4, unit: 'binary' })) }),
  fc.record({ op: fc.constant('duplicateChars'), at: fc.nat(), n: fc.integer({ min: 1, max: 8 }) }),
  fc.record({ op: fc.constant('deleteLine'), at: fc.nat() }),
  fc.record({ op: fc.constant('insertLine'), at: fc.nat(), line: fc.constantFrom(...LINES), indent: fc.constantFrom('', '  ', '    ', ' ') }),
  fc.record({ op: fc.constant('duplicateLine'), at: fc.nat() }),
  fc.record({ op: fc.constant('swapLines'), at: fc.nat(), with: fc.nat() }),
);

function mutate(text, ops) {
  for (const m of ops) {
    const at = text.length ? m.at % (text.length + 1) : 0;
    const lines = text.split('\n');
    const li = lines.length ? m.at % lines.length : 0;
    switch (m.op) {
      case 'deleteChars':
        text = text.slice(0, at) + text.slice(at + m.n);
        break;
      case 'insertChars':
        text = text.slice(0, at) + m.s + text.slice(at);
        break;
      case 'duplicateChars':
        text = text.slice(0, at) + text.slice(at, at + m.n) + text.slice(at);
        break;
      case 'deleteLine':
        lines.splice(li, 1);
        text = lines.join('\n');
        break;
      case 'insertLine':
        lines.splice(li, 0, m.indent + m.line);
        text = lines.join('\n');
        break;
      case 'duplicateLine':
        lines.splice(li, 0, lines[li]);
        text = lines.join('\n');
        break;
      case 'swapLines': {
        const lj = m.with % lines.length;
        [lines[li], lines[lj]] = [lines[lj], lines[li]];
        text = lines.join('\n');
        break;
      }
    }
  }
  return text;
}

const mutated = (seeds) => fc.tuple(fc.constantFrom(...seeds), fc.array(mutation, { minLength: 1, maxLength: 8 })).map(([seed, ops]) => mutate(seed, ops));
const randomText = fc.oneof(fc.string({ maxLength: 300 }), fc.string({ maxLength: 300, unit: 'binary' }), fc.string({ maxLength: 200, unit: fc.constantFrom(...CHARS, 'id', 'title', 'CC6.1', ': ', '\n') }));
const controlText = fc.oneof({ weight: 4, arbitrary: mutated(CONTROL_SEEDS) }, { weight: 1, arbitrary: randomText });
const policyText = fc.oneof({ weight: 4, arbitrary: mutated(POLICY_SEEDS) }, { weight: 1, arbitrary: randomText }, { weight: 1, arbitrary: randomText.map((t) => `---\n${t}\n---\n# T\n`) });
const configText = fc.oneof({ weight: 4, arbitrary: mutated([CONFIG_SEED]) }, { weight: 1, arbitrary: randomText });

const env = { readFile: () => undefined, today: day(TODAY) };
const typeIIConfig = core.loadConfig(CONFIG_SEED, env);

function spansInside(findings, text) {
  for (const f of findings) {
    const { start, end } = f.span;
    if (!(Number.isInteger(start) && Number.isInteger(end) && start >= 0 && start <= end && end <= text.length)) {
      throw new Error(`${f.code} span ${start}..${end} outside 0..${text.length}: ${f.message}`);
    }
  }
}

describe('property: mutated and random files', () => {
  test('control files: analyzeControlFile never throws, every span lies inside the file', () => {
    fc.assert(
      fc.property(controlText, (text) => {
        for (const cfg of [typeIIConfig, core.loadConfig(undefined, env)]) spansInside(core.analyzeControlFile(text, cfg).local, text);
      }),
      params(),
    );
  });

  test('policy files: analyzePolicyFile never throws, every span lies inside the file', () => {
    fc.assert(
      fc.property(policyText, (text) => {
        for (const cfg of [typeIIConfig, core.loadConfig(undefined, env)]) spansInside(core.analyzePolicyFile(text, cfg).local, text);
      }),
      params(),
    );
  });

  test('attest.yaml: loadConfig never throws, its findings lie inside the file', () => {
    fc.assert(
      fc.property(configText, (text) => {
        spansInside(core.loadConfig(text, env).findings, text);
      }),
      params(),
    );
  });
});

/** Everything a host shows for a workspace: findings per file, coverage totals and statuses, the plan. */
function outcome(ws) {
  const files = {};
  for (const rel of ['attest.yaml', ...[...ws.rels()].sort()]) files[rel] = normalizeFindings(ws.findings(rel));
  const cov = core.buildCoverage(ws);
  const statuses = cov.categories.flatMap((c) => c.criteria.map((cr) => `${cr.id}:${cr.status}:${cr.controls.map((x) => x.id).join('|')}:${cr.policies.map((x) => x.id).join('|')}`));
  const plan = core.buildPlan(ws).map((p) => `${p.kind} ${p.id} ${p.due} ${p.overdue} ${p.rel} ${p.span?.start}`).sort();
  return { files, totals: cov.totals, statuses, plan };
}

describe('property: results do not depend on the order files are loaded in', () => {
  const workspaceFiles = fc
    .tuple(fc.array(controlText, { minLength: 1, maxLength: 4 }), fc.array(policyText, { minLength: 0, maxLength: 3 }), fc.option(configText, { nil: undefined }), fc.boolean())
    .map(([controls, policies, config, sameIds]) => {
      const files = [];
      controls.forEach((t, i) => files.push([`controls/c${i}.yaml`, t]));
      policies.forEach((t, i) => files.push([`policies/p${i}.md`, t]));
      // Sometimes a second copy of a file, so duplicate ids across files are exercised.
      if (sameIds && controls.length) files.push(['controls/copy.yaml', controls[0]]);
      return { files, config };
    });

  test('two load orders (and config first or last) give the same findings, coverage and plan', () => {
    fc.assert(
      fc.property(workspaceFiles, fc.nat(), ({ files, config }, rot) => {
        const a = new core.ProjectIndex(env);
        if (config !== undefined) a.setConfig(config);
        for (const [rel, text] of files) a.setFile(rel, text);

        const b = new core.ProjectIndex(env);
        const order = [...files.slice(rot % files.length), ...files.slice(0, rot % files.length)].reverse();
        for (const [rel, text] of order) b.setFile(rel, text);
        if (config !== undefined) b.setConfig(config);

        assert.deepEqual(outcome(b), outcome(a));
      }),
      params(150),
    );
  });

  test('policies and references from a small id pool, added and removed in any order, end where a fresh load ends', () => {
    // Ids close to each other, so "did you mean" suggestions and duplicates depend on which exist.
    const ids = ['POL-A', 'POL-AB', 'POL-ABC', 'POL-B', 'POL-BC', 'POL-X1'];
    const policyFile = fc.constantFrom(...ids).map((id) => `---\nid: ${id}\ntitle: ${id}\nowner: o\ncriteria: [CC6.1]\n---\n# ${id}\n`);
    const controlFile = fc.subarray(ids.concat(['POL-ABD', 'POL-Q']), { minLength: 1, maxLength: 3 }).map((refs) => `id: C-1\ntitle: t\nowner: o\ncriteria: [CC6.1]\npolicies: [${refs.join(', ')}]\n`);
    const step = fc.oneof(
      fc.tuple(fc.constant('set'), fc.constantFrom('policies/p1.md', 'policies/p2.md', 'policies/p3.md'), policyFile),
      fc.tuple(fc.constant('set'), fc.constantFrom('controls/c1.yaml', 'controls/c2.yaml'), controlFile),
      fc.tuple(fc.constant('delete'), fc.constantFrom('policies/p1.md', 'policies/p2.md', 'policies/p3.md', 'controls/c1.yaml'), fc.constant('')),
    );
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 12 }), (steps) => {
        const live = new core.ProjectIndex(env);
        const final = new Map();
        for (const [op, rel, text] of steps) {
          if (op === 'set') {
            live.setFile(rel, text);
            final.set(rel, text);
          } else {
            live.deleteFile(rel);
            final.delete(rel);
          }
          for (const r of live.rels()) live.findings(r); // a host reads findings after every change
        }
        const fresh = new core.ProjectIndex(env);
        for (const [rel, text] of final) fresh.setFile(rel, text);
        assert.deepEqual(outcome(live), outcome(fresh));
      }),
      params(200),
    );
  });

  test('an edit replayed through intermediate versions ends where a fresh load ends', () => {
    fc.assert(
      fc.property(workspaceFiles, fc.array(fc.tuple(fc.nat(), controlText), { minLength: 1, maxLength: 4 }), ({ files, config }, edits) => {
        const live = new core.ProjectIndex(env);
        if (config !== undefined) live.setConfig(config);
        const final = new Map(files);
        for (const [rel, text] of files) live.setFile(rel, text);
        for (const [i, text] of edits) {
          const rel = files[i % files.length][0];
          live.setFile(rel, text);
          final.set(rel, text);
        }
        const fresh = new core.ProjectIndex(env);
        if (config !== undefined) fresh.setConfig(config);
        for (const [rel, text] of final) fresh.setFile(rel, text);
        assert.deepEqual(outcome(live), outcome(fresh));
      }),
      params(100),
    );
  });
});
