// Pure: `attest/samples` answers -> the samples picker's rows (each drawn interval, evidenced or not).
import type { ControlSamplesPayload, SamplesResult } from '../../server/src/protocol';
import { plural, type PickEntry } from './pickModel';

function span(start: string, end: string): string {
  return start === end ? start : `${start} to ${end}`;
}

function controlRows(c: ControlSamplesPayload): PickEntry[] {
  const at = { ...(c.uri ? { uri: c.uri } : {}), ...(c.range ? { range: c.range } : {}) };
  const heading: PickEntry = { label: `${c.id}: ${c.frequency}, ${c.size} of ${plural(c.population, 'interval')} drawn`, separator: true };
  if (!c.selected.length) {
    return [heading, { label: `$(info) ${c.id}`, description: `no ${c.frequency} interval of the period has ended yet: nothing to draw`, ...at }];
  }
  return [
    heading,
    ...c.selected.map((s) => ({
      label: `$(${s.evidenced ? 'pass' : 'error'}) ${span(s.start, s.end)}`,
      description: s.evidenced ? `${c.id} · evidenced` : `${c.id} · no evidence: add an entry dated inside it`,
      ...at,
    })),
  ];
}

/** Every control's heading and drawn intervals, in the server's order (by id). */
export function samplePicks(result: SamplesResult): PickEntry[] {
  return result.controls.flatMap(controlRows);
}

/** The picker's title: whose samples, with which seed. */
export function samplesTitle(result: SamplesResult, file: string): string {
  const whose = result.controls.length === 1 ? result.controls[0]!.id : `${plural(result.controls.length, 'control')} in ${file}`;
  return `Attest: Type II samples of ${whose} (seed ${result.seed})`;
}

/** The picker's placeholder: how many drawn intervals lack evidence. */
export function samplesSummary(result: SamplesResult): string {
  const drawn = result.controls.flatMap((c) => c.selected);
  const missing = drawn.filter((s) => !s.evidenced).length;
  if (!drawn.length) return 'No interval has been drawn yet.';
  if (!missing) return `${drawn.length === 1 ? 'The drawn interval has' : `All ${plural(drawn.length, 'drawn interval')} have`} evidence: pick one to open its control.`;
  return `${missing.toLocaleString('en-US')} of ${plural(drawn.length, 'drawn interval')} ${missing === 1 ? 'has' : 'have'} no evidence: pick one to open its control.`;
}

/** Why a control file has no samples, for the message shown instead of an empty picker. `project`: the
 * file's project's coverage (undefined while unknown), or null when the file is in no project. */
export function noSamplesReason(project: { report?: 'type1' | 'type2'; period?: { start: string; end: string } } | null | undefined, file: string): string {
  if (project === null) return `${file} is not in an Attest project (no attest.yaml above it).`;
  if (project && (project.report !== 'type2' || !project.period)) {
    return 'Type II samples need "report: type2" and a "period" in attest.yaml.';
  }
  return `${file} defines no implemented control with a periodic frequency (annually, semiannually, quarterly, monthly, weekly or daily): there is nothing to sample.`;
}
