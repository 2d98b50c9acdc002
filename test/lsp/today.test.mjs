// ATTEST_TODAY that is not a date: the server says so and judges by the real date.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tempWorkspace } from '../helpers/workspaces.mjs';
import { TestClient } from '../helpers/lsp.mjs';

test('a bad ATTEST_TODAY shows an error message naming the variable, and the server still works', async () => {
  const root = tempWorkspace({ 'controls/a.yaml': 'id: A-1\ntitle: A\nowner: sec\ncriteria: [CC6.1]\n' });
  const c = new TestClient({ env: { ATTEST_TODAY: '2026-13-45' } });
  try {
    await c.initialize(root);
    const msg = await c.waitForMessage('window/showMessage');
    assert.equal(msg.type, 1, 'an error');
    assert.match(msg.message, /ATTEST_TODAY/);
    assert.match(msg.message, /2026-13-45/);
    const cov = await c.coverage();
    assert.equal(cov.categories.flatMap((x) => x.criteria).find((x) => x.id === 'CC6.1').status, 'covered');
  } finally {
    await c.shutdown();
  }
});

test('a valid ATTEST_TODAY shows no message', async () => {
  const root = tempWorkspace({ 'controls/a.yaml': 'id: A-1\ntitle: A\nowner: sec\ncriteria: [CC6.1]\n' });
  const c = await TestClient.indexed(root);
  try {
    await c.barrier(root);
    assert.deepEqual(c.notifications.filter((n) => n.method === 'window/showMessage'), []);
  } finally {
    await c.shutdown();
  }
});
