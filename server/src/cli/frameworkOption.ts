// `attest coverage --framework ID`: the coverage of one of a project's frameworks.
import { coverageOfFramework, frameworkFor } from '../core/index.js';
import { rootOf, type FolderReport } from '../reports/reportModel.js';
import { FolderError } from './loadFolder.js';

/**
 * The report with every project's coverage narrowed to the framework `id` (as attest.yaml names
 * it, or its catalog's id). A project that does not use it is an error naming its frameworks.
 */
export function onlyFramework(r: FolderReport, id: string | undefined): FolderReport {
  if (id === undefined) return r;
  const projects = r.projects.map((p) => {
    const fw = frameworkFor(p.ws.config, id);
    const coverage = fw && coverageOfFramework(p.coverage, fw.id);
    if (!coverage) {
      const where = r.projects.length > 1 ? `project ${rootOf(r, p)} does` : 'the project does';
      throw new FolderError(`${where} not use the framework \`${id}\` (its frameworks: ${p.ws.config.frameworks.map((f) => f.id).join(', ')})`);
    }
    return { ...p, coverage };
  });
  return { ...r, projects };
}
