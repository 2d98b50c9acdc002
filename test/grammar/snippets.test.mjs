// The snippet files: well-formed VS Code snippets whose expansion (every placeholder at
// its default, every choice at its first option) is a valid Attest control, register,
// configuration or policy, and whose ids the injection grammar then marks.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { createTokenizer, marks, miniGrammarFiles, projectRoot } from './fixtures/textmate.mjs';

const readJson = (rel) => JSON.parse(fs.readFileSync(path.join(projectRoot, rel), 'utf8'));
const controls = readJson('snippets/controls.json');
const policies = readJson('snippets/policies.json');

// The 61 criterion ids of the 2017 Trust Services Criteria.
const TSC_2017 = new Set([
  ...[5, 3, 4, 2, 3, 8, 5, 1, 2].flatMap((count, i) => Array.from({ length: count }, (_, j) => `CC${i + 1}.${j + 1}`)),
  'A1.1', 'A1.2', 'A1.3', 'C1.1', 'C1.2', 'PI1.1', 'PI1.2', 'PI1.3', 'PI1.4', 'PI1.5',
  'P1.1', 'P2.1', 'P3.1', 'P3.2', 'P4.1', 'P4.2', 'P4.3', 'P5.1', 'P5.2',
  'P6.1', 'P6.2', 'P6.3', 'P6.4', 'P6.5', 'P6.6', 'P6.7', 'P7.1', 'P8.1',
]);
const FREQUENCIES = ['continuous', 'daily', 'weekly', 'monthly', 'quarterly', 'semiannually', 'annually', 'on-event'];
// The values each key may take (formats.md), to check every choice placeholder against.
const CHOICES = {
  controls: {
    status: ['planned', 'implemented', 'retired'],
    type: ['preventive', 'detective', 'corrective'],
    automation: ['manual', 'automated', 'hybrid'],
    frequency: FREQUENCIES,
    report: ['type1', 'type2'],
    kind: ['infrastructure', 'software', 'data', 'people', 'procedures', 'vendor'],
    '-': ['availability', 'confidentiality', 'processing-integrity', 'privacy'], // categories: list items
  },
  policies: {
    status: ['draft', 'approved', 'retired'],
    review: FREQUENCIES,
  },
};
const VARIABLES = { CURRENT_YEAR: '2026', CURRENT_MONTH: '03', CURRENT_DATE: '09', TM_FILENAME_BASE: 'access-control' };
const DATE = /^\d{4}-\d{2}-\d{2}$/;

// ---------------------------------------------------------------- snippet syntax
/** Parses VS Code snippet syntax; throws on anything malformed (an unescaped `$`, an unclosed `${`). */
function parseSnippet(src) {
  let i = 0;
  const fail = (what) => {
    throw new SyntaxError(`${what} at ${i}: ${JSON.stringify(src.slice(Math.max(0, i - 20), i + 20))}`);
  };
  const expect = (ch) => (src[i] === ch ? i++ : fail(`expected "${ch}"`));
  const take = (re) => {
    const m = re.exec(src.slice(i));
    if (m) i += m[0].length;
    return m?.[0];
  };
  function nodes(stop) {
    const out = [];
    let text = '';
    while (i < src.length && src[i] !== stop) {
      if (src[i] === '\\' && '$}\\'.includes(src[i + 1])) {
        text += src[i + 1];
        i += 2;
      } else if (src[i] === '$') {
        if (text) out.push({ text });
        text = '';
        out.push(dollar());
      } else {
        text += src[i++];
      }
    }
    if (text) out.push({ text });
    return out;
  }
  function format() {
    const out = [];
    while (i < src.length && src[i] !== '/') {
      if (src[i] === '$') {
        i++;
        const group = take(/^\d+/) ?? (expect('{'), take(/^\d+/));
        if (group === undefined) fail('expected a group number');
        let modifier;
        if (src[i - group.length - 1] === '{') {
          if (take(/^:\//)) modifier = take(/^(upcase|downcase|capitalize)/) ?? fail('unknown format modifier');
          expect('}');
        }
        out.push({ group: Number(group), modifier });
      } else {
        if (src[i] === '\\') i++;
        out.push({ text: src[i++] });
      }
    }
    return out;
  }
  function dollar() {
    i++;
    const bare = take(/^\d+/) ?? take(/^[A-Z_][A-Z0-9_]*/);
    if (bare !== undefined) return /^\d/.test(bare) ? { stop: Number(bare) } : { variable: bare };
    expect('{');
    const stop = take(/^\d+/);
    if (stop !== undefined) {
      const node = { stop: Number(stop) };
      if (take(/^:/)) node.children = nodes('}');
      else if (take(/^\|/)) {
        const end = src.indexOf('|}', i);
        if (end < 0) fail('unclosed choice');
        node.options = src.slice(i, end).split(',');
        i = end + 1;
      }
      expect('}');
      return node;
    }
    const variable = take(/^[A-Z_][A-Z0-9_]*/) ?? fail('expected a tab stop or variable');
    const node = { variable };
    if (take(/^:/)) node.children = nodes('}');
    else if (take(/^\//)) {
      const source = nodes('/').map((n) => n.text ?? fail('no placeholders in a regex')).join('');
      expect('/');
      node.transform = { regex: source, format: format() };
      expect('/');
      node.transform.flags = take(/^[gimsuy]*/);
    }
    expect('}');
    return node;
  }
  const tree = nodes(undefined);
  if (i !== src.length) fail('unbalanced "}"');
  return tree;
}

/** Expands a snippet body: placeholders at their defaults, choices at their first option. */
function expand(body, variables = VARIABLES) {
  const tree = parseSnippet(body.join('\n'));
  const defaults = new Map();
  const render = (list) => list.map(one).join('');
  function one(node) {
    if ('text' in node) return node.text;
    if ('stop' in node) {
      const value = node.options?.[0] ?? (node.children ? render(node.children) : defaults.get(node.stop) ?? '');
      if ((node.options || node.children) && defaults.has(node.stop) && defaults.get(node.stop) !== value) {
        throw new Error(`tab stop ${node.stop} has two different defaults`);
      }
      if (node.options || node.children) defaults.set(node.stop, value);
      return value;
    }
    const value = variables[node.variable];
    if (value === undefined) {
      if (node.children) return render(node.children);
      throw new Error(`unknown snippet variable ${node.variable}`);
    }
    if (!node.transform) return value;
    const { regex, format, flags } = node.transform;
    return value.replace(new RegExp(regex, flags), (...groups) =>
      format.map((f) => {
        if ('text' in f) return f.text;
        const g = groups[f.group] ?? '';
        if (f.modifier === 'upcase') return g.toUpperCase();
        if (f.modifier === 'downcase') return g.toLowerCase();
        if (f.modifier === 'capitalize') return g.charAt(0).toUpperCase() + g.slice(1);
        return g;
      }).join(''),
    );
  }
  render(tree); // first pass: learn the defaults that mirrors ($2 after ${2:...}) repeat
  return render(tree);
}

test('the snippet expander itself: defaults, mirrors, choices, variables, transforms, escapes', () => {
  assert.equal(expand(['${1:a ${2:b}} $2 ${3|x,y|} $3 \\$5 $0']), 'a b b x x $5 ');
  assert.equal(expand(['$CURRENT_YEAR-${TM_FILENAME_BASE/(.*)/${1:/upcase}/}']), '2026-ACCESS-CONTROL');
  assert.equal(expand(['${TM_FILENAME_BASE/(.*)/${1:/capitalize}/}']), 'Access-control');
  assert.throws(() => expand(['costs $ 5']), SyntaxError);
  assert.throws(() => expand(['${1:open']), SyntaxError);
  assert.throws(() => expand(['$NO_SUCH_VARIABLE']), /unknown snippet variable/);
  assert.throws(() => expand(['${1:a} ${1:b}']), /two different defaults/);
});

// ---------------------------------------------------------------- shape of both files
for (const [file, snippets] of [['controls', controls], ['policies', policies]]) {
  test(`snippets/${file}.json: every snippet has an attest- prefix, a body and a description, and parses`, () => {
    assert.ok(Object.keys(snippets).length > 0);
    for (const [name, s] of Object.entries(snippets)) {
      assert.match(s.prefix, /^attest-[a-z0-9-]+$/, name);
      assert.ok(Array.isArray(s.body) && s.body.length > 0 && s.body.every((l) => typeof l === 'string'), name);
      assert.equal(typeof s.description, 'string', name);
      assert.ok(s.description.length > 10, `${name}: description`);
      assert.ok(s.body.join('\n').includes('$1') || s.body.join('\n').includes('${1'), `${name}: has a first tab stop`);
      expand(s.body);
    }
  });

  test(`snippets/${file}.json: every choice offers only values the format allows`, () => {
    let seen = 0;
    for (const [name, s] of Object.entries(snippets)) {
      for (const line of s.body) {
        for (const m of line.matchAll(/(?:^\s*(-) |(\w+): )\$\{\d+\|([^|]*)\|\}/g)) {
          const key = m[1] ?? m[2];
          const allowed = CHOICES[file][key];
          assert.ok(allowed, `${name}: a choice for "${key}", which has no known set of values`);
          for (const option of m[3].split(',')) assert.ok(allowed.includes(option), `${name}: ${key}: ${option}`);
          seen++;
        }
      }
    }
    assert.ok(seen > 0);
  });
}

test('prefixes are unique across both snippet files', () => {
  const prefixes = [...Object.values(controls), ...Object.values(policies)].map((s) => s.prefix);
  assert.deepEqual(prefixes, [...new Set(prefixes)]);
});

test('package.json, once it declares snippets, points yaml at controls.json and markdown at policies.json', (t) => {
  const declared = readJson('package.json').contributes?.snippets;
  if (!declared) return t.skip('package.json declares no snippets yet');
  const byPath = Object.fromEntries(declared.map((d) => [path.normalize(d.path), d.language]));
  assert.equal(byPath[path.normalize('./snippets/controls.json')], 'yaml');
  assert.equal(byPath[path.normalize('./snippets/policies.json')], 'markdown');
});

// ---------------------------------------------------------------- controls.json
const bySnippetPrefix = (snippets) => Object.fromEntries(Object.values(snippets).map((s) => [s.prefix, s]));
const controlSnippets = bySnippetPrefix(controls);

function assertControl(control, where) {
  for (const key of ['id', 'title', 'owner', 'status', 'type', 'automation', 'frequency', 'criteria']) {
    assert.ok(control[key] !== undefined && control[key] !== '', `${where}: ${key}`);
  }
  assert.doesNotMatch(control.id, /\s/, where);
  assert.ok(CHOICES.controls.status.includes(control.status), where);
  assert.ok(CHOICES.controls.type.includes(control.type), where);
  assert.ok(CHOICES.controls.automation.includes(control.automation), where);
  assert.ok(FREQUENCIES.includes(control.frequency), where);
  assert.ok(control.criteria.length > 0, where);
  for (const c of control.criteria) assert.ok(TSC_2017.has(c), `${where}: criterion ${c}`);
  assert.ok(Array.isArray(control.policies), `${where}: policies`);
}

describe('snippets/controls.json expands to valid Attest YAML', () => {
  test('attest-control is a whole control file, with dated evidence', () => {
    const doc = YAML.parse(expand(controlSnippets['attest-control'].body));
    assertControl(doc, 'attest-control');
    assert.ok(doc.description.trim().length > 20);
    assert.equal(doc.evidence.length, 1);
    assert.ok(doc.evidence[0].title);
    assert.match(String(doc.evidence[0].collected), DATE);
    assert.equal(doc.evidence[0].collected, '2026-03-09');
    assert.match(doc.evidence[0].link, /^https:\/\//);
  });

  test('attest-register holds controls, attest-register-entry is one list item of them', () => {
    const register = YAML.parse(expand(controlSnippets['attest-register'].body));
    assert.equal(register.controls.length, 1);
    assertControl(register.controls[0], 'attest-register');
    const entry = YAML.parse(expand(controlSnippets['attest-register-entry'].body));
    assert.ok(Array.isArray(entry) && entry.length === 1);
    assertControl(entry[0], 'attest-register-entry');
    assert.match(controlSnippets['attest-register-entry'].body[0], /^- id: /);
  });

  test('attest-evidence and attest-exception are dated list items', () => {
    const [evidence] = YAML.parse(expand(controlSnippets['attest-evidence'].body));
    assert.deepEqual(Object.keys(evidence), ['title', 'collected', 'link']);
    assert.equal(evidence.collected, '2026-03-09');
    const [exception] = YAML.parse(expand(controlSnippets['attest-exception'].body));
    assert.match(String(exception.raised), DATE);
    assert.match(String(exception.due), DATE);
    assert.ok(exception.summary);
    assert.equal(exception.resolved, undefined, 'an exception starts open');
  });

  test('attest-config is an attest.yaml: tsc-2017, categories, report, period, exclude', () => {
    const config = YAML.parse(expand(controlSnippets['attest-config'].body));
    assert.equal(config.framework, 'tsc-2017');
    assert.ok(config.categories.includes('security'));
    for (const c of config.categories) assert.ok(['security', ...CHOICES.controls['-']].includes(c), c);
    assert.ok(CHOICES.controls.report.includes(config.report));
    assert.match(String(config.period.start), DATE);
    assert.match(String(config.period.end), DATE);
    assert.ok(String(config.period.start) < String(config.period.end));
    assert.ok(config.exclude.length > 0);
    for (const e of config.exclude) {
      assert.ok(TSC_2017.has(e.criterion), e.criterion);
      assert.ok(e.reason && e.reason.length > 10, 'an exclusion needs a reason');
    }
  });

  test('attest-exclusion and attest-system are list items of attest.yaml', () => {
    const [exclusion] = YAML.parse(expand(controlSnippets['attest-exclusion'].body));
    assert.ok(TSC_2017.has(exclusion.criterion));
    assert.ok(exclusion.reason);
    const [system] = YAML.parse(expand(controlSnippets['attest-system'].body));
    assert.doesNotMatch(system.id, /\s/);
    assert.ok(CHOICES.controls.kind.includes(system.kind));
    assert.ok(system.name && system.owner);
  });

  test('the injection grammar marks the ids of an expanded control', async () => {
    const tokenize = createTokenizer(miniGrammarFiles);
    const tokens = await tokenize('source.yaml', expand(controlSnippets['attest-control'].body));
    assert.deepEqual(
      marks(tokens).map(([, text, scope]) => [text, scope]),
      [
        ['AC-01', 'entity.name.function.control.attest'],
        ['CC6.1', 'constant.other.criterion.attest'],
        ['POL-ACCESS', 'entity.name.type.policy.attest'],
      ],
    );
  });
});

// ---------------------------------------------------------------- policies.json
// Each template, and criteria it must map (more are welcome).
const TEMPLATES = {
  'attest-policy-infosec': ['CC1.1', 'CC2.2', 'CC5.3'],
  'attest-policy-access': ['CC6.1', 'CC6.2', 'CC6.3'],
  'attest-policy-change': ['CC8.1'],
  'attest-policy-incident': ['CC7.3', 'CC7.4', 'CC7.5'],
  'attest-policy-bcdr': ['CC9.1', 'A1.2', 'A1.3'],
  'attest-policy-vendor': ['CC9.2'],
  'attest-policy-data': ['C1.1', 'C1.2'],
  'attest-policy-aup': ['CC1.1', 'CC2.2'],
  'attest-policy-risk': ['CC3.1', 'CC3.2', 'CC3.3', 'CC3.4'],
  'attest-policy-encryption': ['CC6.1', 'CC6.7'],
};
const policySnippets = bySnippetPrefix(policies);

function splitPolicy(text) {
  const m = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(text);
  assert.ok(m, 'front matter between the first two --- lines');
  return { front: YAML.parse(m[1]), body: m[2] };
}

function assertPolicyFrontMatter(front, where) {
  assert.match(front.id, /^POL-[A-Z0-9][A-Z0-9-]*$/, where);
  assert.ok(front.title, where);
  assert.ok(front.owner, where);
  assert.equal(typeof front.version, 'string', `${where}: version is a quoted string`);
  assert.ok(CHOICES.policies.status.includes(front.status), where);
  assert.equal(front.status, 'draft', `${where}: a new policy starts as a draft`);
  assert.match(String(front.approved), DATE, where);
  assert.ok(FREQUENCIES.includes(front.review), where);
  assert.ok(Array.isArray(front.criteria), where);
  for (const c of front.criteria) assert.ok(TSC_2017.has(c), `${where}: criterion ${c}`);
}

describe('snippets/policies.json expands to valid Attest policies', () => {
  test('attest-policy is a blank policy named after its file', () => {
    const { front, body } = splitPolicy(expand(policySnippets['attest-policy'].body));
    assertPolicyFrontMatter(front, 'attest-policy');
    assert.equal(front.id, 'POL-ACCESS-CONTROL');
    assert.equal(front.title, 'Access-control Policy');
    assert.deepEqual(front.criteria, []);
    assert.match(body, /^# Access-control Policy$/m);
  });

  test('there is a template for each policy a SOC 2 program needs, each with its own id', () => {
    assert.deepEqual(
      Object.keys(policySnippets).filter((p) => p !== 'attest-policy').sort(),
      Object.keys(TEMPLATES).sort(),
    );
    const ids = Object.keys(TEMPLATES).map((p) => splitPolicy(expand(policySnippets[p].body)).front.id);
    assert.deepEqual(ids, [...new Set(ids)]);
  });

  for (const [prefix, required] of Object.entries(TEMPLATES)) {
    test(`${prefix}: front matter with the right criteria, and a body with guidance and tab stops`, () => {
      const snippet = policySnippets[prefix];
      assert.ok(snippet, `${prefix} missing`);
      const { front, body } = splitPolicy(expand(snippet.body));
      assertPolicyFrontMatter(front, prefix);
      for (const c of required) assert.ok(front.criteria.includes(c), `${prefix} should map ${c}`);
      assert.equal(new Set(front.criteria).size, front.criteria.length, `${prefix}: no duplicate criterion`);
      // The body: titled like the front matter, in sections, with real sentences.
      assert.match(body, new RegExp(`^# ${front.title}$`, 'm'));
      const sections = body.match(/^## .+$/gm) ?? [];
      assert.ok(sections.includes('## Purpose'), `${prefix}: ## Purpose`);
      assert.ok(sections.length >= 4, `${prefix}: sections ${sections}`);
      const sentences = body.split(/[.!?](?:\s|$)/).filter((s) => s.trim().split(/\s+/).length >= 6);
      assert.ok(sentences.length >= 8, `${prefix}: only ${sentences.length} sentences of guidance`);
      // Tab stops in the body, beyond the front matter's, for the organisation's own values.
      const bodyLines = snippet.body.slice(snippet.body.indexOf('---', 1) + 1).join('\n');
      const bodyStops = new Set([...bodyLines.matchAll(/\$\{(\d+):/g)].map((m) => m[1]));
      assert.ok(bodyStops.size >= 2, `${prefix}: tab stops in the body: ${[...bodyStops]}`);
      assert.ok(snippet.body.includes('$0') || snippet.body.at(-1).includes('$0'), `${prefix}: ends at $0`);
    });
  }

  test('the injection grammar marks the front matter ids of every expanded template, and nothing in its body', async () => {
    const tokenize = createTokenizer(miniGrammarFiles);
    for (const prefix of Object.keys(TEMPLATES)) {
      const text = expand(policySnippets[prefix].body);
      const { front } = splitPolicy(text);
      const tokens = await tokenize('text.html.markdown', text);
      assert.deepEqual(
        marks(tokens).map(([, id, scope]) => [id, scope]),
        [
          [front.id, 'entity.name.type.policy.attest'],
          ...front.criteria.map((c) => [c, 'constant.other.criterion.attest']),
        ],
        prefix,
      );
    }
  });
});
