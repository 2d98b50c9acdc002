import { z } from 'zod';
import { criteriaField, dateString, frequency, idString } from './common.js';

export const CONTROL_STATUSES = ['planned', 'implemented', 'retired'] as const;
export const CONTROL_TYPES = ['preventive', 'detective', 'corrective'] as const;
export const AUTOMATIONS = ['manual', 'automated', 'hybrid'] as const;

export const evidenceSchema = z.object({
  title: z.string().describe('What the sample is, e.g. "Q1 access review ticket".'),
  collected: dateString.describe('The date the sample was taken, YYYY-MM-DD.'),
  link: z.string().optional().describe('A URL or a workspace-relative path to the evidence.'),
  sha256: z
    .string()
    .regex(/^[0-9a-fA-F]{64}$/, { message: 'must be a SHA-256 written as 64 hexadecimal digits' })
    .optional()
    .describe('The SHA-256 of the linked file when the sample was filed (`attest evidence hash` prints it); a later change to the file is reported.'),
  period: z
    .object({ start: dateString, end: dateString })
    .optional()
    .describe('The span of time this sample covers, when it is not a single day.'),
});

export const exceptionSchema = z.object({
  raised: dateString.describe('When the auditor or assessment raised the exception.'),
  summary: z.string().describe('What went wrong.'),
  due: dateString.optional().describe('Target date of the remediation.'),
  resolved: dateString.optional().describe('When it was fixed; omit while open.'),
  owner: z.string().optional().describe('Who fixes it (defaults to the control owner).'),
});

export const controlSchema = z.object({
  id: idString.describe('Control id, unique across the workspace (e.g. AC-04).'),
  title: z.string().min(1).describe('A short name of the control.'),
  description: z.string().optional().describe('What the control does: what a Type I auditor reads.'),
  owner: z.string().optional().describe('The person or team that operates the control.'),
  status: z.enum(CONTROL_STATUSES).optional().describe('planned, implemented (default) or retired.'),
  type: z.enum(CONTROL_TYPES).optional().describe('preventive, detective or corrective.'),
  automation: z.enum(AUTOMATIONS).optional().describe('manual, automated or hybrid.'),
  frequency: frequency.optional().describe('How often the control operates; sets how fresh evidence must be.'),
  criteria: criteriaField.optional().describe('Criterion ids this control addresses: a list (the primary framework), or a list per framework id.'),
  policies: z.array(z.string()).optional().describe('Ids of the policies this control carries out.'),
  systems: z.array(z.string()).optional().describe('Ids of the in-scope systems (attest.yaml) this control protects.'),
  due: dateString.optional().describe('Target date of a planned control.'),
  evidence: z.array(evidenceSchema).optional().describe('Samples that prove the control ran (what a Type II auditor tests).'),
  exceptions: z.array(exceptionSchema).optional().describe('Exceptions raised against this control, until fixed.'),
  tags: z.array(z.string()).optional().describe('Free labels for grouping.'),
});

/** A file holding many controls. */
export const registerSchema = z.object({
  controls: z.array(controlSchema).describe('The controls of this register.'),
});

export type Control = z.infer<typeof controlSchema>;
