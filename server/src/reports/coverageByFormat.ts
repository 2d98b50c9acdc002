import type { CoverageModel, ProjectIndex } from '../core/index.js';
import { coverageCsv, coverageJson, coverageText } from './coverageReport.js';
import { coverageHtml } from './coverageHtml.js';
import { coverageMarkdown } from './coverageMarkdown.js';
import { folderReport, projectReport, type FolderReport } from './reportModel.js';

export type ReportFormat = 'markdown' | 'html' | 'csv' | 'json' | 'text';

/** The coverage report in each format, as `attest coverage --format` prints it. */
export const COVERAGE_FORMATS: Record<ReportFormat, (r: FolderReport) => string> = { text: coverageText, markdown: coverageMarkdown, html: coverageHtml, csv: coverageCsv, json: coverageJson };

/**
 * One coverage report of an indexed project (the language server's export command); paths are
 * relative to the project root. `coverage`: a model already built for this index, reused as is.
 */
export function reportFor(ws: ProjectIndex, root: string, format: ReportFormat, coverage?: CoverageModel): string {
  return COVERAGE_FORMATS[format](folderReport(root, [projectReport(ws, root, { coverage })]));
}
