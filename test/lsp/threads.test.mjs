// The initial scan of a large folder can run on two threads (ATTEST_THREADS=2 or read; the
// language server's default is one, for its peak memory): the diagnostics and coverage it ends
// with are those of a one-thread scan (ATTEST_THREADS=1), and files open in the editor keep their text.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { TestClient } from '../helpers/lsp.mjs';
import { writeBigWorkspace, removeBigWorkspace } from '../helpers/bigWorkspace.mjs';

// Files spread over the sorted list (so over batches of both threads), opened with an unsaved edit.
const OPEN = Array.from({ length: 12 }, (_, k) => {
  const i = k * 2 * 24 + k * 2; // d00, d02, ... d22
  return `controls/d${String(i % 24).padStart(2, '0')}/c${String(i).padStart(4, '0')}.yaml`;
});
const edited = (rel) => `id: OPEN-${path.basename(rel, '.yaml')}\ntitle: Edited in the editor\nowner: sec\ncriteria: [CC6.1, ZZ9.9]\n`;

async function scanned(root, env) {
  const c = new TestClient({ env });
  await c.initialize(root);
  // Opened while the scan starts: the editor's text must win over the disk.
  for (const rel of OPEN) c.open(path.join(root, rel), edited(rel));
  const coverage = await c.coverage();
  await c.barrier(root);
  return { c, coverage };
}

describe('initial scan over the two-thread threshold', () => {
  let root;
  let two;
  let one;
  let plain;
  before(async () => {
    ({ root } = writeBigWorkspace());
    two = await scanned(root, { ATTEST_THREADS: '2' }); // the second thread is opt-in
    one = await scanned(root, { ATTEST_THREADS: '1' });
    plain = await scanned(root, {});
  });
  after(async () => {
    await two?.c.shutdown();
    await one?.c.shutdown();
    await plain?.c.shutdown();
    removeBigWorkspace(root);
  });

  test('the second thread did a share, and nothing failed', async () => {
    const note = await two.c.waitForMessage('window/logMessage', (p) => /second thread/.test(p.message));
    const [, files, share] = /indexed (\d+) files .* (\d+) of them/.exec(note.message);
    assert.ok(Number(share) > 0 && Number(share) < Number(files), note.message);
    assert.ok(!one.c.logs.some((l) => /second thread/.test(l)), 'ATTEST_THREADS=1: one thread');
    assert.ok(!plain.c.logs.some((l) => /second thread/.test(l)), 'the server by default: one thread');
    for (const c of [one.c, two.c]) assert.ok(!c.logs.some((l) => /failed|stopped/.test(l)), c.logs.join('\n'));
  });

  test('the same diagnostics for every file, and the same coverage', () => {
    assert.ok(two.c.diagnostics.size > 1000);
    assert.deepEqual(new Map([...two.c.diagnostics].sort()), new Map([...one.c.diagnostics].sort()));
    assert.deepEqual(two.coverage, one.coverage);
    assert.deepEqual(new Map([...plain.c.diagnostics].sort()), new Map([...one.c.diagnostics].sort()));
  });

  test('files open in the editor were indexed with their unsaved text', async () => {
    for (const rel of OPEN) {
      const d = two.c.diagnostics.get(`${new URL(`file://${path.join(root, rel)}`).href}`);
      assert.ok(d?.some((x) => x.code === 'unknown-criterion' && x.message.includes('ZZ9.9')), rel);
    }
    const symbols = await two.c.request('workspace/symbol', { query: 'OPEN-c0' });
    assert.equal(new Set(symbols.map((s) => s.name)).size, OPEN.length);
  });
});
