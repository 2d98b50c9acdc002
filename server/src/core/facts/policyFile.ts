import { isMap, isScalar } from 'yaml';
import { anchorOf, spanOf, stringItems, stringOf, valueOf, type AnyNode } from '../ast.js';
import type { WorkspaceConfig } from '../config.js';
import { FREQUENCY_DAYS, formatDay, parseDate } from '../dates.js';
import { finding, type Finding } from '../findings.js';
import { schemaFindings } from '../schemaFindings.js';
import { quickValid } from './quickSchema.js';
import { splitFrontMatter } from '../parse/frontMatter.js';
import { parseYaml } from '../parse/yamlText.js';
import { policySchema } from '../schema/policy.js';
import { FREQUENCY_VALUES, keysOf } from '../schema/common.js';
import { criteriaFindings, criteriaRefFindings } from '../checks/criteriaRefs.js';
import { readCriteria } from './criteriaField.js';
import { unknownKeyFindings } from '../checks/unknownKeys.js';
import type { FileFacts, PolicyFact, Ref } from './types.js';
import { isMap as isYamlMap, type YAMLMap, type Node } from 'yaml';

const POLICY_KEYS = keysOf(policySchema);
const ID_KEYS = ['id', 'acronym'];

/** Parses a policy's front matter (Attest or strongdm/comply style) into facts and local findings. */
export function analyzePolicyFile(text: string, cfg: WorkspaceConfig): FileFacts {
  const start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const facts: FileFacts = { kind: 'policy', controls: [], policies: [], local: [] };
  const split = splitFrontMatter(text, start);
  if (split.kind === 'unclosed') {
    facts.local.push(finding('yaml-syntax', split.span, 'The front matter is never closed: end it with a `---` line.'));
    return facts;
  }
  if (split.kind === 'absent') {
    const end = lineEnd(text, start);
    facts.local.push(finding('schema', { start, end }, 'This policy has no front matter: start the file with `---`, then `id:`, `title:`, `owner:`, `criteria:`, then `---`.', { missingField: 'front matter' }));
    return facts;
  }
  const { fm } = split;
  const parsed = parseYaml(fm.source, fm.base);
  facts.local.push(...parsed.findings);
  if (parsed.value === undefined || (parsed.value === null && parsed.findings.length)) return facts;
  const root = parsed.doc?.contents;
  const value = parsed.value;
  if (!isMap(root) || !value || typeof value !== 'object' || Array.isArray(value)) {
    const s = spanOf(root, fm.base) ?? { start: fm.base, end: fm.base };
    facts.local.push(finding('schema', value == null ? { start: Math.max(start, fm.base - 4), end: Math.max(start, fm.base - 1) } : s, 'The front matter must be a mapping with at least `id` and `title`.'));
    return facts;
  }
  const v = value as Record<string, unknown>;
  const base = fm.base;
  if (!quickValid(policySchema, v)) facts.local.push(...schemaFindings(policySchema, v, root, base, ID_KEYS));
  facts.local.push(...unknownKeyFindings(root, base, POLICY_KEYS, 'policy front matter'));
  const idNode = valueOf(root, 'id') ?? valueOf(root, 'acronym');
  const id = stringOf(idNode);
  const idSpan = spanOf(idNode, base);
  const anchor = anchorOf(root, base, ID_KEYS)!;
  const title = stringOf(valueOf(root, 'title')) ?? stringOf(valueOf(root, 'name'));
  if (!id) facts.local.push(finding('schema', anchor, 'Missing required field `id` (comply: `acronym`).', { missingField: 'id' }));
  if (!title) facts.local.push(finding('schema', anchor, 'Missing required field `title` (comply: `name`).', { missingField: 'title' }));
  const field = readCriteria(valueOf(root, 'criteria'), base, cfg);
  const criteria: Ref[] = [...field.primary];
  const satisfies = valueOf(root, 'satisfies');
  if (isYamlMap(satisfies)) {
    for (const p of (satisfies as YAMLMap<Node, AnyNode>).items) criteria.push(...stringItems(p.value, base));
  }
  const mapped = { criteria, ...(field.byFramework ? { criteriaByFramework: field.byFramework } : {}) };
  facts.local.push(...(field.byFramework ? [...criteriaFindings(mapped, cfg), ...criteriaRefFindings(criteria.slice(field.primary.length), cfg)] : criteriaRefFindings(criteria, cfg)));
  if (!id || !idSpan || /\s/.test(id)) return facts;
  const statusValue = stringOf(valueOf(root, 'status'));
  const status = statusValue === 'draft' || statusValue === 'retired' ? statusValue : 'approved';
  const fact: PolicyFact = { id, idSpan, span: { start: Math.max(start, base - 4), end: fm.bodyStart }, title: title ?? id, status, criteria, sections: headings(text, fm.bodyStart) };
  if (field.byFramework) fact.criteriaByFramework = field.byFramework;
  const owner = stringOf(valueOf(root, 'owner'));
  if (owner !== undefined) fact.owner = owner;
  const version = versionOf(text, valueOf(root, 'version'), base, facts.local);
  if (version !== undefined) fact.version = version;
  const approvedNode = valueOf(root, 'approved');
  const approved = parseDate(stringOf(approvedNode));
  if (approved !== undefined) {
    fact.approved = approved;
    fact.approvedSpan = spanOf(approvedNode, base)!;
  }
  const review = stringOf(valueOf(root, 'review'));
  if (review !== undefined && (FREQUENCY_VALUES as readonly string[]).includes(review)) fact.review = review;
  if (!owner?.trim() && status !== 'retired') {
    facts.local.push(finding('missing-owner', idSpan, `Policy ${id} has no \`owner\`: name who owns and approves it.`, { missingField: 'owner' }));
  }
  facts.local.push(...reviewFindings(fact, cfg));
  facts.policies.push(fact);
  return facts;
}

/**
 * The version as written. A bare number that YAML reads as another number (`1.10` is 1.1, `2.0`
 * is 2) gets `numeric-version`, with the quoted text for the quick fix.
 */
function versionOf(text: string, node: AnyNode, base: number, local: Finding[]): string | undefined {
  const span = spanOf(node, base);
  if (!isScalar(node) || typeof node.value !== 'number' || !span) return stringOf(node);
  const written = text.slice(span.start, span.end);
  if (written !== String(node.value)) {
    const quoted = `"${written}"`;
    local.push(finding('numeric-version', span, `\`version: ${written}\` is read as the number ${String(node.value)}: write ${quoted} to keep the version as written.`, { replacement: quoted }));
  }
  return written;
}

/** policy-review-overdue: Type II only, judged as of the workspace's "today". */
function reviewFindings(p: PolicyFact, cfg: WorkspaceConfig): Finding[] {
  if (cfg.report !== 'type2' || !cfg.period || p.status === 'retired') return [];
  if (p.approved === undefined || !p.approvedSpan || !p.review) return [];
  const days = FREQUENCY_DAYS[p.review];
  if (days === undefined) return [];
  const dueBy = p.approved + days;
  if (dueBy >= cfg.asOf) return [];
  return [finding('policy-review-overdue', p.approvedSpan, `Policy ${p.id} was approved ${formatDay(p.approved)}; reviewed ${p.review}, it was due for review by ${formatDay(dueBy)}.`)];
}

function headings(text: string, from: number): PolicyFact['sections'] {
  const out: PolicyFact['sections'] = [];
  const line = /^([^\r\n]*)(\r\n|\r|\n|$)/gm;
  line.lastIndex = from;
  let inFence = false;
  for (let m = line.exec(text); m && m[0].length > 0; m = line.exec(text)) {
    const l = m[1]!;
    if (/^(```|~~~)/.test(l)) inFence = !inFence;
    else if (!inFence) {
      const h = /^(#{1,6})[ \t]+(.+?)[ \t#]*$/.exec(l);
      if (h) out.push({ title: h[2]!, level: h[1]!.length, span: { start: m.index, end: m.index + l.length } });
      if (out.length >= 1000) break;
    }
  }
  return out;
}

function lineEnd(text: string, from: number): number {
  const i = text.slice(from).search(/\r?\n|\r/);
  return i < 0 ? text.length : from + i;
}
