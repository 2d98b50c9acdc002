// Pure text helpers for the commands that write files: snippets read from snippets/*.json, control
// ids, file names. No `vscode` import (unit-tested in Node). The exclusion edit on attest.yaml is
// server/src/core/exclusionEdit.ts, shared with the language server.

export interface SnippetEntry {
  name: string;
  prefix: string;
  body: string;
  description: string;
}

/** The entries of a VS Code snippets file (name -> { prefix, body, description }). */
export function parseSnippets(json: string): SnippetEntry[] {
  let data: unknown;
  try {
    data = JSON.parse(stripJsonComments(json));
  } catch {
    return [];
  }
  if (!data || typeof data !== 'object') return [];
  const out: SnippetEntry[] = [];
  for (const [name, v] of Object.entries(data as Record<string, unknown>)) {
    if (!v || typeof v !== 'object') continue;
    const e = v as { prefix?: unknown; body?: unknown; description?: unknown };
    const prefix = Array.isArray(e.prefix) ? String(e.prefix[0] ?? '') : typeof e.prefix === 'string' ? e.prefix : '';
    const body = Array.isArray(e.body) ? e.body.map(String).join('\n') : typeof e.body === 'string' ? e.body : '';
    if (!prefix || !body) continue;
    out.push({ name, prefix, body, description: typeof e.description === 'string' ? e.description : name });
  }
  return out;
}

function stripJsonComments(s: string): string {
  // Snippet files may hold // comments (VS Code reads them as JSONC). Strings are kept intact.
  let out = '';
  let inStr = false;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    if (inStr) {
      out += ch;
      if (ch === '\\') out += s[++i] ?? '';
      else if (ch === '"') inStr = false;
    } else if (ch === '"') {
      inStr = true;
      out += ch;
    } else if (ch === '/' && s[i + 1] === '/') {
      while (i < s.length && s[i] !== '\n') i++;
      out += '\n';
    } else if (ch === '/' && s[i + 1] === '*') {
      const end = s.indexOf('*/', i + 2);
      i = end < 0 ? s.length : end + 1;
    } else out += ch;
  }
  return out;
}

/** The control snippet used by "Create control", with fallbacks when snippets/controls.json lacks it. */
export const FALLBACK_CONTROL_SNIPPET = [
  'id: ${1:CTL-01}',
  'title: ${2:What the control does, in a few words}',
  'description: >',
  '  ${3:How the control operates and what it prevents or detects.}',
  'owner: ${4:security-team}',
  'status: ${5|implemented,planned,retired|}',
  'type: ${6|preventive,detective,corrective|}',
  'automation: ${7|manual,automated,hybrid|}',
  'frequency: ${8|continuous,daily,weekly,monthly,quarterly,semiannually,annually,on-event|}',
  'criteria: [${9:CC1.1}]',
  'policies: []',
  'evidence: []',
  '$0',
].join('\n');

export function pickControlSnippet(entries: SnippetEntry[]): string {
  const byPrefix = (p: string) => entries.find((e) => e.prefix === p);
  const e = byPrefix('attest-control') ?? entries.find((x) => /^attest-control$|^attest-control(?!-(register|entry|evidence))/.test(x.prefix) && /^\s*id:/m.test(x.body));
  return e?.body ?? FALLBACK_CONTROL_SNIPPET;
}

/** Fill a control snippet's id and (optionally) its criteria list with fixed values, keeping the other tab stops. */
export function fillControlSnippet(body: string, id: string, criterion?: string, framework?: string): string {
  const lines = body.split('\n');
  let idDone = false;
  let critDone = false;
  const out = lines.map((l) => {
    if (!idDone && /^\s*id\s*:/.test(l)) {
      idDone = true;
      return l.replace(/^(\s*id\s*:\s*).*$/, `$1${snippetEscape(id)}`);
    }
    if (criterion && !critDone && /^\s*criteria\s*:/.test(l)) {
      critDone = true;
      // A criterion of a framework other than the primary goes under its key (the mapping form).
      const value = `[${snippetEscape(criterion)}]`;
      return l.replace(/^(\s*)(criteria\s*:).*$/, framework ? `$1$2\n$1  ${snippetEscape(framework)}: ${value}` : `$1$2 ${value}`);
    }
    return l;
  });
  // A block list under `criteria:` (criteria:\n  - ${1:CC1.1}) would now follow a flow list: drop its items.
  if (criterion && critDone) {
    const i = out.findIndex((l) => /^\s*criteria\s*:/.test(l));
    const ind = /^(\s*)/.exec(out[i]!)![1]!.length;
    let j = i + 1;
    while (j < out.length && /^\s*-\s/.test(out[j]!) && /^(\s*)/.exec(out[j]!)![1]!.length >= ind) j++;
    out.splice(i + 1, j - i - 1);
  }
  return out.join('\n');
}

export function snippetEscape(s: string): string {
  return s.replace(/[$}\\]/g, (m) => `\\${m}`);
}

/** A file-name-safe slug: "Access Control" -> "access-control". */
export function slug(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60) || 'untitled';
}

export const CONTROL_ID = /^[A-Za-z][A-Za-z0-9._-]*$/;

export function validateControlId(id: string, taken: ReadonlySet<string>): string | undefined {
  if (!id.trim()) return 'Enter an id, such as AC-11.';
  if (/\s/.test(id)) return 'A control id has no whitespace.';
  if (!CONTROL_ID.test(id)) return 'Use letters, digits, "-", "_" or ".", starting with a letter (such as AC-11).';
  if (taken.has(id)) return `${id} is already defined in this workspace.`;
  return undefined;
}

/** The next free id in the series most used by the workspace (AC-10 -> AC-11), or CTL-01. */
export function suggestControlId(taken: Iterable<string>): string {
  const byPrefix = new Map<string, { n: number; width: number; max: number }>();
  for (const id of taken) {
    const m = /^(.*?)(\d+)$/.exec(id);
    if (!m || m[1]!.startsWith('POL-')) continue;
    const e = byPrefix.get(m[1]!) ?? { n: 0, width: m[2]!.length, max: 0 };
    e.n++;
    e.max = Math.max(e.max, Number(m[2]));
    byPrefix.set(m[1]!, e);
  }
  let best: [string, { n: number; width: number; max: number }] | undefined;
  for (const e of byPrefix) if (!best || e[1].n > best[1].n) best = e;
  if (!best) return 'CTL-01';
  return `${best[0]}${String(best[1].max + 1).padStart(best[1].width, '0')}`;
}
