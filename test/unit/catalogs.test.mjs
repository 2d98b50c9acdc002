// The built-in ISO/IEC 27001:2022 and NIST CSF 2.0 catalogs: exact ids against lists written here
// (independent of the catalog files), their grouping, and summaries a control owner can act on.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse as parseYamlText } from 'yaml';
import { core, ROOT } from '../helpers/attest.mjs';

/** ISO/IEC 27001:2022 Annex A: four themes, controls numbered from 1 without gaps. */
const ISO_THEMES = [
  { category: 'organizational', series: 'A.5', count: 37 },
  { category: 'people', series: 'A.6', count: 8 },
  { category: 'physical', series: 'A.7', count: 14 },
  { category: 'technological', series: 'A.8', count: 34 },
];
const isoIds = (theme) => Array.from({ length: theme.count }, (_, i) => `${theme.series}.${i + 1}`);

/** NIST CSF 2.0 subcategories, typed from the published framework (withdrawn ids are gaps). */
const CSF_IDS = `
GV.OC-01 GV.OC-02 GV.OC-03 GV.OC-04 GV.OC-05
GV.RM-01 GV.RM-02 GV.RM-03 GV.RM-04 GV.RM-05 GV.RM-06 GV.RM-07
GV.RR-01 GV.RR-02 GV.RR-03 GV.RR-04
GV.PO-01 GV.PO-02
GV.OV-01 GV.OV-02 GV.OV-03
GV.SC-01 GV.SC-02 GV.SC-03 GV.SC-04 GV.SC-05 GV.SC-06 GV.SC-07 GV.SC-08 GV.SC-09 GV.SC-10
ID.AM-01 ID.AM-02 ID.AM-03 ID.AM-04 ID.AM-05 ID.AM-07 ID.AM-08
ID.RA-01 ID.RA-02 ID.RA-03 ID.RA-04 ID.RA-05 ID.RA-06 ID.RA-07 ID.RA-08 ID.RA-09 ID.RA-10
ID.IM-01 ID.IM-02 ID.IM-03 ID.IM-04
PR.AA-01 PR.AA-02 PR.AA-03 PR.AA-04 PR.AA-05 PR.AA-06
PR.AT-01 PR.AT-02
PR.DS-01 PR.DS-02 PR.DS-10 PR.DS-11
PR.PS-01 PR.PS-02 PR.PS-03 PR.PS-04 PR.PS-05 PR.PS-06
PR.IR-01 PR.IR-02 PR.IR-03 PR.IR-04
DE.CM-01 DE.CM-02 DE.CM-03 DE.CM-06 DE.CM-09
DE.AE-02 DE.AE-03 DE.AE-04 DE.AE-06 DE.AE-07 DE.AE-08
RS.MA-01 RS.MA-02 RS.MA-03 RS.MA-04 RS.MA-05
RS.AN-03 RS.AN-06 RS.AN-07 RS.AN-08
RS.CO-02 RS.CO-03
RS.MI-01 RS.MI-02
RC.RP-01 RC.RP-02 RC.RP-03 RC.RP-04 RC.RP-05 RC.RP-06
RC.CO-03 RC.CO-04
`.trim().split(/\s+/);
const CSF_FUNCTIONS = { GV: 'govern', ID: 'identify', PR: 'protect', DE: 'detect', RS: 'respond', RC: 'recover' };

const CATALOGS = [
  { id: 'iso27001-2022', file: 'criteria/iso27001-2022.yaml', ids: ISO_THEMES.flatMap(isoIds), count: 93 },
  { id: 'nist-csf-2.0', file: 'criteria/nist-csf-2.0.yaml', ids: CSF_IDS, count: 106 },
];

/** Criterion entries as the file spells them, read with a YAML parser of its own (the Catalog drops repeats). */
function rawCriteria(file) {
  const data = parseYamlText(fs.readFileSync(path.join(ROOT, file), 'utf8'));
  return data.categories.flatMap((c) => c.series.flatMap((s) => s.criteria));
}

const PLACEHOLDER = /\b(todo|tbd|tbc|fixme|lorem|placeholder|xxx)\b|\.\.\.|…/i;

for (const { id, file, ids, count } of CATALOGS) {
  describe(`built-in catalog ${id}`, () => {
    const cat = core.builtInCatalogById(id);

    test('loads through the real loader with no finding, embedded and from its file alike', () => {
      const load = core.parseCatalog(fs.readFileSync(path.join(ROOT, file), 'utf8'), file);
      assert.deepEqual(load.findings, []);
      assert.equal(load.catalog.id, id);
      assert.ok(cat, `${id} is built in`);
      assert.equal(cat.id, id);
      assert.ok(cat.title.trim().length > 5);
      assert.deepEqual([...cat.criteria.keys()], [...load.catalog.criteria.keys()], 'the bundle embeds the file as it is');
      assert.ok(core.BUILT_IN_CATALOGS.includes(id));
    });

    test(`has exactly the ${count} ids, in the standard's order, each once`, () => {
      assert.equal(ids.length, count, 'the expected list itself');
      assert.equal(new Set(ids).size, count, 'the expected list has no repeats');
      const raw = rawCriteria(file).map((c) => c.id);
      assert.equal(raw.length, count, 'entries in the file');
      assert.equal(new Set(raw).size, count, 'no id repeated in the file');
      assert.deepEqual([...cat.criteria.keys()], ids);
    });

    test('every criterion has a title, a description and two to four points of focus that are not placeholders', () => {
      for (const c of cat.criteria.values()) {
        assert.ok(c.title.trim().length > 3 && c.title !== c.id, `${c.id} title`);
        assert.ok(!c.title.includes(c.id), `${c.id} title repeats the id`);
        assert.ok(c.description.trim().length > 60, `${c.id} description is a sentence or two`);
        assert.ok(!PLACEHOLDER.test(c.title) && !PLACEHOLDER.test(c.description), `${c.id} reads like a placeholder`);
        assert.notEqual(c.description.trim().toLowerCase(), c.title.trim().toLowerCase(), `${c.id} description only repeats the title`);
        assert.ok(c.pointsOfFocus.length >= 2 && c.pointsOfFocus.length <= 4, `${c.id} has ${c.pointsOfFocus.length} points of focus`);
        for (const p of c.pointsOfFocus) assert.ok(p.trim().length > 10 && !PLACEHOLDER.test(p), `${c.id} point of focus "${p}"`);
      }
    });

    test('no title, description or point of focus repeats another', () => {
      const seen = { title: new Map(), description: new Map(), point: new Map() };
      const once = (kind, text, owner) => {
        const key = text.trim().toLowerCase();
        assert.ok(!seen[kind].has(key), `${owner} repeats the ${kind} of ${seen[kind].get(key)}: "${text}"`);
        seen[kind].set(key, owner);
      };
      for (const c of cat.criteria.values()) {
        once('title', c.title, c.id);
        once('description', c.description, c.id);
        for (const p of c.pointsOfFocus) once('point', p, c.id);
      }
    });

    test('categories and series have titles and descriptions', () => {
      for (const category of cat.categories) {
        assert.ok(category.title.trim().length > 3, `${category.id} title`);
        assert.ok(category.description.trim().length > 20, `${category.id} description`);
        for (const s of category.series) assert.ok(s.title.trim().length > 3 && s.criteria.length > 0, `${s.id} series`);
      }
    });
  });
}

describe('grouping', () => {
  test('ISO 27001: one category per theme, holding its clause as the only series', () => {
    const cat = core.builtInCatalogById('iso27001-2022');
    assert.deepEqual(cat.categories.map((c) => c.id), ISO_THEMES.map((t) => t.category));
    for (const theme of ISO_THEMES) {
      const category = cat.category(theme.category);
      assert.deepEqual(category.series.map((s) => s.id), [theme.series]);
      assert.deepEqual(category.criteria, isoIds(theme));
      for (const id of isoIds(theme)) assert.equal(cat.get(id).seriesTitle, category.series[0].title);
    }
  });

  test('NIST CSF: functions are categories, CSF categories are series, each subcategory under its own', () => {
    const cat = core.builtInCatalogById('nist-csf-2.0');
    assert.deepEqual(cat.categories.map((c) => c.id), Object.values(CSF_FUNCTIONS));
    const expectedSeries = [...new Set(CSF_IDS.map((id) => id.split('-')[0]))];
    assert.equal(expectedSeries.length, 22);
    assert.deepEqual(cat.categories.flatMap((c) => c.series.map((s) => s.id)), expectedSeries);
    for (const id of CSF_IDS) {
      const c = cat.get(id);
      assert.equal(c.series, id.split('-')[0], `${id} series`);
      assert.equal(c.category, CSF_FUNCTIONS[id.slice(0, 2)], `${id} function`);
    }
  });
});

describe('looking up built-in catalogs', () => {
  test('builtInCatalog() is still TSC 2017, the same catalog as by its id', () => {
    assert.equal(core.builtInCatalog().id, 'tsc-2017');
    assert.equal(core.builtInCatalog(), core.builtInCatalogById('tsc-2017'));
    assert.deepEqual([...core.BUILT_IN_CATALOGS], ['tsc-2017', 'iso27001-2022', 'nist-csf-2.0']);
  });

  test('an id that is not built in gives no catalog', () => {
    for (const id of ['iso27001', 'ISO27001-2022', 'nist-csf-1.1', 'criteria/tsc-2017.yaml', '']) {
      assert.equal(core.builtInCatalogById(id), undefined, id);
      assert.equal(core.isBuiltInCatalog(id), false, id);
    }
  });

  test('near-miss ids get the right suggestion', () => {
    const iso = core.builtInCatalogById('iso27001-2022');
    assert.deepEqual(iso.suggest('a.5.18'), ['A.5.18']);
    const csf = core.builtInCatalogById('nist-csf-2.0');
    assert.deepEqual(csf.suggest('pr.aa-05'), ['PR.AA-05']);
    const withdrawn = csf.suggest('PR.DS-03');
    assert.ok(withdrawn.length > 0 && withdrawn.some((id) => id.startsWith('PR.DS-')), withdrawn.join(','));
  });
});

test('each bundled catalog is what Attest reads from its YAML file in criteria/ (the build embeds it as JSON)', () => {
  for (const id of core.BUILT_IN_CATALOGS) {
    const fromYaml = core.parseCatalog(fs.readFileSync(path.join(ROOT, 'criteria', `${id}.yaml`), 'utf8')).catalog;
    const bundled = core.builtInCatalogById(id);
    assert.ok(fromYaml, id);
    assert.deepEqual([bundled.id, bundled.title, bundled.categories], [fromYaml.id, fromYaml.title, fromYaml.categories], id);
    assert.deepEqual([...bundled.criteria.entries()], [...fromYaml.criteria.entries()], id);
  }
});
