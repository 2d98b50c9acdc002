import { controlSamples, DEFAULT_SAMPLE_SEED, emptyIntervals, evidenceStatus, formatDay, sampleCounts, type ControlFact, type SampledInterval, type WorkspaceConfig } from '../../core/index.js';

/**
 * The Type II evidence picture of one control, as the readiness report's `Evidence` section shows
 * it. This is the one seam where Type II populations and sample selections plug in: a later
 * version fills `population` and `selected` here, and both renderers print whatever it returns.
 */
export interface EvidenceRow {
  id: string;
  title: string;
  owner: string | null;
  frequency: string;
  /** current, stale or missing, as the checks judge it (never not-required: those are not listed). */
  status: string;
  /** The newest evidence date inside the period up to the as-of day, if any. */
  latest: string | null;
  /** Elapsed sampling intervals of the period, and how many of them hold a sample. */
  intervals: { expected: number; present: number };
  /** The elapsed intervals without a sample, oldest first. */
  gaps: Array<{ start: string; end: string }>;
  /** What an auditor would draw (`attest samples`, seed 1): population, sample size, drawn intervals. */
  sample?: { population: number; size: number; selected: SampledInterval[] };
}

/** The row of a control that needs Type II evidence; undefined for one that does not. */
export function evidenceRow(c: ControlFact, cfg: WorkspaceConfig): EvidenceRow | undefined {
  const status = evidenceStatus(c, cfg);
  if (status === 'not-required' || !c.frequency || !cfg.period) return undefined;
  const { start, end } = cfg.period;
  const dated = c.evidence.map((e) => e.collected).filter((d): d is number => d !== undefined && d >= start && d <= end && d <= cfg.asOf);
  return {
    id: c.id,
    title: c.title,
    owner: c.owner?.trim() || null,
    frequency: c.frequency,
    status,
    latest: dated.length ? formatDay(Math.max(...dated)) : null,
    intervals: sampleCounts(c, cfg),
    gaps: emptyIntervals(c, cfg).map((g) => ({ start: formatDay(g.start), end: formatDay(g.end) })),
    ...sampleOf(c, cfg),
  };
}

/** The seeded draw of `attest samples` for this control (periodic, implemented controls only). */
function sampleOf(c: ControlFact, cfg: WorkspaceConfig): Pick<EvidenceRow, 'sample'> {
  const s = controlSamples(c, cfg, DEFAULT_SAMPLE_SEED, '');
  return s ? { sample: { population: s.population, size: s.size, selected: s.selected } } : {};
}
