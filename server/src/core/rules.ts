import { isScalar } from 'yaml';
import { keysWithSpans, pairOf, spanOf, type AnyNode } from './ast.js';
import { CODES, compareFindings, finding, type Code, type Finding, type Severity } from './findings.js';
import { LOCKED_RULES, RULE_LEVELS, UNRULED_CODES, type RuleLevel } from './schema/common.js';
import { closest } from './suggest.js';


/** The severity `rules:` in attest.yaml gives each code it names (`off`: not reported). */
export class Rules {
  constructor(readonly levels: ReadonlyMap<Code, RuleLevel> = new Map()) {}

  /** The findings as the project wants them: severities replaced, `off` codes dropped. */
  apply(findings: Finding[]): Finding[] {
    if (this.levels.size === 0) return findings;
    const out: Finding[] = [];
    for (const f of findings) {
      const level = this.levels.get(f.code);
      if (level === undefined || level === f.severity) out.push(f);
      else if (level !== 'off') out.push({ ...f, severity: level as Severity });
    }
    return out;
  }

  /** Findings as a file shows them: in source order (sorted in place), at the severities `rules:` sets. */
  shown(findings: Finding[]): Finding[] {
    return this.apply(findings.length > 1 ? findings.sort(compareFindings) : findings);
  }
}

export function isCode(key: string): key is Code {
  return Object.prototype.hasOwnProperty.call(CODES, key);
}

/**
 * Reads `rules:` of attest.yaml (its root node). The schema check has already flagged values
 * outside the five words; here: keys that are no code (unknown-rule, the closest code suggested)
 * and codes that cannot be lowered (a schema error). Only valid entries make it into the map.
 */
export function readRules(root: AnyNode, base: number, findings: Finding[]): Rules {
  const rules = new Map<Code, RuleLevel>();
  const node = pairOf(root, 'rules')?.value;
  const codes = Object.keys(CODES).filter((c) => !UNRULED_CODES[c]);
  for (const { key, span } of keysWithSpans(node, base)) {
    const value = pairOf(node, key)?.value;
    if (!isCode(key)) {
      const near = closest(key, codes, 1);
      const hint = near.length ? ` Did you mean \`${near[0]}\`?` : ' The codes are listed in docs/diagnostics.md.';
      findings.push(finding('unknown-rule', span, `Unknown rule \`${key}\`: no Attest diagnostic has this code.${hint}`, near.length ? { suggestions: near } : undefined));
      continue;
    }
    const unruled = UNRULED_CODES[key];
    if (unruled) {
      findings.push(finding('schema', span, `\`${key}\` cannot be set under \`rules\`: ${unruled}.`));
      continue;
    }
    const level = isScalar(value) && typeof value.value === 'string' ? value.value : undefined;
    if (!level || !(RULE_LEVELS as readonly string[]).includes(level)) continue; // the schema finding says why
    const why = LOCKED_RULES[key];
    if (why && level !== 'error') {
      findings.push(finding('schema', spanOf(value, base) ?? span, `\`${key}\` cannot be lowered to ${level}: it stays an error (${why}).`, { suggestions: ['error'] }));
      continue;
    }
    rules.set(key, level as RuleLevel);
  }
  return new Rules(rules);
}
