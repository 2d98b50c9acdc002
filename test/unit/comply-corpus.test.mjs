// Every strongdm/comply policy and narrative loads as a policy with no yaml-syntax or schema finding.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { core, CORPUS, CORPUS_SKIP, tempWorkspace, removeDir, copyDir, findingsOf } from '../helpers/attest.mjs';

const FOLDERS = ['policies', 'narratives'];
const corpusFiles = CORPUS_SKIP ? [] : FOLDERS.flatMap((d) => fs.readdirSync(path.join(CORPUS, d)).filter((f) => f.endsWith('.md')).map((f) => `${d}/${f}`)).sort();

/** acronym and name read straight from the file's first lines (independent of the code under test). */
function header(rel) {
  const text = fs.readFileSync(path.join(CORPUS, rel), 'utf8');
  const head = text.slice(0, text.search(/^---\s*$/m));
  return { acronym: /^acronym:\s*(.+?)\s*$/m.exec(head)?.[1], name: /^name:\s*(.+?)\s*$/m.exec(head)?.[1] };
}

describe('comply corpus', { skip: CORPUS_SKIP }, () => {
  let dir;
  let ws;
  before(() => {
    dir = tempWorkspace({
      'attest.yaml': 'framework: standards/TSC-2017.yml\ncategories: [security, availability, processing-integrity, confidentiality, privacy]\npolicies: ["policies/**/*.md", "narratives/**/*.md"]\n',
    });
    for (const d of [...FOLDERS, 'standards']) copyDir(path.join(CORPUS, d), path.join(dir, d));
    ws = core.loadWorkspace(dir, { today: 20000 }).ws;
  });
  after(() => removeDir(dir));

  test('the corpus is there (27 policies, 5 narratives)', () => {
    assert.equal(corpusFiles.filter((f) => f.startsWith('policies/')).length, 27);
    assert.equal(corpusFiles.filter((f) => f.startsWith('narratives/')).length, 5);
  });

  test('the comply standard is the framework, with no finding on attest.yaml but coverage ones', () => {
    assert.equal(ws.config.framework, 'standards/TSC-2017.yml');
    assert.equal(ws.config.catalog.criteria.size, 61);
    assert.deepEqual(findingsOf(ws, 'attest.yaml').filter((f) => f.code !== 'uncovered-criterion'), []);
  });

  test('every policy and narrative is indexed', () => {
    assert.deepEqual([...ws.rels()].sort(), corpusFiles);
  });

  for (const rel of corpusFiles) {
    test(`${rel}: a policy with its acronym and name, no yaml-syntax, schema or unknown-field finding`, () => {
      const bad = findingsOf(ws, rel).filter((f) => ['yaml-syntax', 'schema', 'unknown-field'].includes(f.code));
      assert.deepEqual(bad, []);
      const facts = ws.facts(rel);
      assert.equal(facts.policies.length, 1);
      const h = header(rel);
      assert.equal(facts.policies[0].id, h.acronym);
      assert.equal(facts.policies[0].title, h.name);
    });
  }

  test('criterion ids the corpus gets wrong (CC9.9 is not in TSC 2017) are flagged, the rest are not', () => {
    for (const rel of corpusFiles) {
      const text = fs.readFileSync(path.join(CORPUS, rel), 'utf8');
      const head = text.slice(0, text.search(/^---\s*$/m));
      const listed = [...head.matchAll(/^\s*-\s*([A-Z]+\d+\.\d+)\s*$/gm)].map((m) => m[1]);
      const bad = listed.filter((id) => !ws.config.catalog.get(id));
      const flagged = findingsOf(ws, rel).filter((f) => f.code === 'unknown-criterion').map((f) => f.text);
      assert.deepEqual(flagged, bad, rel);
    }
  });

  test('their criteria count: every criterion they satisfy is at least policy-only', () => {
    const cov = core.buildCoverage(ws);
    const mapped = new Set([...ws.rels()].flatMap((r) => ws.facts(r).policies.flatMap((p) => p.criteria.map((c) => c.value))));
    assert.ok(mapped.size > 20);
    for (const c of cov.categories.flatMap((x) => x.criteria)) {
      if (mapped.has(c.id)) assert.equal(c.status, 'policy-only', c.id);
    }
  });
});
