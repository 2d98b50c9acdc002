// The fast path of parseYaml (core/parse/fastYaml.ts) must build exactly what the `yaml` package
// builds (node kinds, ranges, values) or leave the text to it: compared on generated YAML, on
// mutations of it, and on every control file and policy front matter of the repository.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import fc from 'fast-check';
import { core, ROOT } from '../helpers/attest.mjs';

const YAML = createRequire(import.meta.url)('yaml');
// Mutations make keys of lists, which the package warns about on the process: not news here.
process.removeAllListeners('warning');

/** What the `yaml` package makes of `src` with parseYaml's options; undefined when it reports an error. */
function reference(src) {
  const docs = YAML.parseAllDocuments(src, { lineCounter: new YAML.LineCounter(), prettyErrors: false, uniqueKeys: true, strict: true });
  if (!Array.isArray(docs) || docs.length !== 1 || docs[0].errors.length) return undefined;
  try {
    return { contents: docs[0].contents, value: docs[0].toJS({ maxAliasCount: 100 }) };
  } catch {
    return undefined;
  }
}

const kind = (n) => (YAML.isMap(n) ? 'map' : YAML.isSeq(n) ? 'seq' : YAML.isScalar(n) ? 'scalar' : String(n));

/** The first difference between two trees (kind, range, scalar value), or undefined. */
function difference(a, b, at = '$') {
  if (kind(a) !== kind(b)) return `${at}: ${kind(a)} vs ${kind(b)}`;
  if (a == null) return undefined;
  if (JSON.stringify(a.range) !== JSON.stringify(b.range)) return `${at}: range ${JSON.stringify(a.range)} vs ${JSON.stringify(b.range)}`;
  if (YAML.isScalar(a)) return Object.is(a.value, b.value) ? undefined : `${at}: ${JSON.stringify(a.value)} vs ${JSON.stringify(b.value)}`;
  if (a.items.length !== b.items.length) return `${at}: ${a.items.length} vs ${b.items.length} items`;
  for (let i = 0; i < a.items.length; i++) {
    const d = YAML.isMap(a)
      ? (difference(a.items[i].key, b.items[i].key, `${at}.key${i}`) ?? difference(a.items[i].value, b.items[i].value, `${at}.${a.items[i].key?.value}`))
      : difference(a.items[i], b.items[i], `${at}[${i}]`);
    if (d) return d;
  }
  return undefined;
}

/** Whether parseYaml took the fast path (its document is then no Document of the package). */
const tookFastPath = (r) => r.doc !== undefined && !YAML.isDocument(r.doc);

/** Checks one text; returns whether the fast path took it. */
function check(src) {
  const r = core.parseYaml(src);
  if (!tookFastPath(r)) return false;
  const ref = reference(src);
  assert.ok(ref, `the fast path accepted text the yaml package rejects: ${JSON.stringify(src)}`);
  assert.deepEqual(r.findings, []);
  const d = difference(r.doc.contents, ref.contents);
  assert.equal(d, undefined, `${d} in ${JSON.stringify(src)}`);
  assert.deepEqual(r.value, ref.value, JSON.stringify(src));
  return true;
}

// Generated documents: maps and lists in block and flow style, scalars of every kind the fast path
// meets (and some it must refuse), block text, comments and blank lines, at various indentations.
const KEYS = ['id', 'title', 'a', 'criteria', 'evidence', 'k y', 'x#y', 'a:b', 'null', 'true', '1', 'on', '-k', '__proto__', 'constructor'];
const PLAIN = ['x', 'two words', 'CC6.1', '2026-01-01', '1', '-1', '1.5', '.5', '0x1F', '1e3', '.inf', 'true', 'False', 'null', '~', 'a: b', 'a:b', 'a #b', 'a#b', '-x', '- x', 'http://x/y', '@x', '%x', 'é ü', '*x', '&x', '!x', '? x'];
const QUOTED = ["'it''s'", "'x'", '"q"', '"a\\"b"', '"multi', "''", '""', '"a": 1'];
const scalar = fc.oneof(fc.constantFrom(...PLAIN), fc.constantFrom(...QUOTED));

const tree = fc.letrec((tie) => ({
  node: fc.oneof({ depthSize: 'small', withCrossShrink: true }, { arbitrary: scalar, weight: 4 }, { arbitrary: tie('map'), weight: 2 }, { arbitrary: tie('seq'), weight: 2 }, { arbitrary: tie('flow'), weight: 2 }, { arbitrary: tie('text'), weight: 1 }),
  map: fc.array(fc.tuple(fc.constantFrom(...KEYS), fc.oneof(tie('node'), fc.constant(null))), { minLength: 1, maxLength: 4 }).map((pairs) => ({ map: pairs })),
  seq: fc.array(tie('node'), { minLength: 1, maxLength: 3 }).map((items) => ({ seq: items })),
  flow: fc.array(scalar, { maxLength: 3 }).map((items) => ({ flow: items })),
  text: fc.record({ style: fc.constantFrom('>', '|', '>-', '|-', '>+', '|2'), lines: fc.array(fc.constantFrom('one', 'two words', '', '  more', '# not a comment'), { minLength: 1, maxLength: 4 }) }).map((text) => ({ text })),
}));

const style = fc.record({ step: fc.constantFrom(1, 2, 4), indentless: fc.boolean(), comment: fc.constantFrom('', ' # note', '  #x'), blank: fc.boolean(), lead: fc.constantFrom('', '# head\n', '\n', '  # x\n') });

/** Renders a tree as block YAML at indentation `ind` (a value after `key:` or an item after `- `). */
function render(n, st, ind) {
  const pad = ' '.repeat(ind);
  const c = (i) => (i % 3 === 1 ? st.comment : '');
  if (typeof n === 'string') return { inline: n };
  if (n === null) return { inline: '' };
  if (n.flow) return { inline: `[${n.flow.join(', ')}]` };
  if (n.text) return { inline: n.text.style, block: n.text.lines.map((l) => (l ? `${pad}${' '.repeat(st.step)}${l}\n` : '\n')).join('') };
  if (n.map) {
    const lines = n.map.map(([k, v], i) => {
      const r = render(v, st, ind + st.step);
      return `${pad}${k}:${r.inline !== undefined && r.inline !== '' ? ` ${r.inline}` : ''}${c(i)}\n${r.block ?? ''}${st.blank && i === 0 ? '\n' : ''}`;
    });
    return { block: lines.join('') };
  }
  const lines = n.seq.map((v, i) => {
    const r = render(v, st, ind + 2);
    if (r.block !== undefined && r.inline === undefined) {
      // A map item starts on the dash's line: its first line loses its indentation.
      return `${pad}- ${r.block.slice(ind + 2)}`;
    }
    return `${pad}- ${r.inline}${c(i)}\n${r.block ?? ''}`;
  });
  return { block: lines.join('') };
}

function documentOf(n, st) {
  const root = n && typeof n === 'object' && (n.map || n.seq) ? n : { map: [['id', n]] };
  return st.lead + render(root, st, 0).block;
}

// A mutation: a character inserted, a character removed, or a line repeated.
const mutation = fc.record({ at: fc.nat(), what: fc.constantFrom(' ', '\n', '#', ':', '-', '"', "'", '[', ']', ',', '>', '|', '\t', '\r', 'x', '  ', '&a ', '*a', '!t ', '---\n', 'DEL', 'DUP') });

function mutate(src, m) {
  if (!src.length) return src;
  const at = m.at % src.length;
  if (m.what === 'DEL') return src.slice(0, at) + src.slice(at + 1);
  if (m.what === 'DUP') {
    const ls = src.lastIndexOf('\n', at - 1) + 1;
    const le = src.indexOf('\n', at);
    const line = src.slice(ls, le < 0 ? src.length : le + 1);
    return src.slice(0, ls) + line + (line.endsWith('\n') ? '' : '\n') + src.slice(ls);
  }
  return src.slice(0, at) + m.what + src.slice(at);
}

describe('parseYaml fast path', () => {
  test('generated documents: the same nodes, ranges and values as the yaml package, or the package parses them', () => {
    let fast = 0;
    let all = 0;
    fc.assert(
      fc.property(tree.node, style, (n, st) => {
        all++;
        if (check(documentOf(n, st))) fast++;
      }),
      { numRuns: 3000 },
    );
    // Most of these are plain enough: the comparison above is not vacuous.
    assert.ok(fast > all * 0.2, `fast path on ${fast} of ${all}`);
  });

  test('mutated documents (a character in or out, a line repeated): never a different tree', () => {
    fc.assert(
      fc.property(tree.node, style, fc.array(mutation, { minLength: 1, maxLength: 3 }), (n, st, ms) => {
        let src = documentOf(n, st);
        for (const m of ms) src = mutate(src, m);
        check(src);
      }),
      { numRuns: 3000 },
    );
  });

  test('every control file, register item and policy front matter of the repository', () => {
    const roots = ['examples', 'test/fixtures', 'criteria', 'bench/workspaces/ws-10k'].map((r) => path.join(ROOT, r)).filter((r) => fs.existsSync(r));
    let n = 0;
    let fast = 0;
    const walk = function* (d) {
      for (const e of fs.readdirSync(d, { withFileTypes: true })) {
        const p = path.join(d, e.name);
        if (e.isDirectory()) yield* walk(p);
        else yield p;
      }
    };
    for (const root of roots) {
      for (const f of walk(root)) {
        if (n >= 3000 && f.includes('ws-10k')) continue; // a sample of the benchmark's files is enough
        let src = fs.readFileSync(f, 'utf8').replace(/^\uFEFF/, '');
        if (/\.(md|markdown)$/i.test(f)) {
          const m = /^---\r?\n([\s\S]*?)^---/m.exec(src);
          if (!m) continue;
          src = m[1];
        } else if (!/\.ya?ml$/i.test(f)) continue;
        n++;
        if (check(src)) fast++;
        // Large registers are parsed an item at a time: each item is an indented one-item list.
        if (/^controls:\s*$/m.test(src)) {
          for (const item of src.split(/^(?=  - )/m).slice(1)) {
            n++;
            if (check(item)) fast++;
          }
        }
      }
    }
    assert.ok(n > 50, `${n} files`); // a clean clone has no bench workspace: the examples and fixtures alone
    assert.ok(fast > n * 0.8, `fast path on ${fast} of ${n}`);
  });
});
