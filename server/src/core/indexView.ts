import type { WorkspaceConfig } from './config.js';
import type { FileFacts } from './facts/types.js';
import type { CoverageStatus } from './status.js';

/** id -> file -> how many times that file names the id. */
export type RefIndex = ReadonlyMap<string, ReadonlyMap<string, number>>;

/**
 * What cross-file checks and coverage read of a project's index. The index (workspace.ts)
 * implements it; depending on this instead keeps the checks below the index that calls them.
 */
export interface IndexView {
  readonly config: WorkspaceConfig;
  readonly controlDefs: RefIndex;
  readonly policyDefs: RefIndex;
  readonly systemRefs: RefIndex;
  readonly criterionControls: RefIndex;
  readonly criterionPolicies: RefIndex;
  facts(rel: string): FileFacts | undefined;
  status(criterionId: string): CoverageStatus | undefined;
  isProtected(systemId: string): boolean;
  suggestPolicies(id: string): string[];
  coverageStamp(kind: 'criterion' | 'system', id: string): string;
  /** Whether a project-relative path exists; undefined when the host cannot tell (no file system). */
  linkExists(rel: string): boolean | undefined;
  /**
   * The SHA-256 (lower-case hex) of a project file an evidence link names; undefined when it is
   * no readable file inside the project or the host cannot tell. The host hashes, the index keeps
   * the answer until the file changes on disk (linkTargetChanged).
   */
  linkHash(rel: string): string | undefined;
}
