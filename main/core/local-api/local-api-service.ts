import type { LocalApiStatus } from '../../../preload/contract/api-key-models.js';
import type { ApiKeyService } from '../api-keys/api-key-service.js';
import type { DocStore } from '../domain/doc-store.js';
import type { Clock } from '../support/clock.js';
import { isDeskError } from '../support/desk-error.js';
import type { Logger } from '../support/logger.js';
import type { ConnectionSource } from './connection-source.js';
import { createLocalApiHandler } from './local-api-handler.js';
import { LOCAL_API_HOST, listenLocalApi, type RunningLocalApi } from './local-api-server.js';
import type { LocalApiSettings } from './local-api-settings.js';
import type { UpstreamTransport } from './upstream-transport.js';
import { createRateLimiter, DEFAULT_RATE_LIMIT_PER_MINUTE } from './rate-limiter.js';

export interface LocalApiServiceDeps {
  store: DocStore<LocalApiSettings>;
  /** `apiPort` from `DESK_API_PORT` (or the default); `apiPortFromEnv` when the variable was set. */
  config: { apiPort: number; apiPortFromEnv?: boolean };
  apiKeys: ApiKeyService;
  connections(): ConnectionSource;
  /** How the proxy reaches Salesforce; closed with the service. */
  transport: UpstreamTransport;
  clock: Clock;
  logger: Logger;
  changed(status: LocalApiStatus): void;
  proxyTimeoutMs?: number;
}

export type LocalApiService = ReturnType<typeof createLocalApiService>;

/**
 * The local credentials API's switch: the saved on/off, port and rate limit, and the server itself.
 *
 * Off until the admin turns it on; once on, it starts with the app. Turning it on binds the port
 * first and saves the choice only if that worked, so a taken port is reported (PORT_IN_USE) and the
 * saved state never claims a server that cannot run. Changes are serialised: two quick toggles
 * cannot leave two servers.
 */
export function createLocalApiService(deps: LocalApiServiceDeps) {
  const { store, config, logger } = deps;
  let running: RunningLocalApi | undefined;
  let problem: string | undefined;
  let queue: Promise<unknown> = Promise.resolve();

  const rateLimit = (): number => store.get().rateLimitPerMinute ?? DEFAULT_RATE_LIMIT_PER_MINUTE;
  const limiter = createRateLimiter({ clock: deps.clock, limit: rateLimit });
  const configuredPort = (settings: LocalApiSettings = store.get()): number =>
    config.apiPortFromEnv ? config.apiPort : (settings.port ?? config.apiPort);

  // The Host header every request must carry, kept per port (it is compared on every request).
  let expected = { port: -1, host: '' };
  const expectedHost = (): string => {
    const port = running?.port ?? configuredPort();
    if (port !== expected.port) expected = { port, host: `${LOCAL_API_HOST}:${port}` };
    return expected.host;
  };

  const handler = createLocalApiHandler({
    apiKeys: deps.apiKeys,
    connections: deps.connections,
    limiter,
    transport: deps.transport,
    logger,
    expectedHost,
    proxyTimeoutMs: deps.proxyTimeoutMs,
  });

  const status = (): LocalApiStatus => {
    const settings = store.get();
    const port = running?.port ?? configuredPort(settings);
    return {
      enabled: settings.enabled,
      running: running !== undefined,
      host: LOCAL_API_HOST,
      port,
      portFromEnv: config.apiPortFromEnv === true,
      baseUrl: `http://${LOCAL_API_HOST}:${port}`,
      rateLimitPerMinute: rateLimit(),
      ...(problem && settings.enabled && !running ? { problem } : {}),
    };
  };

  const serially = <T>(task: () => Promise<T>): Promise<T> => {
    const next = queue.then(task, task);
    queue = next.catch(() => undefined);
    return next;
  };

  const stop = async (): Promise<void> => {
    const server = running;
    running = undefined;
    await server?.close();
  };

  const start = async (port: number): Promise<void> => {
    if (running && (running.port === port || port === 0)) return;
    await stop();
    running = await listenLocalApi(port, handler);
    problem = undefined;
    logger.info({ port: running.port }, 'local API listening on 127.0.0.1');
  };

  return {
    status,

    /** At launch: starts the server if the admin left it on; a failure is shown, not thrown. */
    startIfEnabled: (): Promise<void> =>
      serially(async () => {
        if (!store.get().enabled) return;
        try {
          await start(configuredPort());
        } catch (error) {
          problem = isDeskError(error) ? error.message : 'The local API could not start.';
          logger.warn({ port: configuredPort(), reason: problem }, 'local API not started');
        }
        deps.changed(status());
      }),

    setEnabled: (input: { enabled: boolean; port?: number | null }): Promise<LocalApiStatus> =>
      serially(async () => {
        const current = store.get();
        const next: LocalApiSettings = { ...current, enabled: input.enabled };
        if (input.port === null) delete next.port;
        else if (input.port !== undefined) next.port = input.port;
        if (input.enabled) {
          try {
            // Bind first: if the port is taken this throws PORT_IN_USE and nothing is saved.
            await start(configuredPort(next));
          } catch (error) {
            // Moving a running server to a taken port: keep serving on the old one.
            if (current.enabled && !running) await start(configuredPort(current)).catch(() => undefined);
            deps.changed(status());
            throw error;
          }
        } else {
          await stop();
          problem = undefined;
        }
        store.update(() => next);
        const view = status();
        deps.changed(view);
        return view;
      }),

    setRateLimit(perMinute: number): LocalApiStatus {
      store.update((doc) => ({ ...doc, rateLimitPerMinute: perMinute }));
      const view = status();
      deps.changed(view);
      return view;
    },

    dispose: (): Promise<void> =>
      serially(async () => {
        await stop();
        await deps.transport.close();
      }),
  };
}
