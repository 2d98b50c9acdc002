// The boundaries of docs/architecture.md, checked by eslint (eslint.config.mjs): no import cycle,
// a core without editor or upward imports, checks without I/O, reports below the hosts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { ROOT } from '../helpers/attest.mjs';

const { ESLint } = createRequire(import.meta.url)('eslint');
const eslint = new ESLint({ cwd: ROOT });

/** Lints `text` as if it were the file at `rel` (which need not exist) and returns the rule ids hit. */
async function rulesHit(rel, text) {
  const [r] = await eslint.lintText(text, { filePath: path.join(ROOT, rel) });
  return r.messages.map((m) => m.ruleId ?? m.message);
}

test('server/src and client/src keep every boundary (npm run lint)', { timeout: 300_000 }, async () => {
  const results = await eslint.lintFiles(['server/src', 'client/src']);
  const errors = results.flatMap((r) => r.messages.filter((m) => m.severity === 2).map((m) => `${path.relative(ROOT, r.filePath)}:${m.line} ${m.ruleId}: ${m.message}`));
  assert.deepEqual(errors, []);
});

test('the rules bite: a check that reads the disk, a core module importing the editor, a report importing the CLI', async () => {
  assert.ok((await rulesHit('server/src/core/checks/zz.ts', "import * as fs from 'node:fs';\nexport const x = fs;\n")).includes('no-restricted-imports'));
  assert.ok((await rulesHit('server/src/core/zz.ts', "import { Range } from 'vscode-languageserver';\nexport type R = Range;\n")).includes('no-restricted-imports'));
  assert.ok((await rulesHit('server/src/reports/zz.ts', "import { parseArgs } from '../cli/args.js';\nexport const p = parseArgs;\n")).includes('no-restricted-imports'));
  assert.ok((await rulesHit('server/src/core/facts/zz.ts', "import type { ProjectIndex } from '../projectIndex.js';\nexport type W = ProjectIndex;\n")).includes('no-restricted-imports'));
});

test('the rules bite: an import cycle between two modules', async () => {
  const dir = fs.mkdtempSync(path.join(ROOT, 'server/src/zz-cycle-test-'));
  try {
    fs.writeFileSync(path.join(dir, 'a.ts'), "import { b } from './b.js';\nexport const a = (): number => b;\n");
    fs.writeFileSync(path.join(dir, 'b.ts'), "import { a } from './a.js';\nexport const b = 1;\nexport const c = (): number => a();\n");
    const [r] = await eslint.lintFiles([path.join(dir, 'a.ts')]);
    assert.ok(r.messages.some((m) => m.ruleId === 'import-x/no-cycle'), JSON.stringify(r.messages));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

/** Relative imports of every module (type-only ones too, which eslint's no-cycle skips), as a graph. */
function importGraph(dirs) {
  const files = [];
  const walk = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (p.endsWith('.ts') && !p.endsWith('.d.ts')) files.push(p);
    }
  };
  for (const d of dirs) walk(path.join(ROOT, d));
  const graph = new Map();
  for (const f of files) {
    const deps = [];
    for (const m of fs.readFileSync(f, 'utf8').matchAll(/^(?:import|export)\s[^;]*?from\s+'(\.[^']+)'/gms)) {
      const base = path.resolve(path.dirname(f), m[1]).replace(/\.js$/, '');
      const hit = [`${base}.ts`, path.join(base, 'index.ts')].find((c) => fs.existsSync(c));
      if (hit) deps.push(path.relative(ROOT, hit));
    }
    graph.set(path.relative(ROOT, f), deps);
  }
  return graph;
}

/** Strongly connected components of more than one module (Tarjan). */
function cycles(graph) {
  let next = 0;
  const index = new Map();
  const low = new Map();
  const stack = [];
  const onStack = new Set();
  const out = [];
  const visit = (v) => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v), low.get(w)));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v), index.get(w)));
    }
    if (low.get(v) === index.get(v)) {
      const scc = [];
      let w;
      do {
        w = stack.pop();
        onStack.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1) out.push(scc.sort());
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return out;
}

test('no import cycle, type-only imports included (eslint skips those)', () => {
  const graph = importGraph(['server/src', 'client/src']);
  assert.ok(graph.size > 50, 'the sources were read');
  assert.deepEqual(cycles(graph), []);
  // The detector itself finds a cycle when there is one.
  assert.deepEqual(cycles(new Map([['a', ['b']], ['b', ['a']], ['c', ['a']]])), [['a', 'b']]);
});

test('no source file over 400 lines (small modules with names that say what they are)', () => {
  const long = [...importGraph(['server/src', 'client/src']).keys()]
    .map((rel) => [rel, fs.readFileSync(path.join(ROOT, rel), 'utf8').split('\n').length - 1])
    .filter(([, n]) => n > 400);
  assert.deepEqual(long, []);
});
