// The policy templates are the editor's snippets (snippets/policies.json, bundled by esbuild): one
// source for "Create Policy from Template", `attest init` and the quick fix that creates a policy.
import { formatDay } from './dates.js';
import { snippetText } from './snippetText.js';

interface PolicySnippet {
  prefix: string;
  body: string[];
}

// require (not import) so the type checker needs no JSON module support; esbuild inlines the file.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const POLICY_SNIPPETS = require('../../../snippets/policies.json') as Record<string, PolicySnippet>;

/** The policy templates: every attest-policy-* snippet (the blank `attest-policy` is for the editor only). */
export function policyTemplates(): Array<{ name: string; prefix: string; body: string }> {
  return Object.entries(POLICY_SNIPPETS)
    .filter(([, s]) => s.prefix.startsWith('attest-policy-'))
    .map(([name, s]) => ({ name, prefix: s.prefix, body: s.body.join('\n') }));
}

/** File name of a template, as the editor's command proposes it: "Attest policy: access control" -> access-control.md. */
export function policyFileName(snippetName: string): string {
  const label = snippetName.replace(/^Attest policy:\s*/i, '');
  const slug = label.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  return `${slug || 'policy'}.md`;
}

/** A new policy `id` from the blank `attest-policy` snippet, placeholders at their defaults, as of `today`. */
export function blankPolicy(id: string, fileBase: string, today: number): string {
  const blank = Object.values(POLICY_SNIPPETS).find((s) => s.prefix === 'attest-policy');
  const [year, month, date] = formatDay(today).split('-') as [string, string, string];
  const words = fileBase.split(/[-_\s]+/).filter(Boolean).map((w) => w[0]!.toUpperCase() + w.slice(1)).join(' ') || 'New';
  // The snippet's file-name transforms (upcase, capitalize), resolved here: the renderer keeps transforms as text.
  const body = (blank?.body ?? ['---', 'id: X', 'title: Policy', '---', '']).join('\n').replace(/\$\{TM_FILENAME_BASE\/\(\.\*\)\/\$\{1:\/(upcase|capitalize)\}\/\}/g, (_m, how: string) => (how === 'upcase' ? fileBase.toUpperCase() : words));
  const text = snippetText(body, { CURRENT_YEAR: year, CURRENT_MONTH: month, CURRENT_DATE: date, TM_FILENAME_BASE: fileBase });
  // The snippet derives the id from the file name; the quick fix knows the exact id.
  return text.replace(/^id:.*$/m, `id: ${id}`);
}
