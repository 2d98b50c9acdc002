// `attest init` as a real process: the files it writes, that `attest check` accepts them, that
// it never overwrites an attest.yaml, and that its policies are the editor's policy templates.
import { test, describe, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import YAML from 'yaml';
import { runCli, runJson, removeDir, tempDir, ROOT } from '../helpers/attest.mjs';

const ALL = ['security', 'availability', 'processing-integrity', 'confidentiality', 'privacy'];
const scratch = tempDir('attest-init-');
after(() => removeDir(scratch));
let n = 0;
/** A path inside the scratch folder that does not exist yet. */
const fresh = () => path.join(scratch, `p${++n}`);

/** Every file under `dir`, relative, with `/`. */
function listFiles(dir) {
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath ?? e.path, e.name)).split(path.sep).join('/'))
    .sort();
}

const read = (dir, rel) => fs.readFileSync(path.join(dir, rel), 'utf8');

function frontMatter(text) {
  const m = /^---\n([\s\S]*?)\n---\n/.exec(text);
  assert.ok(m, 'front matter between the first two --- lines');
  return YAML.parse(m[1]);
}

// The policy templates of the editor: snippets/policies.json, entries attest-policy-*.
const snippets = JSON.parse(fs.readFileSync(path.join(ROOT, 'snippets/policies.json'), 'utf8'));
const templates = Object.entries(snippets).filter(([, s]) => s.prefix.startsWith('attest-policy-'));

/** `attest init` into a new folder; returns the folder and the process result. */
function init(args = [], { today = '2026-03-09', env } = {}) {
  const dir = fresh();
  const r = runCli(['init', dir, ...args], { today, env });
  return { dir, ...r };
}

describe('attest init writes a project', () => {
  const { dir, status, stdout, stderr } = init();

  test('attest.yaml, one example control and one policy per template, in a folder it creates', () => {
    assert.equal(status, 0, stderr);
    const files = listFiles(dir);
    assert.ok(files.includes('attest.yaml'));
    const controls = files.filter((f) => f.startsWith('controls/'));
    const policies = files.filter((f) => f.startsWith('policies/'));
    assert.equal(controls.length, 1, files.join(', '));
    assert.equal(policies.length, templates.length);
    assert.equal(files.length, 1 + controls.length + policies.length, files.join(', '));
    for (const f of files) assert.match(stdout, new RegExp(`^  ${f.replace(/[.*]/g, '\\$&')}$`, 'm'), `${f} listed in the output`);
  });

  test('attest.yaml: tsc-2017, security, type1 by default, and commented examples to learn the format from', () => {
    const text = read(dir, 'attest.yaml');
    const config = YAML.parse(text);
    assert.equal(config.framework, 'tsc-2017');
    assert.deepEqual(config.categories, ['security']);
    assert.equal(config.report, 'type1');
    assert.equal(config.period, undefined, 'a type1 report has no period');
    assert.equal(typeof config.organization, 'string');
    // Commented out, so they change nothing until the user uncomments them.
    assert.equal(config.exclude, undefined);
    assert.equal(config.rules, undefined);
    for (const key of ['period', 'exclude', 'rules']) assert.match(text, new RegExp(`^# ${key}:`, 'm'), `a commented ${key} example`);
    const comments = text.split('\n').filter((l) => l.startsWith('#'));
    assert.ok(comments.length >= 10, 'commented for a new user');
  });

  test('the example control maps criteria and names a policy that init wrote', () => {
    const [rel] = listFiles(dir).filter((f) => f.startsWith('controls/'));
    const control = YAML.parse(read(dir, rel));
    assert.ok(control.id && control.title && control.owner);
    assert.ok(control.criteria.length > 0);
    assert.ok(control.policies.length > 0);
    const policyIds = listFiles(dir).filter((f) => f.startsWith('policies/')).map((f) => frontMatter(read(dir, f)).id);
    for (const id of control.policies) assert.ok(policyIds.includes(id), `${id} is one of the policies written`);
  });

  test('policies: valid front matter, drafts approved "today" (ATTEST_TODAY)', () => {
    for (const rel of listFiles(dir).filter((f) => f.startsWith('policies/'))) {
      const text = read(dir, rel);
      assert.doesNotMatch(text, /\$\{?\d|\$[A-Z_]/, `${rel}: no snippet syntax left`);
      const front = frontMatter(text);
      for (const key of ['id', 'title', 'owner', 'version', 'status', 'approved', 'review', 'criteria']) {
        assert.ok(front[key] !== undefined && front[key] !== '', `${rel}: ${key}`);
      }
      assert.equal(front.status, 'draft', rel);
      assert.equal(String(front.approved), '2026-03-09', rel);
      assert.ok(front.criteria.length > 0, rel);
      assert.match(text, new RegExp(`^# ${front.title}$`, 'm'), `${rel}: titled`);
    }
  });

  test('attest check accepts it: exit 0, no error, only coverage gaps to work on', () => {
    const r = runJson(['check', dir, '--format', 'json'], { today: '2026-03-09' });
    assert.equal(r.status, 0, r.stdout.slice(0, 2000));
    const files = new Set(listFiles(dir));
    for (const d of r.json.diagnostics) {
      assert.ok(files.has(d.file), d.file);
      assert.notEqual(d.severity, 'error', `${d.file}: ${d.message}`);
      assert.ok(['uncovered-criterion', 'out-of-scope-criterion'].includes(d.code), `${d.file}: ${d.code} ${d.message}`);
    }
  });
});

describe('scope options', () => {
  test('--report type2: the period is the calendar year of ATTEST_TODAY', () => {
    const { dir, status, stderr } = init(['--report', 'type2'], { today: '2027-08-15' });
    assert.equal(status, 0, stderr);
    const config = YAML.parse(read(dir, 'attest.yaml'));
    assert.equal(config.report, 'type2');
    assert.equal(String(config.period.start), '2027-01-01');
    assert.equal(String(config.period.end), '2027-12-31');
  });

  test('--categories lands in attest.yaml, security always first and each category once', () => {
    const { dir, status, stderr } = init(['--categories', 'privacy,availability,privacy']);
    assert.equal(status, 0, stderr);
    assert.deepEqual(YAML.parse(read(dir, 'attest.yaml')).categories, ['security', 'availability', 'privacy']);
  });

  for (const report of ['type1', 'type2']) {
    test(`${report} with every category: attest check exits 0 with no error`, () => {
      const { dir, status, stderr } = init(['--report', report, `--categories=${ALL.join(',')}`], { today: '2026-11-20' });
      assert.equal(status, 0, stderr);
      assert.deepEqual(YAML.parse(read(dir, 'attest.yaml')).categories, ALL);
      const r = runJson(['check', dir, '--format', 'json'], { today: '2026-11-20' });
      assert.equal(r.status, 0, r.stdout.slice(0, 2000));
      assert.deepEqual(r.json.diagnostics.filter((d) => d.severity === 'error'), []);
      assert.equal(runCli(['check', dir], { today: '2026-11-20' }).status, 0);
    });
  }

  test('the current directory by default', () => {
    const dir = fresh();
    fs.mkdirSync(dir);
    const r = runCli(['init'], { cwd: dir });
    assert.equal(r.status, 0, r.stderr);
    assert.ok(fs.existsSync(path.join(dir, 'attest.yaml')));
  });

  test('a missing folder is created, parents included', () => {
    const dir = path.join(fresh(), 'compliance', 'soc2');
    const r = runCli(['init', dir]);
    assert.equal(r.status, 0, r.stderr);
    assert.ok(fs.existsSync(path.join(dir, 'attest.yaml')));
  });
});

describe('refusals: exit 2, a clear message, nothing written', () => {
  test('a folder that already holds attest.yaml is left exactly as it was', () => {
    const dir = fresh();
    fs.mkdirSync(dir);
    const mine = 'framework: tsc-2017\ncategories: [security, privacy]\n';
    fs.writeFileSync(path.join(dir, 'attest.yaml'), mine);
    const r = runCli(['init', dir, '--report', 'type2']);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /attest\.yaml already exists/);
    assert.deepEqual(listFiles(dir), ['attest.yaml']);
    assert.equal(read(dir, 'attest.yaml'), mine);
  });

  const bad = [
    [['--report', 'type3'], {}, /--report must be one of type1, type2/],
    [['--categories', 'security,availabilty'], {}, /unknown category "availabilty" \(did you mean availability\?\)/],
    [['--categories', ''], {}, /--categories needs one or more of/],
    [['--format', 'json'], {}, /unknown option --format/],
    [['--report'], {}, /--report needs a value/],
    [[], { today: '2026-02-30' }, /ATTEST_TODAY must be a calendar date written YYYY-MM-DD \(got "2026-02-30"\)/],
    [[], { today: 'tomorrow' }, /ATTEST_TODAY must be a calendar date/],
  ];
  for (const [args, opts, message] of bad) {
    test(`${args.join(' ') || `ATTEST_TODAY=${opts.today}`}`, () => {
      const dir = fresh();
      const r = runCli(['init', dir, ...args], opts);
      assert.equal(r.status, 2, r.stdout + r.stderr);
      assert.match(r.stderr, message);
      assert.match(r.stderr, /usage: attest init/);
      assert.equal(fs.existsSync(dir), false, 'the folder is not even created');
    });
  }

  test('two folders, or a file as the folder', () => {
    assert.equal(runCli(['init', fresh(), fresh()]).status, 2);
    const file = fresh();
    fs.writeFileSync(file, 'not a folder');
    const r = runCli(['init', file]);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /is not a folder/);
  });
});

describe('the editor snippets are the one source of the policies', () => {
  const { dir } = init();
  const written = listFiles(dir).filter((f) => f.startsWith('policies/'));

  test('every template snippet is a policy file, and every policy file a template snippet', () => {
    assert.ok(templates.length >= 10, 'the ten SOC 2 policy templates');
    // The file name the editor's "Create Policy from Template" proposes: the label after "Attest policy:".
    const expected = templates.map(([name]) => `policies/${name.replace(/^Attest policy:\s*/, '').toLowerCase().replace(/[^a-z0-9]+/g, '-')}.md`);
    assert.deepEqual(written, [...expected].sort());
  });

  test('each file is its snippet with the defaults filled in: same id, title, criteria and every literal line', () => {
    for (const [name, snippet] of templates) {
      const rel = `policies/${name.replace(/^Attest policy:\s*/, '').toLowerCase().replace(/[^a-z0-9]+/g, '-')}.md`;
      const text = read(dir, rel);
      const front = frontMatter(text);
      // The default of a front matter line such as `criteria: [${8:CC3.4, CC8.1}]`.
      const field = (key) => snippet.body.find((l) => l.startsWith(`${key}: `)).slice(key.length + 2).replace(/\$\{\d+:([^}]*)\}/, '$1');
      assert.equal(front.id, field('id'), rel);
      assert.equal(front.title, field('title'), rel);
      assert.equal(`[${front.criteria.join(', ')}]`, field('criteria'), rel);
      const lines = new Set(text.split('\n'));
      for (const line of snippet.body.filter((l) => !l.includes('$') && l.trim())) assert.ok(lines.has(line), `${rel}: ${line}`);
    }
  });
});
