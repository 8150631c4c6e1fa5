import type { ApiKey, CreatedApiKey, LocalApiStatus } from './api-key-models.js';
import {
  createApiKeySchema,
  listApiKeysSchema,
  setLocalApiEnabledSchema,
  setLocalApiRateLimitSchema,
} from './api-key-schemas.js';
import { channel, event } from './define.js';
import { byIdSchema, noInput } from './schemas.js';

/**
 * Channels of API keys and of the local credentials API. Merged into the contract's single channel map
 * in `channels.ts`.
 *
 * `apiKeys.create` is the only response that ever carries a key's value; events carry ids only.
 */
export const apiKeyChannels = {
  /** Keys of one integration, newest first, revoked ones included (marked). */
  'apiKeys.list': channel<ApiKey[]>()(listApiKeysSchema),
  /** Only for configured integrations; the value is in this response and nowhere else, ever. */
  'apiKeys.create': channel<CreatedApiKey>()(createApiKeySchema),
  /** Immediate and irreversible: the next request with the key gets 401. */
  'apiKeys.revoke': channel<ApiKey>()(byIdSchema),

  'localApi.status': channel<LocalApiStatus>()(noInput),
  /** Starts or stops the server (and saves the choice); `port` changes where it listens. */
  'localApi.setEnabled': channel<LocalApiStatus>()(setLocalApiEnabledSchema),
  'localApi.setRateLimit': channel<LocalApiStatus>()(setLocalApiRateLimitSchema),
} as const;

export const apiKeyEvents = {
  /** Keys of one integration were created, revoked, or used (usage is reported in batches). */
  'apiKeys.changed': event<{ integrationId: string; ids: string[] }>(),
  'localApi.changed': event<LocalApiStatus>(),
} as const;
