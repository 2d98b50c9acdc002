// `attest evidence hash [folder]`: the SHA-256 of every project file an evidence entry links to,
// in `sha256sum` format (so `sha256sum -c` checks them), then what to paste into the entries
// whose `sha256:` is missing or differs: a reviewer commits the hashes of the samples filed.
import * as path from 'node:path';
import { evidencePath, isPlaceholder } from '../core/index.js';
import { fromCwd, type FolderReport } from '../reports/reportModel.js';
import { UsageError } from './args.js';
import { analyzeFolder, runCommand, type Env } from './command.js';

export const EVIDENCE_USAGE = `usage: attest evidence hash [folder]

Prints "<sha256>  <path>" for every file in the project that an evidence entry links to (paths
from the current directory: sha256sum -c accepts the output), then, as # comments, a
"sha256: ..." line for each entry that records no hash or another one.
`;

/** Runs `attest evidence <subcommand>` with the arguments after `evidence`; returns the exit code. */
export function runEvidence(argv: string[], env: Env = process.env, cwd = process.cwd()): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === 'hash') {
    return runCommand('evidence', rest, [], EVIDENCE_USAGE, env, async (args) => {
      process.stdout.write(hashReport(await analyzeFolder(args.folder, cwd)));
      return 0;
    });
  }
  return runCommand('evidence', argv, [], EVIDENCE_USAGE, env, async (args) => {
    const named = args.positional[0];
    throw new UsageError(named === undefined ? 'attest evidence needs a subcommand: hash' : `unknown subcommand "evidence ${named}" (expected: evidence hash)`);
  });
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
