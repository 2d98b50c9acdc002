import type { Span } from './text.js';

export type Severity = 'error' | 'warning' | 'information' | 'hint';

/** Every diagnostic code Attest emits, with its severity and a one-line help text (SARIF, docs, hovers). */
export const CODES = {
  'yaml-syntax': { severity: 'error', help: 'The YAML (or the policy front matter) does not parse.' },
  schema: { severity: 'error', help: 'A field has the wrong type or a value outside its set, or a required field is missing.' },
  'unknown-field': { severity: 'warning', help: 'A key the format does not know; usually a typo of a known field.' },
  'unknown-criterion': { severity: 'error', help: 'A criterion id that its framework (the primary one, or the key it is listed under) does not define.' },
  'duplicate-criterion': { severity: 'warning', help: 'The same criterion appears twice in one list.' },
  'duplicate-id': { severity: 'error', help: 'A control or policy id is defined more than once in the workspace.' },
  'unknown-policy': { severity: 'error', help: 'A control names a policy id that no policy file defines.' },
  'out-of-scope-criterion': { severity: 'information', help: 'A mapped criterion whose category is not in scope (see categories in attest.yaml; without one, only security is).' },
  'unmapped-control': { severity: 'warning', help: 'A control that maps no criterion counts for no coverage.' },
  'missing-owner': { severity: 'warning', help: 'A control or policy without an owner: auditors ask who operates it.' },
  'uncovered-criterion': { severity: 'warning', help: 'An in-scope criterion that no implemented control covers.' },
  'exclusion-without-reason': { severity: 'error', help: 'An exclusion in attest.yaml without a reason; auditors need the justification.' },
  'missing-evidence': { severity: 'warning', help: 'An implemented control with a frequency has no evidence dated inside the audit period.' },
  'evidence-gap': { severity: 'warning', help: 'Calendar intervals of the audit period (by the control frequency) that have ended hold no evidence sample.' },
  'stale-evidence': { severity: 'warning', help: 'The newest evidence of a control is older than its frequency allows.' },
  'evidence-outside-period': { severity: 'information', help: 'An evidence date outside the audit period does not count as a sample.' },
  'placeholder-evidence': { severity: 'warning', help: 'An evidence entry whose title or link is empty or a placeholder (TODO, TBD, <…>); it counts as no evidence.' },
  'evidence-changed': { severity: 'warning', help: 'An evidence file no longer matches the SHA-256 recorded when the sample was filed.' },
  'broken-evidence-link': { severity: 'warning', help: 'An evidence link names a workspace file that does not exist.' },
  'policy-review-overdue': { severity: 'warning', help: 'A policy was last approved longer ago than its review interval allows.' },
  'missing-period': { severity: 'error', help: 'A Type II report needs a valid audit period (start before end).' },
  'unknown-system': { severity: 'error', help: 'A control names a system id the inventory in attest.yaml does not define.' },
  'out-of-scope-system': { severity: 'information', help: 'A control names a system that the inventory marks out of scope.' },
  'unprotected-system': { severity: 'warning', help: 'An in-scope system that no implemented control names.' },
  'remediation-overdue': { severity: 'warning', help: 'A planned control or an open exception is past its due date.' },
  'missing-due': { severity: 'information', help: 'A planned control has no due date for the remediation plan.' },
  'file-too-large': { severity: 'warning', help: 'The file exceeds the configured size limit and was not checked.' },
  'numeric-version': { severity: 'warning', help: 'A policy version written as a bare number (1.10) that YAML reads as another number (1.1).' },
  'unknown-rule': { severity: 'warning', help: 'A key under `rules:` in attest.yaml that is no diagnostic code.' },
  'unknown-framework': { severity: 'error', help: 'A framework id in `frameworks:` or a `criteria:` mapping that is neither built in nor a catalog file of the project.' },
  'crosswalk-unknown-criterion': { severity: 'warning', help: 'A crosswalk link names a criterion id its framework does not define.' },
  'too-many-problems': { severity: 'information', help: 'More problems exist in this file than the configured maximum shows.' },
} as const satisfies Record<string, { severity: Severity; help: string }>;

export type Code = keyof typeof CODES;

/** A positioned finding in one file; offsets into that file's text. */
export interface Finding {
  code: Code;
  severity: Severity;
  message: string;
  span: Span;
  /** Machine-readable details for quick fixes (suggested ids, the missing field, ...). */
  data?: Record<string, unknown>;
}

export function finding(code: Code, span: Span, message: string, data?: Record<string, unknown>): Finding {
  const f: Finding = { code, severity: CODES[code].severity, message, span };
  if (data) f.data = data;
  return f;
}

export const SEVERITY_RANK: Record<Severity, number> = { error: 0, warning: 1, information: 2, hint: 3 };

export function compareFindings(a: Finding, b: Finding): number {
  return a.span.start - b.span.start || a.span.end - b.span.end || a.code.localeCompare(b.code) || a.message.localeCompare(b.message);
}

/** Keeps at most `max` findings (most severe first), with a closing note on what was left out. */
export function capFindings(findings: Finding[], max: number): Finding[] {
  if (max <= 0 || findings.length <= max) return findings;
  const kept = [...findings].sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] || compareFindings(a, b)).slice(0, max);
  kept.sort(compareFindings);
  const omitted = findings.length - max;
  kept.push(finding('too-many-problems', { start: 0, end: 0 }, `${omitted} more problem${omitted === 1 ? '' : 's'} in this file not shown (limit ${max}).`));
  return kept;
}
