import type { FolderReport } from '../reportModel.js';
import { readinessHtml } from './html.js';
import { readinessMarkdown } from './markdown.js';
import { readinessModel } from './model.js';
import { readinessDoc } from './sections.js';

/** `attest report`: the readiness report of every project of a run, one after another. */

export type ReadinessFormat = 'html' | 'markdown';

export function readinessReport(r: FolderReport, format: ReadinessFormat): string {
  const docs = r.projects.map((p) => readinessDoc(readinessModel(r, p)));
  return format === 'html' ? readinessHtml(docs) : docs.map(readinessMarkdown).join('\n---\n\n');
}
