// `attest export` on a project with several frameworks (the example: tsc-2017 primary, then ISO
// 27001 and NIST CSF): `--framework ID` picks the catalog, the component definition has one
// control implementation per framework pointing at that framework's catalog, everything valid
// against NIST's OSCAL 1.2.2 schemas (../shared/oscal, read in place; skipped when absent).
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { EXAMPLE, ROOT, runCli, runCliOnce, runJsonOnce } from '../helpers/attest.mjs';

const require = createRequire(import.meta.url);
const OSCAL = path.resolve(ROOT, '../shared/oscal');
const SCHEMA_SKIP = fs.existsSync(path.join(OSCAL, 'oscal_component_schema.json')) ? false : `NIST's OSCAL schemas are not at ${OSCAL} (../shared/oscal beside the repository)`;
const FRAMEWORKS = ['tsc-2017', 'iso27001-2022', 'nist-csf-2.0'];

function exported(format, framework) {
  const r = runCliOnce(['export', EXAMPLE, '--format', format, ...(framework ? ['--framework', framework] : [])]);
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout);
}

const catalogOf = (fw) => exported('oscal-catalog', fw).catalog;
const component = () => exported('oscal-component')['component-definition'];

function validator(file) {
  const Ajv = require('ajv').default ?? require('ajv');
  const addFormats = require('ajv-formats').default ?? require('ajv-formats');
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  return ajv.compile(JSON.parse(fs.readFileSync(path.join(OSCAL, file), 'utf8')));
}

/** The in-scope, not excluded criteria an implemented control maps, with those controls, per `attest coverage --framework`. */
function implemented(fw) {
  const cov = runJsonOnce(['coverage', EXAMPLE, '--format', 'json', '--framework', fw]).json;
  return cov.categories
    .filter((c) => c.inScope)
    .flatMap((c) => c.criteria)
    .filter((c) => c.status && c.status !== 'excluded')
    .map((c) => ({ id: c.id, controls: c.controls.filter((x) => x.status === 'implemented').map((x) => x.id) }))
    .filter((c) => c.controls.length);
}

describe('OSCAL export, several frameworks', () => {
  test('valid OSCAL 1.2.2: each framework\'s catalog and the component definition', { skip: SCHEMA_SKIP }, () => {
    const validCatalog = validator('oscal_catalog_schema.json');
    for (const fw of FRAMEWORKS) assert.ok(validCatalog(exported('oscal-catalog', fw)), `${fw}: ${JSON.stringify(validCatalog.errors?.slice(0, 3))}`);
    const validComponent = validator('oscal_component_schema.json');
    assert.ok(validComponent(exported('oscal-component')), JSON.stringify(validComponent.errors?.slice(0, 3)));
  });

  test('--framework picks the catalog: its criteria, its own uuid; the default is the primary', () => {
    assert.deepEqual(catalogOf(), catalogOf('tsc-2017'));
    const uuids = FRAMEWORKS.map((fw) => catalogOf(fw).uuid);
    assert.equal(new Set(uuids).size, FRAMEWORKS.length, 'one uuid per framework');
    for (const fw of FRAMEWORKS.slice(1)) {
      const cov = runJsonOnce(['coverage', EXAMPLE, '--format', 'json', '--framework', fw]).json;
      const ids = catalogOf(fw).groups.flatMap((g) => g.controls.map((c) => c.props.find((p) => p.name === 'label').value));
      assert.deepEqual(ids.sort(), cov.categories.flatMap((c) => c.criteria.map((x) => x.id)).sort(), fw);
    }
    assert.equal(catalogOf('iso27001-2022').metadata.title, 'ISO/IEC 27001:2022 Annex A');
    // Byte-identical across runs.
    assert.equal(runCli(['export', EXAMPLE, '--format', 'oscal-catalog', '--framework', 'nist-csf-2.0']).stdout, runCliOnce(['export', EXAMPLE, '--format', 'oscal-catalog', '--framework', 'nist-csf-2.0']).stdout);
  });

  test('component: one control implementation per framework, primary first, each sourced from its framework\'s catalog, one requirement per implemented criterion', () => {
    const def = component();
    const impls = def.components[0]['control-implementations'];
    assert.equal(impls.length, FRAMEWORKS.length);
    for (const [i, fw] of FRAMEWORKS.entries()) {
      const impl = impls[i];
      assert.equal(impl.props.find((p) => p.name === 'attest-framework').value, fw);
      const resource = def['back-matter'].resources.find((x) => `#${x.uuid}` === impl.source);
      assert.ok(resource, `${fw}: ${impl.source}`);
      assert.equal(resource['document-ids'][0].identifier, catalogOf(fw).uuid, `${fw}: the source is that framework's catalog`);
      const got = impl['implemented-requirements'].map((r) => ({ id: r['control-id'], controls: r.props.filter((p) => p.name === 'attest-control').map((p) => p.value) }));
      assert.deepEqual(got, implemented(fw), fw);
    }
    const iso = impls[1]['implemented-requirements'].map((r) => r['control-id']);
    assert.ok(iso.includes('A.8.13'), 'OPS-06 implements A.8.13');
    assert.ok(!iso.includes('A.7.4'), 'an excluded ISO control is not implemented');
  });

  test('component: every uuid distinct across frameworks and stable across runs', () => {
    const text = runCliOnce(['export', EXAMPLE, '--format', 'oscal-component']).stdout;
    const uuids = [...text.matchAll(/"uuid": "([^"]+)"/g)].map((m) => m[1]);
    assert.equal(new Set(uuids).size, uuids.length);
    const sources = component().components[0]['control-implementations'].map((i) => i.source);
    assert.equal(new Set(sources).size, FRAMEWORKS.length);
    assert.equal(runCli(['export', EXAMPLE, '--format', 'oscal-component']).stdout, text);
  });

  test('--framework with an id the project does not use, or with another format: exit 2 and why', () => {
    const r = runCli(['export', EXAMPLE, '--format', 'oscal-catalog', '--framework', 'iso27001']);
    assert.equal(r.status, 2);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /does not use the framework `iso27001` \(its frameworks: tsc-2017, iso27001-2022, nist-csf-2\.0\)/);
    assert.match(r.stderr, /did you mean `iso27001-2022`/);
    const p = runCli(['export', EXAMPLE, '--format', 'oscal-poam', '--framework', 'iso27001-2022']);
    assert.equal(p.status, 2);
    assert.match(p.stderr, /--framework applies to --format oscal-catalog only/);
  });
});
