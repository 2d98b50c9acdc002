import type { PlanItem } from '../../core/index.js';
import { counted, FILES_WITH_ERRORS_NOTE } from '../coverageReport.js';
import { date, ids, text, type Block, type DocSection, type Inline, type ReportDoc, type TableRow } from './document.js';
import { hasSection, SECTIONS, type ExclusionRow, type OtherFramework, type ReadinessModel, type SectionName } from './model.js';
import type { EvidenceRow } from './evidence.js';

/** The readiness report's sections, in the contract's order, each built only when it has content. */

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

const reportName = (m: ReadinessModel): string => (m.report === 'type2' ? 'SOC 2 Type II' : 'SOC 2 Type I');

function scope(m: ReadinessModel): Block[] {
  const rows: Array<{ label: string; value: Inline[] }> = [];
  if (m.project !== null) rows.push({ label: 'Project folder', value: [{ path: m.project }] });
  rows.push({ label: 'Framework', value: [{ id: m.framework.id }, `: ${m.framework.title}`] });
  if (m.otherFrameworks.length) rows.push({ label: 'Other frameworks', value: m.otherFrameworks.flatMap((f, i): Inline[] => [...(i ? ['; '] : []), { id: f.id }, `: ${f.coverage.title}`]) });
  rows.push({ label: 'Report', value: [reportName(m), ...(m.period ? [`, audit period ${m.period.start} to ${m.period.end}`] : m.report === 'type2' ? [', no valid audit period'] : [])] });
  rows.push({ label: 'As of', value: [m.asOf, ...(m.today !== m.asOf ? [` (the period's end; generated ${m.today})`] : [])] });
  rows.push({ label: 'Categories in scope', value: text(m.categories.inScope.join(', ')) });
  if (m.categories.outOfScope.length) rows.push({ label: 'Categories not in scope', value: text(m.categories.outOfScope.join(', ')) });
  const inSys = m.systems.filter((s) => s.scope === 'in');
  const outSys = m.systems.filter((s) => s.scope === 'out');
  if (m.systems.length) {
    rows.push({ label: 'Systems in scope', value: inSys.length ? [`${inSys.length}: `, ...ids(inSys.map((s) => s.id))] : ['none'] });
    if (outSys.length) rows.push({ label: 'Systems out of scope', value: outSys.flatMap((s, i): Inline[] => [...(i ? ['; '] : []), { id: s.id }, `: ${s.reason ?? 'no reason given'}`]) });
  }
  const excluded = m.exclusions.filter((x) => x.reason);
  rows.push({ label: 'Excluded criteria', value: excluded.length ? excluded.flatMap((x, i): Inline[] => [...(i ? ['; '] : []), { id: x.id }, `: ${x.reason}`]) : ['none'] });
  return [{ kind: 'facts', rows }];
}

type Totals = ReadinessModel['coverage']['totals'];
type Criterion = ReadinessModel['coverage']['categories'][number]['criteria'][number];

/** The figures sentence and the totals table of one framework. */
function totals(t: Totals, summary: { covered: number; total: number }): Block[] {
  return [
    {
      kind: 'p',
      content: [{ strong: `${summary.covered} of ${summary.total}` }, ` in-scope criteria covered (${t.excluded} excluded not counted): ${t.planned} planned, ${t.policyOnly} policy-only, ${t.uncovered} uncovered.`],
    },
    { kind: 'table', head: ['In scope', 'Covered', 'Planned', 'Policy-only', 'Uncovered', 'Excluded'], rows: [{ cells: [t.inScope, t.covered, t.planned, t.policyOnly, t.uncovered, t.excluded].map((n) => [String(n)]) }] },
  ];
}

function criterionRows(criteria: Criterion[]): TableRow[] {
  return criteria.map((c) => {
    const notes = [c.reason ? `excluded: ${c.reason}` : '', c.evidenceGap ? 'no current evidence' : ''].filter(Boolean).join('; ');
    const gap = c.status === 'uncovered' || c.status === 'planned' || c.status === 'policy-only';
    return { cells: [[{ id: c.id }], text(c.title), [{ status: c.status ?? '' }], ids(c.controls.map((x) => x.id)), ids(c.policies.map((x) => x.id)), text(notes || null)], ...(gap ? { mark: 'gap' as const } : {}) };
  });
}

const CRITERION_HEAD = ['Criterion', 'Title', 'Status', 'Controls', 'Policies', 'Notes'];

/** Another framework: its totals, then its in-scope criteria in one table (one per category would not print well for ISO's 93). */
function otherCoverage(f: OtherFramework): Block[] {
  const inScope = f.coverage.categories.filter((c) => c.inScope).flatMap((c) => c.criteria);
  return [
    { kind: 'h3', text: f.coverage.title, note: `${f.id}: ${f.summary.covered}/${f.summary.total} covered` },
    ...totals(f.coverage.totals, f.summary),
    { kind: 'table', head: CRITERION_HEAD, rows: criterionRows(inScope) },
  ];
}

function coverage(m: ReadinessModel): Block[] {
  const blocks: Block[] = totals(m.coverage.totals, m.summary);
  for (const cat of m.coverage.categories) {
    if (!cat.inScope) continue;
    const { covered, total } = counted(cat);
    blocks.push({ kind: 'h3', text: cat.title, note: `${covered}/${total} covered` });
    blocks.push({ kind: 'table', head: CRITERION_HEAD, rows: criterionRows(cat.criteria) });
  }
  if (m.otherFrameworks.length) {
    blocks.push({ kind: 'p', content: [`The project's other ${m.otherFrameworks.length === 1 ? 'framework' : 'frameworks'}, from the same controls and policies:`] });
    for (const f of m.otherFrameworks) blocks.push(...otherCoverage(f));
  }
  return blocks;
}

/** A control's or policy's criteria: the primary's ids, then each other framework's prefixed by its id. */
function criteriaCell(c: { criteria: string[]; otherCriteria: Array<{ framework: string; ids: string[] }> }): Inline[] {
  const out: Inline[] = c.criteria.length || !c.otherCriteria.length ? ids(c.criteria) : [];
  for (const o of c.otherCriteria) out.push(...(out.length ? ['; '] : []), `${o.framework}: `, ...ids(o.ids));
  return out;
}

function controls(m: ReadinessModel): Block[] {
  const n = (s: string) => m.controls.filter((c) => c.status === s).length;
  const rows: TableRow[] = m.controls.map((c) => ({
    cells: [[{ id: c.id }], text(c.title), text(c.owner), [{ status: c.retired ? 'retired' : c.status }], text(c.frequency), criteriaCell(c), ids(c.policies), ids(c.systems), date(c.latestEvidence)],
    ...(c.retired ? { mark: 'retired' as const } : {}),
  }));
  return [
    { kind: 'p', content: [`${plural(m.controls.length, 'control')}: ${n('implemented')} implemented, ${n('planned')} planned, ${n('retired')} retired (retired controls map nothing).`] },
    { kind: 'table', head: ['Id', 'Title', 'Owner', 'Status', 'Frequency', 'Criteria', 'Policies', 'Systems', 'Latest evidence'], rows, wide: true },
  ];
}

function evidence(m: ReadinessModel): Block[] {
  const rows = m.evidence ?? [];
  const n = (s: string) => rows.filter((e) => e.status === s).length;
  return [
    { kind: 'p', content: [`Implemented controls with a frequency, judged as of ${m.asOf}: ${n('current')} current, ${n('stale')} stale, ${n('missing')} missing. An interval is one sampling period of the control's frequency that has fully elapsed. The population counts those intervals; the draw is the seeded selection an auditor would test (\`attest samples\`, seed 1), with the drawn intervals that hold no evidence.`] },
    {
      kind: 'table',
      head: ['Control', 'Frequency', 'Evidence', 'Latest sample', 'Intervals with samples', 'Intervals without samples', 'Population', 'Draw'],
      rows: rows.map((e) => ({
        cells: [[{ id: e.id }], text(e.frequency), [{ status: e.status }], date(e.latest), [e.intervals.expected ? `${e.intervals.present} of ${e.intervals.expected}` : '—'], e.gaps.length ? e.gaps.flatMap((g, i): Inline[] => [...(i ? ['; '] : []), { date: g.start }, ' to ', { date: g.end }]) : ['—'], [e.sample ? String(e.sample.population) : '—'], draw(e)],
        ...(e.status !== 'current' || e.gaps.length || e.sample?.selected.some((x) => !x.evidenced) ? { mark: 'gap' as const } : {}),
      })),
    },
  ];
}

/** "2 of 2 evidenced", or which drawn intervals lack evidence. */
function draw(e: EvidenceRow): Inline[] {
  if (!e.sample) return ['—'];
  const missing = e.sample.selected.filter((x) => !x.evidenced);
  const head = `${e.sample.selected.length - missing.length} of ${e.sample.size} evidenced`;
  return missing.length ? [head, '; none in ', ...missing.flatMap((g, i): Inline[] => [...(i ? ['; '] : []), { date: g.start }, ' to ', { date: g.end }])] : [head];
}

function policies(m: ReadinessModel): Block[] {
  const overdue = m.policies.filter((p) => p.overdue).length;
  return [
    { kind: 'p', content: [`${m.policies.length} ${m.policies.length === 1 ? 'policy' : 'policies'}, ${overdue} overdue for review.`] },
    {
      kind: 'table',
      head: ['Id', 'Title', 'Owner', 'Status', 'Version', 'Approved', 'Review', 'Next review', 'Criteria'],
      rows: m.policies.map((p) => ({
        cells: [[{ id: p.id }], text(p.title), text(p.owner), [{ status: p.status }], text(p.version), date(p.approved), text(p.review), [...date(p.nextReview), ...(p.overdue ? [' ', { flag: 'overdue' }] : [])], criteriaCell(p)],
        ...(p.overdue ? { mark: 'overdue' as const } : p.status === 'retired' ? { mark: 'retired' as const } : {}),
      })),
      wide: true,
    },
  ];
}

function systems(m: ReadinessModel): Block[] {
  return [
    {
      kind: 'table',
      head: ['Id', 'Name', 'Kind', 'Owner', 'Scope', 'Controls'],
      rows: m.systems.map((s) => ({
        cells: [[{ id: s.id }], text(s.name), text(s.kind), text(s.owner), [s.scope === 'in' ? 'in' : `out: ${s.reason ?? 'no reason given'}`], s.unprotected ? [...ids(s.controls, ''), { flag: s.controls.length ? ' (none implemented)' : 'no implemented control' }] : ids(s.controls)],
        ...(s.unprotected ? { mark: 'gap' as const } : {}),
      })),
    },
  ];
}

function reasonOf(x: ExclusionRow): Inline[] {
  return x.reason ? [x.reason] : [{ flag: 'no reason given: not excluded until one is' }];
}

function exclusions(m: ReadinessModel): Block[] {
  const blocks: Block[] = [{ kind: 'p', content: ['In-scope criteria carved out of the report, with the reason the auditor reads.'] }];
  if (m.exclusions.length) {
    blocks.push({
      kind: 'table',
      head: ['Criterion', 'Title', 'Reason'],
      rows: m.exclusions.map((x) => ({ cells: [[{ id: x.id }], text(x.title), reasonOf(x)], ...(x.reason ? {} : { mark: 'gap' as const }) })),
    });
  }
  // The other frameworks' as lists under their name: the table stays the primary's, as its scope reads.
  for (const f of m.otherFrameworks) {
    if (!f.exclusions.length) continue;
    blocks.push({ kind: 'h3', text: f.label }, { kind: 'list', items: f.exclusions.map((x): Inline[] => [{ id: x.id }, ` ${x.title}: `, ...reasonOf(x)]) });
  }
  return blocks;
}

function dueCell(p: PlanItem): Inline[] {
  return p.due ? [{ date: p.due }, ...(p.overdue ? [' ', { flag: 'overdue' }] : [])] : ['no due date'];
}

function plan(m: ReadinessModel): Block[] {
  const overdue = m.plan.filter((p) => p.overdue).length;
  return [
    { kind: 'p', content: [`${plural(m.plan.length, 'item')}, ${overdue} overdue; overdue first, then by due date.`] },
    {
      kind: 'table',
      head: ['Due', 'Kind', 'Id', 'Item', 'Owner'],
      rows: m.plan.map((p) => ({ cells: [dueCell(p), text(p.kind), [{ id: p.id }], [p.title, ...(p.detail ? [` (${p.detail})`] : [])], text(p.owner)], ...(p.overdue ? { mark: 'overdue' as const } : {}) })),
    },
  ];
}

function filesWithErrors(m: ReadinessModel): Block[] {
  return [
    // The note's `attest check` stays code in both formats.
    { kind: 'p', content: ['These files have errors (', ...FILES_WITH_ERRORS_NOTE.split('`').map((s, i): Inline => (i % 2 ? { path: s } : s)), '):'] },
    { kind: 'list', items: m.filesWithErrors.map((f) => [{ path: f }]) },
  ];
}

const BUILDERS: Record<SectionName, (m: ReadinessModel) => Block[]> = {
  Scope: scope,
  Coverage: coverage,
  Controls: controls,
  Evidence: evidence,
  Policies: policies,
  Systems: systems,
  Exclusions: exclusions,
  'Remediation plan': plan,
  'Files with errors': filesWithErrors,
};

/** What the report assesses against: every framework of the project (the primary first), each with its figure. */
function subtitle(m: ReadinessModel): Inline[] {
  const fws = [{ id: m.framework.id, summary: m.summary }, ...m.otherFrameworks];
  const against = fws.flatMap((f, i): Inline[] => [...(i === 0 ? [] : [i === fws.length - 1 ? ' and ' : ', ']), { id: f.id }]);
  const head: Inline[] = [`${reportName(m)} readiness assessment against `, ...against, m.period ? `, audit period ${m.period.start} to ${m.period.end}` : ''];
  if (fws.length === 1) return [...head, `. ${m.summary.covered} of ${m.summary.total} in-scope criteria covered.`];
  return [...head, '. In-scope criteria covered:', ...fws.flatMap((f, i): Inline[] => [i ? ', ' : ' ', { id: f.id }, ` ${f.summary.covered} of ${f.summary.total}`]), '.'];
}

export function readinessDoc(m: ReadinessModel): ReportDoc {
  const sections: DocSection[] = SECTIONS.filter((s) => hasSection(m, s)).map((name) => ({ name, anchor: name.toLowerCase().replace(/ /g, '-'), blocks: BUILDERS[name](m) }));
  return {
    title: `${m.title}: readiness report as of ${m.asOf}`,
    subtitle: subtitle(m),
    sections,
  };
}
