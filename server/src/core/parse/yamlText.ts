import { isMap, isPair, isScalar, isSeq, LineCounter, parseAllDocuments, type Document, type Node, type YAMLMap } from 'yaml';
import { finding, type Finding } from '../findings.js';
import { parseFast } from './fastYaml.js';
import { resolveAliases } from './aliases.js';

/** A parsed YAML block; `offset` maps node ranges (relative to `source`) back to the file. */
export interface YamlText {
  /** The parsed document: its root node is all anyone reads of it. */
  doc: { contents: Document.Parsed['contents'] } | undefined;
  /** The plain value, or undefined when the document could not be converted safely. */
  value: unknown;
  findings: Finding[];
}

/** Aliases expand into copies; more than this many is an alias bomb, refused rather than expanded. */
const MAX_ALIAS_COUNT = 100;
/** Nesting beyond this depth is refused before the recursive parser could overflow the stack. */
const MAX_DEPTH = 500;

/**
 * Parses `source` (a whole file or a front matter block starting at `base` in the file).
 * Never throws: every failure becomes a positioned `yaml-syntax` finding.
 */
export function parseYaml(source: string, base = 0): YamlText {
  // Most Attest files take the fast path: the same nodes and values, several times sooner.
  const fast = parseFast(source);
  if (fast) return { doc: { contents: fast.contents as Document.Parsed['contents'] }, value: fast.value, findings: [] };
  const findings: Finding[] = [];
  const clamp = (n: number) => Math.max(0, Math.min(n, source.length));
  const at = (start: number, end: number) => ({ start: base + clamp(start), end: base + clamp(Math.max(end, start)) });
  const tooDeep = nestingTooDeep(source);
  if (tooDeep !== undefined) {
    findings.push(finding('yaml-syntax', at(tooDeep, tooDeep + 1), `Nesting deeper than ${MAX_DEPTH} levels is not supported.`));
    return { doc: undefined, value: undefined, findings };
  }
  let docs: Document.Parsed[];
  try {
    docs = parseAllDocuments(source, { lineCounter: new LineCounter(), prettyErrors: false, uniqueKeys: true, strict: true }) as Document.Parsed[];
  } catch (e) {
    findings.push(finding('yaml-syntax', at(0, firstLineEnd(source)), `The YAML could not be parsed: ${(e as Error).message}`));
    return { doc: undefined, value: undefined, findings };
  }
  if (!Array.isArray(docs) || docs.length === 0) return { doc: undefined, value: null, findings }; // empty or only comments
  const doc = docs[0];
  for (const d of docs) {
    for (const err of d.errors) {
      const quote = err.code === 'MISSING_CHAR' && /quote/i.test(err.message) ? unclosedQuote(source, err.pos[0]) : undefined;
      const [s, e] = quote ?? [err.pos[0], tokenEnd(source, err.pos[0], err.pos[1])];
      findings.push(finding('yaml-syntax', at(s, e), quote ? 'This quoted value is never closed.' : cleanMessage(err.message)));
    }
  }
  for (const extra of docs.slice(1)) {
    const start = extra.range[0];
    findings.push(finding('yaml-syntax', at(start, lineEndFrom(source, start)), 'Only one YAML document per file: this second document is ignored.'));
  }
  if (!doc || doc.errors.length > 0) return { doc, value: undefined, findings };
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (e) {
    const msg = (e as Error).message;
    const bomb = /excessive alias/i.test(msg);
    const alias = /unresolved alias/i.test(msg) ? /(^|[\s\[{,:])(\*[^\s,\]}]+)/.exec(source) : null;
    if (alias) {
      const start = alias.index + alias[1]!.length;
      findings.push(finding('yaml-syntax', at(start, start + alias[2]!.length), `Alias ${alias[2]} has no anchor.`));
      return { doc: undefined, value: undefined, findings };
    }
    findings.push(
      finding(
        'yaml-syntax',
        at(0, firstLineEnd(source)),
        bomb ? `Too many alias expansions (over ${MAX_ALIAS_COUNT}): the file is refused rather than expanded.` : `The YAML could not be read: ${msg}`,
      ),
    );
    return { doc: undefined, value: undefined, findings };
  }
  for (const tagged of customTags(doc)) {
    findings.push(finding('yaml-syntax', at(tagged.start, tagged.end), `Custom tag ${tagged.tag} is not supported: write a plain value.`));
  }
  resolveAliases(doc, MAX_DEPTH);
  return { doc, value, findings };
}

/** The parser marks some errors (a duplicate key) by one character: widen that to the whole token. */
function tokenEnd(source: string, start: number, end: number): number {
  if (end - start > 1) return end;
  const m = /^[^\s:,\[\]{}#]+/.exec(source.slice(start, start + 200));
  return m ? start + m[0].length : end;
}

/** The parser reports a missing closing quote where the file ends; point at the quote that opened it. */
function unclosedQuote(source: string, before: number): [number, number] | undefined {
  const re = /(^|[:\-[,{]\s*|\s)(["'])/gm;
  for (let m = re.exec(source); m && m.index < before; m = re.exec(source)) {
    const q = m[2]!;
    const start = m.index + m[1]!.length;
    const lineEnd = source.indexOf('\n', start);
    const rest = source.slice(start + 1, lineEnd < 0 ? source.length : lineEnd);
    const closed = q === '"' ? /(^|[^\\])"/.test(rest) || rest.startsWith('"') : rest.replace(/''/g, '').includes("'");
    if (!closed) return [start, lineEnd < 0 ? source.length : lineEnd > start && source[lineEnd - 1] === '\r' ? lineEnd - 1 : lineEnd];
    re.lastIndex = lineEnd < 0 ? source.length : lineEnd;
  }
  return undefined;
}

function cleanMessage(message: string): string {
  const first = message.split('\n')[0]!.trim();
  return first.replace(/ at line \d+, column \d+:?$/, '');
}

function firstLineEnd(s: string): number {
  return lineEndFrom(s, 0);
}

function lineEndFrom(s: string, from: number): number {
  const i = s.slice(from).search(/\r?\n|\r/);
  return i < 0 ? s.length : from + i;
}

/** Cheap pre-scan of flow brackets and indentation so hostile nesting never reaches the recursive parser. */
function nestingTooDeep(source: string): number | undefined {
  let depth = 0;
  let inQuote: string | undefined;
  for (let i = 0; i < source.length; i++) {
    const c = source[i]!;
    if (inQuote) {
      if (c === inQuote) inQuote = undefined;
      else if (c === '\n') inQuote = undefined;
      continue;
    }
    if (c === '"' || c === "'") {
      // A quote opens a scalar only where a value starts, not in the middle of plain text.
      let k = i - 1;
      while (k >= 0 && (source[k] === ' ' || source[k] === '\t')) k--;
      const prev = k < 0 ? '\n' : source[k]!;
      if (/[\n\r\[{,:?-]/.test(prev)) inQuote = c;
    } else if (c === '[' || c === '{') {
      if (++depth > MAX_DEPTH) return i;
    } else if (c === ']' || c === '}') depth = Math.max(0, depth - 1);
    else if (c === '#') {
      const prev = source[i - 1];
      if (prev === undefined || /\s/.test(prev)) {
        const nl = source.indexOf('\n', i);
        i = nl < 0 ? source.length : nl - 1;
      }
    }
  }
  // Block nesting: indentation grows by at least one column per level.
  let lineStart = 0;
  while (lineStart < source.length) {
    let j = lineStart;
    while (source[j] === ' ' || source[j] === '-' || source[j] === '?') j++; // indentation, list dashes, explicit keys
    if (j - lineStart > MAX_DEPTH) return lineStart;
    const nl = source.indexOf('\n', lineStart);
    if (nl < 0) break;
    lineStart = nl + 1;
  }
  return undefined;
}

const STANDARD_TAGS = new Set(['tag:yaml.org,2002:str', 'tag:yaml.org,2002:map', 'tag:yaml.org,2002:seq', 'tag:yaml.org,2002:int', 'tag:yaml.org,2002:float', 'tag:yaml.org,2002:bool', 'tag:yaml.org,2002:null']);

function customTags(doc: { contents: Document.Parsed['contents'] }): Array<{ tag: string; start: number; end: number }> {
  const out: Array<{ tag: string; start: number; end: number }> = [];
  const visit = (node: unknown, depth: number): void => {
    if (depth > MAX_DEPTH || !node) return;
    if (isScalar(node) || isMap(node) || isSeq(node)) {
      const n = node as Node;
      if (n.tag && !STANDARD_TAGS.has(n.tag) && n.range) out.push({ tag: n.tag, start: n.range[0], end: n.range[1] });
    }
    if (isMap(node)) for (const p of (node as YAMLMap).items) visit(p, depth + 1);
    else if (isSeq(node)) for (const it of node.items) visit(it, depth + 1);
    else if (isPair(node)) {
      visit(node.key, depth + 1);
      visit(node.value, depth + 1);
    }
  };
  visit(doc.contents, 0);
  return out;
}
