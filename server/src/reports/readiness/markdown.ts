import type { Block, Inline, ReportDoc } from './document.js';

/** The readiness report as Markdown: the same document html.ts renders, as GitHub-flavoured tables. */

/** User text as Markdown that renders as that text: no table breaks, no raw HTML, no emphasis or links. */
function mdText(s: string, marks = /([\\`*_[\]|])/g): string {
  return s
    .replace(/\r\n?|\n/g, ' ')
    .replace(marks, '\\$1')
    .replace(/&(?=#?\w+;)/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

/** An id as written (intraword `_` and `-` stay as they are), safe in a table cell. */
function mdId(s: string): string {
  return mdText(s, /([\\`*[\]|])/g);
}

/** Code spans with enough backticks around them to hold any backtick in the text. */
function mdCode(s: string): string {
  const flat = s.replace(/\r\n?|\n/g, ' ');
  const longest = Math.max(0, ...(flat.match(/`+/g) ?? []).map((r) => r.length));
  const fence = '`'.repeat(longest + 1);
  const pad = flat.startsWith('`') || flat.endsWith('`') ? ' ' : '';
  // A pipe inside a table cell ends the cell even in code: escape it (GitHub renders \| as |).
  return `${fence}${pad}${flat.replace(/\|/g, '\\|')}${pad}${fence}`;
}

function inline(runs: Inline[]): string {
  return runs
    .map((r) => {
      if (typeof r === 'string') return mdText(r);
      if ('id' in r) return mdId(r.id);
      if ('date' in r) return mdText(r.date);
      if ('status' in r) return mdText(r.status);
      if ('strong' in r) return `**${mdText(r.strong)}**`;
      if ('flag' in r) return `**${mdText(r.flag)}**`;
      return mdCode(r.path);
    })
    .join('');
}

function block(b: Block): string[] {
  switch (b.kind) {
    case 'p':
      return [inline(b.content), ''];
    case 'facts':
      return [...b.rows.map((r) => `- **${mdText(r.label)}:** ${inline(r.value)}`), ''];
    case 'h3':
      return [`### ${mdText(b.text)}${b.note ? ` (${mdText(b.note)})` : ''}`, ''];
    case 'list':
      return [...b.items.map((it) => `- ${inline(it)}`), ''];
    case 'table': {
      const lines = [`| ${b.head.map((h) => mdText(h)).join(' | ')} |`, `| ${b.head.map(() => '---').join(' | ')} |`];
      for (const row of b.rows) {
        const cells = row.cells.map(inline);
        if (row.mark === 'retired') cells[0] = `${cells[0]} (retired)`;
        lines.push(`| ${cells.join(' | ')} |`);
      }
      return [...lines, ''];
    }
  }
}

export function readinessMarkdown(doc: ReportDoc): string {
  const out = [`# ${mdText(doc.title)}`, '', inline(doc.subtitle), ''];
  for (const s of doc.sections) {
    out.push(`## ${s.name}`, '');
    for (const b of s.blocks) out.push(...block(b));
  }
  return out.join('\n');
}
