// The server's first scan reuses what the last scan derived from unchanged files, kept in the
// user's cache folder (ATTEST_CACHE_DIR here), never in the project: a second start on the same
// project ends with the diagnostics and coverage of a start without any cache.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { TestClient, uriOf } from '../helpers/lsp.mjs';
import { tempDir, tempWorkspace, removeDir } from '../helpers/attest.mjs';

const FILES = {
  'attest.yaml': 'framework: tsc-2017\ncategories: [security, availability]\nreport: type2\nperiod:\n  start: 2026-01-01\n  end: 2026-12-31\n',
  'controls/a.yaml': 'id: C-1\ntitle: Control one\nowner: ops\ncriteria: [CC6.1, CC6.1, CC9.9]\npolicies: [POL-9]\nfrequency: quarterly\nevidence:\n  - collected: 2026-02-01\n    link: evidence/missing.pdf\n',
  'controls/b.yaml': 'id: C-1\ntitle: Control two\nstatus: planned\ndue: 2026-03-01\ncriteria: [A1.2]\ncolour: blue\n',
  'controls/c.yaml': 'id: C-3\ntitle: [unclosed\n',
  'controls/register.yaml': `controls:\n${Array.from({ length: 700 }, (_, i) => `  - id: R-${i}\n    title: Register control ${i}\n    owner: ops\n    criteria: [CC${(i % 9) + 1}.1]\n`).join('')}`,
  'policies/p.md': '---\nid: POL-1\ntitle: Policy one\napproved: 2025-01-01\nreview: annually\ncriteria: [CC6.1]\n---\n# Policy\n',
};

/** A started server's view of the project: every file's diagnostics and the coverage answer. */
async function session(root, cacheDir) {
  const c = new TestClient({ env: { ATTEST_CACHE_DIR: cacheDir } });
  try {
    await c.initialize(root);
    const coverage = await c.coverage();
    await c.barrier(root);
    const diagnostics = Object.fromEntries([...c.diagnostics].filter(([uri]) => !uri.endsWith('zz-barrier.yaml')).sort(([a], [b]) => (a < b ? -1 : 1)));
    return { coverage: JSON.stringify(coverage), diagnostics };
  } finally {
    await c.shutdown();
  }
}

/** The cache file the server wrote into `dir`, once it is there (it saves a little after the scan). */
async function cacheFileIn(dir) {
  for (let waited = 0; waited < 20_000; waited += 100) {
    const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.cache')) : [];
    if (files.length) return path.join(dir, files[0]);
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no cache file appeared in ${dir}`);
}

describe('the server keeps its first scan in the user cache folder', () => {
  let root;
  let cacheDir;
  let plain;
  before(async () => {
    root = tempWorkspace(FILES);
    cacheDir = tempDir('attest-cache-');
    plain = await session(root, 'off');
  });
  after(() => {
    removeDir(root);
    removeDir(cacheDir);
  });

  test('a second start on the unchanged project gives the diagnostics and coverage of a start without cache', async () => {
    const listed = fs.readdirSync(root, { recursive: true }).sort();
    const c = new TestClient({ env: { ATTEST_CACHE_DIR: cacheDir } });
    try {
      await c.initialize(root);
      await c.coverage();
      // Wait for the save while the server runs: it writes a little after the scan.
      await cacheFileIn(cacheDir);
    } finally {
      await c.shutdown();
    }
    const again = await session(root, cacheDir);
    assert.ok(Object.keys(plain.diagnostics).length >= 5, 'files with findings');
    assert.deepEqual(again.diagnostics, plain.diagnostics);
    assert.equal(again.coverage, plain.coverage);
    assert.deepEqual(fs.readdirSync(root, { recursive: true }).sort(), listed, 'nothing written into the project');
  });

  test('a register whose facts came from the cache is edited as one read afresh', async () => {
    await cacheFileIn(cacheDir);
    const reg = path.join(root, 'controls/register.yaml');
    const text = FILES['controls/register.yaml'];
    assert.ok(text.length > 32 * 1024, 'large enough to be analysed item by item');
    const edited = text.replace('    title: Register control 5\n', '    title: Register control 5\n    colour: blue\n').replace('criteria: [CC2.1]\n  - id: R-11\n', 'criteria: [CC2.1, CC9.99]\n  - id: R-11\n');
    const afterEdit = async (dir) => {
      const c = new TestClient({ env: { ATTEST_CACHE_DIR: dir } });
      try {
        await c.initialize(root);
        await c.coverage();
        c.open(reg, text);
        c.change(reg, edited);
        const diagnostics = await c.nextDiagnostics(reg, (d) => d.some((x) => x.message.includes('CC9.99')));
        return { diagnostics, coverage: JSON.stringify(await c.coverage()) };
      } finally {
        await c.shutdown();
      }
    };
    const warm = await afterEdit(cacheDir);
    const cold = await afterEdit('off');
    assert.ok(warm.diagnostics.some((d) => d.message.includes('colour')), 'the new unknown field is reported');
    assert.deepEqual(warm.diagnostics, cold.diagnostics);
    assert.equal(warm.coverage, cold.coverage);
  });

  test('the cache is what the second start read: an entry changed on purpose shows; a changed file is read afresh', async () => {
    const file = await cacheFileIn(cacheDir);
    const text = fs.readFileSync(file, 'utf8');
    const nl = text.indexOf('\n');
    const body = text.slice(nl + 1).replace('"title":"Control one"', '"title":"Doctored one"');
    const bytes = Buffer.from(body, 'utf8');
    const header = { ...JSON.parse(text.slice(0, nl)), length: bytes.length, sha256: createHash('sha256').update(bytes).digest('base64') };
    fs.writeFileSync(file, Buffer.concat([Buffer.from(JSON.stringify(header) + '\n'), bytes]));
    const doctored = await session(root, cacheDir);
    assert.match(doctored.coverage, /Doctored one/);
    // The file's content changes: its entry no longer applies.
    fs.writeFileSync(path.join(root, 'controls/a.yaml'), FILES['controls/a.yaml'] + '# edited\n');
    const edited = await session(root, cacheDir);
    const fresh = await session(root, 'off');
    assert.doesNotMatch(edited.coverage, /Doctored one/);
    assert.deepEqual(edited.diagnostics, fresh.diagnostics);
    assert.equal(edited.coverage, fresh.coverage);
    assert.ok(edited.diagnostics[uriOf(path.join(root, 'controls/a.yaml'))].length > 0);
  });
});
