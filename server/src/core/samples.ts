import type { WorkspaceConfig } from './config.js';
import { formatDay } from './dates.js';
import { controlPopulation, type PopulationInterval } from './checks/evidence.js';
import type { ControlFact, FileFacts } from './facts/types.js';
import { isPeriodic, type PeriodicFrequency } from './populations.js';
import { compareIds } from './suggest.js';
import type { Span } from './text.js';

/**
 * Type II samples: for each implemented periodic control, the intervals an auditor would draw
 * from its population (contracts.md, "Type II samples"). The draw is seeded: every interval gets
 * a pseudo-random key from (seed, control id, frequency, interval start) and the `size` smallest
 * keys are selected. Same seed, files and today: same selection; as the population grows, the
 * intervals already drawn stay drawn unless a new one beats them.
 */

export const DEFAULT_SAMPLE_SEED = 1;

export interface SampledInterval {
  start: string;
  end: string;
  evidenced: boolean;
}

export interface ControlSamples {
  id: string;
  title: string;
  owner: string | null;
  frequency: PeriodicFrequency;
  /** Intervals of the population, and how many of them hold a sample that counts. */
  population: number;
  evidenced: number;
  size: number;
  /** The drawn intervals, by start. */
  selected: SampledInterval[];
  /** Every interval of the population (for hovers and reports), by start. */
  intervals: PopulationInterval[];
  /** Where the control is defined (project-relative) and its id. */
  rel: string;
  idSpan: Span;
}

export interface ProjectSamples {
  seed: number;
  /** Sorted by id (then file); empty outside a Type II project with a valid period. */
  controls: ControlSamples[];
}

/** What samplesOf reads of an index (ProjectIndex implements it). */
export interface SampledIndex {
  readonly config: WorkspaceConfig;
  rels(): Iterable<string>;
  facts(rel: string): FileFacts | undefined;
}

/** The samples of every control of a project (`attest samples`, attest/samples, the readiness report). */
export function samplesOf(ws: SampledIndex, seed = DEFAULT_SAMPLE_SEED, only?: (rel: string) => boolean): ProjectSamples {
  const controls: ControlSamples[] = [];
  const cfg = ws.config;
  if (cfg.report === 'type2' && cfg.period) {
    for (const rel of ws.rels()) {
      if (only && !only(rel)) continue;
      for (const c of ws.facts(rel)?.controls ?? []) {
        const s = controlSamples(c, cfg, seed, rel);
        if (s) controls.push(s);
      }
    }
  }
  controls.sort((a, b) => compareIds(a.id, b.id) || (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
  return { seed, controls };
}

/** One control's population and draw; undefined when it has no population (not implemented, not periodic). */
export function controlSamples(c: ControlFact, cfg: WorkspaceConfig, seed: number, rel: string): ControlSamples | undefined {
  if (cfg.report !== 'type2' || !cfg.period || c.status !== 'implemented' || !isPeriodic(c.frequency)) return undefined;
  const intervals = controlPopulation(c, cfg);
  const size = Math.min(cfg.sampling[c.frequency], intervals.length);
  const selected = draw(intervals, size, seed, c.id, c.frequency).map((i) => ({ start: formatDay(i.start), end: formatDay(i.end), evidenced: i.evidenced }));
  return {
    id: c.id,
    title: c.title,
    owner: c.owner?.trim() || null,
    frequency: c.frequency,
    population: intervals.length,
    evidenced: intervals.filter((i) => i.evidenced).length,
    size,
    selected,
    intervals,
    rel,
    idSpan: c.idSpan,
  };
}

/** `size` intervals by seeded key, returned in order of start. */
function draw(intervals: PopulationInterval[], size: number, seed: number, id: string, frequency: string): PopulationInterval[] {
  if (size <= 0) return [];
  if (size >= intervals.length) return [...intervals];
  const base = hashString(`${seed}\u0000${id}\u0000${frequency}`);
  const keyed = intervals.map((iv, i) => ({ i, key: mix(base ^ mix(iv.start + 0x9e3779b9)) }));
  keyed.sort((a, b) => a.key - b.key || a.i - b.i);
  return keyed
    .slice(0, size)
    .map((k) => k.i)
    .sort((a, b) => a - b)
    .map((i) => intervals[i]!);
}

/** FNV-1a over UTF-16 units, then mixed: a 32-bit key of a string. */
function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return mix(h);
}

/** The murmur3 finaliser: every input bit flips about half the output bits. Unsigned 32-bit. */
function mix(x: number): number {
  let h = x | 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** The contract's JSON shape (`attest samples --format json`, attest/samples) of one project's samples. */
export function samplesPayload(s: ProjectSamples): { seed: number; controls: Array<{ id: string; frequency: PeriodicFrequency; population: number; size: number; selected: SampledInterval[] }> } {
  return { seed: s.seed, controls: s.controls.map((c) => ({ id: c.id, frequency: c.frequency, population: c.population, size: c.size, selected: c.selected })) };
}

/** A `--seed` or request seed: a whole number (a string of digits from the command line); undefined otherwise. */
export function parseSeed(value: unknown): number | undefined {
  const n = typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value.trim()) : value;
  return typeof n === 'number' && Number.isSafeInteger(n) ? n : undefined;
}
