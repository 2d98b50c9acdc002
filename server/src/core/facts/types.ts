import type { Finding } from '../findings.js';
import type { Span } from '../text.js';

export interface Ref {
  value: string;
  span: Span;
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
  criteria: Ref[];
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
  /** Markdown headings of the body, for document symbols. */
  sections: Array<{ title: string; level: number; span: Span }>;
}

export type FileKind = 'control' | 'policy' | 'config';

/** What one file contributes to the workspace, and its findings that need no other file. */
export interface FileFacts {
  kind: FileKind;
  controls: ControlFact[];
  policies: PolicyFact[];
  local: Finding[];
}
