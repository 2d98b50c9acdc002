// The parse floor: find, read and parse the same files with the `yaml` package alone, nothing
// else (no schema, no checks, no index). `node bench/floor.mjs <workspace>` prints JSON.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const t0 = performance.now();
const require = createRequire(path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'package.json'));
const YAML = require('yaml');
const root = path.resolve(process.argv[2] ?? '.');

function walk(rel, ext, out) {
  for (const e of fs.readdirSync(path.join(root, rel), { withFileTypes: true })) {
    const r = `${rel}/${e.name}`;
    if (e.isDirectory()) walk(r, ext, out);
    else if (ext.test(e.name)) out.push(r);
  }
  return out;
}

const files = [...walk('controls', /\.ya?ml$/, []), ...walk('policies', /\.md$/, [])];
let docs = 0;
let bytes = 0;
const cfg = fs.readFileSync(path.join(root, 'attest.yaml'), 'utf8');
if (YAML.parse(cfg)) docs++;
for (const rel of files) {
  const text = fs.readFileSync(path.join(root, rel), 'utf8');
  bytes += text.length;
  let src = text;
  if (rel.endsWith('.md')) {
    // YAML front matter between the first two `---` lines.
    const end = text.indexOf('\n---', 4);
    src = text.startsWith('---') && end > 0 ? text.slice(4, end + 1) : '';
  }
  if (YAML.parse(src) != null) docs++;
}
process.stdout.write(JSON.stringify({ files: files.length + 1, docs, bytes, ms: performance.now() - t0, cpuMs: (process.cpuUsage().user + process.cpuUsage().system) / 1000 }) + '\n');
