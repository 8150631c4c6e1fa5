import { z } from 'zod';
import { idSchema } from './schemas.js';

export const activityCategorySchema = z.enum(['credentials', 'connections', 'api-keys', 'local-api']);

/** One page of an integration's audit trail: optionally one category, or one connection's events. */
export const listActivitySchema = z.object({
  integrationId: idSchema,
  category: activityCategorySchema.optional(),
  connectionId: idSchema.optional(),
  /** Opaque, from the previous page's `nextCursor`. */
  cursor: z.string().max(2048).optional(),
  limit: z.number().int().min(1).max(200).optional(),
});
