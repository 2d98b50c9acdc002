import { ResponseError } from 'vscode-languageserver/node';
import type { Session } from '../session.js';
import { reportFor, type ReportFormat } from '../../reports/reportFor.js';

const FORMATS: ReportFormat[] = ['markdown', 'html', 'csv', 'json', 'text'];

/** `attest/report`: the CLI's coverage reports, for the extension's export command. */
export async function report(s: Session, params: { folder?: string; format?: string }): Promise<{ content: string }> {
  const folder = s.folderByUri(params.folder);
  if (!folder) throw new ResponseError(-32602, 'No Attest workspace folder');
  const format = (params.format ?? 'markdown') as ReportFormat;
  if (!FORMATS.includes(format)) throw new ResponseError(-32602, `format must be one of ${FORMATS.join(', ')}`);
  await folder.ready;
  return { content: reportFor(folder.ws, folder.root, format) };
}
