import { ResponseError } from 'vscode-languageserver/node';
import type { ReportFormat } from '../../protocol.js';
import type { Project } from '../project.js';
import { COVERAGE_FORMATS, reportFor } from '../../reports/coverageByFormat.js';
import { readinessReport } from '../../reports/readiness/report.js';
import { OSCAL_FORMATS, oscalExport, type OscalFormat } from '../../reports/oscal/export.js';
import { folderReport, projectReport } from '../../reports/reportModel.js';

const READINESS = { 'readiness-html': 'html', 'readiness-markdown': 'markdown' } as const;
const FORMATS = [...Object.keys(COVERAGE_FORMATS), ...Object.keys(READINESS), ...OSCAL_FORMATS] as ReportFormat[];

/**
 * `attest/report`: the CLI's coverage reports, readiness report and OSCAL exports of a project,
 * built on the coverage the editor shows (memoised, so the numbers match the tree and status bar).
 */
export function report(project: Project, params: { format?: string }): { content: string } {
  const format = (params.format ?? 'markdown') as ReportFormat;
  if (!FORMATS.includes(format)) throw new ResponseError(-32602, `format must be one of ${FORMATS.join(', ')}`);
  const coverage = project.coverage.model();
  if (format in READINESS) {
    const r = folderReport(project.root, [projectReport(project.ws, project.root, { coverage })]);
    return { content: readinessReport(r, READINESS[format as keyof typeof READINESS]) };
  }
  if ((OSCAL_FORMATS as readonly string[]).includes(format)) {
    return { content: oscalExport(projectReport(project.ws, project.root, { coverage }), format as OscalFormat) };
  }
  return { content: reportFor(project.ws, project.root, format as keyof typeof COVERAGE_FORMATS, coverage) };
}
