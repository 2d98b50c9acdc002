// The Attest injection grammar, run through the real TextMate engine (vscode-textmate on
// vscode-oniguruma) over the test-subset YAML and Markdown grammars in fixtures/, and over
// VS Code's own YAML and Markdown grammars when a copy of VS Code is on the machine.
import { describe, test, before } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {
  createTokenizer,
  marks,
  scopesAt,
  isAttestScope,
  baseScopesOutsideMarks,
  miniGrammarFiles,
  vscodeGrammarFiles,
  fixturesDir,
  injectionPath,
  injectionTargets,
  INJECTION_SCOPE,
} from './fixtures/textmate.mjs';

const CRITERION = 'constant.other.criterion.attest';
const POLICY = 'entity.name.type.policy.attest';
const CONTROL = 'entity.name.function.control.attest';
const YAML = 'source.yaml';
const MARKDOWN = 'text.html.markdown';

// Every fixture, its root scope, and every id it must mark: [line (1-based), text, scope].
// Anything marked beyond these fails the "exactly these" test below.
const FIXTURES = {
  'control.yaml': [YAML, [
    [2, 'AC-04', CONTROL],
    [13, 'CC6.1', CRITERION],
    [13, 'CC6.2', CRITERION],
    [13, 'CC6.3', CRITERION],
    [14, 'POL-ACCESS', POLICY],
  ]],
  'register.yaml': [YAML, [
    [2, 'AC-07', CONTROL],
    [6, 'CC6.2', CRITERION],
    [7, 'CC6.3', CRITERION],
    [9, 'POL-ACCESS', POLICY],
    [10, 'POL-HR-01', POLICY],
    [11, 'CC6.1', CRITERION],
    [11, 'A1.2', CRITERION],
    [11, 'P4.3', CRITERION],
    [12, 'OPS_12', CONTROL],
    [14, 'CC7.1', CRITERION],
    [15, 'PI1.4', CRITERION],
  ]],
  'attest-config.yaml': [YAML, [
    [10, 'CC9.2', CRITERION],
  ]],
  'lookalikes.yaml': [YAML, [
    [21, 'CC6.1', CRITERION],
  ]],
  'policy.md': [MARKDOWN, [
    [2, 'POL-ACCESS', POLICY],
    [9, 'CC6.1', CRITERION],
    [9, 'CC6.2', CRITERION],
    [9, 'CC6.3', CRITERION],
    [12, 'CC6.7', CRITERION],
    [26, 'CC7.1', CRITERION],
  ]],
};

const readFixture = (name) => fs.readFileSync(path.join(fixturesDir, name), 'utf8');

test('the injection grammar declares its scope and where it applies', () => {
  const grammar = JSON.parse(fs.readFileSync(injectionPath, 'utf8'));
  assert.equal(grammar.scopeName, INJECTION_SCOPE);
  const selectors = grammar.injectionSelector.split(',').map((s) => s.trim());
  assert.ok(selectors.some((s) => s.startsWith('source.yaml ')), grammar.injectionSelector);
  assert.ok(selectors.some((s) => s.startsWith('text.html.markdown meta.embedded.block.frontmatter ')), grammar.injectionSelector);
  for (const s of selectors) {
    assert.match(s, / -comment\b/, `every selector keeps comments out: ${s}`);
    // No L: priority: with it the injection beats a YAML region's end at the same position
    // (see "leaves the base tokenization ... unchanged" below, which then fails).
    assert.doesNotMatch(s, /^[LR]:/, s);
  }
  assert.deepEqual([...injectionTargets()].sort(), [YAML, MARKDOWN]);
});

test('long lines of capitalised words and id-like tokens under other keys: nothing marked, base tokens unchanged', async () => {
  // The id patterns use lookbehinds of unbounded length, which such lines make expensive; how
  // long they take is measured by bench/grammar.mjs. Here: what they tokenize to.
  const words = 'Lorem Ipsum Dolor, Sit Amet AB-1 CC6.1 POL-X '.repeat(25);
  const text = Array.from({ length: 40 }, (_, i) => `key${i}: ${words}\n- ${words}`).join('\n');
  const withIt = await createTokenizer(miniGrammarFiles)(YAML, text);
  const without = await createTokenizer(miniGrammarFiles, { inject: false })(YAML, text);
  assert.deepEqual(marks(withIt), []);
  assert.deepEqual(baseScopesOutsideMarks(withIt, withIt), baseScopesOutsideMarks(without, withIt));
});

const grammarSets = [{ name: 'test-subset YAML and Markdown grammars', files: miniGrammarFiles }];
const vscode = vscodeGrammarFiles();
if (vscode) {
  grammarSets.push({ name: `VS Code's own YAML and Markdown grammars (${vscode.dir})`, files: vscode.files });
} else {
  test("VS Code's own YAML and Markdown grammars", {
    skip: 'no copy of VS Code found; set ATTEST_VSCODE_EXTENSIONS to its extensions folder to run these too',
  }, () => {});
}

for (const set of grammarSets) {
  describe(`injection over ${set.name}`, () => {
    const tokens = {};
    const plainTokens = {};
    before(async () => {
      const tokenize = createTokenizer(set.files);
      const tokenizeWithout = createTokenizer(set.files, { inject: false });
      for (const [name, [scope]] of Object.entries(FIXTURES)) {
        tokens[name] = await tokenize(scope, readFixture(name));
        plainTokens[name] = await tokenizeWithout(scope, readFixture(name));
      }
    });

    /** The id is one token of its own, with `scope`. */
    function assertMarked(file, line, id, scope, occurrence = 0) {
      const at = scopesAt(tokens[file], line, id, occurrence);
      assert.equal(at.token, id, `${file}:${line} "${id}" should be a token of its own`);
      assert.ok(at.scopes.includes(scope), `${file}:${line} "${id}" should have ${scope}, has ${at.scopes.join(' ')}`);
    }
    /** The text carries no Attest scope; returns its scopes for further checks. */
    function assertPlain(file, line, text, occurrence = 0) {
      const at = scopesAt(tokens[file], line, text, occurrence);
      assert.deepEqual(at.scopes.filter(isAttestScope), [], `${file}:${line} "${text}" should not be marked (token "${at.token}")`);
      return at.scopes;
    }

    test('criterion ids in flow lists, quoted or not', () => {
      assertMarked('control.yaml', 13, 'CC6.1', CRITERION);
      assertMarked('control.yaml', 13, 'CC6.2', CRITERION);
      assertMarked('control.yaml', 13, 'CC6.3', CRITERION);
      assertMarked('policy.md', 9, 'CC6.2', CRITERION);
    });

    test('criterion ids in block lists', () => {
      assertMarked('register.yaml', 6, 'CC6.2', CRITERION);
      assertMarked('register.yaml', 7, 'CC6.3', CRITERION);
      assertMarked('policy.md', 12, 'CC6.7', CRITERION);
    });

    test('criterion ids under satisfies:, as criterion: values and in multi-line flow lists', () => {
      assertMarked('register.yaml', 11, 'CC6.1', CRITERION);
      assertMarked('register.yaml', 11, 'A1.2', CRITERION);
      assertMarked('register.yaml', 11, 'P4.3', CRITERION);
      assertMarked('attest-config.yaml', 10, 'CC9.2', CRITERION);
      assertMarked('register.yaml', 14, 'CC7.1', CRITERION);
      assertMarked('register.yaml', 15, 'PI1.4', CRITERION);
      assertMarked('lookalikes.yaml', 21, 'CC6.1', CRITERION);
    });

    test('policy ids as values: id:, policies: lists, quoted', () => {
      assertMarked('control.yaml', 14, 'POL-ACCESS', POLICY);
      assertMarked('register.yaml', 9, 'POL-ACCESS', POLICY);
      assertMarked('register.yaml', 10, 'POL-HR-01', POLICY);
      assertMarked('policy.md', 2, 'POL-ACCESS', POLICY);
    });

    test('control ids as the value of id:', () => {
      assertMarked('control.yaml', 2, 'AC-04', CONTROL);
      assertMarked('register.yaml', 2, 'AC-07', CONTROL);
      assertMarked('register.yaml', 12, 'OPS_12', CONTROL);
      // a policy's id is a policy id, not a control id
      const policyId = scopesAt(tokens['policy.md'], 2, 'POL-ACCESS').scopes;
      assert.ok(!policyId.includes(CONTROL), policyId.join(' '));
    });

    test('control ids nowhere but id:, and not ids of other shapes', () => {
      assertPlain('lookalikes.yaml', 20, 'AC-04'); // not-id: AC-04
      assertPlain('lookalikes.yaml', 17, 'build'); // a CI step id
      assertPlain('lookalikes.yaml', 18, 'ac-04');
      assertPlain('attest-config.yaml', 13, 'api'); // a system id
      assertPlain('policy.md', 21, 'AC-04'); // markdown body
    });

    test('not inside URLs', () => {
      assertPlain('control.yaml', 18, 'CC6.1');
      assertPlain('lookalikes.yaml', 1, 'CC6.1');
      assertPlain('lookalikes.yaml', 2, 'CC6.1');
      assertPlain('policy.md', 23, 'CC6.1');
    });

    test('not in comments', () => {
      for (const [file, line, text] of [
        ['control.yaml', 1, 'CC6.1'],
        ['control.yaml', 1, 'POL-ACCESS'],
        ['control.yaml', 13, 'CC9.9'],
        ['lookalikes.yaml', 7, 'CC6.1'],
        ['lookalikes.yaml', 8, 'CC6.1'],
        ['policy.md', 3, 'CC6.9'],
      ]) {
        const scopes = assertPlain(file, line, text);
        assert.ok(scopes.some((s) => s.startsWith('comment.')), `${file}:${line} "${text}" should be in a comment: ${scopes.join(' ')}`);
      }
    });

    test('not inside longer words, longer ids or version strings', () => {
      for (const text of ['XCC6.1', 'ACC6.1', 'CC6.10.3', 'CC6.1x', 'CC6.1.2', 'POL-']) assertPlain('lookalikes.yaml', 3, text);
      assertPlain('lookalikes.yaml', 4, '1.2'); // version: v1.2
    });

    test('not in prose values, nor as mapping keys', () => {
      assertPlain('lookalikes.yaml', 2, 'CC6.2'); // "see CC6.2"
      assertPlain('lookalikes.yaml', 5, 'CC6.1');
      assertPlain('lookalikes.yaml', 5, 'POL-ACCESS');
      assertPlain('lookalikes.yaml', 6, 'CC6.1'); // a comma in a block value is not a list
      assertPlain('lookalikes.yaml', 14, 'CC6.1');
      assertPlain('lookalikes.yaml', 15, 'POL-ACCESS');
      assertPlain('lookalikes.yaml', 19, 'POL-access');
      assertPlain('register.yaml', 19, 'CC6.2');
      assertPlain('register.yaml', 19, 'POL-ACCESS');
      assertPlain('attest-config.yaml', 11, 'CC9.1');
    });

    test('not in block scalars (| and >)', () => {
      for (const [file, line, text] of [
        ['control.yaml', 5, 'CC6.1'],
        ['control.yaml', 7, 'CC6.3'],
        ['lookalikes.yaml', 10, 'CC6.1'],
        ['lookalikes.yaml', 11, 'CC6.2'],
        ['lookalikes.yaml', 12, 'AC-01'],
        ['lookalikes.yaml', 13, 'POL-ACCESS'],
      ]) {
        const scopes = assertPlain(file, line, text);
        assert.ok(scopes.some((s) => s.startsWith('string.unquoted.block')), `${file}:${line} "${text}" should be block scalar text: ${scopes.join(' ')}`);
      }
    });

    test('not in the Markdown body of a policy, only in its front matter and YAML code blocks', () => {
      assertPlain('policy.md', 16, 'CC6.1');
      assertPlain('policy.md', 16, 'CC6.2');
      assertPlain('policy.md', 16, 'POL-ACCESS');
      assertPlain('policy.md', 18, 'CC6.3'); // a Markdown list item
      assertPlain('policy.md', 19, 'POL-ACCESS');
      assertPlain('policy.md', 20, 'CC6.4');
      assertPlain('policy.md', 31, 'CC8.1'); // after a later --- rule
      assertMarked('policy.md', 9, 'CC6.1', CRITERION);
      assert.ok(scopesAt(tokens['policy.md'], 9, 'CC6.1').scopes.includes('meta.embedded.block.frontmatter'));
      assertMarked('policy.md', 26, 'CC7.1', CRITERION);
    });

    test('exactly the expected ids are marked in every fixture', () => {
      for (const [name, [, expected]] of Object.entries(FIXTURES)) {
        assert.deepEqual(marks(tokens[name]), expected, name);
      }
    });

    test('the marks come from the injection: without it nothing is marked', () => {
      for (const name of Object.keys(FIXTURES)) assert.deepEqual(marks(plainTokens[name]), [], name);
    });

    test('the injection leaves the base tokenization of everything else unchanged', () => {
      for (const name of Object.keys(FIXTURES)) {
        const withIt = baseScopesOutsideMarks(tokens[name], tokens[name]);
        const without = baseScopesOutsideMarks(plainTokens[name], tokens[name]);
        assert.deepEqual(withIt, without, name);
      }
    });
  });
}
