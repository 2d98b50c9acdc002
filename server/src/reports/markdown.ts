import { FILES_WITH_ERRORS_NOTE } from './coverageReport.js';
import { fromFolder, type FolderReport, type ProjectReport } from './reportModel.js';

/** Markdown pieces shared by the coverage and plan reports. */

export function mdCell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

/** A path as inline code (a path with a backtick is shown as plain text). */
export function mdPath(s: string): string {
  return s.includes('`') ? mdCell(s) : `\`${s}\``;
}

/** The "Files with errors" section of a project (paths relative to the folder argument); empty when none. */
export function filesWithErrorsMarkdown(r: FolderReport, p: ProjectReport, level: number): string[] {
  if (!p.filesWithErrors.length) return [];
  return [`${'#'.repeat(level)} Files with errors`, '', `These files have errors (${FILES_WITH_ERRORS_NOTE}):`, '', ...p.filesWithErrors.map((rel) => `- ${mdPath(fromFolder(r, p, rel))}`), ''];
}
