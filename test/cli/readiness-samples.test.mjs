// The readiness report's Evidence section shows what an auditor would draw: for each periodic
// control, the population and the seeded draw of `attest samples` (seed 1), drawn intervals
// without evidence named.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EXAMPLE, runCli, runJson } from '../helpers/attest.mjs';

const TODAY = '2026-10-01';

/** The Evidence section of the markdown report, one table row per control id. */
function evidenceRows(md) {
  const section = md.slice(md.indexOf('## Evidence'), md.indexOf('\n## ', md.indexOf('## Evidence') + 1));
  const rows = new Map();
  for (const line of section.split('\n')) {
    const cells = line.split('|').map((c) => c.trim());
    const id = /`?([A-Z][A-Z0-9]*-[0-9]+)`?/.exec(cells[1] ?? '')?.[1];
    if (id) rows.set(id, cells.slice(1, -1));
  }
  return { section, rows };
}

test('population and draw in the Evidence section equal attest samples (seed 1)', () => {
  const samples = runJson(['samples', EXAMPLE, '--format', 'json'], { today: TODAY }).json;
  const controls = samples.controls ?? samples.projects?.[0]?.controls;
  assert.ok(controls.length > 0, 'the example has periodic implemented controls');
  const r = runCli(['report', EXAMPLE, '--format', 'markdown'], { today: TODAY });
  assert.equal(r.status, 0, r.stderr);
  const { section, rows } = evidenceRows(r.stdout);
  assert.match(section, /\| Population \| Draw \|/);
  let withGaps = 0;
  for (const c of controls) {
    const row = rows.get(c.id);
    assert.ok(row, `${c.id} is in the Evidence section`);
    assert.equal(row[6], String(c.population), `${c.id} population`);
    const missing = c.selected.filter((x) => !x.evidenced);
    assert.ok(row[7].startsWith(`${c.selected.length - missing.length} of ${c.size} evidenced`), `${c.id}: ${row[7]}`);
    for (const m of missing) assert.ok(row[7].includes(m.start), `${c.id}: the drawn interval from ${m.start} without evidence is named`);
    if (missing.length) withGaps++;
  }
  assert.ok(withGaps > 0, 'the example has a drawn interval without evidence (a deliberate gap)');
});

test('the HTML report carries the same draw', () => {
  const md = runCli(['report', EXAMPLE, '--format', 'markdown'], { today: TODAY }).stdout;
  const html = runCli(['report', EXAMPLE, '--format', 'html'], { today: TODAY }).stdout;
  for (const [id, row] of evidenceRows(md).rows) {
    const draw = row[7].split(';')[0];
    assert.ok(html.includes(draw), `${id}: "${draw}" in the HTML`);
  }
});
