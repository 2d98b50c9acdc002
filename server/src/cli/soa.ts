// `attest report --format soa`: the Statement of Applicability of every project that names
// iso27001-2022 among its frameworks.
import { rootOf, type FolderReport } from '../reports/reportModel.js';
import { SOA_FRAMEWORK, soaCsv } from '../reports/soa.js';
import { FolderError } from './loadFolder.js';

/** The CSV; projects without ISO 27001 are named on stderr, and none at all is an error (exit 2). */
export function statementOfApplicability(r: FolderReport): string {
  const soa = soaCsv(r);
  if (soa.without.length === r.projects.length) {
    const who = r.projects.length === 1 ? 'the project does not list' : 'no project lists';
    throw new FolderError(`${who} ${SOA_FRAMEWORK} among its frameworks: add it to \`frameworks:\` in attest.yaml for a Statement of Applicability`);
  }
  for (const p of soa.without) process.stderr.write(`attest: ${rootOf(r, p)}: no ${SOA_FRAMEWORK} among its frameworks; left out of the Statement of Applicability\n`);
  return soa.text;
}
