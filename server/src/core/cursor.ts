import { CONFIG_FILE } from './config.js';
import { splitFrontMatter } from './parse/frontMatter.js';
import type { Span } from './text.js';
import type { ProjectIndex } from './projectIndex.js';
import type { ControlFact, FileKind } from './facts/types.js';
import { frameworkFor, refsIn } from './frameworks.js';

/**
 * Where the cursor is, read from the raw text so completion works while the file is invalid
 * mid-typing: the chain of parent keys, and whether a key or a value is being typed.
 */
export interface CursorContext {
  /** Parent keys from the outermost down; for a value, the last one is the value's key. */
  keys: string[];
  /** 'key': typing a field name; 'value': a scalar value; 'item': a list item (block or flow). */
  slot: 'key' | 'value' | 'item';
  /** The partial word under the cursor and its span. */
  word: string;
  wordSpan: Span;
  /** Keys already present in the mapping being typed into (for 'key'). */
  siblings: string[];
  /** Inside a policy's front matter (or a control/config YAML file). */
  inFrontMatter: boolean;
}

const KEY_LINE = /^(\s*)(-\s+)?("?)([A-Za-z_][\w.-]*)\3\s*:(?:\s+(.*)|\s*)$/;

interface LineInfo {
  indent: number;
  dashed: boolean;
  content: number;
  key?: string;
  value?: string;
}

function info(line: string): LineInfo | undefined {
  if (!line.trim() || /^\s*#/.test(line)) return undefined;
  const noComment = line.replace(/\s+#.*$/, '');
  const m = KEY_LINE.exec(noComment);
  const indent = line.length - line.trimStart().length;
  const dash = /^(\s*)(-\s+)/.exec(line);
  const content = indent + (dash ? dash[2]!.length : 0);
  if (m) {
    const r: LineInfo = { indent, dashed: !!m[2], content, key: m[4]! };
    if (m[5] !== undefined && m[5].trim()) r.value = m[5].trim();
    return r;
  }
  return { indent, dashed: !!dash, content };
}

export function cursorContext(text: string, offset: number, kind: FileKind): CursorContext | undefined {
  let regionStart = 0;
  let regionEnd = text.length;
  if (kind === 'policy') {
    const bom = text.charCodeAt(0) === 0xfeff ? 1 : 0;
    const fm = splitFrontMatter(text, bom);
    if (fm.kind === 'found') {
      regionStart = fm.fm.base;
      regionEnd = fm.fm.base + fm.fm.source.length;
    } else if (fm.kind === 'unclosed') {
      regionStart = fm.span.end + 1;
    } else return undefined;
    if (offset < regionStart || offset > regionEnd) return undefined;
  }
  const lineStart = Math.max(regionStart, text.lastIndexOf('\n', offset - 1) + 1);
  let lineEnd = text.indexOf('\n', offset);
  if (lineEnd < 0) lineEnd = text.length;
  const line = text.slice(lineStart, lineEnd).replace(/\r$/, '');
  const before = line.slice(0, offset - lineStart);
  const after = line.slice(offset - lineStart);
  const wordBefore = /[\w.\-]*$/.exec(before)![0];
  const wordAfter = /^[\w.\-]*/.exec(after)![0];
  const wordSpan = { start: offset - wordBefore.length, end: offset + wordAfter.length };
  const base = { word: wordBefore, wordSpan, siblings: [] as string[], inFrontMatter: kind === 'policy' };

  // Previous lines of the region, nearest first.
  const above = text.slice(regionStart, lineStart).split(/\r?\n/);
  above.pop();
  above.reverse();

  const parents = (limit: number): string[] => {
    const keys: string[] = [];
    for (const l of above) {
      const li = info(l);
      if (!li) continue;
      if (li.key === undefined) continue; // a scalar list item: a sibling, not a parent
      if (li.content < limit && li.value === undefined) {
        keys.unshift(li.key);
        limit = li.dashed ? li.indent : li.content;
        if (limit === 0) break;
      } else if (li.dashed && li.indent < limit) {
        limit = li.indent; // a sibling key of the same list item; the item's parent lies above
      } else if (li.content < limit) {
        limit = li.content; // a key with an inline value cannot be a parent: keep looking above it
      }
    }
    return keys;
  };

  // A flow list opened on this line: `criteria: [CC6.1, CC`
  const flow = /^(\s*)(-\s+)?([A-Za-z_][\w.-]*)\s*:\s*\[([^\]]*)$/.exec(before);
  if (flow) {
    const content = flow[1]!.length + (flow[2]?.length ?? 0);
    return { ...base, keys: [...parents(content), flow[3]!], slot: 'item' };
  }
  // A value after `key: `
  const kv = /^(\s*)(-\s+)?("?)([A-Za-z_][\w.-]*)\3\s*:\s+([^\s].*)?$/.exec(before);
  if (kv && (kv[5] === undefined || /^[\w.\-]*$/.test(kv[5]))) {
    const content = kv[1]!.length + (kv[2]?.length ?? 0);
    return { ...base, keys: [...parents(content), kv[4]!], slot: 'value' };
  }
  // A block list item: `  - CC`
  const item = /^(\s*)-\s+([\w.\-]*)$/.exec(before);
  if (item && !/:/.test(after)) {
    const dashIndent = item[1]!.length;
    const keys = parents(dashIndent + 1);
    // `- ` at the indent of a list of mappings (e.g. a register) starts a new mapping: offer keys too.
    return { ...base, keys, slot: 'item' };
  }
  // A key being typed: `  tit`
  const key = /^(\s*)(-\s+)?([\w.\-]*)$/.exec(before);
  if (key) {
    const content = key[1]!.length + (key[2]?.length ?? 0);
    const keys = parents(content);
    return { ...base, keys, slot: 'key', siblings: siblingKeys(text, regionStart, regionEnd, lineStart, lineEnd, content) };
  }
  return undefined;
}

/** Keys at the same indentation in the same mapping, above and below the cursor line. */
function siblingKeys(text: string, regionStart: number, regionEnd: number, lineStart: number, lineEnd: number, content: number): string[] {
  const out: string[] = [];
  const scan = (lines: string[]) => {
    for (const l of lines) {
      const li = info(l);
      if (!li) continue;
      if (li.content < content || (li.dashed && li.indent < content)) {
        if (li.dashed && li.indent < content && li.key && li.content === content) out.push(li.key);
        break;
      }
      if (li.content === content && li.key && !li.dashed) out.push(li.key);
    }
  };
  scan(text.slice(regionStart, lineStart).split(/\r?\n/).slice(0, -1).reverse());
  scan(text.slice(Math.min(lineEnd + 1, regionEnd), regionEnd).split(/\r?\n/));
  return out;
}

/** What a position names: an id defined or referenced in the workspace. */
export interface SymbolAt {
  kind: 'criterion' | 'policy' | 'control' | 'system' | 'category' | 'framework';
  id: string;
  span: Span;
  role: 'definition' | 'reference';
  /** A criterion's framework when it is not the primary one (as the project names it, or the key as written). */
  framework?: string;
}

function inside(span: Span, offset: number): boolean {
  return offset >= span.start && offset <= span.end;
}

export function symbolAt(ws: ProjectIndex, rel: string, offset: number): SymbolAt | undefined {
  const cfg = ws.config;
  if (rel === CONFIG_FILE) {
    for (const fw of cfg.frameworks) {
      if (fw.span && inside(fw.span, offset)) return { kind: 'framework', id: fw.id, span: fw.span, role: 'reference' };
      const other = fw !== cfg.frameworks[0] ? { framework: fw.id } : {};
      for (const [id, ex] of fw.exclusions) if (inside(ex.span, offset)) return { kind: 'criterion', id, span: ex.span, role: 'reference', ...other };
    }
    for (const [id, sys] of cfg.systems ?? []) if (inside(sys.span, offset)) return { kind: 'system', id, span: sys.span, role: 'definition' };
    for (const [id, span] of cfg.anchors.categories) if (inside(span, offset)) return { kind: 'category', id, span, role: 'reference' };
    return undefined;
  }
  const facts = ws.facts(rel);
  if (!facts) return undefined;
  if (facts.crosswalk) {
    const x = facts.crosswalk;
    const other = (fw: string) => (fw !== cfg.framework ? { framework: fw } : {});
    for (const l of x.links) {
      if (inside(l.from.span, offset)) return { kind: 'criterion', id: l.from.value, span: l.from.span, role: 'reference', ...other(x.from) };
      if (inside(l.to.span, offset)) return { kind: 'criterion', id: l.to.value, span: l.to.span, role: 'reference', ...other(x.to) };
    }
  }
  for (const c of facts.controls) {
    if (offset < c.span.start || offset > c.span.end) continue;
    if (inside(c.idSpan, offset)) return { kind: 'control', id: c.id, span: c.idSpan, role: 'definition' };
    const mapped = mappedAt(c, offset, cfg.framework);
    if (mapped) return mapped;
    for (const r of c.policies) if (inside(r.span, offset)) return { kind: 'policy', id: r.value, span: r.span, role: 'reference' };
    for (const r of c.systems) if (inside(r.span, offset)) return { kind: 'system', id: r.value, span: r.span, role: 'reference' };
  }
  for (const p of facts.policies) {
    if (inside(p.idSpan, offset)) return { kind: 'policy', id: p.id, span: p.idSpan, role: 'definition' };
    const mapped = mappedAt(p, offset, cfg.framework);
    if (mapped) return mapped;
  }
  return undefined;
}

/** A criterion (or a framework key) of a control's or policy's `criteria:`, in either form. */
function mappedAt(f: Pick<ControlFact, 'criteria' | 'criteriaByFramework'>, offset: number, primary: string): SymbolAt | undefined {
  for (const r of f.criteria) if (inside(r.span, offset)) return { kind: 'criterion', id: r.value, span: r.span, role: 'reference' };
  for (const e of f.criteriaByFramework ?? []) {
    const framework = e.framework ?? e.key.value;
    if (inside(e.key.span, offset)) return { kind: 'framework', id: framework, span: e.key.span, role: 'reference' };
    if (framework === primary) continue;
    for (const r of e.refs) if (inside(r.span, offset)) return { kind: 'criterion', id: r.value, span: r.span, role: 'reference', framework };
  }
  return undefined;
}

/** Every place an id occurs in the workspace (definitions first), for references and rename; a criterion's in its framework (default the primary). */
export function occurrences(ws: ProjectIndex, kind: SymbolAt['kind'], id: string, framework = ws.config.framework): Array<{ rel: string; span: Span; role: 'definition' | 'reference' }> {
  const out: Array<{ rel: string; span: Span; role: 'definition' | 'reference' }> = [];
  const each = (files: Iterable<string> | undefined, fn: (rel: string) => void) => {
    for (const rel of files ?? []) fn(rel);
  };
  if (kind === 'control') {
    each(ws.controlDefs.get(id)?.keys(), (rel) => {
      for (const c of ws.facts(rel)!.controls) if (c.id === id) out.push({ rel, span: c.idSpan, role: 'definition' });
    });
  } else if (kind === 'policy') {
    each(ws.policyDefs.get(id)?.keys(), (rel) => {
      for (const p of ws.facts(rel)!.policies) if (p.id === id) out.push({ rel, span: p.idSpan, role: 'definition' });
    });
    each(ws.policyRefs.get(id)?.keys(), (rel) => {
      for (const c of ws.facts(rel)!.controls) for (const r of c.policies) if (r.value === id) out.push({ rel, span: r.span, role: 'reference' });
    });
  } else if (kind === 'system') {
    const sys = ws.config.systems?.get(id);
    if (sys && ws.has(CONFIG_FILE)) out.push({ rel: CONFIG_FILE, span: sys.span, role: 'definition' });
    each(ws.systemRefs.get(id)?.keys(), (rel) => {
      for (const c of ws.facts(rel)!.controls) for (const r of c.systems) if (r.value === id) out.push({ rel, span: r.span, role: 'reference' });
    });
  } else if (kind === 'criterion') {
    const maps = ws.criteria.of(framework);
    const primary = ws.config.framework;
    const files = new Set([...(maps.controls.get(id)?.keys() ?? []), ...(maps.policies.get(id)?.keys() ?? [])]);
    // Retired mappers are not indexed under the criterion; scan only the files that are.
    for (const rel of files) {
      const f = ws.facts(rel)!;
      for (const c of f.controls) for (const r of refsIn(c, framework, primary)) if (r.value === id) out.push({ rel, span: r.span, role: 'reference' });
      for (const p of f.policies) for (const r of refsIn(p, framework, primary)) if (r.value === id) out.push({ rel, span: r.span, role: 'reference' });
    }
    const ex = frameworkFor(ws.config, framework)?.exclusions.get(id);
    if (ex && ws.has(CONFIG_FILE)) out.push({ rel: CONFIG_FILE, span: ex.span, role: 'reference' });
  }
  return out;
}
