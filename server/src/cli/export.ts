// `attest export [folder] --format oscal-catalog|oscal-component|oscal-poam [--out FILE]`: one
// OSCAL JSON document of the one project in folder.
import { OSCAL_FORMATS, oscalExport } from '../reports/oscal/export.js';
import { OSCAL_VERSION } from '../reports/oscal/common.js';
import { fromCwd } from '../reports/reportModel.js';
import { oneOf, UsageError } from './args.js';
import { FolderError } from './loadFolder.js';
import { analyzeFolder, runCommand, writeOutput, type Env } from './command.js';

export const EXPORT_USAGE = `usage: attest export [folder] --format oscal-catalog|oscal-component|oscal-poam [--out FILE]

One OSCAL ${OSCAL_VERSION} JSON document of the project in folder (default: the current directory), which
must hold exactly one project: its framework as a catalog, its system as a component
definition (one implemented-requirement per covered criterion), or its remediation plan as a
plan of action and milestones. UUIDs are name-based: two runs on unchanged files, with
ATTEST_TODAY fixed, give the same bytes.
`;

/** Runs `attest export` with the arguments after `export`; returns the exit code. */
export function runExport(argv: string[], env: Env = process.env, cwd = process.cwd()): Promise<number> {
  return runCommand('export', argv, ['format', 'out'], EXPORT_USAGE, env, async (args) => {
    const given = args.options.get('format');
    if (given === undefined) throw new UsageError(`--format is required: one of ${OSCAL_FORMATS.join(', ')}`);
    const format = oneOf(given, OSCAL_FORMATS, 'oscal-catalog', 'format');
    const r = await analyzeFolder(args.folder, cwd);
    if (r.projects.length > 1) {
      const roots = r.projects.map((p) => fromCwd(r, p, '.'));
      throw new FolderError(`${args.folder} holds ${roots.length} projects (${roots.join(', ')}): export takes a folder with exactly one; run it on one of them`);
    }
    writeOutput(oscalExport(r.projects[0]!, format), args.options.get('out'), cwd);
    return 0;
  });
}
