import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { core, tscIds, memoryWorkspace, withCode, findingsOf, rangeOf, control, CORPUS, CORPUS_SKIP, tempWorkspace, removeDir, copyDir } from '../helpers/attest.mjs';

const CATEGORY_OF_SERIES = (id) =>
  id.startsWith('CC') ? 'security' : id.startsWith('PI') ? 'processing-integrity' : id.startsWith('A') ? 'availability' : id.startsWith('C') ? 'confidentiality' : 'privacy';

describe('built-in catalog (tsc-2017)', () => {
  const cat = core.builtInCatalog();

  test('has exactly the 61 TSC 2017 criterion ids', () => {
    const expected = tscIds();
    assert.equal(expected.length, 61);
    assert.deepEqual([...cat.criteria.keys()].sort(), [...expected].sort());
  });

  test('every criterion has its category, series title, title, description and points of focus', () => {
    for (const id of tscIds()) {
      const c = cat.get(id);
      assert.ok(c, `${id} missing`);
      assert.equal(c.category, CATEGORY_OF_SERIES(id), `${id} category`);
      assert.equal(c.series, id.split('.')[0], `${id} series`);
      assert.ok(typeof c.seriesTitle === 'string' && c.seriesTitle.trim().length > 3, `${id} series title`);
      assert.notEqual(c.seriesTitle, c.series, `${id} series title is more than its id`);
      assert.ok(c.title.trim().length > 3, `${id} title`);
      assert.ok(c.description.trim().length > 20, `${id} description`);
      assert.ok(Array.isArray(c.pointsOfFocus) && c.pointsOfFocus.length > 0, `${id} points of focus`);
      for (const p of c.pointsOfFocus) assert.ok(p.trim().length > 0, `${id} has an empty point of focus`);
    }
  });

  test('the five categories bring exactly their series', () => {
    const byCat = Object.fromEntries(cat.categories.map((c) => [c.id, c]));
    assert.deepEqual(Object.keys(byCat).sort(), ['availability', 'confidentiality', 'privacy', 'processing-integrity', 'security']);
    assert.deepEqual(byCat.security.series.map((s) => s.id), ['CC1', 'CC2', 'CC3', 'CC4', 'CC5', 'CC6', 'CC7', 'CC8', 'CC9']);
    assert.deepEqual(byCat.availability.series.map((s) => s.id), ['A1']);
    assert.deepEqual(byCat['processing-integrity'].series.map((s) => s.id), ['PI1']);
    assert.deepEqual(byCat.confidentiality.series.map((s) => s.id), ['C1']);
    assert.deepEqual(byCat.privacy.series.map((s) => s.id), ['P1', 'P2', 'P3', 'P4', 'P5', 'P6', 'P7', 'P8']);
    for (const c of cat.categories) assert.ok(c.title.trim().length > 0 && c.criteria.length > 0);
  });

  test('suggests the right id for a miscased or near-miss criterion', () => {
    assert.deepEqual(cat.suggest('cc6.1'), ['CC6.1']);
    const near = cat.suggest('CC6.9');
    assert.ok(near.length > 0 && near.every((id) => id.startsWith('CC6.')), near.join(','));
  });
});

describe('custom catalog via framework: path', () => {
  const catalogText = `id: acme-controls
title: Acme internal framework
categories:
  - id: core
    title: Core
    series:
      - id: K1
        title: Keys
        criteria:
          - id: K1.1
            title: Keys are rotated
            description: Rotate keys.
            pointsOfFocus: [Rotate yearly]
          - id: K1.2
            title: Keys are stored in a vault
`;

  test('criteria of the custom catalog are known, others are not, and coverage follows it', () => {
    const ctl = control('KEY-1', { criteria: ['K1.1', 'CC6.1'] });
    const ws = memoryWorkspace({ config: 'framework: frameworks/acme.yaml\n', catalogs: { 'frameworks/acme.yaml': catalogText }, files: { 'controls/k.yaml': ctl } });
    assert.equal(ws.config.catalog.get('K1.1')?.title, 'Keys are rotated');
    assert.deepEqual(withCode(ws, 'attest.yaml', 'schema'), [], 'no finding on a valid catalog');
    const unknown = withCode(ws, 'controls/k.yaml', 'unknown-criterion');
    assert.equal(unknown.length, 1);
    assert.deepEqual(unknown[0].range, rangeOf(ctl, 'CC6.1'));
    const cov = core.buildCoverage(ws);
    assert.equal(cov.totals.inScope, 2);
    assert.equal(cov.totals.covered, 1);
    const crit = cov.categories.flatMap((c) => c.criteria);
    assert.equal(crit.find((c) => c.id === 'K1.1').status, 'covered');
    assert.equal(crit.find((c) => c.id === 'K1.2').status, 'uncovered');
  });

  test('a custom catalog file on disk loads through loadWorkspace', () => {
    const dir = tempWorkspace({
      'attest.yaml': 'framework: frameworks/acme.yaml\n',
      'frameworks/acme.yaml': catalogText,
      'controls/k.yaml': control('KEY-1', { criteria: ['K1.2'] }),
    });
    try {
      const { ws } = core.loadWorkspace(dir, { today: 20000 });
      assert.equal(ws.config.catalog.criteria.size, 2);
      assert.deepEqual(findingsOf(ws, 'controls/k.yaml'), []);
      assert.equal(core.buildCoverage(ws).totals.covered, 1);
    } finally {
      removeDir(dir);
    }
  });

  test('the comply standard TSC-2017.yml loads as a catalog with the 61 ids', { skip: CORPUS_SKIP }, () => {
    const text = fs.readFileSync(path.join(CORPUS, 'standards/TSC-2017.yml'), 'utf8');
    const load = core.parseCatalog(text, 'standards/TSC-2017.yml');
    assert.deepEqual(load.findings, []);
    assert.ok(load.catalog);
    assert.deepEqual([...load.catalog.criteria.keys()].sort(), [...tscIds()].sort());
    for (const id of tscIds()) assert.equal(load.catalog.get(id).category, CATEGORY_OF_SERIES(id), `${id} category`);
    assert.equal(load.catalog.get('CC1.1').title, 'Integrity and Ethics');
  });

  test('framework: standards/TSC-2017.yml in a workspace: known criteria, scope by category', { skip: CORPUS_SKIP }, () => {
    const dir = tempWorkspace({
      'attest.yaml': 'framework: standards/TSC-2017.yml\ncategories: [availability]\n',
      'controls/a.yaml': control('A-1', { criteria: ['CC6.1', 'A1.2', 'P6.1'] }),
    });
    try {
      copyDir(path.join(CORPUS, 'standards'), path.join(dir, 'standards'));
      const { ws } = core.loadWorkspace(dir, { today: 20000 });
      assert.deepEqual(withCode(ws, 'attest.yaml', 'schema'), []);
      const fs_ = findingsOf(ws, 'controls/a.yaml');
      assert.deepEqual(fs_.filter((f) => f.code === 'unknown-criterion'), []);
      assert.deepEqual(fs_.filter((f) => f.code === 'out-of-scope-criterion').map((f) => f.text), ['P6.1']);
      const cov = core.buildCoverage(ws);
      assert.equal(cov.totals.inScope, 33 + 3);
    } finally {
      removeDir(dir);
    }
  });
});

describe('invalid catalog', () => {
  test('an invalid catalog file: a finding on framework in attest.yaml, fallback to tsc-2017', () => {
    const cfgText = 'framework: frameworks/broken.yaml\n';
    const ws = memoryWorkspace({
      config: cfgText,
      catalogs: { 'frameworks/broken.yaml': 'id: broken\ntitle: Broken\ncategories: []\n' },
      files: { 'controls/a.yaml': control('A-1', { criteria: ['CC6.1'] }) },
    });
    const f = findingsOf(ws, 'attest.yaml').filter((x) => x.code !== 'uncovered-criterion');
    assert.equal(f.length, 1);
    assert.equal(f[0].severity, 'error');
    assert.deepEqual(f[0].range, rangeOf(cfgText, 'frameworks/broken.yaml'));
    assert.match(f[0].message, /tsc-2017/);
    assert.equal(ws.config.catalog.criteria.size, 61, 'falls back to the built-in catalog');
    assert.deepEqual(withCode(ws, 'controls/a.yaml', 'unknown-criterion'), []);
  });

  test('a catalog file that does not parse, or does not exist, also falls back with one finding', () => {
    for (const catalogs of [{ 'c.yaml': 'id: [unclosed\n' }, {}]) {
      const cfgText = 'framework: c.yaml\n';
      const ws = memoryWorkspace({ config: cfgText, catalogs });
      const f = findingsOf(ws, 'attest.yaml').filter((x) => x.code !== 'uncovered-criterion');
      assert.equal(f.length, 1, JSON.stringify(f));
      assert.deepEqual(f[0].range, rangeOf(cfgText, 'c.yaml'));
      assert.equal(ws.config.catalog.criteria.size, 61);
    }
  });

  test('parseCatalog reports schema problems instead of throwing', () => {
    const load = core.parseCatalog('id: x\ntitle: y\ncategories:\n  - id: c\n    title: C\n    series:\n      - id: S\n        title: S\n        criteria:\n          - title: no id\n');
    assert.equal(load.catalog, undefined);
    assert.ok(load.findings.length >= 1);
    assert.ok(load.findings.every((f) => f.code === 'schema' || f.code === 'yaml-syntax'));
  });
});
