/**
 * VS Code snippet syntax resolved to plain text: every placeholder at its default, every choice
 * at its first option, variables from a table. `attest init` writes the editor's policy
 * templates this way, so snippets/policies.json stays their one source. Variable transforms
 * (`${TM_FILENAME_BASE/.../}`) are not supported: they stay text.
 */
interface TabStop {
  stop: number;
  value?: Node[];
  choices?: string[];
}
type Node = { text: string } | TabStop | { variable: string; value?: Node[] };

/** Parses leniently, as VS Code does: anything that is not valid syntax stays literal text. */
function parse(src: string): Node[] {
  let i = 0;
  const take = (re: RegExp): string | undefined => {
    const m = re.exec(src.slice(i));
    if (m) i += m[0].length;
    return m?.[0];
  };
  /** Text up to an unescaped `stop` character (consumed), undefined when there is none. */
  const until = (stop: string, escapable: string): string | undefined => {
    let out = '';
    while (i < src.length && src[i] !== stop) {
      if (src[i] === '\\' && escapable.includes(src[i + 1] ?? '')) i++;
      out += src[i++];
    }
    if (i >= src.length) return undefined;
    i++;
    return out;
  };
  function nodes(stopAtBrace: boolean): Node[] {
    const out: Node[] = [];
    let text = '';
    while (i < src.length && !(stopAtBrace && src[i] === '}')) {
      if (src[i] === '\\' && '$}\\'.includes(src[i + 1] ?? '')) {
        text += src[i + 1];
        i += 2;
        continue;
      }
      const node = src[i] === '$' ? dollar() : undefined;
      if (node) {
        if (text) out.push({ text });
        text = '';
        out.push(node);
      } else text += src[i++];
    }
    if (text) out.push({ text });
    return out;
  }
  function dollar(): Node | undefined {
    const start = i++;
    const bare = take(/^\d+/) ?? take(/^[A-Za-z_][A-Za-z0-9_]*/);
    if (bare !== undefined) return /^\d/.test(bare) ? { stop: Number(bare) } : { variable: bare };
    if (take(/^\{/) !== undefined) {
      const num = take(/^\d+/);
      const name = num === undefined ? take(/^[A-Za-z_][A-Za-z0-9_]*/) : undefined;
      const node: Node | undefined = num !== undefined ? { stop: Number(num) } : name !== undefined ? { variable: name } : undefined;
      if (node && take(/^\}/) !== undefined) return node;
      if (node && take(/^:/) !== undefined) {
        const value = nodes(true);
        if (take(/^\}/) !== undefined) return { ...node, value };
      } else if (node && 'stop' in node && take(/^\|/) !== undefined) {
        const body = until('|', '$}\\,|');
        if (body !== undefined && take(/^\}/) !== undefined) return { ...node, choices: body.split(',') };
      }
    }
    i = start;
    return undefined;
  }
  return nodes(false);
}

/**
 * The text a snippet inserts when the user accepts every default: `${1:x}` and its mirrors `$1`
 * give x, `${2|a,b|}` gives a, `$NAME` comes from `variables` (an unknown one without a default
 * gives its name, as in VS Code), `$0` and empty tab stops give nothing.
 */
export function snippetText(body: string, variables: Readonly<Record<string, string>>): string {
  const tree = parse(body);
  // The first tab stop of each number that carries a default: its mirrors repeat that default.
  const defaults = new Map<number, TabStop>();
  const collect = (list: Node[]): void => {
    for (const n of list) {
      if ('stop' in n && (n.value || n.choices) && !defaults.has(n.stop)) defaults.set(n.stop, n);
      if ('value' in n && n.value) collect(n.value);
    }
  };
  collect(tree);
  const rendering = new Set<number>();
  const render = (list: Node[]): string => list.map(one).join('');
  function one(n: Node): string {
    if ('text' in n) return n.text;
    if ('stop' in n) {
      const source = n.value || n.choices ? n : defaults.get(n.stop);
      if (!source || rendering.has(n.stop)) return '';
      rendering.add(n.stop);
      const out = source.choices ? (source.choices[0] ?? '') : render(source.value ?? []);
      rendering.delete(n.stop);
      return out;
    }
    const known = Object.prototype.hasOwnProperty.call(variables, n.variable) ? variables[n.variable] : undefined;
    return known ?? (n.value ? render(n.value) : n.variable);
  }
  return render(tree);
}
