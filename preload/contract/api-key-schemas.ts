import { z } from 'zod';
import { hasNoHiddenCharacters, hiddenCharactersMessage } from './display-text.js';
import { idSchema } from './schemas.js';

/** Runtime schemas for the API-key and local-API calls; main parses every payload with these first. */

export const apiKeyNameSchema = z
  .string({ error: 'API Key Name is required' })
  .trim()
  .min(1, 'API Key Name is required')
  .max(100, 'API Key Name must be at most 100 characters')
  .refine(hasNoHiddenCharacters, hiddenCharactersMessage('API Key Name'));

export const listApiKeysSchema = z.object({ integrationId: idSchema });

export const createApiKeySchema = z.object({ integrationId: idSchema, name: apiKeyNameSchema });

export const localApiPortSchema = z
  .number({ error: 'The port must be a number' })
  .int('The port must be a whole number')
  .min(1024, 'Use a port from 1024 to 65535')
  .max(65535, 'Use a port from 1024 to 65535');

export const setLocalApiEnabledSchema = z.object({
  enabled: z.boolean(),
  /** `null` goes back to the default port (`DESK_API_PORT`, else 47616). */
  port: localApiPortSchema.nullable().optional(),
});

export const setLocalApiRateLimitSchema = z.object({
  perMinute: z
    .number({ error: 'The limit must be a number' })
    .int('Use a whole number of requests')
    .min(1, 'Allow at least 1 request per minute')
    .max(1_000_000, 'Use at most 1,000,000 requests per minute'),
});
