import { z } from 'zod';
import { isDate } from '../dates.js';

export const FREQUENCY_VALUES = ['continuous', 'daily', 'weekly', 'monthly', 'quarterly', 'semiannually', 'annually', 'on-event'] as const;
export const CATEGORY_IDS = ['security', 'availability', 'processing-integrity', 'confidentiality', 'privacy'] as const;

/** What `rules:` in attest.yaml may set a diagnostic code to. */
export const RULE_LEVELS = ['error', 'warning', 'information', 'hint', 'off'] as const;
export type RuleLevel = (typeof RULE_LEVELS)[number];
/** Codes `rules:` cannot lower below `error`, each with why: Attest could not read or trust the file. */
export const LOCKED_RULES: Readonly<Record<string, string>> = {
  'yaml-syntax': 'a file whose YAML does not parse is not checked at all',
  schema: 'a value Attest cannot read counts for nothing',
  'duplicate-id': 'references to a duplicated id are ambiguous',
};

/** Codes that hosts add after the rules apply: `rules:` cannot set them (their own setting does). */
export const UNRULED_CODES: Readonly<Record<string, string>> = {
  'too-many-problems': 'the note is the editor\'s, set by `attest.maxProblems` (0 shows every problem)',
};

export const idString = z
  .string()
  .min(1)
  .regex(/^\S+$/, { message: 'must not contain whitespace' })
  .describe('An identifier, unique across the workspace, without whitespace.');

export const dateString = z
  .string()
  .refine(isDate, { message: 'must be a date written YYYY-MM-DD' })
  .meta({ format: 'date' })
  .describe('A calendar date, YYYY-MM-DD.');

export const frequency = z.enum(FREQUENCY_VALUES).describe('How often it runs or must be reviewed.');

export const criterionList = z.array(z.string()).describe('Criterion ids of the workspace framework, e.g. CC6.1.');

/** `criteria:` of a control or policy: ids of the primary framework, or a list per framework id. */
export const criteriaField = z
  .union([criterionList, z.record(z.string(), criterionList)])
  .describe('Criterion ids of the primary framework (a list, e.g. [CC6.1]), or a list per framework id (tsc-2017: [CC6.2], iso27001-2022: [A.5.18]).');

/** Keys of an object schema, for unknown-field checks and completion. */
export function keysOf(schema: z.ZodObject): string[] {
  return Object.keys(schema.shape);
}

/** The description of each field, for completion and hover documentation. */
export function fieldDocs(schema: z.ZodObject): Record<string, string> {
  const out: Record<string, string> = Object.create(null);
  for (const [k, v] of Object.entries(schema.shape)) out[k] = (v as z.ZodType).description ?? '';
  return out;
}
