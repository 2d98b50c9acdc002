import type { Workspace } from '../core/index.js';
import { folderReport } from './model.js';
import { coverageCsv, coverageHtml, coverageJson, coverageMarkdown, coverageText } from './coverageReport.js';

export type ReportFormat = 'markdown' | 'html' | 'csv' | 'json' | 'text';

/** One coverage report of an indexed workspace, as `attest coverage --format` prints it. */
export function reportFor(ws: Workspace, root: string, format: ReportFormat): string {
  const r = folderReport(ws, root);
  return { text: coverageText, markdown: coverageMarkdown, html: coverageHtml, csv: coverageCsv, json: coverageJson }[format](r);
}
