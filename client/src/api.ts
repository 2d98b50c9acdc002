import type * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { CoverageNode, ProjectCoverage } from './coverage/coverageModel';
import type { ViewState } from './coverage/coverageTree';
import type { ShownPicker } from './locationPicker';

/** What `activate` returns: a small API for the extension's own tests (and for other extensions). */
export interface AttestApi {
  /** The coverage tree as "label — description" lines, indented by depth. */
  coverageNodes(depth?: number): string[];
  /** The raw coverage nodes. */
  coverageTree(): CoverageNode[];
  /** Expands a node of the coverage view by id, as a click does (another framework's root then fetches its categories). */
  expandCoverageNode(id: string): Promise<void>;
  /** The Systems view as lines. */
  systemsNodes(depth?: number): string[];
  statusBarText(): string;
  statusBarTooltip(): string;
  /** The URI of the project the status bar shows (the active editor's, else the first). */
  statusBarProject(): string | undefined;
  /** Every project's last coverage answer. Its control and policy lists hold at most COVERAGE_LIST_LIMIT (25)
   * entries each; `controlCount`, `policyCount` and `implementedCount` count them all. */
  coverage(): ProjectCoverage[];
  /** Fires after each coverage refresh has reached the views. */
  onCoverageRefreshed: vscode.Event<ProjectCoverage[]>;
  /** Resolves once coverage has been loaded (or failed) at least once. */
  ready: Promise<void>;
  /** Number of completed refreshes (to wait for the next one). */
  refreshCount(): number;
  viewState(): ViewState;
  /** Unexpected server exits counted in the crash window (3 minutes). */
  serverCrashes(): number;
  /** The running LanguageClient (undefined while stopped). */
  client(): LanguageClient | undefined;
  /** The HTML the readiness report panel of a project shows (without a project: the first panel's). */
  readinessHtml(project?: string): string | undefined;
  /** The title and rows ("label — description", separators as "-- label") of the plan or samples picker shown last. */
  lastPicker(): ShownPicker | undefined;
  /** Fires once the plan or samples picker has its rows (or said there is nothing to pick). */
  onPickerShown: vscode.Event<ShownPicker>;
}
