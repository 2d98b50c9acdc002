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
    // (Without the coverage stored with the facts: it would answer first.)
    rewriteServerCache(file, (facts) => facts.replace('"title":"Control one"', '"title":"Doctored one"'), () => null);
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

  test('a start that reads what the last one read answers coverage as that one did; a file changed on disk or in the editor is not answered so', async () => {
    const file = await cacheFileIn(cacheDir);
    const storeDoctored = async () => {
      await primedStart(root, cacheDir, file);
      rewriteServerCache(file, (facts) => facts, (memo) => memo.replace(/"title":"Control two"/g, '"title":"Stored two"'));
    };
    await storeDoctored();
    const reused = await session(root, cacheDir);
    assert.match(reused.coverage, /Stored two/, 'the stored answer');
    assert.deepEqual(reused.diagnostics, (await session(root, 'off')).diagnostics);

    fs.appendFileSync(path.join(root, 'controls/c.yaml'), '# edited\n');
    const changed = await session(root, cacheDir);
    assert.doesNotMatch(changed.coverage, /Stored two/);
    assert.equal(changed.coverage, (await session(root, 'off')).coverage);

    await storeDoctored();
    const b = path.join(root, 'controls/b.yaml');
    const c = new TestClient({ env: { ATTEST_CACHE_DIR: cacheDir } });
    try {
      await c.initialize(root);
      c.open(b, FILES['controls/b.yaml'].replace('title: Control two', 'title: Unsaved two'));
      const coverage = JSON.stringify(await c.coverage());
      assert.doesNotMatch(coverage, /Stored two/);
      assert.match(coverage, /Unsaved two/);
    } finally {
      await c.shutdown();
    }
  });
});

/** A start whose coverage answer is stored with the cache `file` (the server saves it a little after its scan). */
async function primedStart(root, cacheDir, file) {
  const before = fs.statSync(file).mtimeMs;
  const c = new TestClient({ env: { ATTEST_CACHE_DIR: cacheDir } });
  try {
    await c.initialize(root);
    await c.coverage();
    for (let waited = 0; waited < 20_000 && !(fs.statSync(file).mtimeMs > before && storedCoverage(file)); waited += 100) await new Promise((r) => setTimeout(r, 100));
  } finally {
    await c.shutdown();
  }
  assert.ok(storedCoverage(file), 'the coverage answer was stored');
}

/** The stored coverage of a server cache file (its memo region), if any. */
function storedCoverage(file) {
  const buf = fs.readFileSync(file);
  const nl = buf.indexOf(10);
  const head = JSON.parse(buf.toString('utf8', 0, nl));
  const memo = head.memo && buf.toString('utf8', nl + 1 + head.length, nl + 1 + head.length + head.memo.length);
  return memo?.startsWith('coverage ') ? memo : undefined;
}

/**
 * Rewrites a server cache file: its facts through `editFacts`, its stored coverage through
 * `editMemo` (null: none), with lengths and checksums redone and the header as wide as before.
 */
function rewriteServerCache(file, editFacts, editMemo) {
  const buf = fs.readFileSync(file);
  const nl = buf.indexOf(10);
  const head = JSON.parse(buf.toString('utf8', 0, nl));
  const facts = Buffer.from(editFacts(buf.toString('utf8', nl + 1, nl + 1 + head.length)), 'utf8');
  const memoText = editMemo(storedCoverage(file) ?? '');
  const memo = memoText ? Buffer.from(memoText, 'utf8') : undefined;
  const sha = (b) => createHash('sha256').update(b).digest('base64');
  const { memo: _memo, ...rest } = head;
  const header = { ...rest, length: facts.length, sha256: sha(facts), ...(memo ? { memo: { length: memo.length, sha256: sha(memo) } } : {}) };
  fs.writeFileSync(file, Buffer.concat([Buffer.from(JSON.stringify(header).padEnd(nl) + '\n'), facts, ...(memo ? [memo] : [])]));
}
