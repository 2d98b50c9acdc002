import { controlSamples, DEFAULT_SAMPLE_SEED, formatDay, type ControlFact, type WorkspaceConfig } from '../../core/index.js';

const MAX_LISTED = 12;

/**
 * The Type II part of a hover on a control's `frequency` or `evidence` key: the population, the
 * sample size and which intervals hold evidence, with the seed-1 draw `attest samples` prints.
 */
export function samplesHoverText(c: ControlFact, cfg: WorkspaceConfig, rel: string): string | undefined {
  if (cfg.report !== 'type2' || !cfg.period || c.status !== 'implemented' || !c.frequency) return undefined;
  const s = controlSamples(c, cfg, DEFAULT_SAMPLE_SEED, rel);
  if (!s) return `**Type II samples:** a ${c.frequency} control has no population of intervals; one dated sample in the period is enough.`;
  const head = `**Type II samples of ${c.id}:** ${s.frequency} · population ${s.population} · sample size ${s.size}`;
  if (!s.population) return `${head}\n\nNo ${s.frequency} interval of the period ${formatDay(cfg.period.start)} to ${formatDay(cfg.period.end)} has ended yet.`;
  const text = (i: { start: number; end: number }) => (i.start === i.end ? formatDay(i.start) : `${formatDay(i.start)} to ${formatDay(i.end)}`);
  const evidenced = s.intervals.filter((i) => i.evidenced).map(text);
  const empty = s.intervals.filter((i) => !i.evidenced).map(text);
  const lines = [head, '', `Evidenced (${evidenced.length} of ${s.population}): ${list(evidenced)}`];
  if (empty.length) lines.push('', `Without evidence (${empty.length}): ${list(empty)}`);
  lines.push('', `Drawn with seed ${DEFAULT_SAMPLE_SEED}: ${s.selected.map((i) => `${i.start === i.end ? i.start : `${i.start} to ${i.end}`} ${i.evidenced ? '✔' : '✘'}`).join(', ')}`);
  return lines.join('\n');
}

function list(xs: string[]): string {
  if (!xs.length) return '_none_';
  return xs.length > MAX_LISTED ? `${xs.slice(0, MAX_LISTED).join(', ')} and ${xs.length - MAX_LISTED} more` : xs.join(', ');
}
