import { z } from 'zod';
import { criteriaField, dateString, frequency, idString } from './common.js';

export const POLICY_STATUSES = ['draft', 'approved', 'retired'] as const;

/** Policy front matter; `acronym`, `name` and `satisfies` are strongdm/comply's spellings. */
export const policySchema = z.object({
  id: idString.optional().describe('Policy id, unique across the workspace (e.g. POL-ACCESS).'),
  title: z.string().min(1).optional().describe('The policy name.'),
  owner: z.string().optional().describe('Who owns and approves the policy.'),
  version: z.union([z.string(), z.number()]).optional().describe('The document version, e.g. "1.3".'),
  status: z.enum(POLICY_STATUSES).optional().describe('draft, approved or retired.'),
  approved: dateString.optional().describe('Date of the last approval, YYYY-MM-DD.'),
  review: frequency.optional().describe('How often the policy must be reviewed and re-approved.'),
  criteria: criteriaField.optional().describe('Criterion ids this policy addresses: a list (the primary framework), or a list per framework id.'),
  acronym: idString.optional().describe('comply: the policy id.'),
  name: z.string().min(1).optional().describe('comply: the policy name.'),
  satisfies: z.record(z.string(), z.array(z.string())).optional().describe('comply: criterion ids per standard, e.g. { TSC: [CC6.1] }.'),
  majorRevisions: z
    .array(z.object({ date: z.unknown().optional(), comment: z.unknown().optional() }).loose())
    .optional()
    .describe('comply: revision history.'),
  tags: z.array(z.string()).optional().describe('Free labels for grouping.'),
});

export type PolicyFrontMatter = z.infer<typeof policySchema>;
