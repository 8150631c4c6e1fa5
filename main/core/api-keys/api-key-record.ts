import { z } from 'zod';
import type { ApiKey } from '../../../preload/contract/api-key-models.js';

/**
 * An API key as stored in `api-keys.json`. The value itself is never stored: only its SHA-256 digest
 * (`hash`, hex), which is enough to recognise the key and useless for recovering it.
 */
export const apiKeyRecordSchema = z.object({
  id: z.string(),
  integrationId: z.string(),
  name: z.string(),
  publicKey: z.string(),
  hash: z.string().regex(/^[0-9a-f]{64}$/),
  createdAt: z.string(),
  lastUsedAt: z.string().optional(),
  requestCount: z.number().int().min(0),
  revokedAt: z.string().optional(),
});

export type ApiKeyRecord = z.infer<typeof apiKeyRecordSchema>;

export const apiKeysDocSchema = z.object({ keys: z.array(apiKeyRecordSchema) });
export type ApiKeysDoc = z.infer<typeof apiKeysDocSchema>;

export const emptyApiKeysDoc = (): ApiKeysDoc => ({ keys: [] });

/** The renderer's view: everything but the hash (harmless, but of no use outside main). */
export function toApiKeyView(record: ApiKeyRecord): ApiKey {
  return {
    id: record.id,
    integrationId: record.integrationId,
    name: record.name,
    publicKey: record.publicKey,
    status: record.revokedAt ? 'revoked' : 'active',
    createdAt: record.createdAt,
    requestCount: record.requestCount,
    ...(record.lastUsedAt ? { lastUsedAt: record.lastUsedAt } : {}),
    ...(record.revokedAt ? { revokedAt: record.revokedAt } : {}),
  };
}
