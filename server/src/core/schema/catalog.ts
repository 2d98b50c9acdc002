import { z } from 'zod';

const criterionEntry = z.object({
  id: z.string().regex(/^\S+$/),
  title: z.string(),
  description: z.string().optional(),
  pointsOfFocus: z.array(z.string()).optional(),
});

/** A criteria catalog: categories hold series, series hold criteria. */
export const catalogSchema = z.object({
  id: z.string(),
  title: z.string(),
  categories: z
    .array(
      z.object({
        id: z.string(),
        title: z.string(),
        description: z.string().optional(),
        series: z.array(z.object({ id: z.string(), title: z.string(), criteria: z.array(criterionEntry) })),
      }),
    )
    .min(1),
});

export type CatalogData = z.infer<typeof catalogSchema>;
