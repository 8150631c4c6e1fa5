import type { z } from 'zod';
import type { DocStore } from '../domain/doc-store.js';
import type { IntegrationRecord } from '../domain/integrations/integration-record.js';
import type { IntegrationService } from '../domain/integrations/integration-service.js';
import type { ConnectionService } from '../connections/connection-service.js';
import type { Clock } from '../support/clock.js';
import type { EventBus } from '../support/event-bus.js';
import type { Logger } from '../support/logger.js';
import { apiKeysDocSchema, emptyApiKeysDoc } from '../api-keys/api-key-record.js';
import { createApiKeyService, type ApiKeyService } from '../api-keys/api-key-service.js';
import { connectionSourceFrom } from './connection-source.js';
import { createLocalApiService, type LocalApiService } from './local-api-service.js';
import { defaultLocalApiSettings, localApiSettingsSchema } from './local-api-settings.js';
import type { UpstreamTransport } from './upstream-transport.js';

export interface LocalApiFeatureDeps {
  /** Opens one JSON store in the data folder (the composition root's `open`). */
  open<T>(name: string, schema: z.ZodType<T>, defaults: T): DocStore<T>;
  config: { apiPort: number; apiPortFromEnv?: boolean };
  integrations: Pick<IntegrationService, 'requireConfigured' | 'record'>;
  integrationRecords(): readonly IntegrationRecord[];
  connections: Pick<ConnectionService, 'list' | 'record' | 'credentialsFor' | 'credentialsOf' | 'refresh'>;
  /** How the proxy reaches Salesforce (see `upstream-transport.ts`). */
  transport: UpstreamTransport;
  clock: Clock;
  logger: Logger;
  events: EventBus;
  usageFlushIntervalMs?: number;
}

export interface LocalApiFeature {
  apiKeys: ApiKeyService;
  localApi: LocalApiService;
  /** Starts the server if it was left on; call once the rest of the core is built. */
  start(): Promise<void>;
  /** Stops the server and writes pending key usage. */
  dispose(): Promise<void>;
}

/**
 * API keys and the local credentials API, composed from the core's ports: their stores
 * (`api-keys.json`, `local-api.json`), the integrations they are scoped to, and connections.
 *
 * One call in the composition root, so the feature's wiring lives with the feature.
 */
export function createLocalApiFeature(deps: LocalApiFeatureDeps): LocalApiFeature {
  let knownRecords: readonly IntegrationRecord[] | undefined;
  let knownIds = new Set<string>();
  const integrationExists = (id: string): boolean => {
    const records = deps.integrationRecords();
    if (records !== knownRecords) {
      knownRecords = records;
      knownIds = new Set(records.map((r) => r.id));
    }
    return knownIds.has(id);
  };

  const apiKeys = createApiKeyService({
    store: deps.open('api-keys', apiKeysDocSchema, emptyApiKeysDoc()),
    integrations: {
      requireConfigured: (id) => deps.integrations.requireConfigured(id),
      record: (id) => deps.integrations.record(id),
      exists: integrationExists,
    },
    clock: deps.clock,
    changed: (integrationId, ids) => deps.events.emit('apiKeys.changed', { integrationId, ids }),
    usageFlushIntervalMs: deps.usageFlushIntervalMs,
    onUsageWriteError: (error) => deps.logger.warn({ err: error }, 'API key usage could not be saved; will retry'),
  });

  const source = connectionSourceFrom(deps.connections);
  const localApi = createLocalApiService({
    store: deps.open('local-api', localApiSettingsSchema, defaultLocalApiSettings()),
    config: deps.config,
    apiKeys,
    connections: () => source,
    transport: deps.transport,
    clock: deps.clock,
    logger: deps.logger,
    changed: (status) => deps.events.emit('localApi.changed', status),
  });

  return {
    apiKeys,
    localApi,
    start: () => localApi.startIfEnabled(),
    async dispose() {
      await localApi.dispose();
      apiKeys.dispose();
    },
  };
}
