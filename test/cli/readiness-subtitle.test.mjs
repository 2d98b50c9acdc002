// The readiness report's subtitle names every framework of the project, each with its figure
// (the numbers of `attest coverage --framework`); with one framework it reads as before.
import { test, describe, after } from 'node:test';
import assert from 'node:assert/strict';
import { EXAMPLE, removeDir, runCli, runCliOnce, runJsonOnce, tempWorkspace } from '../helpers/attest.mjs';

/** covered / (in scope - excluded) of one framework, as `attest coverage --framework` counts it. */
function figure(root, fw) {
  const t = runJsonOnce(['coverage', root, '--format', 'json', '--framework', fw]).json.totals;
  return `${t.covered} of ${t.inScope - t.excluded}`;
}

describe('readiness report subtitle', () => {
  test('the example: the three frameworks, the primary first, each with its figure, in Markdown and HTML', () => {
    const md = runCliOnce(['report', EXAMPLE, '--format', 'markdown']).stdout.split('\n')[2];
    const [tsc, iso, csf] = ['tsc-2017', 'iso27001-2022', 'nist-csf-2.0'].map((fw) => figure(EXAMPLE, fw));
    assert.equal(md, `SOC 2 Type II readiness assessment against tsc-2017, iso27001-2022 and nist-csf-2.0, audit period 2026-01-01 to 2026-12-31. In-scope criteria covered: tsc-2017 ${tsc}, iso27001-2022 ${iso}, nist-csf-2.0 ${csf}.`);
    const html = runCliOnce(['report', EXAMPLE, '--format', 'html']).stdout;
    const sub = /<p class="subtitle">(.*?)<\/p>/.exec(html)?.[1] ?? '';
    assert.equal(sub.replace(/<[^>]+>/g, ''), md);
    assert.match(sub, /<span class="id">iso27001-2022<\/span>/, 'each id marked as one (it never breaks across lines)');
  });

  describe('a project of two frameworks, and one of one', () => {
    const two = tempWorkspace({
      'attest.yaml': 'organization: Acme\nframeworks: [tsc-2017, iso27001-2022]\n',
      'controls/access.yaml': 'id: AC-04\ntitle: Access review\nowner: security\ncriteria:\n  tsc-2017: [CC6.2]\n  iso27001-2022: [A.5.18]\n',
    });
    const one = tempWorkspace({
      'attest.yaml': 'organization: Acme\nframework: tsc-2017\n',
      'controls/access.yaml': 'id: AC-04\ntitle: Access review\nowner: security\ncriteria: [CC6.2]\n',
    });
    after(() => {
      removeDir(two);
      removeDir(one);
    });

    test('two: "against A and B", both figures', () => {
      const r = runCli(['report', two, '--format', 'markdown']);
      assert.equal(r.status, 0, r.stderr);
      assert.equal(r.stdout.split('\n')[2], `SOC 2 Type I readiness assessment against tsc-2017 and iso27001-2022. In-scope criteria covered: tsc-2017 ${figure(two, 'tsc-2017')}, iso27001-2022 1 of 93.`);
    });

    test('one: as before', () => {
      const r = runCli(['report', one, '--format', 'markdown']);
      assert.equal(r.stdout.split('\n')[2], `SOC 2 Type I readiness assessment against tsc-2017. ${figure(one, 'tsc-2017')} in-scope criteria covered.`);
    });
  });
});
