// `__proto__`, `constructor`, `prototype` and the other Object.prototype names, used as keys, as ids
// and as enum values, can neither pollute objects nor be mistaken for table entries.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { tempWorkspace, removeDir } from '../helpers/workspaces.mjs';
import { core, memoryWorkspace } from '../helpers/core.mjs';
import { TestClient } from '../helpers/lsp.mjs';
import { assertSpansInside, runIsolated, checkJson, within, serverDeath, killClient } from './support/helpers.mjs';

const errorLine = (stderr) => (/^\w*Error: .*$/m.exec(stderr) ?? /FATAL ERROR: .*$/m.exec(stderr) ?? [stderr.slice(-300)])[0];

const NAMES = ['__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty', 'isPrototypeOf', '__defineGetter__'];

function prototypeState() {
  const props = [];
  for (const k of Reflect.ownKeys(Object.prototype)) {
    const d = Object.getOwnPropertyDescriptor(Object.prototype, k);
    props.push([String(k), typeof d.value, typeof d.value === 'function' ? d.value.name : String(d.value), typeof d.get, typeof d.set, d.writable, d.enumerable, d.configurable]);
  }
  return { props, arrayProps: Reflect.ownKeys(Array.prototype).map(String).sort(), funcProps: Reflect.ownKeys(Function.prototype).map(String).sort(), frozen: Object.isFrozen(Object.prototype) };
}

function assertNoPollution(before) {
  assert.deepEqual(prototypeState(), before, 'Object/Array/Function prototypes unchanged');
  const probe = {};
  for (const k of ['polluted', 'isAdmin', 'x', 'family', 'name', 'id', 'title', 'owner']) assert.equal(probe[k], undefined, `({}).${k} is undefined`);
  assert.equal(typeof probe.toString, 'function');
  assert.equal(Object.keys(probe).length, 0);
}

const pollutingControl = `id: AC-1
title: Pollution attempt
owner: o
criteria: [CC6.1]
__proto__:
  polluted: yes
  isAdmin: true
constructor:
  prototype:
    polluted: yes
prototype:
  polluted: yes
evidence:
  - title: e
    collected: 2026-02-01
    __proto__: {polluted: yes}
    constructor: {prototype: {polluted: yes}}
exceptions:
  - raised: 2026-02-01
    summary: s
    __proto__: {polluted: yes}
`;

const pollutingRegister = `__proto__: {polluted: yes}
constructor: {prototype: {polluted: yes}}
controls:
  - id: REG-1
    title: t
    owner: o
    criteria: [CC6.1]
    __proto__: {polluted: yes}
  - __proto__: {id: HIDDEN, title: t}
  - constructor: {prototype: {id: X}}
`;

const pollutingPolicy = `---
id: POL-1
title: P
owner: o
criteria: [CC6.1]
__proto__: {polluted: yes}
constructor: {prototype: {polluted: yes}}
satisfies:
  __proto__: [CC6.2]
  constructor: [CC6.3]
---
# P
`;

const pollutingConfig = `framework: tsc-2017
categories: [security, __proto__, constructor, prototype]
__proto__: {polluted: yes}
constructor: {prototype: {polluted: yes}}
period: {__proto__: {start: 2026-01-01}, constructor: 1}
exclude:
  - criterion: __proto__
    reason: x
    __proto__: {polluted: yes}
  - criterion: constructor
systems:
  - id: __proto__
    name: proto system
    __proto__: {polluted: yes}
  - id: constructor
    name: ctor system
  - id: toString
    name: ts system
`;

const comply = `name: Evil standard
__proto__:
  family: CC1
  name: polluted
constructor:
  family: CC1
  name: polluted
CC1.1:
  family: CC1
  name: Integrity
`;

describe('no prototype pollution', () => {
  test('keys __proto__ / constructor / prototype in controls, registers, policies, attest.yaml and a catalog', () => {
    const before = prototypeState();
    for (const [name, text, analyze] of [
      ['control', pollutingControl, (t) => core.analyzeControlFile(t, core.loadConfig(undefined, { readFile: () => undefined }))],
      ['register', pollutingRegister, (t) => core.analyzeControlFile(t, core.loadConfig(undefined, { readFile: () => undefined }))],
      ['policy', pollutingPolicy, (t) => core.analyzePolicyFile(t, core.loadConfig(undefined, { readFile: () => undefined }))],
    ]) {
      const facts = analyze(text);
      assertSpansInside(facts.local, text, name);
      assert.ok(facts.local.some((f) => f.code === 'unknown-field' && /__proto__/.test(f.message)), `${name}: __proto__ is reported as an unknown field`);
    }
    const ws = memoryWorkspace({
      config: pollutingConfig.replace('framework: tsc-2017', 'framework: evil.yml'),
      catalogs: { 'evil.yml': comply },
      files: { 'controls/a.yaml': pollutingControl, 'controls/reg.yaml': pollutingRegister, 'policies/p.md': pollutingPolicy },
    });
    for (const rel of ['attest.yaml', 'controls/a.yaml', 'controls/reg.yaml', 'policies/p.md']) assertSpansInside(ws.findings(rel), ws.text(rel), rel);
    core.buildCoverage(ws);
    core.buildPlan(ws);
    const ws2 = memoryWorkspace({ config: pollutingConfig, files: { 'controls/a.yaml': pollutingControl, 'controls/reg.yaml': pollutingRegister, 'policies/p.md': pollutingPolicy } });
    const cov = core.buildCoverage(ws2);
    assert.equal(cov.framework, 'tsc-2017');
    assert.ok(ws2.findings('attest.yaml').some((f) => f.code === 'unknown-field' && /__proto__/.test(f.message)));
    assert.ok(ws2.findings('controls/reg.yaml').every((f) => !/HIDDEN/.test(f.message)), 'a key named __proto__ never becomes a control');
    assertNoPollution(before);
  });

  test('parseYaml values keep __proto__ as an own key, never as the prototype', () => {
    const before = prototypeState();
    const { value } = core.parseYaml('__proto__: {polluted: yes}\nconstructor: {prototype: {polluted: yes}}\n');
    assert.equal(Object.getPrototypeOf(value), Object.prototype);
    assert.equal(value.polluted, undefined);
    assertNoPollution(before);
  });
});

describe('Object.prototype names as ids', () => {
  test('controls, policies and systems named __proto__, constructor, toString ... are indexed like any id', () => {
    const before = prototypeState();
    const files = {};
    for (const n of NAMES) {
      files[`controls/${n}.yaml`] = `id: ${n}\ntitle: Control ${n}\nowner: o\ncriteria: [CC6.1, ${n}]\npolicies: [${n}]\nsystems: [${n}]\n`;
      files[`policies/${n}.md`] = `---\nid: ${n}\ntitle: Policy ${n}\nowner: o\ncriteria: [CC6.2]\n---\n# P\n`;
    }
    files['controls/dup.yaml'] = 'controls:\n  - id: __proto__\n    title: again\n    owner: o\n    criteria: [CC6.1]\n  - id: constructor\n    title: again\n    owner: o\n    criteria: [CC6.1]\n';
    const config = `systems:\n${NAMES.map((n) => `  - id: ${n}\n    name: System ${n}\n`).join('')}`;
    const ws = memoryWorkspace({ config, files });
    for (const n of NAMES) {
      const rel = `controls/${n}.yaml`;
      const f = ws.findings(rel);
      assertSpansInside(f, ws.text(rel), rel);
      assert.deepEqual(ws.facts(rel).controls.map((c) => c.id), [n], `${n} is a control`);
      assert.ok(!f.some((x) => x.code === 'unknown-policy'), `${n}: policy ${n} exists`);
      assert.ok(!f.some((x) => x.code === 'unknown-system'), `${n}: system ${n} exists`);
      assert.ok(f.some((x) => x.code === 'unknown-criterion' && ws.text(rel).slice(x.span.start, x.span.end) === n), `${n}: not a criterion`);
      assert.equal(ws.facts(`policies/${n}.md`).policies[0]?.id, n);
    }
    const dupOn = (rel) => ws.findings(rel).filter((x) => x.code === 'duplicate-id').length;
    assert.ok(dupOn('controls/__proto__.yaml') >= 1 && dupOn('controls/constructor.yaml') >= 1 && dupOn('controls/dup.yaml') >= 2, 'duplicates of __proto__ / constructor are found');
    assert.equal(dupOn('controls/toString.yaml'), 0);
    const cov = core.buildCoverage(ws);
    const cc61 = cov.categories.flatMap((c) => c.criteria).find((c) => c.id === 'CC6.1');
    for (const n of NAMES) assert.ok(cc61.controls.some((c) => c.id === n), `${n} covers CC6.1`);
    assert.equal(cov.systems.length, NAMES.length);
    core.buildPlan(ws);
    // Removing them leaves no trace in the reverse indexes.
    for (const rel of Object.keys(files)) ws.deleteFile(rel);
    assert.equal(ws.controlDefs.size, 0);
    assert.equal(ws.policyDefs.size, 0);
    assertNoPollution(before);
  });
});

// Enum values are looked up in plain-object tables (dates.ts FREQUENCY_DAYS, checks/evidence.ts
// INTERVALS): a value such as `constructor` finds Object's own members there. These run in a child
// process with a small heap and a time bound, since the failure mode is an endless loop.
describe('Object.prototype names as enum values are plain invalid values', () => {
  const type2 = 'report: type2\nperiod:\n  start: 2026-01-01\n  end: 2026-12-31\n';
  // The control case loops until the heap is exhausted: a small heap makes it fail fast.
  for (const n of ['constructor', '__proto__']) {
    test(`frequency: ${n} (Type II control with evidence)`, () => {
      const control = `id: AC-1\ntitle: t\nowner: o\nfrequency: ${n}\ncriteria: [CC6.1]\nevidence:\n  - title: e\n    collected: 2026-02-01\n`;
      const r = runIsolated(`
        const ws = new core.ProjectIndex({ readFile: () => undefined, today: day('2026-10-01') });
        ws.setConfig(${JSON.stringify(type2)});
        ws.setFile('controls/a.yaml', ${JSON.stringify(control)});
        const f = ws.findings('controls/a.yaml');
        core.buildCoverage(ws); core.buildPlan(ws);
        done(f.map((x) => ({ code: x.code, text: ${JSON.stringify(control)}.slice(x.span.start, x.span.end) })));
      `, { heapMb: 64, timeout: 15_000 });
      assert.ok(r.ok, `analysis of \`frequency: ${n}\` did not complete: ${r.outcome}: ${errorLine(r.stderr)}`);
      assert.ok(r.result.some((f) => f.code === 'schema' && f.text === n), `a schema finding on \`${n}\`: ${JSON.stringify(r.result)}`);
    });
  }

  for (const n of ['constructor', '__proto__', 'toString', 'valueOf', 'hasOwnProperty']) {
    test(`review: ${n} (Type II policy with an approval date)`, () => {
      const policy = `---\nid: POL-1\ntitle: P\nowner: o\napproved: 2020-01-01\nreview: ${n}\ncriteria: [CC6.1]\n---\n# P\n`;
      const ws = memoryWorkspace({ config: type2 });
      ws.setFile('policies/p.md', policy); // threw RangeError (formatDay of NaN) before the fix
      const f = ws.findings('policies/p.md');
      core.buildCoverage(ws);
      core.buildPlan(ws);
      assert.ok(f.some((x) => x.code === 'schema' && policy.slice(x.span.start, x.span.end) === n), `a schema finding on \`${n}\``);
      assert.ok(!f.some((x) => x.code === 'policy-review-overdue'), 'no review interval is made up');
    });
  }

  test('other enum fields (status, type, automation, report, kind, scope, categories) with prototype names', () => {
    const before = prototypeState();
    for (const n of NAMES) {
      const ws = memoryWorkspace({
        config: `report: ${n}\ncategories: [${n}]\nsystems:\n  - id: s1\n    name: S\n    kind: ${n}\n    scope: ${n}\n`,
        files: {
          'controls/a.yaml': `id: AC-1\ntitle: t\nowner: o\nstatus: ${n}\ntype: ${n}\nautomation: ${n}\ncriteria: [CC6.1]\nsystems: [s1]\n`,
          'policies/p.md': `---\nid: POL-1\ntitle: P\nowner: o\nstatus: ${n}\ncriteria: [CC6.1]\n---\n`,
        },
      });
      for (const rel of ['attest.yaml', 'controls/a.yaml', 'policies/p.md']) {
        const f = ws.findings(rel);
        assertSpansInside(f, ws.text(rel), `${n} ${rel}`);
        assert.ok(f.some((x) => x.code === 'schema'), `${n} ${rel}: the bad value is a schema finding`);
      }
      core.buildCoverage(ws);
      core.buildPlan(ws);
    }
    assertNoPollution(before);
  });
});

describe('through the CLI and the language server', () => {
  const files = {
    'attest.yaml': 'report: type2\nperiod:\n  start: 2026-01-01\n  end: 2026-12-31\n',
    'controls/a.yaml': pollutingControl,
    'controls/reg.yaml': pollutingRegister,
    'policies/p.md': pollutingPolicy,
    'controls/freq.yaml': 'id: FREQ-1\ntitle: t\nowner: o\nfrequency: constructor\ncriteria: [CC6.1]\nevidence:\n  - title: e\n    collected: 2026-02-01\n',
    'policies/review.md': '---\nid: POL-REVIEW\ntitle: P\nowner: o\napproved: 2020-01-01\nreview: constructor\ncriteria: [CC6.1]\n---\n# P\n',
  };

  test('attest check reports `review: constructor` and `frequency: constructor` instead of crashing or hanging', () => {
    const root = tempWorkspace(files);
    try {
      const { json } = checkJson(root, { env: { NODE_OPTIONS: '--max-old-space-size=128' }, timeout: 20_000 });
      assert.ok(json.diagnostics.some((d) => d.file === 'policies/review.md' && d.code === 'schema'));
      assert.ok(json.diagnostics.some((d) => d.file === 'controls/freq.yaml' && d.code === 'schema'));
    } finally {
      removeDir(root);
    }
  });

  test('the server finishes its initial scan and serves a workspace using prototype names', async () => {
    const root = tempWorkspace(files);
    const c = new TestClient({ env: { NODE_OPTIONS: '--max-old-space-size=192' } });
    try {
      await c.initialize(root);
      const died = serverDeath(c);
      const cov = await within(Promise.race([c.coverage(), died]), 10_000, () => `attest/coverage\n${c.logs.join('\n').slice(-1500)}`);
      assert.equal(cov.report, 'type2');
      const review = path.join(root, 'policies/review.md');
      await Promise.race([c.waitForDiagnostics(review, (d) => d.some((x) => x.code === 'schema')), died]);
      assert.deepEqual(c.logs.filter((l) => /failed/.test(l)), [], 'no handler failed');
    } finally {
      await killClient(c);
      removeDir(root);
    }
  });

  test('server: hover and completion on keys named constructor / toString / __proto__', async () => {
    const text = 'id: AC-1\ntitle: t\nowner: o\ncriteria: [CC6.1]\nconstructor: x\ntoString: y\n__proto__: z\n';
    const root = tempWorkspace({ 'controls/a.yaml': text });
    const c = new TestClient();
    try {
      await c.initialize(root);
      await within(Promise.race([c.coverage(), serverDeath(c)]), 20_000, 'coverage');
      const file = path.join(root, 'controls/a.yaml');
      const uri = c.open(file, text);
      for (const key of ['constructor', 'toString', '__proto__']) {
        const line = text.split('\n').findIndex((l) => l.startsWith(`${key}:`));
        const hover = await c.request('textDocument/hover', { textDocument: { uri }, position: { line, character: 3 } });
        assert.doesNotMatch(JSON.stringify(hover ?? ''), /native code|\[object Object\]/, `hover on a \`${key}:\` key documents nothing`);
      }
      for (const key of ['constructor', 'toString', '__proto__']) {
        const t = `id: AC-1\ntitle: t\n${key}: `;
        c.change(file, t);
        await c.barrier(root);
        await c.request('textDocument/completion', { textDocument: { uri }, position: { line: 2, character: key.length + 2 } });
      }
      assert.deepEqual(c.logs.filter((l) => /failed/.test(l)).map((l) => l.split('\n')[0]), [], 'no handler failed');
    } finally {
      await c.shutdown();
      removeDir(root);
    }
  });
});
