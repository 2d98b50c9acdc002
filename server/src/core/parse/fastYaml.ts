import type { Node } from 'yaml';
import { mapNode, pairNode, scalar, seqNode } from './lightNodes.js';
import { BAIL, bail, isBlank, isIndicator, isStringPlain, plainChars, plainValue } from './plainScalars.js';
import { knownKey } from './knownKeys.js';

/**
 * A fast path for the YAML that Attest files nearly always are: block mappings and sequences of
 * plain or quoted one-line scalars, one-line flow lists (`[CC6.1, CC7.2]`) and folded or literal
 * block text (`description: >`). It builds the same nodes, ranges and values as the `yaml`
 * package does for such text, in one pass and without the package's general machinery; on
 * anything else (anchors, tags, flow maps, multi-line plain or quoted scalars, numbers, tabs, CR,
 * several documents, duplicate keys, a syntax error...) it gives up and the caller parses with
 * the package. test/unit/fast-yaml.test.mjs compares both on generated and real files.
 */

const MAX_DEPTH = 40;

export interface FastYaml {
  contents: Node;
  value: unknown;
}

/** The document's root node and plain value, or undefined when the text is outside the fast path. */
export function parseFast(src: string): FastYaml | undefined {
  if (!plainChars(src)) return undefined;
  try {
    const p = new Reader(src);
    const start = p.nextContent(p.lineStart(0));
    if (start < 0) return undefined;
    const indent = start - p.lineStart(start);
    const node = p.block(start, indent, -1, 0);
    if (p.nextContent(p.next) >= 0) return undefined; // more at a smaller indentation: an error
    return { contents: node, value: p.val };
  } catch (e) {
    if (e === BAIL) return undefined;
    throw e;
  }
}

const sp = 32;
const nl = 10;

/**
 * Each node method returns the node and leaves what else the caller needs in `val`, `end` and
 * `next` (read at once: the next call overwrites them), so no result object is made per node.
 */
class Reader {
  /** The plain value of the node parsed last. */
  val: unknown = undefined;
  /** Where that node ends, as range[2]. */
  end = 0;
  /** The start of the line after it. */
  next = 0;
  /** The column of the position nextContent found last (no search back for its line start). */
  contentCol = 0;

  constructor(readonly s: string) {}

  lineStart(i: number): number {
    return this.s.lastIndexOf('\n', i - 1) + 1;
  }

  lineEnd(i: number): number {
    const e = this.s.indexOf('\n', i);
    return e < 0 ? this.s.length : e;
  }

  /** After the line holding `i` (past its \n), or the end of the text. */
  afterLine(i: number): number {
    const e = this.s.indexOf('\n', i);
    return e < 0 ? this.s.length : e + 1;
  }

  /**
   * The first non-space character of the next line from `ls` on that is neither blank nor a
   * comment; -1 at the end. A comment line indented deeper than that next line (or than column 0
   * at the end) stretches the ranges of the nodes it trails in the package's tree: not handled here.
   */
  nextContent(ls: number): number {
    const s = this.s;
    let comment = -1;
    while (ls < s.length) {
      let i = ls;
      while (s.charCodeAt(i) === sp) i++;
      const c = s.charCodeAt(i);
      if (i < s.length && c !== nl && c !== 35) {
        if (comment > i - ls) bail();
        this.contentCol = i - ls;
        return i;
      }
      if (c === 35) comment = Math.max(comment, i - ls);
      ls = this.afterLine(i);
    }
    if (comment > 0) bail();
    return -1;
  }

  /** Whether a comment line lies between the line starting at `ls` and position `until` (-1: the end). */
  commentBefore(ls: number, until: number): boolean {
    const s = this.s;
    const stop = until < 0 ? s.length : until;
    for (let i = ls; i < stop; i++) if (s.charCodeAt(i) === 35) return true;
    return false;
  }

  /** A block node whose first token is at `at` (column `indent`); `parent`: the indentation of the enclosing collection. */
  block(at: number, indent: number, parent: number, depth: number): Node {
    if (depth > MAX_DEPTH || indent <= parent) bail();
    const s = this.s;
    if (s.charCodeAt(at) === 45 && isBlank(s.charCodeAt(at + 1), at + 1, s)) return this.seq(at, indent, depth);
    if (this.keyEnd(at) >= 0) return this.map(at, indent, depth);
    return bail();
  }

  /**
   * Where the implicit key starting at `at` ends (its colon), or -1 when the line holds no
   * `key:` there. Only plain keys: no indicator first, no `#` after a space, no quotes.
   */
  keyEnd(at: number): number {
    const s = this.s;
    const c0 = s.charCodeAt(at);
    if (isIndicator(c0)) return -1;
    const end = this.lineEnd(at);
    for (let i = at; i < end; i++) {
      const c = s.charCodeAt(i);
      if (c === 58 && (i + 1 === end || s.charCodeAt(i + 1) === sp)) return i;
      if (c === 35 && s.charCodeAt(i - 1) === sp) return -1;
    }
    return -1;
  }

  map(at: number, indent: number, depth: number): Node {
    const s = this.s;
    const node = mapNode();
    const value: Record<string, unknown> = {};
    let pos = at;
    let end = at;
    let next = at;
    for (;;) {
      const colon = this.keyEnd(pos);
      if (colon < 0) bail();
      const known = knownKey(s, pos, colon);
      const key = known ?? s.slice(pos, colon);
      if (known === undefined && (key.length > 1000 || s.charCodeAt(colon - 1) === sp || !isStringPlain(key) || key === '__proto__' || key === '<<')) bail();
      if (Object.prototype.hasOwnProperty.call(value, key)) bail();
      const k = scalar(key, pos, colon, colon);
      const v = this.value(colon + 1, indent, depth);
      node.items.push(pairNode(k, v));
      value[key] = this.val;
      end = this.end;
      next = this.next;
      const c = this.sibling(next, indent);
      if (c < 0) break;
      pos = c;
    }
    node.range = [at, end, end];
    return this.done(node, value, end, next);
  }

  private done(node: Node, value: unknown, end: number, next: number): Node {
    this.val = value;
    this.end = end;
    this.next = next;
    return node;
  }

  /**
   * Where the next entry at `indent` starts after `next`; -1 when the block ends there (the end of
   * the text, or a line indented less). A line indented more is not plain block YAML.
   */
  private sibling(next: number, indent: number): number {
    const c = this.nextContent(next);
    if (c < 0) return -1;
    const col = this.contentCol;
    if (col < indent) return -1;
    if (col > indent) bail();
    return c;
  }

  seq(at: number, indent: number, depth: number): Node {
    const s = this.s;
    const node = seqNode(false);
    const value: unknown[] = [];
    let pos = at;
    let end = at;
    let next = at;
    for (;;) {
      // `pos` is a dash; the item starts after it and its spaces, on the same line.
      let i = pos + 1;
      while (s.charCodeAt(i) === sp) i++;
      const c = s.charCodeAt(i);
      if (i >= s.length || c === nl || c === 35) bail(); // the item on the next lines, or empty
      const item = c === 45 && isBlank(s.charCodeAt(i + 1), i + 1, s) ? bail() : this.keyEnd(i) >= 0 ? this.map(i, indent + (i - pos), depth + 1) : this.scalarOrFlow(i, indent, depth);
      node.items.push(item);
      value.push(this.val);
      end = this.end;
      next = this.next;
      const n = this.sibling(next, indent);
      if (n < 0) break;
      if (s.charCodeAt(n) !== 45 || !isBlank(s.charCodeAt(n + 1), n + 1, s)) break; // the parent map's next key (a sequence under a key, not indented)
      pos = n;
    }
    node.range = [at, end, end];
    return this.done(node, value, end, next);
  }

  /** The value after a key's colon at `from`; `indent`: the mapping's. */
  value(from: number, indent: number, depth: number): Node {
    const s = this.s;
    let i = from;
    while (s.charCodeAt(i) === sp) i++;
    const c = s.charCodeAt(i);
    if (i >= s.length || c === nl || c === 35) {
      // Nothing on this line: a nested block below, or an empty (null) value.
      const after = this.afterLine(i);
      const n = this.nextContent(after);
      if (n >= 0) {
        const col = this.contentCol;
        if (col > indent) return this.block(n, col, indent, depth + 1);
        if (col === indent && s.charCodeAt(n) === 45 && isBlank(s.charCodeAt(n + 1), n + 1, s)) return this.seq(n, col, depth + 1);
      }
      // An empty value with a comment after it, or on a line below, stretches over the lines
      // that follow: not handled here.
      if (c === 35 || this.commentBefore(after, n)) bail();
      return this.done(scalar(null, i, i, i), null, i, after);
    }
    return c === 62 || c === 124 ? this.blockScalar(i, indent) : this.scalarOrFlow(i, indent, depth);
  }

  /** A one-line scalar or flow list at `i`, then nothing but a comment on its line; nothing more indented may follow. */
  scalarOrFlow(i: number, indent: number, depth: number): Node {
    const s = this.s;
    const c = s.charCodeAt(i);
    const r = c === 91 ? this.flowSeq(i, depth) : c === 34 || c === 39 ? this.quoted(i) : this.plain(i);
    // A more indented line after a one-line value continues it (or is an error): not handled here.
    const n = this.nextContent(this.next);
    if (n >= 0 && this.contentCol > indent) bail();
    return r;
  }

  /** The rest of the line after a value ending at `valueEnd` (spaces, maybe a comment): where the next line starts, which is also the value's range[2]. */
  tail(valueEnd: number): number {
    const s = this.s;
    let i = valueEnd;
    while (s.charCodeAt(i) === sp) i++;
    if (i < s.length && s.charCodeAt(i) !== nl) {
      if (s.charCodeAt(i) !== 35 || i === valueEnd) bail();
    }
    return this.afterLine(i);
  }

  plain(i: number): Node {
    const s = this.s;
    if (isIndicator(s.charCodeAt(i))) bail();
    const eol = this.lineEnd(i);
    let e = i;
    for (let j = i; j < eol; j++) {
      const c = s.charCodeAt(j);
      if (c === 35 && s.charCodeAt(j - 1) === sp) break;
      if (c === 58 && (j + 1 === eol || s.charCodeAt(j + 1) === sp)) bail(); // `a: b: c`
      if (c !== sp) e = j + 1;
    }
    const v = plainValue(s.slice(i, e));
    const t = this.tail(e);
    return this.done(scalar(v, i, e, t), v, t, t);
  }

  quoted(i: number): Node {
    const s = this.s;
    const q = s.charCodeAt(i);
    const eol = this.lineEnd(i);
    let text = '';
    let j = i + 1;
    for (;;) {
      const close = s.indexOf(q === 34 ? '"' : "'", j);
      if (close < 0 || close >= eol) bail();
      text += s.slice(j, close);
      if (q === 39 && s.charCodeAt(close + 1) === 39) {
        text += "'";
        j = close + 2;
        continue;
      }
      j = close + 1;
      break;
    }
    if (q === 34 && text.includes('\\')) bail();
    if (s.charCodeAt(j) === 58) bail(); // a quoted key
    const t = this.tail(j);
    return this.done(scalar(text, i, j, t), text, t, t);
  }

  /** `[a, b, "c"]` on one line. */
  flowSeq(i: number, depth: number): Node {
    if (depth > MAX_DEPTH) bail();
    const s = this.s;
    const node = seqNode(true);
    const value: unknown[] = [];
    const eol = this.lineEnd(i);
    let j = i + 1;
    while (s.charCodeAt(j) === sp) j++;
    if (s.charCodeAt(j) !== 93) {
      for (;;) {
        const c = s.charCodeAt(j);
        const start = j;
        let itemEnd: number;
        let v: string | null | boolean;
        if (c === 34 || c === 39) {
          const close = s.indexOf(c === 34 ? '"' : "'", j + 1);
          if (close < 0 || close >= eol) bail();
          v = s.slice(j + 1, close);
          if ((c === 34 && v.includes('\\')) || (c === 39 && s.charCodeAt(close + 1) === 39)) bail();
          itemEnd = close + 1;
        } else {
          if (isIndicator(c) || j >= eol) bail();
          let e = j;
          for (; e < eol; e++) {
            const d = s.charCodeAt(e);
            if (d === 44 || d === 93) break;
            if (d === 91 || d === 123 || d === 125 || d === 58 || d === 35 || d === 34 || d === 39) bail();
          }
          itemEnd = e;
          while (s.charCodeAt(itemEnd - 1) === sp) itemEnd--;
          v = plainValue(s.slice(j, itemEnd));
        }
        let k = itemEnd;
        while (s.charCodeAt(k) === sp) k++;
        node.items.push(scalar(v, start, itemEnd, k));
        value.push(v);
        const d = s.charCodeAt(k);
        if (d === 93) {
          j = k;
          break;
        }
        if (d !== 44) bail();
        j = k + 1;
        while (s.charCodeAt(j) === sp) j++;
        if (s.charCodeAt(j) === 93 || j >= eol) bail(); // a trailing comma, or the list goes on below
      }
    }
    const close = j + 1;
    const t = this.tail(close);
    node.range = [i, close, t];
    return this.done(node, value, t, t);
  }

  /** `>` or `|` (with `-` or nothing after it), then lines indented more than the mapping. */
  blockScalar(i: number, indent: number): Node {
    const s = this.s;
    const folded = s.charCodeAt(i) === 62;
    let h = i + 1;
    const strip = s.charCodeAt(h) === 45;
    if (strip) h++;
    if (h !== this.lineEnd(i) || h >= s.length) bail(); // keep (+), explicit indentation, a comment
    let ls = h + 1;
    // The first line sets the indentation; it must be a content line, more indented than the key.
    let n = 0;
    while (s.charCodeAt(ls + n) === sp) n++;
    const first = s.charCodeAt(ls + n);
    if (n <= indent || ls + n >= s.length || first === nl) bail();
    const lines: string[] = [];
    let contentEnd = ls;
    let blanks = 0;
    while (ls < s.length) {
      let k = 0;
      while (s.charCodeAt(ls + k) === sp) k++;
      const eol = this.lineEnd(ls);
      if (ls + k === eol) {
        if (k > 0) bail(); // spaces-only lines have subtle rules
        blanks++;
        ls = eol + 1;
        continue;
      }
      if (k < n) break;
      if (eol >= s.length) bail(); // the last line without a line break
      if (k > n && folded) bail(); // more-indented lines are not folded
      for (let b = 0; b < blanks; b++) lines.push('');
      blanks = 0;
      lines.push(s.slice(ls + n, eol));
      contentEnd = eol + 1;
      ls = eol + 1;
    }
    let text = '';
    if (folded) {
      // Lines join with a space; each empty line between two becomes a line break instead.
      for (let l = 0; l < lines.length; l++) {
        if (l === 0) text = lines[0]!;
        else if (lines[l] === '') text += '\n';
        else text += lines[l - 1] === '' ? lines[l] : ` ${lines[l]}`;
      }
    } else text = lines.join('\n');
    if (!strip) text += '\n';
    // The next line after the block is where the parent goes on (blank lines were skipped).
    return this.done(scalar(text, i, contentEnd, contentEnd), text, contentEnd, contentEnd);
  }
}

