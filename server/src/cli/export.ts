// `attest export [folder] --format oscal-catalog|oscal-component|oscal-poam [--framework ID] [--out FILE]`:
// one OSCAL JSON document of the one project in folder.
import { frameworkFor, suggestFramework } from '../core/index.js';
import { OSCAL_FORMATS, oscalExport } from '../reports/oscal/export.js';
import { OSCAL_VERSION } from '../reports/oscal/common.js';
import { fromCwd } from '../reports/reportModel.js';
import { oneOf, UsageError } from './args.js';
import { FolderError } from './loadFolder.js';
import { analyzeFolder, runCommand, writeOutput, type Env } from './command.js';

export const EXPORT_USAGE = `usage: attest export [folder] --format oscal-catalog|oscal-component|oscal-poam [--framework ID] [--out FILE]

One OSCAL ${OSCAL_VERSION} JSON document of the project in folder (default: the current directory), which
must hold exactly one project: a framework as a catalog (the primary, or the one --framework
names), its system as a component definition (one control-implementation per framework, one
implemented-requirement per covered criterion), or its remediation plan as a plan of action
and milestones. UUIDs are name-based: two runs on unchanged files, with
ATTEST_TODAY fixed, give the same bytes.
`;

/** Runs `attest export` with the arguments after `export`; returns the exit code. */
export function runExport(argv: string[], env: Env = process.env, cwd = process.cwd()): Promise<number> {
  return runCommand('export', argv, ['format', 'framework', 'out'], EXPORT_USAGE, env, async (args) => {
    const given = args.options.get('format');
    if (given === undefined) throw new UsageError(`--format is required: one of ${OSCAL_FORMATS.join(', ')}`);
    const format = oneOf(given, OSCAL_FORMATS, 'oscal-catalog', 'format');
    const fwId = args.options.get('framework');
    if (fwId !== undefined && format !== 'oscal-catalog') throw new UsageError('--framework applies to --format oscal-catalog only (oscal-component covers every framework)');
    const r = await analyzeFolder(args.folder, cwd);
    if (r.projects.length > 1) {
      const roots = r.projects.map((p) => fromCwd(r, p, '.'));
      throw new FolderError(`${args.folder} holds ${roots.length} projects (${roots.join(', ')}): export takes a folder with exactly one; run it on one of them`);
    }
    const p = r.projects[0]!;
    const fw = fwId === undefined ? undefined : frameworkFor(p.ws.config, fwId);
    if (fwId !== undefined && !fw) {
      const ids = p.ws.config.frameworks.map((f) => f.id);
      const meant = suggestFramework(fwId, ids);
      throw new FolderError(`the project does not use the framework \`${fwId}\` (its frameworks: ${ids.join(', ')})${meant.length ? `; did you mean \`${meant[0]}\`?` : ''}`);
    }
    writeOutput(oscalExport(p, format, fw), args.options.get('out'), cwd);
    return 0;
  });
}
