// Pure: the Content-Security-Policy of the readiness report's webview. No `vscode` import, so it is
// unit-tested in plain Node.

/** Nothing loads and nothing runs: inline styles (the report's one <style>) and data: images only. */
export const STRICT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

const META_CSP = /<meta\b[^>]*http-equiv\s*=\s*["']?content-security-policy["']?[^>]*>/gi;

/** The policies the document declares in <meta http-equiv="Content-Security-Policy"> tags of its head
 * (a browser ignores them in the body). */
export function declaredPolicies(html: string): string[] {
  const body = html.search(/<body\b/i);
  return [...(body < 0 ? html : html.slice(0, body)).matchAll(META_CSP)].map((m) => /\bcontent\s*=\s*(?:"([^"]*)"|'([^']*)')/i.exec(m[0])).map((c) => (c ? (c[1] ?? c[2] ?? '') : ''));
}

/** Whether a policy forbids everything by default and allows no script at all. */
export function isStrict(policy: string): boolean {
  const directives = new Map(
    policy
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((d) => d[0])
      .map((d) => [d[0]!.toLowerCase(), d.slice(1)] as const),
  );
  if (directives.get('default-src')?.join(' ') !== "'none'") return false;
  return !['script-src', 'script-src-elem', 'script-src-attr'].some((k) => directives.has(k) && directives.get(k)!.join(' ') !== "'none'");
}

/**
 * The document with the strict policy in its <head>, unless a strict one is there already. A browser
 * enforces every policy a page declares, so an added policy can only narrow what the page may do.
 */
export function withStrictCsp(html: string): string {
  if (declaredPolicies(html).some(isStrict)) return html;
  const meta = `<meta http-equiv="Content-Security-Policy" content="${STRICT_CSP}">`;
  // First in the head, so it governs everything after it; without a <head>, the parser puts the meta
  // into the implied one (after <html> or the doctype, which must stay first).
  const at = /<head\b[^>]*>/i.exec(html) ?? /<html\b[^>]*>/i.exec(html) ?? /^\s*<!doctype[^>]*>/i.exec(html);
  if (!at) return `${meta}\n${html}`;
  const end = at.index + at[0].length;
  return html.slice(0, end) + meta + html.slice(end);
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** The page the panel shows when there is no report to show (the message is escaped). */
export function messagePage(title: string, message: string): string {
  return [
    '<!doctype html>',
    `<html lang="en"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${STRICT_CSP}">`,
    `<title>${escapeHtml(title)}</title>`,
    '<style>body{font:14px/1.5 system-ui,sans-serif;padding:2rem;color:var(--vscode-foreground)}</style></head>',
    `<body><h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p></body></html>`,
  ].join('\n');
}
