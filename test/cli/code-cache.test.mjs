// The CLI keeps V8's compiled code of its main bundle between runs (cli/codeCache.ts), in a folder
// of the temp folder only this user can write: whatever that folder holds, the output is the same.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { runCli, EXAMPLE } from '../helpers/attest.mjs';

// Node 22.1+ keeps the cache itself (module.enableCompileCache): Attest's own store is not used there.
const nodeCaches = typeof createRequire(import.meta.url)('node:module').enableCompileCache === 'function';
const skip = nodeCaches ? `Node ${process.version} compiles with its own cache (module.enableCompileCache)` : false;

describe('the code cache of the CLI', { skip }, () => {
  let tmp;
  let dir;
  let plain;
  const run = (env = {}) => runCli(['check', EXAMPLE, '--fail-on', 'none'], { env: { TMPDIR: tmp, ...env } });
  const bins = () => (fs.existsSync(dir) ? fs.readdirSync(dir).filter((n) => n.endsWith('.bin')) : []);
  before(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'attest-code-cache-test-'));
    dir = path.join(tmp, `attest-code-cache-${process.getuid()}`);
    plain = run({ ATTEST_CODE_CACHE: 'off' });
    assert.equal(plain.status, 0, plain.stderr);
    assert.match(plain.stdout, /Coverage \(tsc-2017/);
  });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  test('ATTEST_CODE_CACHE=off writes none; a first run writes one, private to the user, and later runs print the same', () => {
    assert.deepEqual(bins(), []);
    const first = run();
    assert.deepEqual([first.status, first.stdout, first.stderr], [0, plain.stdout, '']);
    const [bin] = bins();
    assert.ok(bin, 'a code cache was written');
    assert.equal(fs.statSync(path.join(dir, bin)).mode & 0o077, 0);
    assert.equal(fs.statSync(dir).mode & 0o077, 0);
    const second = run();
    assert.deepEqual([second.status, second.stdout, second.stderr], [0, plain.stdout, '']);
  });

  test('a damaged code cache is refused by V8 and written anew', () => {
    run();
    const [bin] = bins();
    const file = path.join(dir, bin);
    const junk = Buffer.alloc(4096, 7);
    fs.writeFileSync(file, junk);
    const r = run();
    assert.deepEqual([r.status, r.stdout, r.stderr], [0, plain.stdout, '']);
    assert.notDeepEqual(fs.readFileSync(file), junk);
  });

  test('a cache folder others may write is not read or written', () => {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir);
    fs.chmodSync(dir, 0o777);
    const planted = path.join(dir, 'planted.bin');
    fs.writeFileSync(planted, 'x');
    const r = run();
    assert.deepEqual([r.status, r.stdout, r.stderr], [0, plain.stdout, '']);
    assert.deepEqual(bins(), ['planted.bin']);
  });
});
