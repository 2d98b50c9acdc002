// Evidence integrity in the core: the hash of a linked file is an input the host provides
// (ConfigEnv.hash); evidence-changed on the recorded sha256 when it differs, asked anew after
// linkTargetChanged, never for URLs, placeholders or missing files.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { core, day, withCode, rangeOf, control } from '../helpers/attest.mjs';

const sha = (s) => createHash('sha256').update(s).digest('hex');
const entry = (link, hash) => `  - title: Export\n    collected: 2026-03-31\n    link: ${link}\n${hash === undefined ? '' : `    sha256: ${hash}\n`}`;
const ctl = (...entries) => control('AC-1', { extra: `evidence:\n${entries.join('')}` });

/** A project whose disk is `disk` (path -> content); counts how often each file is hashed. */
function project(files, disk) {
  const hashed = new Map();
  const ws = new core.ProjectIndex({
    readFile: () => undefined,
    exists: (rel) => rel in disk,
    hash: (rel) => {
      hashed.set(rel, (hashed.get(rel) ?? 0) + 1);
      return rel in disk ? sha(disk[rel]) : undefined;
    },
    today: day('2026-10-01'),
  });
  for (const [rel, text] of Object.entries(files)) ws.setFile(rel, text);
  return { ws, hashed };
}

describe('evidence-changed', () => {
  test('a file whose content no longer matches: a warning on the sha256 value', () => {
    const recorded = sha('filed\n');
    const text = ctl(entry('evidence/q1.csv', recorded));
    const { ws } = project({ 'controls/a.yaml': text }, { 'evidence/q1.csv': 'edited\n' });
    const f = withCode(ws, 'controls/a.yaml', 'evidence-changed');
    assert.equal(f.length, 1);
    assert.equal(f[0].severity, 'warning');
    assert.deepEqual(f[0].range, rangeOf(text, recorded));
    assert.equal(f[0].data.sha256, sha('edited\n'));
    assert.equal(f[0].data.file, 'evidence/q1.csv');
  });

  test('a matching file (the hash in capitals too, a ./ path) gives nothing', () => {
    const text = ctl(entry('evidence/q1.csv', sha('filed\n').toUpperCase()), entry('./evidence/q1.csv', sha('filed\n')));
    const { ws } = project({ 'controls/a.yaml': text }, { 'evidence/q1.csv': 'filed\n' });
    assert.deepEqual(withCode(ws, 'controls/a.yaml', 'evidence-changed'), []);
  });

  test('repair: the file restored (and reported changed) clears it; the hash is asked once per change', () => {
    const disk = { 'evidence/q1.csv': 'edited\n' };
    const { ws, hashed } = project({ 'controls/a.yaml': ctl(entry('evidence/q1.csv', sha('filed\n'))) }, disk);
    assert.equal(withCode(ws, 'controls/a.yaml', 'evidence-changed').length, 1);
    disk['evidence/q1.csv'] = 'filed\n';
    assert.equal(withCode(ws, 'controls/a.yaml', 'evidence-changed').length, 1, 'no polling: the index has not been told');
    assert.deepEqual([...ws.linkTargetChanged('evidence/q1.csv')], ['controls/a.yaml']);
    assert.deepEqual(withCode(ws, 'controls/a.yaml', 'evidence-changed'), []);
    assert.equal(hashed.get('evidence/q1.csv'), 2);
  });

  test('a deleted folder forgets the hashes of the files under it', () => {
    const disk = { 'evidence/q1.csv': 'filed\n' };
    const { ws } = project({ 'controls/a.yaml': ctl(entry('evidence/q1.csv', sha('filed\n'))) }, disk);
    assert.deepEqual(withCode(ws, 'controls/a.yaml', 'evidence-changed'), []);
    delete disk['evidence/q1.csv'];
    ws.linkTargetChanged('evidence', true);
    assert.deepEqual(withCode(ws, 'controls/a.yaml', 'evidence-changed'), []);
    assert.equal(withCode(ws, 'controls/a.yaml', 'broken-evidence-link').length, 1, 'a missing file is a broken link, not a changed one');
  });

  test('no check for URLs, placeholder links, hosts without hashes, or entries without sha256', () => {
    const text = ctl(entry('https://tickets.example.com/SEC-1', sha('x')), entry('TODO', sha('x')), entry('evidence/q1.csv'));
    const { ws, hashed } = project({ 'controls/a.yaml': text }, { 'evidence/q1.csv': 'filed\n' });
    assert.deepEqual(withCode(ws, 'controls/a.yaml', 'evidence-changed'), []);
    assert.deepEqual(withCode(ws, 'controls/a.yaml', 'broken-evidence-link'), []);
    assert.equal(hashed.size, 0, 'nothing hashed that has no recorded hash');
    const plain = new core.ProjectIndex({ readFile: () => undefined, today: day('2026-10-01') });
    plain.setFile('controls/a.yaml', ctl(entry('evidence/q1.csv', sha('filed\n'))));
    assert.deepEqual(withCode(plain, 'controls/a.yaml', 'evidence-changed'), []);
  });

  test('a sha256 that is not 64 hex digits is a schema error, not a comparison', () => {
    const text = ctl(entry('evidence/q1.csv', 'abc123'));
    const { ws } = project({ 'controls/a.yaml': text }, { 'evidence/q1.csv': 'filed\n' });
    const f = withCode(ws, 'controls/a.yaml', 'schema');
    assert.equal(f.length, 1);
    assert.deepEqual(f[0].range, rangeOf(text, 'abc123'));
    assert.deepEqual(withCode(ws, 'controls/a.yaml', 'evidence-changed'), []);
  });

  test('evidence-changed still counts as evidence (the sample exists; its file changed)', () => {
    const cfg = 'report: type2\nperiod:\n  start: 2026-01-01\n  end: 2026-12-31\n';
    const text = control('AC-1', { extra: `frequency: annually\nevidence:\n${entry('evidence/q1.csv', sha('filed\n'))}` });
    const { ws } = project({}, { 'evidence/q1.csv': 'edited\n' });
    ws.setConfig(cfg);
    ws.setFile('controls/a.yaml', text);
    assert.equal(withCode(ws, 'controls/a.yaml', 'evidence-changed').length, 1);
    assert.deepEqual(withCode(ws, 'controls/a.yaml', 'missing-evidence'), []);
  });
});

describe('insideHash (the CLI and server host)', () => {
  test('hashes a file inside the root; nothing for folders, missing files or paths outside', async () => {
    const fs = await import('node:fs');
    const os = await import('node:os');
    const path = await import('node:path');
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'attest-hash-'));
    try {
      fs.mkdirSync(path.join(root, 'evidence'));
      fs.writeFileSync(path.join(root, 'evidence/a.csv'), 'a,b\n');
      const hash = core.insideHash(root);
      assert.equal(hash('evidence/a.csv'), sha('a,b\n'));
      assert.equal(hash('evidence'), undefined);
      assert.equal(hash('evidence/none.csv'), undefined);
      assert.equal(hash('../outside.csv'), undefined);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
