import { ResponseError } from 'vscode-languageserver/node';
import type { Project } from '../project.js';
import { reportFor, type ReportFormat } from '../../reports/coverageByFormat.js';

const FORMATS: ReportFormat[] = ['markdown', 'html', 'csv', 'json', 'text'];

/** `attest/report`: the CLI's coverage reports of a project, built on the coverage the editor shows (memoised, so the numbers match the tree). */
export function report(project: Project, params: { format?: string }): { content: string } {
  const format = (params.format ?? 'markdown') as ReportFormat;
  if (!FORMATS.includes(format)) throw new ResponseError(-32602, `format must be one of ${FORMATS.join(', ')}`);
  return { content: reportFor(project.ws, project.root, format, project.coverage.model()) };
}
