import { createHash } from 'node:crypto';
import { evidenceTarget } from './checks/crossFile.js';
import type { FileFacts, Ref } from './facts/types.js';
import { mappedValues } from './factsDiff.js';
import type { Span } from './text.js';

// What of a file's facts other files and its own cross-file findings depend on. When an edit
// leaves both unchanged (a comment, a title, a description, an owner, evidence dates, moved
// lines), no other file's findings and no coverage figure can differ, and the file's own
// cross-file findings are the same ones at new positions: the CLI's cache patches a check with
// this (cli/checkMemo.ts), analysing the edited file alone. Mirrors ProjectIndex.replace, which
// works out the files an edit affects in the editor.

const hash = (text: string): string => createHash('sha256').update(text).digest('base64').slice(0, 16);
const values = (refs: Ref[]): string[] => refs.map((r) => r.value);

/**
 * What other files' findings and the coverage take from this file: the ids it defines, their
 * statuses, and every criterion and system they map (duplicates, unknown policies elsewhere,
 * criterion statuses, protected systems all follow from these).
 */
export function othersKey(f: FileFacts | undefined): string {
  if (!f) return '';
  return hash(
    JSON.stringify([
      f.kind,
      f.controls.map((c) => [c.id, c.status, values(c.criteria), mappedValues(c.criteriaByFramework), values(c.systems)]),
      f.policies.map((p) => [p.id, p.status, values(p.criteria), mappedValues(p.criteriaByFramework)]),
    ]),
  );
}

/**
 * What the file's own cross-file findings are made of (crossFile.ts: ids, policy references,
 * evidence files, a policy's criteria), and the spans they can sit on, in one order: equal keys,
 * matching span lists.
 */
export function ownCross(f: FileFacts): { key: string; spans: Array<Span | undefined> } {
  const key: unknown[] = [];
  const spans: Array<Span | undefined> = [];
  for (const c of f.controls) {
    const linked = c.evidence.filter((e) => evidenceTarget(e) !== undefined);
    key.push(['c', c.id, values(c.policies), linked.map((e) => [evidenceTarget(e), e.sha256 ?? null, !!e.sha256Span])]);
    spans.push(c.idSpan, ...c.policies.map((r) => r.span));
    for (const e of linked) spans.push(e.linkSpan, e.sha256Span);
  }
  for (const p of f.policies) {
    key.push(['p', p.id, p.status === 'retired', values(p.criteria), mappedValues(p.criteriaByFramework)]);
    spans.push(p.idSpan, ...p.criteria.map((r) => r.span), ...(p.criteriaByFramework ?? []).flatMap((g) => g.refs.map((r) => r.span)));
  }
  return { key: hash(JSON.stringify(key)), spans };
}
