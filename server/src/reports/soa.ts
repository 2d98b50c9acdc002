import { coverageOfFramework, frameworkFor } from '../core/index.js';
import { csv } from './csv.js';
import { rootOf, several, type FolderReport, type ProjectReport } from './reportModel.js';

/** The framework a Statement of Applicability is about: ISO/IEC 27001:2022 Annex A. */
export const SOA_FRAMEWORK = 'iso27001-2022';
const HEADER = ['control', 'title', 'applicable', 'justification', 'implemented_by'];

/** The project's id of the ISO 27001 framework (built in, or a catalog declaring that id), if it has one. */
function isoOf(p: ProjectReport): string | undefined {
  return frameworkFor(p.ws.config, SOA_FRAMEWORK)?.id;
}

/**
 * The Statement of Applicability as CSV (contracts.md, "Several frameworks"): one row per Annex A
 * control in catalog order; `applicable` is no for an excluded control (`justification`: the
 * exclusion's reason), `implemented_by` the implemented controls that map it. Several projects: a
 * leading `project` column. `without`: the projects that have no ISO 27001 framework (left out).
 */
export function soaCsv(r: FolderReport): { text: string; rows: number; without: ProjectReport[] } {
  const rows = [several(r) ? ['project', ...HEADER] : HEADER];
  const without: ProjectReport[] = [];
  for (const p of r.projects) {
    const id = isoOf(p);
    const model = id !== undefined ? coverageOfFramework(p.coverage, id) : undefined;
    if (!model) {
      without.push(p);
      continue;
    }
    for (const cat of model.categories) {
      for (const c of cat.criteria) {
        const applicable = c.status === 'excluded' ? 'no' : 'yes';
        const by = c.controls.filter((x) => x.status === 'implemented').map((x) => x.id).join(' ');
        const cells = [c.id, c.title, applicable, c.status === 'excluded' ? (c.reason ?? '') : '', by];
        rows.push(several(r) ? [rootOf(r, p), ...cells] : cells);
      }
    }
  }
  return { text: csv(rows), rows: rows.length - 1, without };
}
