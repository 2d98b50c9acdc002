import type * as vscode from 'vscode';
import type { CoverageStore } from './coverage/coverageStore';
import { registerGuarded } from './guardedCommand';
import type { AttestClient } from './languageClient';
import { exportOscal, type OscalArgs } from './oscalExport';
import { showPlan } from './planPicker';
import type { ProjectArgs } from './projects';
import type { ReadinessPanels } from './readinessPanel';
import { showSamples, type SamplesArgs } from './samplesPicker';

/** Commands get no argument from the palette and view titles; anything but project args is ignored. */
function projectArgs(arg: unknown): ProjectArgs {
  if (!arg || typeof arg !== 'object') return {};
  const a = arg as Record<string, unknown>;
  if (typeof a.project === 'string') return { project: a.project };
  if (typeof a.folder === 'string') return { folder: a.folder };
  return {};
}

/** The auditor's hand-off and Type II commands: readiness report, OSCAL export, remediation plan, samples. */
export function registerHandoffCommands(deps: { client: AttestClient; store: CoverageStore; panels: ReadinessPanels }): vscode.Disposable[] {
  const { client, panels } = deps;
  return [
    registerGuarded(client, 'attest.openReadinessReport', (arg?: ProjectArgs) => panels.open(projectArgs(arg))),
    registerGuarded(client, 'attest.exportOscal', (arg?: OscalArgs) => exportOscal(deps, arg && typeof arg === 'object' ? arg : {})),
    registerGuarded(client, 'attest.showPlan', (arg?: ProjectArgs) => showPlan(deps, projectArgs(arg))),
    registerGuarded(client, 'attest.showSamples', (arg?: SamplesArgs | vscode.Uri) => showSamples(deps, arg)),
  ];
}
