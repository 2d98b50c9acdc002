// `attest evidence hash [folder]`: the SHA-256 of every project file an evidence entry links to,
// in `sha256sum` format (so `sha256sum -c` checks them), then what to paste into the entries
// whose `sha256:` is missing or differs: a reviewer commits the hashes of the samples filed.
import * as path from 'node:path';
import { evidencePath, isPlaceholder, parseTodayEnv } from '../core/index.js';
import { fromCwd, type FolderReport } from '../reports/reportModel.js';
import { parseArgs, UsageError } from './args.js';
import { FolderError, loadFolder } from './loadFolder.js';

export const EVIDENCE_USAGE = `usage: attest evidence hash [folder]

Prints "<sha256>  <path>" for every file in the project that an evidence entry links to (paths
from the current directory: sha256sum -c accepts the output), then, as # comments, a
"sha256: ..." line for each entry that records no hash or another one.
`;

/** Runs `attest evidence <subcommand>` with the arguments after `evidence`; returns the exit code. */
export async function runEvidence(argv: string[]): Promise<number> {
  try {
    const args = parseArgs(['evidence', ...argv], []);
    if (args.options.has('help')) {
      process.stdout.write(EVIDENCE_USAGE);
      return 0;
    }
    const [sub, ...rest] = args.positional;
    if (sub !== 'hash') throw new UsageError(sub === undefined ? 'attest evidence needs a subcommand: hash' : `unknown subcommand "evidence ${sub}" (expected: evidence hash)`);
    if (rest.length > 1) throw new UsageError(`expected one folder, got ${rest.length}`);
    const fixedToday = parseTodayEnv(process.env);
    if (fixedToday.error) {
      process.stderr.write(`attest: ${fixedToday.error}\n`);
      return 2;
    }
    const r = await loadFolder(path.resolve(rest[0] ?? '.'), process.cwd());
    for (const p of r.projects) for (const x of p.problems) process.stderr.write(`attest: ${fromCwd(r, p, x.rel)}: ${x.message}\n`);
    process.stdout.write(hashReport(r));
    return 0;
  } catch (e) {
    if (e instanceof UsageError || e instanceof FolderError) {
      process.stderr.write(`attest: ${e.message}\n${e instanceof UsageError ? `${EVIDENCE_USAGE.split('\n')[0]}\n` : ''}`);
      return 2;
    }
    throw e;
  }
}

/** The hash lines, sorted by path, then the hints as comments (sha256sum skips lines starting with #). */
export function hashReport(r: FolderReport): string {
  const files = new Map<string, string>();
  const missing = new Set<string>();
  const hints: string[] = [];
  for (const p of r.projects) {
    const ws = p.ws;
    for (const rel of [...ws.rels()].sort()) {
      for (const c of ws.facts(rel)?.controls ?? []) {
        for (const e of c.evidence) {
          const target = e.linkSpan && !isPlaceholder(e.link!) ? evidencePath(e.link) : undefined;
          if (target === undefined) continue;
          const shown = fromCwd(r, p, target);
          const hash = ws.linkHash(target);
          if (hash === undefined) {
            if (ws.linkExists(target) === false) missing.add(shown);
            continue;
          }
          files.set(shown, hash);
          if (e.sha256 === hash) continue;
          const line = ws.lineIndex(rel)!.position(e.linkSpan!.start).line + 1;
          hints.push(`# ${fromCwd(r, p, rel)}:${line}  ${c.id}  ${e.title ?? ''}${e.sha256 ? '  (records another hash)' : ''}`.trimEnd(), `#     sha256: ${hash}`);
        }
      }
    }
  }
  const out = [...files.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([file, hash]) => `${hash}  ${file}`);
  if (!files.size) out.push('# No evidence entry links to a file in the project.');
  for (const m of [...missing].sort()) out.push(`# missing: ${m} (broken-evidence-link)`);
  const n = hints.length / 2;
  if (n) out.push(`# ${n} evidence ${n === 1 ? 'entry records no SHA-256 of its file' : 'entries record no SHA-256 of their file'}, or another one; paste the sha256 line under the link:`, ...hints);
  else if (files.size) out.push('# Every evidence entry linking to these files records their current SHA-256.');
  return out.join('\n') + '\n';
}
