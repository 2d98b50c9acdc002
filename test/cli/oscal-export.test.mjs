// `attest export` as a real process (contracts.md, "OSCAL export"): the three documents valid
// against NIST's OSCAL 1.2.2 schemas (../shared/oscal, read in place; skipped when absent),
// byte-identical across runs, their references consistent, and their content that of the project.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { EXAMPLE, FIXTURES, ROOT, runCli, runJsonOnce } from '../helpers/attest.mjs';

const require = createRequire(import.meta.url);
const OSCAL = path.resolve(ROOT, '../shared/oscal');
const SCHEMA_SKIP = fs.existsSync(path.join(OSCAL, 'oscal_poam_schema.json')) ? false : `NIST's OSCAL schemas are not at ${OSCAL} (../shared/oscal beside the repository)`;
const SCHEMAS = { 'oscal-catalog': 'oscal_catalog_schema.json', 'oscal-component': 'oscal_component_schema.json', 'oscal-poam': 'oscal_poam_schema.json' };
const FORMATS = Object.keys(SCHEMAS);
const ERRORS = path.join(FIXTURES, 'cli-errors');
const HOSTILE = path.join(FIXTURES, 'readiness-hostile');
const CUSTOM = path.join(FIXTURES, 'oscal-custom');
const PROJECTS = [EXAMPLE, ERRORS, HOSTILE, CUSTOM];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

const cache = new Map();
/** One export run (cached per folder and format: the CLI is a function of its inputs). */
function exported(folder, format) {
  const key = `${folder}\n${format}`;
  if (!cache.has(key)) {
    const r = runCli(['export', folder, '--format', format]);
    assert.equal(r.status, 0, r.stderr);
    cache.set(key, { text: r.stdout, doc: JSON.parse(r.stdout) });
  }
  return cache.get(key);
}

/** Every value of `key` anywhere in a JSON document. */
function all(doc, key, out = []) {
  if (Array.isArray(doc)) for (const x of doc) all(x, key, out);
  else if (doc && typeof doc === 'object') {
    for (const [k, v] of Object.entries(doc)) {
      if (k === key) out.push(v);
      all(v, key, out);
    }
  }
  return out;
}

function validator(format) {
  const Ajv = require('ajv').default ?? require('ajv');
  const addFormats = require('ajv-formats').default ?? require('ajv-formats');
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  return ajv.compile(JSON.parse(fs.readFileSync(path.join(OSCAL, SCHEMAS[format]), 'utf8')));
}

describe('valid OSCAL 1.2.2', { skip: SCHEMA_SKIP }, () => {
  for (const format of FORMATS) {
    test(`${format}: valid against NIST's schema on every fixture, oscal-version 1.2.2, last-modified from ATTEST_TODAY`, () => {
      const validate = validator(format);
      for (const folder of PROJECTS) {
        const { doc } = exported(folder, format);
        assert.ok(validate(doc), `${path.basename(folder)}: ${JSON.stringify(validate.errors?.slice(0, 5), null, 1)}`);
        assert.deepEqual(all(doc, 'oscal-version'), ['1.2.2']);
        assert.deepEqual(all(doc, 'last-modified'), ['2026-10-01T00:00:00Z']);
      }
    });
  }

  test('the schema check bites: a document with a v1 UUID and no oscal-version is rejected', () => {
    const validate = validator('oscal-poam');
    const doc = structuredClone(exported(EXAMPLE, 'oscal-poam').doc);
    doc['plan-of-action-and-milestones'].uuid = 'c232ab00-9414-11ec-b3c8-9f6bdeced846';
    delete doc['plan-of-action-and-milestones'].metadata['oscal-version'];
    assert.equal(validate(doc), false);
  });
});

describe('stable', () => {
  test('two runs give the same bytes; the same project elsewhere on disk too', () => {
    const moved = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'attest-oscal-')), 'acme-saas');
    try {
      fs.cpSync(EXAMPLE, moved, { recursive: true });
      for (const format of FORMATS) {
        const a = runCli(['export', EXAMPLE, '--format', format]);
        const b = runCli(['export', EXAMPLE, '--format', format]);
        assert.equal(a.status, 0, a.stderr);
        assert.equal(a.stdout, b.stdout, format);
        assert.equal(runCli(['export', moved, '--format', format]).stdout, a.stdout, `${format}: UUIDs come from names, not paths`);
      }
    } finally {
      fs.rmSync(path.dirname(moved), { recursive: true, force: true });
    }
  });

  test('UUIDs keep their names across versions: v5 of the project name and the id in Attest\'s namespace', () => {
    // RFC 9562 v5, written here independently of the code under test, checked on the RFC's example.
    const v5 = (ns, name) => {
      const h = createHash('sha1').update(Buffer.from(ns.replace(/-/g, ''), 'hex')).update(name).digest().subarray(0, 16);
      h[6] = (h[6] & 0x0f) | 0x50;
      h[8] = (h[8] & 0x3f) | 0x80;
      return h.toString('hex').replace(/^(.{8})(.{4})(.{4})(.{4})/, '$1-$2-$3-$4-');
    };
    assert.equal(v5('6ba7b810-9dad-11d1-80b4-00c04fd430c8', 'www.example.com'), '2ed6657d-e927-568b-95e1-2665a8aea6a2');
    const attest = v5('6ba7b811-9dad-11d1-80b4-00c04fd430c8', 'https://github.com/attest-dev/attest/oscal');
    const def = exported(EXAMPLE, 'oscal-component').doc['component-definition'];
    assert.equal(def.components[0].uuid, v5(attest, 'acme-saas\ncomponent'));
    const req = def.components[0]['control-implementations'][0]['implemented-requirements'].find((r) => r['control-id'] === 'CC6.1');
    assert.equal(req.uuid, v5(attest, 'acme-saas\nimplemented-requirement\nCC6.1'));
    assert.equal(exported(EXAMPLE, 'oscal-catalog').doc.catalog.uuid, v5(attest, 'acme-saas\ncatalog\ntsc-2017'));
  });

  test('every uuid is a name-based v5 UUID, unique in its document; another project gets others', () => {
    for (const format of FORMATS) {
      const ids = all(exported(EXAMPLE, format).doc, 'uuid');
      assert.ok(ids.length > 0);
      for (const u of ids) assert.match(u, UUID);
      assert.equal(new Set(ids).size, ids.length, `${format}: unique`);
      const other = new Set(all(exported(HOSTILE, format).doc, 'uuid'));
      assert.ok(!ids.some((u) => other.has(u)), `${format}: no uuid shared with another project`);
    }
  });
});

describe('content', () => {
  test('catalog: a group per criterion series, a control per criterion whose id is the criterion id', () => {
    const cov = runJsonOnce(['coverage', EXAMPLE, '--format', 'json']).json;
    const { catalog } = exported(EXAMPLE, 'oscal-catalog').doc;
    const series = cov.categories.flatMap((c) => c.series ?? []);
    assert.deepEqual(catalog.groups.map((g) => g.id), series.map((s) => s.id));
    for (const g of catalog.groups) {
      const s = series.find((x) => x.id === g.id);
      assert.equal(g.title, s.title);
      assert.deepEqual(g.controls.map((c) => c.id), s.criteria);
    }
    const criteria = new Map(cov.categories.flatMap((c) => c.criteria).map((c) => [c.id, c.title]));
    const controls = catalog.groups.flatMap((g) => g.controls);
    assert.equal(controls.length, criteria.size);
    for (const c of controls) assert.equal(c.title, criteria.get(c.id), c.id);
    const cc61 = controls.find((c) => c.id === 'CC6.1');
    assert.ok(cc61.parts.some((p) => p.name === 'statement' && p.prose.length > 20));
    assert.ok(cc61.parts.some((p) => p.name === 'guidance' && p.prose.startsWith('- ')));
  });

  test('component: one component, its implementation points at the catalog, one implemented-requirement per covered criterion naming its implemented controls', () => {
    for (const folder of [EXAMPLE, ERRORS, HOSTILE]) {
      const cov = runJsonOnce(['coverage', folder, '--format', 'json']).json;
      const def = exported(folder, 'oscal-component').doc['component-definition'];
      assert.equal(def.components.length, 1);
      const [component] = def.components;
      const expected = cov.categories
        .filter((c) => c.inScope)
        .flatMap((c) => c.criteria)
        .filter((c) => c.status && c.status !== 'excluded')
        .map((c) => ({ id: c.id, controls: c.controls.filter((x) => x.status === 'implemented').map((x) => x.id) }))
        .filter((c) => c.controls.length);
      const impl = component['control-implementations']?.[0];
      const reqs = impl?.['implemented-requirements'] ?? [];
      assert.deepEqual(
        reqs.map((r) => ({ id: r['control-id'], controls: r.props.filter((p) => p.name === 'attest-control').map((p) => p.value) })),
        expected,
        path.basename(folder),
      );
      assert.ok(!reqs.some((r) => r['control-id'] === 'CC6.4'), 'an excluded criterion is not implemented');
      if (!impl) continue;
      // The source is a back-matter resource whose document id is the exported catalog's uuid.
      const resource = def['back-matter'].resources.find((x) => `#${x.uuid}` === impl.source);
      assert.ok(resource, impl.source);
      assert.equal(resource['document-ids'][0].identifier, exported(folder, 'oscal-catalog').doc.catalog.uuid);
    }
    const acme = exported(EXAMPLE, 'oscal-component').doc['component-definition'].components[0];
    assert.equal(acme.title, 'acme-saas', 'named after the project (no organization: its folder)');
    assert.equal(exported(CUSTOM, 'oscal-component').doc['component-definition'].components[0].title, 'Numbered Ltd');
  });

  test('ids that are not OSCAL tokens become tokens, the same in the catalog and the component', () => {
    const catalog = exported(CUSTOM, 'oscal-catalog').doc.catalog;
    const controls = catalog.groups.flatMap((g) => g.controls);
    const byLabel = new Map(controls.map((c) => [c.props.find((p) => p.name === 'label').value, c.id]));
    assert.deepEqual([...byLabel.keys()], ['1.1', '1.2/b', 'x:1']);
    assert.equal(new Set(catalog.groups.map((g) => g.id)).size, catalog.groups.length, 'group ids unique though both series are "1"');
    const reqs = exported(CUSTOM, 'oscal-component').doc['component-definition'].components[0]['control-implementations'][0]['implemented-requirements'];
    assert.deepEqual(reqs.map((r) => r['control-id']), [byLabel.get('1.1'), byLabel.get('1.2/b')]);
  });

  test('poam: one poam-item per attest plan item, in its order, with kind, id, owner, due and overdue', () => {
    for (const folder of [EXAMPLE, ERRORS, HOSTILE, CUSTOM]) {
      const plan = runJsonOnce(['plan', folder, '--format', 'json']).json.items;
      const poam = exported(folder, 'oscal-poam').doc['plan-of-action-and-milestones'];
      const items = poam['poam-items'];
      assert.equal(items.length, plan.length, path.basename(folder));
      for (const [i, it] of plan.entries()) {
        const props = Object.fromEntries(items[i].props.map((p) => [p.name, p.value]));
        assert.equal(props['attest-kind'], it.kind);
        assert.equal(props['attest-id'], it.id);
        assert.equal(props['attest-owner'], it.owner ?? undefined);
        assert.equal(props['attest-due'], it.due ?? undefined);
        assert.equal(props['attest-overdue'], String(it.overdue));
      }
      // The POA&M names the system the component definition describes.
      assert.equal(poam['system-id'].id, exported(folder, 'oscal-component').doc['component-definition'].components[0].uuid);
    }
  });

  test('an empty plan still gives a valid POA&M: one item saying there is nothing to remediate', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attest-oscal-clean-'));
    try {
      fs.cpSync(path.join(FIXTURES, 'cli-clean'), dir, { recursive: true });
      assert.deepEqual(runJsonOnce(['plan', dir, '--format', 'json']).json.items, []);
      const items = exported(dir, 'oscal-poam').doc['plan-of-action-and-milestones']['poam-items'];
      assert.equal(items.length, 1);
      assert.equal(items[0].title, 'Nothing to remediate');
      if (!SCHEMA_SKIP) assert.ok(validator('oscal-poam')(exported(dir, 'oscal-poam').doc));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('command line', () => {
  test('--out writes the document and prints nothing', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attest-oscal-out-'));
    try {
      const r = runCli(['export', EXAMPLE, '--format', 'oscal-component', '--out', 'component.json'], { cwd: dir });
      assert.equal(r.status, 0, r.stderr);
      assert.equal(r.stdout, '');
      assert.equal(fs.readFileSync(path.join(dir, 'component.json'), 'utf8'), exported(EXAMPLE, 'oscal-component').text);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('bad usage exits 2 with a message and no document', () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'attest-oscal-empty-'));
    try {
      const cases = [
        [['export', EXAMPLE], {}, /--format is required/],
        [['export', EXAMPLE, '--format', 'oscal-ssp'], {}, /--format must be one of oscal-catalog, oscal-component, oscal-poam/],
        [['export', EXAMPLE, '--format', 'oscal-poam', '--fail-on', 'none'], {}, /unknown option --fail-on/],
        [['export', EXAMPLE, '--format', 'oscal-poam'], { today: 'tomorrow' }, /ATTEST_TODAY/],
        [['export', empty, '--format', 'oscal-poam'], {}, /no Attest project/],
      ];
      for (const [args, opts, message] of cases) {
        const r = runCli(args, opts);
        assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
        assert.match(r.stderr, message);
        assert.equal(r.stdout, '');
      }
      assert.match(runCli(['export', '--help']).stdout, /usage: attest export/);
    } finally {
      fs.rmSync(empty, { recursive: true, force: true });
    }
  });
});
