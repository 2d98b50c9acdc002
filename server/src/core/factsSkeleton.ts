import { evidencePath } from './checks/crossFile.js';
import type { ControlFact, EvidenceFact, FileFacts, FrameworkRefs, PolicyFact, Ref } from './facts/types.js';
import type { LineIndex, Range, Span } from './text.js';

// A file's facts cut down to what the project index and the cross-file checks read of it (ids,
// statuses, criteria, systems, policy references, evidence links), small enough for the CLI's
// cache to keep for every file (cli/acrossPatch.ts). With them, a check whose edit reaches other
// files (a status, an id, a criterion) re-checks the files it affects without reading the rest.
// The spans findings can sit on are kept as line and character, coded into one number each, so
// a finding on an unread file still gets its position; spans no finding uses are left empty.

/** Characters per line in a coded offset: line × LINE + character (2^26: a line of 64 M characters; 2^27 lines stay exact). */
const LINE = 2 ** 26;
const NO_SPAN: Span = { start: 0, end: 0 };

type At = [number, number];
type StoredRef = string | [string, number, number];
type StoredByFramework = Array<[string, string | null, StoredRef[]]> | null;
type StoredControl = [string, At, ControlFact['status'], string[], StoredByFramework, string[], StoredRef[], Array<[string, At | null, string | null, At | null]>];
type StoredPolicy = [string, At, PolicyFact['status'], StoredRef[], StoredByFramework];
type Stored = [FileFacts['kind'], StoredControl[], StoredPolicy[]];

/** The skeleton of a file's facts as text; undefined for a crosswalk (kept whole by the index, not cut down). */
export function skeletonOf(f: FileFacts, lines: LineIndex): string | undefined {
  if (f.crosswalk || f.kind === 'crosswalk') return undefined;
  const at = (s: Span): At => {
    const r = lines.range(s);
    return [r.start.line * LINE + r.start.character, r.end.line * LINE + r.end.character];
  };
  const refs = (rs: Ref[]): StoredRef[] => rs.map((r) => [r.value, ...at(r.span)]);
  const byFramework = (g: FrameworkRefs[] | undefined, spans: boolean): StoredByFramework =>
    g ? g.map((x) => [x.key.value, x.framework ?? null, spans ? refs(x.refs) : x.refs.map((r) => r.value)]) : null;
  const stored: Stored = [
    f.kind,
    f.controls.map((c): StoredControl => [
      c.id,
      at(c.idSpan),
      c.status,
      c.criteria.map((r) => r.value),
      byFramework(c.criteriaByFramework, false),
      c.systems.map((r) => r.value),
      refs(c.policies),
      // Links to files only (URLs have no cross-file finding and the index does not list them).
      c.evidence.filter((e) => evidencePath(e.link) !== undefined).map((e) => [e.link!, e.linkSpan ? at(e.linkSpan) : null, e.sha256 ?? null, e.sha256Span ? at(e.sha256Span) : null]),
    ]),
    f.policies.map((p): StoredPolicy => [p.id, at(p.idSpan), p.status, refs(p.criteria), byFramework(p.criteriaByFramework, true)]),
  ];
  return JSON.stringify(stored);
}

/** Facts from a skeleton (spans coded, see skeletonRange); undefined when the text is not one. */
export function factsOfSkeleton(text: string): FileFacts | undefined {
  try {
    const [kind, controls, policies] = JSON.parse(text) as Stored;
    return { kind, local: [], controls: controls.map(controlOf), policies: policies.map(policyOf) };
  } catch {
    return undefined;
  }
}

// Object literals of one shape each (tens of thousands per run): no spreads, absent fields undefined.
const spanOf = (a: At): Span => ({ start: a[0], end: a[1] });
const refOf = (r: StoredRef): Ref => (typeof r === 'string' ? { value: r, span: NO_SPAN } : { value: r[0], span: { start: r[1], end: r[2] } });
const byFrameworkOf = (g: StoredByFramework): FrameworkRefs[] | undefined =>
  g === null ? undefined : g.map(([key, framework, rs]) => ({ key: { value: key, span: NO_SPAN }, framework: framework ?? undefined, refs: rs.map(refOf) }));
const evidenceOf = ([link, linkAt, sha256, shaAt]: StoredControl[7][number]): EvidenceFact => ({
  link,
  linkSpan: linkAt ? spanOf(linkAt) : undefined,
  sha256: sha256 ?? undefined,
  sha256Span: shaAt ? spanOf(shaAt) : undefined,
});

function controlOf([id, idAt, status, criteria, byFw, systems, policyRefs, evidence]: StoredControl): ControlFact {
  return {
    id,
    idSpan: spanOf(idAt),
    span: NO_SPAN,
    title: '',
    status,
    criteria: criteria.map(refOf),
    criteriaByFramework: byFrameworkOf(byFw),
    policies: policyRefs.map(refOf),
    systems: systems.map(refOf),
    evidence: evidence.map(evidenceOf),
    exceptions: [],
  };
}

function policyOf([id, idAt, status, criteria, byFw]: StoredPolicy): PolicyFact {
  return { id, idSpan: spanOf(idAt), span: NO_SPAN, title: '', status, criteria: criteria.map(refOf), criteriaByFramework: byFrameworkOf(byFw), sections: [] };
}

/** The line and character range of a span of skeleton facts. */
export function skeletonRange(s: Span): Range {
  return { start: { line: Math.floor(s.start / LINE), character: s.start % LINE }, end: { line: Math.floor(s.end / LINE), character: s.end % LINE } };
}
