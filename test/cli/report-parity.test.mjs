// The editor and the command line hand over the same documents: the language server's
// `attest/report` answers, for the readiness report and the OSCAL exports, exactly what
// `attest report` and `attest export` print for the project folder (both built on the coverage
// the tree and the status bar show).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { EXAMPLE, FIXTURES, runCli } from '../helpers/attest.mjs';
import { TestClient } from '../lsp/client.mjs';

const CASES = [
  ['readiness-html', ['report', '--format', 'html']],
  ['readiness-markdown', ['report', '--format', 'markdown']],
  ['oscal-catalog', ['export', '--format', 'oscal-catalog']],
  ['oscal-component', ['export', '--format', 'oscal-component']],
  ['oscal-poam', ['export', '--format', 'oscal-poam']],
];

let client;
before(async () => {
  client = await TestClient.indexed(EXAMPLE);
});
after(() => client?.shutdown());

for (const [format, [command, ...options]] of CASES) {
  test(`attest/report ${format} = attest ${command} ${options.join(' ')}`, async () => {
    const { content } = await client.request('attest/report', { format });
    const cli = runCli([command, EXAMPLE, ...options]);
    assert.equal(cli.status, 0, cli.stderr);
    assert.equal(content, cli.stdout);
  });
}

test('attest/report keeps the coverage formats and names every format when given another', async () => {
  const { content } = await client.request('attest/report', {});
  assert.equal(content, runCli(['coverage', EXAMPLE, '--format', 'markdown']).stdout);
  await assert.rejects(client.request('attest/report', { format: 'pdf' }), (e) => /readiness-html/.test(e.message) && /oscal-poam/.test(e.message));
});

test('a project with files that have errors: the same report in the editor', async () => {
  const folder = `${FIXTURES}/cli-errors`;
  const c = await TestClient.indexed(folder);
  try {
    const { content } = await c.request('attest/report', { format: 'readiness-markdown' });
    assert.equal(content, runCli(['report', folder, '--format', 'markdown']).stdout);
    assert.match(content, /## Files with errors/);
  } finally {
    await c.shutdown();
  }
});
