import { z } from 'zod';
import { CODES } from '../findings.js';
import { CATEGORY_IDS, dateString, idString, LOCKED_RULES, RULE_LEVELS, UNRULED_CODES } from './common.js';

export const SYSTEM_KINDS = ['infrastructure', 'software', 'data', 'people', 'procedures', 'vendor'] as const;

export const systemSchema = z.object({
  id: idString.describe('System id, unique in the inventory.'),
  name: z.string().min(1).describe('What the system is called.'),
  kind: z.enum(SYSTEM_KINDS).optional().describe('infrastructure, software, data, people, procedures or vendor.'),
  owner: z.string().optional().describe('Who is responsible for it.'),
  scope: z.enum(['in', 'out']).optional().describe('in (default) or out of the audit scope.'),
  reason: z.string().optional().describe('Why the system is out of scope (required when scope is out).'),
  description: z.string().optional().describe('What it does and what data it holds.'),
});

export const exclusionSchema = z.object({
  criterion: z.string().describe('The in-scope criterion carved out: an id of any of the project\'s frameworks.'),
  framework: z.string().optional().describe('The framework the criterion belongs to, when its id is in several (custom catalogs).'),
  reason: z.string().optional().describe('Why it does not apply: the justification auditors read.'),
});

const sampleSize = (frequency: string, size: number) =>
  z.number().int().positive().optional().describe(`How many ${frequency} intervals an auditor samples (default ${size}).`);

/** Sample sizes per frequency; the defaults follow the common auditing table (docs/formats.md). */
export const SAMPLING_DEFAULTS = { annually: 1, semiannually: 1, quarterly: 2, monthly: 2, weekly: 5, daily: 25 } as const;

export const samplingSchema = z.object({
  annually: sampleSize('annual', SAMPLING_DEFAULTS.annually),
  semiannually: sampleSize('half-year', SAMPLING_DEFAULTS.semiannually),
  quarterly: sampleSize('quarter', SAMPLING_DEFAULTS.quarterly),
  monthly: sampleSize('month', SAMPLING_DEFAULTS.monthly),
  weekly: sampleSize('week', SAMPLING_DEFAULTS.weekly),
  daily: sampleSize('day', SAMPLING_DEFAULTS.daily),
});

export const configSchema = z.object({
  organization: z.string().optional().describe('Who the report is about: report titles, OSCAL exports and the project\'s name in the editor.'),
  framework: z.string().optional().describe('A built-in catalog id (tsc-2017, iso27001-2022, nist-csf-2.0) or a workspace-relative path to a catalog file.'),
  frameworks: z
    .array(z.string())
    .min(1)
    .optional()
    .describe('Several frameworks from one set of controls (instead of `framework:`): built-in ids or catalog file paths; the first is the primary one.'),
  categories: z
    .array(z.string())
    .optional()
    .describe(`TSC categories in scope (${CATEGORY_IDS.join(', ')}); security always is. Other frameworks have every criterion in scope.`),
  report: z.enum(['type1', 'type2']).optional().describe('type1 (design on one day) or type2 (operation over a period).'),
  period: z
    .object({ start: dateString.describe('First day of the audit window.'), end: dateString.describe('Last day of the audit window.') })
    .optional()
    .describe('The Type II audit window.'),
  controls: z.array(z.string()).optional().describe('Globs of control files, workspace-relative.'),
  policies: z.array(z.string()).optional().describe('Globs of policy files, workspace-relative.'),
  crosswalks: z.array(z.string()).optional().describe('Globs of crosswalk files (how two frameworks relate), workspace-relative; default crosswalks/**/*.yaml.'),
  exclude: z.array(exclusionSchema).optional().describe('In-scope criteria deliberately carved out, each with a reason.'),
  systems: z.array(systemSchema).optional().describe('The inventory of systems the report covers.'),
  rules: z
    .record(z.string(), z.enum(RULE_LEVELS))
    .optional()
    .describe('Severity per diagnostic code for this project: error, warning, information, hint or off (not reported).')
    .meta(rulesJsonSchema()),
  sampling: samplingSchema.optional().describe('Type II sample sizes per control frequency (attest samples); a frequency left out keeps its default.'),
  maxFileSize: z.number().int().positive().optional().describe('Files larger than this many bytes are reported and skipped.'),
});

/** For JSON Schema tools (the YAML extension): the codes as keys, each with its help and levels. */
function rulesJsonSchema(): Record<string, unknown> {
  const codes = (Object.keys(CODES) as Array<keyof typeof CODES>).filter((c) => !UNRULED_CODES[c]);
  const properties: Record<string, unknown> = {};
  for (const code of codes) properties[code] = { description: CODES[code].help, enum: LOCKED_RULES[code] ? ['error'] : [...RULE_LEVELS] };
  return { propertyNames: { enum: codes }, properties };
}

export type Config = z.infer<typeof configSchema>;
export type SystemEntry = z.infer<typeof systemSchema>;
export { idString };
