import type { Block, Inline, ReportDoc } from './document.js';
import { READINESS_CSS } from './style.js';

/**
 * The readiness report as one self-contained HTML page: no script, nothing loaded from elsewhere,
 * every value from a user's file escaped. Class names come from fixed sets, never from user text.
 */

export function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const STATUS_CLASSES = new Set(['covered', 'planned', 'policy-only', 'uncovered', 'excluded', 'current', 'stale', 'missing', 'implemented', 'retired', 'approved', 'draft']);

function inline(runs: Inline[]): string {
  return runs
    .map((r) => {
      if (typeof r === 'string') return esc(r);
      if ('id' in r) return `<span class="id">${esc(r.id)}</span>`;
      if ('date' in r) return `<span class="date">${esc(r.date)}</span>`;
      if ('status' in r) return `<span class="st${STATUS_CLASSES.has(r.status) ? ` st-${r.status}` : ''}">${esc(r.status)}</span>`;
      if ('strong' in r) return `<strong>${esc(r.strong)}</strong>`;
      if ('flag' in r) return `<strong class="flag">${esc(r.flag)}</strong>`;
      return `<code>${esc(r.path)}</code>`;
    })
    .join('');
}

const MARKS = { retired: 'retired', overdue: 'overdue', gap: 'gap' } as const;

function block(b: Block): string {
  switch (b.kind) {
    case 'p':
      return `<p>${inline(b.content)}</p>`;
    case 'facts':
      return `<dl class="facts">\n${b.rows.map((r) => `<dt>${esc(r.label)}</dt><dd>${inline(r.value)}</dd>`).join('\n')}\n</dl>`;
    case 'h3':
      return `<h3>${esc(b.text)}${b.note ? ` <small>${esc(b.note)}</small>` : ''}</h3>`;
    case 'list':
      return `<ul>\n${b.items.map((it) => `<li>${inline(it)}</li>`).join('\n')}\n</ul>`;
    case 'table': {
      const rows = b.rows.map((row) => {
        const cells = row.cells.map((c, i) => `<td>${inline(c)}${i === 0 && row.mark === 'retired' ? ' <em class="retired">(retired)</em>' : ''}</td>`);
        return `<tr${row.mark ? ` class="${MARKS[row.mark]}"` : ''}>${cells.join('')}</tr>`;
      });
      return `<table${b.wide ? ' class="wide"' : ''}><thead><tr>${b.head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>\n${rows.join('\n')}\n</tbody></table>`;
    }
  }
}

/** One project's report as a `<section>`; `n` keeps anchors unique when a page holds several. */
function projectSection(doc: ReportDoc, n: number): string {
  const anchor = (a: string) => `p${n}-${a}`;
  const toc = doc.sections.map((s) => `<a href="#${anchor(s.anchor)}">${esc(s.name)}</a>`).join('');
  const body = doc.sections.map((s, i) => `<h2 id="${anchor(s.anchor)}"${i === 0 ? ' class="first"' : ''}>${esc(s.name)}</h2>\n${s.blocks.map(block).join('\n')}`).join('\n');
  return `<section class="project">\n<h1>${esc(doc.title)}</h1>\n<p class="subtitle">${inline(doc.subtitle)}</p>\n<nav class="toc">${toc}</nav>\n${body}\n</section>`;
}

/** The page: one section per project, one after another. */
export function readinessHtml(docs: ReportDoc[]): string {
  const title = docs.length === 1 ? docs[0]!.title : `Readiness reports (${docs.length} projects)`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${esc(title)}</title>
<style>${READINESS_CSS}</style>
</head><body>
${docs.map(projectSection).join('\n')}
</body></html>
`;
}
