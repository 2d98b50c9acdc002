// The extension-host test entry (extensionTestsPath): runs the suites with mocha, inside a real
// VS Code (code-server, or @vscode/test-electron) whose workspace is a copy of examples/acme-saas,
// or, with ATTEST_E2E_SUITE=monorepo, a copy of test/e2e/workspaces/monorepo (two projects).
// Bundled by scripts/real-vscode/build-tests.mjs into dist/test/suite/index.js.
import Mocha from 'mocha';
import { activationSuite } from './activation.test';
import { commandsSuite } from './commands.test';
import { coverageSuite } from './coverage.test';
import { frameworksSuite } from './frameworks.test';
import { handoffSuite } from './handoff.test';
import { languageSuite } from './language.test';
import { monorepoSuite } from './monorepo.test';
import { treeSuite } from './tree.test';

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 60_000, reporter: 'spec' });
  const grep = process.env.ATTEST_E2E_GREP;
  if (grep) mocha.grep(grep);
  // Expose describe/it/before… as globals for the suites, then define them.
  mocha.suite.emit('pre-require', globalThis, 'attest-e2e', mocha);
  if (process.env.ATTEST_E2E_SUITE === 'monorepo') {
    monorepoSuite();
  } else {
    activationSuite();
    treeSuite();
    frameworksSuite();
    languageSuite();
    coverageSuite();
    handoffSuite();
    commandsSuite();
  }
  return new Promise((resolve, reject) => {
    mocha.run((failures) => (failures ? reject(new Error(`${failures} extension test(s) failed`)) : resolve()));
  });
}
