import type { Finding } from '../findings.js';
import type { Span } from '../text.js';

export interface Ref {
  value: string;
  span: Span;
}

/** One key of the mapping form of `criteria:` (`iso27001-2022: [A.5.18]`), in file order. */
export interface FrameworkRefs {
  /** The key as written, and where. */
  key: Ref;
  /** The project's framework it names (its id in `frameworks:`); absent when it names none of them. */
  framework?: string;
  refs: Ref[];
  /** Where the key's list lies, for edits that add to it. */
  span?: Span;
}

export interface EvidenceFact {
  title?: string;
  titleSpan?: Span;
  collected?: number;
  collectedSpan?: Span;
  link?: string;
  linkSpan?: Span;
  /** The SHA-256 recorded for the linked file (lower case; absent when not 64 hex digits), and where its value is written. */
  sha256?: string;
  sha256Span?: Span;
  /** A title or link that is empty or a placeholder (`TODO`, `<…>`): the entry counts as no evidence. */
  placeholder?: true;
}

export interface ExceptionFact {
  raised?: number;
  summary?: string;
  due?: number;
  dueSpan?: Span;
  resolved?: number;
  owner?: string;
  span: Span;
}

export interface ControlFact {
  id: string;
  idSpan: Span;
  /** The whole control mapping, for symbols and code lenses. */
  span: Span;
  title: string;
  description?: string;
  owner?: string;
  status: 'planned' | 'implemented' | 'retired';
  type?: string;
  automation?: string;
  frequency?: string;
  /** Criteria of the primary framework (the list form, or the primary's key of the mapping form). */
  criteria: Ref[];
  /** The mapping form of `criteria:`, every key (the primary's too); absent for the list form. */
  criteriaByFramework?: FrameworkRefs[];
  policies: Ref[];
  systems: Ref[];
  due?: number;
  dueSpan?: Span;
  evidence: EvidenceFact[];
  exceptions: ExceptionFact[];
  /** Where the criteria list lies, for quick fixes that insert into it. */
  criteriaSpan?: Span;
}

export interface PolicyFact {
  id: string;
  idSpan: Span;
  span: Span;
  title: string;
  owner?: string;
  status: 'draft' | 'approved' | 'retired';
  version?: string;
  approved?: number;
  approvedSpan?: Span;
  review?: string;
  criteria: Ref[];
  criteriaByFramework?: FrameworkRefs[];
  /** Markdown headings of the body, for document symbols. */
  sections: Array<{ title: string; level: number; span: Span }>;
}

/** One link of a crosswalk file: how a criterion of `from` relates to one of `to`. */
export interface CrosswalkLink {
  from: Ref;
  to: Ref;
  relationship: CrosswalkRelationship;
}

export type CrosswalkRelationship = 'equivalent-to' | 'subset-of' | 'superset-of' | 'intersects-with';

/** A crosswalk file: how two frameworks relate (the links whose ids both frameworks define). */
export interface CrosswalkFact {
  from: string;
  to: string;
  source?: string;
  links: CrosswalkLink[];
}

export type FileKind = 'control' | 'policy' | 'config' | 'crosswalk';

/** What one file contributes to the workspace, and its findings that need no other file. */
export interface FileFacts {
  kind: FileKind;
  controls: ControlFact[];
  policies: PolicyFact[];
  local: Finding[];
  /** Crosswalk files only. */
  crosswalk?: CrosswalkFact;
}
