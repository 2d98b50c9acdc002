import { z } from 'zod';

/** NIST IR 8477 / OSCAL mapping's relationship words: how a `from` criterion relates to a `to` one. */
export const RELATIONSHIPS = ['equivalent-to', 'subset-of', 'superset-of', 'intersects-with'] as const;

export const crosswalkLinkSchema = z.object({
  from: z.string().min(1).describe('A criterion id of the `from` framework.'),
  to: z.string().min(1).describe('A criterion id of the `to` framework.'),
  relationship: z.enum(RELATIONSHIPS).describe('How `from` relates to `to`: equivalent-to, subset-of, superset-of or intersects-with.'),
});

/** A crosswalk file (crosswalks/**\/*.yaml): how the criteria of two frameworks relate. */
export const crosswalkSchema = z.object({
  from: z.string().min(1).describe('A framework id: one of the project\'s frameworks or a built-in catalog.'),
  to: z.string().min(1).describe('The other framework id.'),
  source: z.string().optional().describe('Whose reading this is, and when it was reviewed.'),
  links: z.array(crosswalkLinkSchema).describe('The related criteria, one link per pair.'),
});
