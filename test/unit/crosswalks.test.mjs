// Crosswalk files (formats.md): how two frameworks relate, checked, and readable from either end.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { memoryWorkspace, findingsOf, withCode } from '../helpers/core.mjs';
import { rangeOf } from '../helpers/positions.mjs';

const CONFIG = 'frameworks: [tsc-2017, iso27001-2022, nist-csf-2.0]\n';

const WALK = `from: tsc-2017
to: iso27001-2022
source: Our own reading, reviewed 2026-05 by the security team.
links:
  - { from: CC6.2, to: A.5.18, relationship: intersects-with }
  - from: CC6.1
    to: A.8.5
    relationship: subset-of
`;

describe('crosswalk files', () => {
  test('crosswalks/**/*.yaml are indexed; a valid file has no findings; links read from either end', () => {
    const ws = memoryWorkspace({ config: CONFIG, files: { 'crosswalks/tsc-iso.yaml': WALK } });
    assert.equal(ws.kindOf('crosswalks/tsc-iso.yaml'), 'crosswalk');
    assert.deepEqual(findingsOf(ws, 'crosswalks/tsc-iso.yaml'), []);
    assert.deepEqual(ws.crosswalks.related('tsc-2017', 'CC6.2').map((r) => [r.framework, r.id, r.relationship, r.rel]), [['iso27001-2022', 'A.5.18', 'intersects-with', 'crosswalks/tsc-iso.yaml']]);
    assert.deepEqual(ws.crosswalks.related('iso27001-2022', 'A.8.5').map((r) => [r.framework, r.id, r.relationship]), [['tsc-2017', 'CC6.1', 'superset-of']], 'subset-of read from the other end');
    ws.deleteFile('crosswalks/tsc-iso.yaml');
    assert.deepEqual(ws.crosswalks.related('tsc-2017', 'CC6.2'), []);
  });

  test('crosswalks: in attest.yaml sets the globs', () => {
    const ws = memoryWorkspace({ config: `${CONFIG}crosswalks: ["mappings/*.yaml"]\n`, files: { 'mappings/a.yaml': WALK } });
    assert.equal(ws.kindOf('crosswalks/x.yaml'), undefined);
    assert.equal(ws.crosswalks.related('tsc-2017', 'CC6.2').length, 1);
  });

  test('crosswalk-unknown-criterion on the id (warning, closest ids suggested); the link is left out', () => {
    const text = WALK.replace('to: A.5.18', 'to: A.5.81').replace('from: CC6.1', 'from: CC6.10');
    const ws = memoryWorkspace({ config: CONFIG, files: { 'crosswalks/x.yaml': text } });
    const f = withCode(ws, 'crosswalks/x.yaml', 'crosswalk-unknown-criterion');
    assert.deepEqual(f.map((x) => x.range), [rangeOf(text, 'A.5.81'), rangeOf(text, 'CC6.10')]);
    assert.equal(f[0].severity, 'warning');
    assert.match(f[0].message, /^Unknown criterion `A\.5\.81` in iso27001-2022: this link relates nothing\. Did you mean /);
    assert.deepEqual(ws.crosswalks.related('tsc-2017', 'CC6.2'), []);
  });

  test('an unknown framework and a bad relationship are schema errors on the value', () => {
    const text = WALK.replace('to: iso27001-2022', 'to: iso27001-2023').replace('relationship: subset-of', 'relationship: part-of');
    const ws = memoryWorkspace({ config: CONFIG, files: { 'crosswalks/x.yaml': text } });
    const f = withCode(ws, 'crosswalks/x.yaml', 'schema');
    assert.deepEqual(f.map((x) => x.text), ['iso27001-2023', 'part-of']);
    assert.match(f[0].message, /Did you mean iso27001-2022\?/);
    const walk2 = WALK.replace('relationship: subset-of', 'relationship: subset');
    const g = withCode(memoryWorkspace({ config: CONFIG, files: { 'crosswalks/x.yaml': walk2 } }), 'crosswalks/x.yaml', 'schema');
    assert.match(g[0].message, /Did you mean subset-of\?/);
  });

  test('a built-in framework the project does not list may be crosswalked; unknown fields are warned', () => {
    const text = 'from: tsc-2017\nto: nist-csf-2.0\nsource: x\nlinks:\n  - { from: CC7.2, to: DE.CM-01, relationship: intersects-with, note: x }\n';
    const ws = memoryWorkspace({ config: 'framework: tsc-2017\n', files: { 'crosswalks/x.yaml': text } });
    assert.deepEqual(withCode(ws, 'crosswalks/x.yaml', 'unknown-field').map((f) => f.text), ['note']);
    assert.deepEqual(ws.crosswalks.related('nist-csf-2.0', 'DE.CM-01').map((r) => r.id), ['CC7.2']);
  });
});
