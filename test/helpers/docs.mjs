// docs/diagnostics.md as the tests read it: the section of one diagnostic code.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROOT } from './paths.mjs';

const DIAGNOSTICS = fs.readFileSync(path.join(ROOT, 'docs/diagnostics.md'), 'utf8');

/** The `## <code>` section of docs/diagnostics.md, up to the next section. */
export function diagnosticSection(code) {
  const start = DIAGNOSTICS.indexOf(`\n## ${code}\n`);
  assert.ok(start >= 0, `a section for ${code}`);
  const end = DIAGNOSTICS.indexOf('\n## ', start + 1);
  return DIAGNOSTICS.slice(start, end < 0 ? DIAGNOSTICS.length : end);
}
