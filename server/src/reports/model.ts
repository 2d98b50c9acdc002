import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildCoverage, buildPlan, capFindings, CONFIG_FILE, coveragePayload, loadWorkspaceParallel, type CoverageModel, type Finding, type PlanItem, type Range, type ScanProblem, type Workspace } from '../core/index.js';

/** Everything one CLI run knows about a folder: findings per file, coverage, plan. */
export interface FolderReport {
  root: string;
  ws: Workspace;
  problems: ScanProblem[];
  diagnostics: Array<{ file: string; range: Range; finding: Finding }>;
  coverage: CoverageModel;
  plan: PlanItem[];
  fileCount: number;
}

export async function analyzeFolder(root: string, maxPerFile = 0): Promise<FolderReport> {
  const { ws, problems } = await loadWorkspaceParallel(root);
  return folderReport(ws, root, problems, maxPerFile);
}

/** A report of an already indexed workspace (the CLI's, or the language server's). */
export function folderReport(ws: Workspace, root: string, problems: ScanProblem[] = [], maxPerFile = 0): FolderReport {
  const diagnostics: FolderReport['diagnostics'] = [];
  const rels = [...(ws.has(CONFIG_FILE) ? [CONFIG_FILE] : []), ...[...ws.rels()].sort()];
  for (const rel of rels) {
    const lines = ws.lineIndex(rel)!;
    for (const f of capFindings(ws.findings(rel), maxPerFile)) diagnostics.push({ file: rel, range: lines.range(f.span), finding: f });
  }
  return { root, ws, problems, diagnostics, coverage: buildCoverage(ws), plan: buildPlan(ws), fileCount: rels.length };
}

export function uriFor(root: string): (rel: string) => string {
  return (rel) => pathToFileURL(path.join(root, rel)).href;
}

export function payloadOf(r: FolderReport): unknown {
  return coveragePayload(r.ws, r.coverage, uriFor(r.root));
}
