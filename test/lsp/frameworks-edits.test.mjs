// Typing a mapping under another framework's key moves that framework's coverage at once (the
// coverage answer is not served from a cache that only watched the primary framework's ids).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { TestClient } from '../helpers/lsp.mjs';
import { tempCopy } from '../helpers/workspaces.mjs';
import { EXAMPLE } from '../helpers/paths.mjs';

const statusIn = (cov, framework, id) => cov.frameworks?.find((f) => f.id === framework)?.categories.flatMap((x) => x.criteria).find((x) => x.id === id)?.status;

test('an id added under iso27001-2022: covers it in the next attest/coverage, and removing it uncovers it', async () => {
  const root = tempCopy(EXAMPLE);
  const c = await TestClient.indexed(root);
  try {
    const file = path.join(root, 'controls/access/AC-01-sso-mfa.yaml');
    const text = fs.readFileSync(file, 'utf8');
    assert.match(text, /criteria: \[CC6\.1\]/);
    for (const limit of [undefined, 25]) assert.equal(statusIn(await c.request('attest/coverage', limit ? { limit } : {}), 'iso27001-2022', 'A.8.5'), 'uncovered');
    c.open(file, text);
    c.change(file, text.replace('criteria: [CC6.1]', 'criteria:\n  tsc-2017: [CC6.1]\n  iso27001-2022: [A.8.5]'));
    await c.barrier(root);
    for (const limit of [undefined, 25]) {
      const cov = await c.request('attest/coverage', limit ? { limit } : {});
      assert.equal(statusIn(cov, 'iso27001-2022', 'A.8.5'), 'covered', `limit ${limit}`);
      assert.equal(statusIn(cov, 'tsc-2017', 'CC6.1'), 'covered');
    }
    c.change(file, text);
    await c.barrier(root);
    assert.equal(statusIn(await c.request('attest/coverage', { limit: 25 }), 'iso27001-2022', 'A.8.5'), 'uncovered');
  } finally {
    await c.shutdown();
  }
});
