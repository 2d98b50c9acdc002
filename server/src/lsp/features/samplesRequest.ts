import { ResponseError } from 'vscode-languageserver/node';
import { DEFAULT_SAMPLE_SEED, parseSeed, samplesOf, samplesPayload } from '../../core/index.js';
import type { SamplesParams, SamplesResult } from '../../protocol.js';
import type { Session } from '../session.js';

/**
 * `attest/samples`: the samples `attest samples --format json` prints, for a project or for the
 * controls of one control file (`uri`, e.g. the open editor's), each with where its id is.
 */
export async function samplesRequest(s: Session, params: SamplesParams | undefined): Promise<SamplesResult> {
  const seed = params?.seed === undefined ? DEFAULT_SAMPLE_SEED : parseSeed(params.seed);
  if (seed === undefined) throw new ResponseError(-32602, `seed must be a whole number, not ${JSON.stringify(params?.seed)}`);
  const uri = typeof params?.uri === 'string' ? params.uri : undefined;
  const at = uri !== undefined ? s.projectFor(uri) : undefined;
  const named = params?.project !== undefined || params?.folder !== undefined;
  const project = named || !at ? s.projects.pick(params) : at.project;
  if (!project) throw new ResponseError(-32602, `No Attest project ${params?.project ?? params?.folder ?? uri ?? ''}`.trim());
  await project.ready;
  // A file of another project, or none: no controls rather than another file's.
  const only = uri === undefined ? undefined : (rel: string) => at?.project === project && rel === at.rel;
  const result = samplesOf(project.ws, seed, only);
  const payload = samplesPayload(result);
  return {
    seed,
    controls: payload.controls.map((c, i) => {
      const { rel, idSpan } = result.controls[i]!;
      return { ...c, uri: project.uriOf(rel), range: s.range(project, rel, idSpan) };
    }),
  };
}
