import type { WorkspaceConfig } from './config.js';
import type { FileFacts } from './facts/types.js';
import type { CoverageStatus } from './status.js';
import type { FrameworkMaps } from './criterionIndex.js';
import type { CrosswalkIndex } from './crosswalkIndex.js';

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
  /** The primary framework's mappers (criteria.of(framework) for any framework). */
  readonly criterionControls: RefIndex;
  readonly criterionPolicies: RefIndex;
  readonly criteria: { of(framework: string): FrameworkMaps };
  readonly crosswalks: Pick<CrosswalkIndex, 'related'>;
  facts(rel: string): FileFacts | undefined;
  /** Of the primary framework unless `framework` names another. */
  status(criterionId: string, framework?: string): CoverageStatus | undefined;
  isProtected(systemId: string): boolean;
  suggestPolicies(id: string): string[];
  coverageStamp(kind: 'criterion' | 'system', id: string, framework?: string): string;
  /** Whether a project-relative path exists; undefined when the host cannot tell (no file system). */
  linkExists(rel: string): boolean | undefined;
  /**
   * The SHA-256 (lower-case hex) of a project file an evidence link names; undefined when it is
   * no readable file inside the project or the host cannot tell. The host hashes, the index keeps
   * the answer until the file changes on disk (linkTargetChanged).
   */
  linkHash(rel: string): string | undefined;
}
