import type * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { CoverageNode, FolderCoverage } from './coverage/coverageModel';
import type { ViewState } from './coverage/coverageTree';

/** What `activate` returns: a small API for the extension's own tests (and for other extensions). */
export interface AttestApi {
  /** The coverage tree as "label — description" lines, indented by depth. */
  coverageNodes(depth?: number): string[];
  /** The raw coverage nodes. */
  coverageTree(): CoverageNode[];
  /** The Systems view as lines. */
  systemsNodes(depth?: number): string[];
  statusBarText(): string;
  statusBarTooltip(): string;
  /** Every folder's last coverage answer. Its control and policy lists hold at most COVERAGE_LIST_LIMIT (50)
   * entries each; `controlCount`, `policyCount` and `implementedCount` count them all. */
  coverage(): FolderCoverage[];
  /** Fires after each coverage refresh has reached the views. */
  onCoverageRefreshed: vscode.Event<FolderCoverage[]>;
  /** Resolves once coverage has been loaded (or failed) at least once. */
  ready: Promise<void>;
  /** Number of completed refreshes (to wait for the next one). */
  refreshCount(): number;
  viewState(): ViewState;
  /** Unexpected server exits counted in the crash window (3 minutes). */
  serverCrashes(): number;
  /** The running LanguageClient (undefined while stopped). */
  client(): LanguageClient | undefined;
}
