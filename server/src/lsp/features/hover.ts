import { MarkupKind, type Hover, type HoverParams } from 'vscode-languageserver/node';
import { CODES, compareIds, cursorContext, evidenceStatus, fieldDocs, formatDay, FREQUENCY_DAYS, mappedCriteria, occurrences, sampleCounts, schemas, symbolAt, type Ref } from '../../core/index.js';
import type { Project } from '../project.js';
import { samplesHoverText } from './samplesHover.js';
import { describeCriterion, describeFramework } from './criterionHover.js';
import type { Session } from '../session.js';

const MAX_LISTED = 15;
/** Where each diagnostic code is explained (as the diagnostics' codeDescription links). */
const DOCS = 'https://github.com/attest-dev/attest/blob/main/docs/diagnostics.md';

/** Hover on a criterion, policy, control, system or category id, or on a field name. */
export function hover(s: Session, p: HoverParams): Hover | null {
  const at = s.projectFor(p.textDocument.uri);
  if (!at) return null;
  const { project: folder, rel } = at;
  const offset = s.offset(folder, rel, p.position);
  if (offset === undefined) return null;
  const sample = evidenceHover(s, folder, rel, offset);
  if (sample) return sample;
  const sym = symbolAt(folder.ws, rel, offset);
  if (sym) {
    const value = describe(folder, sym.kind, sym.id, sym.framework);
    if (!value) return null;
    return { contents: { kind: MarkupKind.Markdown, value }, range: s.range(folder, rel, sym.span) };
  }
  return fieldHover(s, folder, rel, offset);
}

export function describe(folder: Project, kind: string, id: string, framework?: string): string | undefined {
  const ws = folder.ws;
  const cfg = ws.config;
  if (kind === 'criterion') return describeCriterion(folder, id, framework);
  if (kind === 'framework') return describeFramework(folder, id);
  if (kind === 'policy') {
    const defs = occurrences(ws, 'policy', id).filter((o) => o.role === 'definition');
    if (!defs.length) return `**${id}**: no policy file defines this id.`;
    const pol = ws.facts(defs[0]!.rel)!.policies.find((x) => x.id === id)!;
    const approved = pol.approved !== undefined ? `approved ${formatDay(pol.approved)}` : 'never approved';
    const lines = [`**${pol.id} · ${pol.title}**`, '', `Owner: ${pol.owner ?? '_none_'} · ${pol.status} · ${approved}${pol.version ? ` · version ${pol.version}` : ''}${pol.review ? ` · reviewed ${pol.review}` : ''}`];
    lines.push('', ...criteriaLines(pol, cfg.framework, (r) => r.value), '', `_${defs[0]!.rel}_`);
    return lines.join('\n');
  }
  if (kind === 'control') {
    const defs = occurrences(ws, 'control', id);
    const def = defs[0];
    if (!def) return undefined;
    const c = ws.facts(def.rel)!.controls.find((x) => x.id === id)!;
    const meta = [c.status, c.type, c.automation, c.frequency].filter(Boolean).join(' · ');
    const lines = [`**${c.id} · ${c.title}**`, '', `${meta}${c.owner ? ` · owner ${c.owner}` : ''}`];
    if (c.description) lines.push('', c.description.trim());
    lines.push('', ...criteriaLines(c, cfg.framework, (r, fw) => `${r.value}${ws.status(r.value, fw) ? ` (${ws.status(r.value, fw)})` : ''}`));
    const ev = evidenceStatus(c, cfg);
    if (ev !== 'not-required') {
      const counts = sampleCounts(c, cfg);
      lines.push('', `Evidence: **${ev}**${counts.expected ? ` · samples in ${counts.present} of ${counts.expected} elapsed ${c.frequency} intervals` : ''}`);
    }
    if (defs.length > 1) lines.push('', `⚠ defined ${defs.length} times`);
    return lines.join('\n');
  }
  if (kind === 'system') {
    const sys = cfg.systems?.get(id);
    if (!sys) return `**${id}**: the inventory in attest.yaml does not define this system.`;
    const protectors = occurrences(ws, 'system', id)
      .filter((o) => o.role === 'reference')
      .map((o) => ws.facts(o.rel)!.controls.find((c) => c.systems.some((r) => r.span.start === o.span.start))?.id ?? '');
    const e = sys.entry;
    const lines = [`**${e.id} · ${e.name}**`, '', `${e.kind ?? 'system'}${e.owner ? ` · owner ${e.owner}` : ''} · ${sys.inScope ? 'in scope' : `out of scope${e.reason ? `: ${e.reason.trim()}` : ''}`}`];
    if (e.description) lines.push('', e.description);
    lines.push('', `Protected by: ${list(unique(protectors))}${sys.inScope && !ws.isProtected(id) ? ' ⚠ no implemented control' : ''}`);
    return lines.join('\n');
  }
  if (kind === 'category') {
    const cat = cfg.catalog.category(id);
    if (!cat) return undefined;
    const statuses = cat.criteria.map((c) => ws.status(c));
    const covered = statuses.filter((x) => x === 'covered').length;
    const total = statuses.filter((x) => x && x !== 'excluded').length;
    return [`**${cat.title}**: ${covered}/${total} covered`, '', cat.description, '', `Series: ${cat.series.map((x) => `${x.id} ${x.title}`).join('; ')}`].join('\n');
  }
  return undefined;
}

/** On an evidence date: whether it counts for the period, and when the next sample is due. */
function evidenceHover(s: Session, folder: Project, rel: string, offset: number): Hover | null {
  const cfg = folder.ws.config;
  for (const c of folder.ws.facts(rel)?.controls ?? []) {
    for (const e of c.evidence) {
      if (!e.collectedSpan || e.collected === undefined || offset < e.collectedSpan.start || offset > e.collectedSpan.end) continue;
      const lines = [`**Evidence of ${c.id}** collected ${formatDay(e.collected)}`];
      if (cfg.period) {
        const inside = e.collected >= cfg.period.start && e.collected <= cfg.period.end;
        lines.push('', inside ? `Inside the audit period ${formatDay(cfg.period.start)} to ${formatDay(cfg.period.end)}.` : `Outside the audit period ${formatDay(cfg.period.start)} to ${formatDay(cfg.period.end)}: not a sample of this audit.`);
      }
      const max = c.frequency ? FREQUENCY_DAYS[c.frequency] : undefined;
      if (max !== undefined) lines.push('', `A ${c.frequency} control needs a sample at least every ${max} days: the next after this one is due by ${formatDay(e.collected + max)}.`);
      return { contents: { kind: MarkupKind.Markdown, value: lines.join('\n') }, range: s.range(folder, rel, e.collectedSpan) };
    }
  }
  return null;
}

function fieldHover(s: Session, folder: Project, rel: string, offset: number): Hover | null {
  const kind = folder.ws.kindOf(rel);
  const text = folder.ws.text(rel);
  if (!kind || text === undefined) return null;
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const m = /^(\s*(?:-\s+)?)([A-Za-z_][\w-]*)\s*:/.exec(text.slice(lineStart));
  if (!m) return null;
  const start = lineStart + m[1]!.length;
  const end = start + m[2]!.length;
  if (offset < start || offset > end) return null;
  const ctx = cursorContext(text, start, kind);
  const parent = ctx?.keys[ctx.keys.length - 1];
  if (kind === 'config' && parent === 'rules' && ctx?.keys.length === 1) return ruleHover(s, folder, rel, m[2]!, { start, end });
  const S = schemas;
  const schema =
    kind === 'policy' ? S.policySchema
    : kind === 'crosswalk' ? (parent === 'links' ? S.crosswalkLinkSchema : S.crosswalkSchema)
    : kind === 'config' ? (parent === 'systems' ? S.systemSchema : parent === 'exclude' ? S.exclusionSchema : S.configSchema)
    : parent === 'evidence' ? S.evidenceSchema
    : parent === 'exceptions' ? S.exceptionSchema
    : S.controlSchema;
  const doc = fieldDocs(schema)[m[2]!];
  if (!doc) return null;
  let value = `**${m[2]}**: ${doc}`;
  if (kind === 'control' && (m[2] === 'frequency' || m[2] === 'evidence') && (parent === undefined || parent === 'controls')) {
    // A control's own key: its population, sample size and evidenced intervals.
    const c = folder.ws.facts(rel)?.controls.find((x) => start >= Math.min(x.span.start, x.idSpan.start) && start <= x.span.end);
    const samples = c && samplesHoverText(c, folder.ws.config, rel);
    if (samples) value += `\n\n---\n\n${samples}`;
  }
  return { contents: { kind: MarkupKind.Markdown, value }, range: s.range(folder, rel, { start, end }) };
}

/** On a code under `rules:`: what it reports, its default severity and the one set here. */
function ruleHover(s: Session, folder: Project, rel: string, code: string, span: { start: number; end: number }): Hover | null {
  const known = (CODES as Record<string, { severity: string; help: string }>)[code];
  if (!Object.prototype.hasOwnProperty.call(CODES, code) || !known) return null;
  const set = folder.ws.config.rules.levels.get(code as keyof typeof CODES);
  const levels = `Default severity: ${known.severity}${set !== undefined && set !== known.severity ? ` · here: **${set}**` : ''}`;
  const value = [`**${code}**: ${known.help}`, '', levels, '', `[${code} in the diagnostics reference](${DOCS}#${code})`].join('\n');
  return { contents: { kind: MarkupKind.Markdown, value }, range: s.range(folder, rel, span) };
}

/** A control's or policy's criteria, one paragraph per framework: the primary's first (`_none_` when empty), then each other one it maps. */
function criteriaLines(f: Parameters<typeof mappedCriteria>[0], primary: string, show: (r: Ref, framework: string) => string): string[] {
  return mappedCriteria(f, primary)
    .filter(({ framework, refs }) => framework === primary || refs.length)
    .flatMap(({ framework, refs }, i) => [...(i ? [''] : []), `Criteria${framework !== primary ? ` (${framework})` : ''}: ${list(refs.map((r) => show(r, framework)))}`]);
}

function unique(xs: string[]): string[] {
  return [...new Set(xs)].sort(compareIds);
}

function list(xs: string[]): string {
  if (!xs.length) return '_none_';
  return xs.length > MAX_LISTED ? `${xs.slice(0, MAX_LISTED).join(', ')} and ${xs.length - MAX_LISTED} more` : xs.join(', ');
}
