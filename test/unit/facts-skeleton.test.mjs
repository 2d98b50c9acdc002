// The CLI cache keeps a skeleton of each file's facts (core/factsSkeleton.ts) to re-check, after
// an edit, the files it affects without reading the others. A skeleton must keep everything other
// files and the file's own cross-file findings depend on, and the positions those findings show.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { core, day, EXAMPLE } from '../helpers/attest.mjs';

const cfg = core.loadConfig(fs.readFileSync(path.join(EXAMPLE, 'attest.yaml'), 'utf8'), { readFile: (rel) => { try { return fs.readFileSync(path.join(EXAMPLE, rel), 'utf8'); } catch { return undefined; } }, today: day('2026-10-01') });

function files(dir) {
  return fs.readdirSync(dir, { recursive: true }).filter((f) => /\.(ya?ml|md)$/.test(f) && !f.endsWith('attest.yaml') && !/README/i.test(f)).map((f) => path.join(dir, f));
}

test('the skeleton of every control and policy of the example keeps the keys of what others take and the positions of its cross-file spans', () => {
  let checked = 0;
  for (const file of files(EXAMPLE)) {
    const text = fs.readFileSync(file, 'utf8');
    const facts = file.endsWith('.md') ? core.analyzePolicyFile(text, cfg) : core.analyzeControlFile(text, cfg);
    if (!facts.controls.length && !facts.policies.length) continue;
    const lines = new core.LineIndex(text);
    const skel = core.factsOfSkeleton(core.skeletonOf(facts, lines));
    assert.ok(skel, file);
    assert.equal(core.othersKey(skel), core.othersKey(facts), file);
    const [own, kept] = [core.ownCross(facts), core.ownCross(skel)];
    assert.equal(kept.key, own.key, file);
    assert.deepEqual(
      kept.spans.map((s) => s && core.skeletonRange(s)),
      own.spans.map((s) => s && lines.range(s)),
      file,
    );
    checked++;
  }
  assert.ok(checked > 20, `${checked} files`);
});

test('a skeleton that is not one is refused, never thrown', () => {
  for (const bad of ['', 'null', '{', '[1,2]', '["control",[["X"]],[]]']) assert.equal(core.factsOfSkeleton(bad), undefined, bad);
});
