import { z } from 'zod';

/** The local API's saved settings, in `local-api.json`: off until the admin turns it on. */
export const localApiSettingsSchema = z.object({
  enabled: z.boolean(),
  /** The saved port; `DESK_API_PORT` wins over it, the default (47616) applies without either. */
  port: z.number().int().min(1).max(65535).optional(),
  rateLimitPerMinute: z.number().int().min(1).max(1_000_000).optional(),
});

export type LocalApiSettings = z.infer<typeof localApiSettingsSchema>;

export const defaultLocalApiSettings = (): LocalApiSettings => ({ enabled: false });
