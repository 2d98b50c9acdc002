import { ResponseError } from 'vscode-languageserver/node';
import { buildPlan, criterionOut, planPayload, systemOut } from '../core/index.js';
import type { CoverageEntries, CoverageParams, CoveragePayload, PlanResult, ProjectParams, ProjectsResult, ReportParams, ReportResult, SamplesParams, SamplesResult } from '../protocol.js';
import type { Project } from './project.js';
import type { Session } from './session.js';
import { report } from './features/reportRequest.js';
import { samplesRequest } from './features/samplesRequest.js';

/** Attest's own requests (coverage, entries, plan, report, samples, projects). */
export function registerRequests(s: Session): void {
  const { connection } = s;

  connection.onRequest('attest/projects', (): ProjectsResult => ({
    projects: s.projects.all.map((p) => ({ uri: p.uri, name: p.name, framework: p.ws.config.framework, frameworks: p.ws.config.frameworks.map((f) => f.id) })),
  }));

  connection.onRequest('attest/coverage', async (params: (Omit<CoverageParams, 'limit' | 'frameworkCategories'> & { limit?: unknown; frameworkCategories?: unknown }) | undefined): Promise<CoveragePayload> => {
    const project = await ready(s, params);
    const limit = params?.limit;
    if (limit !== undefined && !(Number.isInteger(limit) && (limit as number) >= 0)) throw new ResponseError(-32602, `limit must be a whole number of at least 0, not ${JSON.stringify(limit)}`);
    const fc = params?.frameworkCategories;
    if (fc !== undefined && !(Array.isArray(fc) && fc.every((x) => typeof x === 'string'))) throw new ResponseError(-32602, `frameworkCategories must be a list of framework ids, not ${JSON.stringify(fc)?.slice(0, 80)}`);
    // Edits queued behind this request go first: their diagnostics matter more than a tree refresh.
    await new Promise((r) => setImmediate(r));
    return project.coverage.payloadSoon(limit as number | undefined, fc as string[] | undefined);
  });

  connection.onRequest('attest/coverageEntries', async (params: (ProjectParams & { criterion?: string; framework?: string; system?: string }) | undefined): Promise<CoverageEntries> => {
    const project = await ready(s, params);
    const model = project.coverage.model();
    const uriOf = (rel: string) => project.uriOf(rel);
    if (typeof params?.criterion === 'string') {
      const other = typeof params.framework === 'string' && params.framework !== model.framework ? model.frameworks?.find((f) => f.id === params.framework) : undefined;
      if (typeof params.framework === 'string' && params.framework !== model.framework && !other) return { controls: [], policies: [] };
      const c = (other ?? model).categories.flatMap((cat) => cat.criteria).find((x) => x.id === params.criterion);
      if (!c) return { controls: [], policies: [] };
      const { controls, policies } = criterionOut(project.ws, c, uriOf);
      return { controls, policies };
    }
    if (typeof params?.system === 'string') {
      const sys = model.systems?.find((x) => x.id === params.system);
      return { controls: sys ? systemOut(project.ws, sys, uriOf).controls : [], policies: [] };
    }
    throw new ResponseError(-32602, 'attest/coverageEntries needs a criterion or a system id');
  });

  connection.onRequest('attest/report', async (params: (Omit<ReportParams, 'format'> & { format?: string }) | undefined): Promise<ReportResult> => report(await ready(s, params), params ?? {}));

  connection.onRequest('attest/samples', (params: SamplesParams | undefined): Promise<SamplesResult> => samplesRequest(s, params));

  connection.onRequest('attest/plan', async (params: ProjectParams | undefined): Promise<PlanResult> => {
    const project = await ready(s, params);
    return planPayload(project.ws, buildPlan(project.ws), (rel) => project.uriOf(rel));
  });
}

/** The project a request names, once its initial scan is complete. */
async function ready(s: Session, params: ProjectParams | undefined): Promise<Project> {
  const project = s.projects.pick(params);
  if (!project) throw new ResponseError(-32602, `No Attest project ${params?.project ?? params?.folder ?? ''}`.trim());
  await project.ready;
  return project;
}
