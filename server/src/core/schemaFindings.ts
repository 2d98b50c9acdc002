import { isMap, isScalar, isSeq, type YAMLSeq } from 'yaml';
import type { z } from 'zod';
import { anchorOf, pairOf, spanOf, type AnyNode } from './ast.js';
import { finding, type Finding } from './findings.js';
import { orList, suggestValue } from './suggest.js';
import type { Span } from './text.js';

/**
 * Maps a zod issue to the exact source range of the offending node. A missing key points at
 * the id of the enclosing control or policy (or its first key), as the contract asks.
 */
export function locateIssue(root: AnyNode, path: PropertyKey[], base: number, idKeys: string[]): { span: Span; missing: boolean } {
  let node: unknown = root;
  let parent: unknown = root;
  let owner: unknown = root; // the nearest mapping, whose id anchors "missing" findings
  for (let i = 0; i < path.length; i++) {
    const seg = path[i]!;
    if (isMap(node)) owner = node;
    parent = node;
    if (typeof seg === 'number' && isSeq(node)) node = (node as YAMLSeq<AnyNode>).items[seg];
    else if (typeof seg === 'string' && isMap(node)) {
      const pair = pairOf(node, seg);
      if (!pair) return { span: anchorOf(owner, base, idKeys) ?? zero(base), missing: true };
      // A key with no value (`title:`) points at the key itself.
      const empty = !pair.value || (isScalar(pair.value) && pair.value.value === null && (pair.value.range?.[0] ?? 0) === (pair.value.range?.[1] ?? 0));
      node = empty ? pair.key : pair.value;
    } else {
      node = undefined;
    }
    if (node === undefined || node === null) return { span: anchorOf(isMap(parent) ? parent : owner, base, idKeys) ?? zero(base), missing: true };
  }
  return { span: spanOf(node, base) ?? anchorOf(owner, base, idKeys) ?? zero(base), missing: false };
}

function zero(base: number): Span {
  return { start: base, end: base };
}

/** Runs a zod schema over a value and turns each issue into a `schema` finding at its node. */
export function schemaFindings(schema: z.ZodType, value: unknown, root: AnyNode, base: number, idKeys: string[] = ['id'], pathPrefix: PropertyKey[] = []): Finding[] {
  const result = schema.safeParse(value, { reportInput: true });
  if (result.success) return [];
  const out: Finding[] = [];
  const seen = new Set<string>();
  for (const issue of result.error.issues.flatMap(matchedBranch)) {
    const path = [...pathPrefix, ...issue.path];
    const { span, missing } = locateIssue(root, path, base, idKeys);
    const field = lastKey(path);
    let message = describeIssue(issue, field, missing);
    // A value outside its set: name the one probably meant (`Weekly`, `yearly`), for a quick fix.
    const meant = issue.code === 'invalid_value' && !missing && isWord(issue.input) ? suggestValue(String(issue.input), issue.values.map((v) => String(v))) : undefined;
    if (meant !== undefined) message += ` Did you mean ${meant}?`;
    const key = `${span.start}:${span.end}:${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const data = missing && field ? { missingField: field } : meant !== undefined ? { suggestions: [meant] } : undefined;
    out.push(finding('schema', span, message, data));
  }
  return out;
}

/**
 * A union whose input has the shape of one branch (a list, say, of `criteria`'s list-or-mapping)
 * reports that branch's own issues (the bad item), not "the wrong type" of the whole value.
 */
function matchedBranch(issue: Issue): Issue[] {
  if (issue.code !== 'invalid_union') return [issue];
  const shaped = issue.errors.filter((branch) => branch.length > 0 && !branch.some((i) => i.path.length === 0 && i.code === 'invalid_type'));
  if (shaped.length !== 1) return [issue];
  return shaped[0]!.map((i) => ({ ...i, path: [...issue.path, ...i.path] }) as Issue).flatMap(matchedBranch);
}

function isWord(v: unknown): boolean {
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
}

function lastKey(path: PropertyKey[]): string | undefined {
  for (let i = path.length - 1; i >= 0; i--) if (typeof path[i] === 'string') return path[i] as string;
  return undefined;
}

type Issue = z.core.$ZodIssue;

function describeIssue(issue: Issue, field: string | undefined, missing: boolean): string {
  const name = field ? `\`${field}\`` : 'This value';
  if (missing && issue.code === 'invalid_type') return `Missing required field ${name}.`;
  switch (issue.code) {
    case 'invalid_type': {
      const got = kindOf(issue.input);
      return `${name} must be ${article(issue.expected)}, not ${got}.`;
    }
    case 'invalid_value':
      return `${name} must be one of ${orList(issue.values.map((v) => String(v)))}; found \`${String(issue.input)}\`.`;
    case 'too_small':
      return issue.origin === 'string' ? `${name} must not be empty.` : `${name} needs at least ${String(issue.minimum)} item(s).`;
    case 'invalid_format':
    case 'custom':
      return `${name} ${issue.message}; found \`${String(issue.input)}\`.`;
    case 'invalid_union':
      return `${name} has the wrong type (${kindOf(issue.input)}).`;
    default:
      return `${name}: ${issue.message}`;
  }
}

function kindOf(v: unknown): string {
  if (v === undefined) return 'missing';
  if (v === null) return 'empty';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  if (typeof v === 'string') return `the text "${v.length > 40 ? v.slice(0, 40) + '…' : v}"`;
  return `the ${typeof v} ${String(v)}`;
}

function article(expected: string): string {
  const words: Record<string, string> = { string: 'text', array: 'a list', object: 'a mapping', record: 'a mapping', number: 'a number', boolean: 'true or false' };
  return words[expected] ?? expected;
}

