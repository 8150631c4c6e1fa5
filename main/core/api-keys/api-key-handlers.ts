import type { apiKeyChannels } from '../../../preload/contract/api-key-channels.js';
import type { Handlers } from '../ipc/handlers.js';
import type { LocalApiService } from '../local-api/local-api-service.js';
import type { ApiKeyService } from './api-key-service.js';

export type ApiKeyHandlers = Pick<Handlers, keyof typeof apiKeyChannels>;

/**
 * The handlers of the API-key and local-API channels, spread into the main handler table.
 *
 * Thin: input is already validated by the dispatcher. `apiKeys.create` is the one response that
 * carries a key's value; the dispatcher does not log successful results, so it goes nowhere else.
 */
export function createApiKeyHandlers(deps: { apiKeys: ApiKeyService; localApi: LocalApiService }): ApiKeyHandlers {
  const { apiKeys, localApi } = deps;
  return {
    'apiKeys.list': ({ integrationId }) => apiKeys.list(integrationId),
    'apiKeys.create': (input) => apiKeys.create(input),
    'apiKeys.revoke': ({ id }) => apiKeys.revoke(id),

    'localApi.status': () => localApi.status(),
    'localApi.setEnabled': (input) => localApi.setEnabled(input),
    'localApi.setRateLimit': ({ perMinute }) => localApi.setRateLimit(perMinute),
  };
}
