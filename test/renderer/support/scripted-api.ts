import { buildApi } from '../../../preload/contract/build-api.js';
import type { Offering, SecurityStatus } from '../../../preload/contract/models.js';
import { err, ok, type Result } from '../../../preload/contract/result.js';
import type { ChannelName, DeskApi, EventName } from '../../../preload/contract/types.js';

type Handler = (input: unknown) => Result<unknown> | Promise<Result<unknown>>;

export interface ScriptedApi {
  api: DeskApi;
  /** Every call the UI made, in order. */
  calls: Array<{ channel: ChannelName; input: unknown }>;
  /** Sends a main → renderer event to the UI's subscribers. */
  emit(name: EventName, payload: unknown): void;
}

export const salesforceOffering: Offering = {
  id: 'salesforce-production',
  name: 'Salesforce (production)',
  kind: 'salesforce',
  environment: 'production',
  loginUrl: 'https://login.salesforce.com',
  requiredScopes: ['api', 'refresh_token'],
  optionalScopes: ['web', 'openid'],
  builtIn: true,
  enabled: true,
  integrationCount: 0,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
};

const readyVault: SecurityStatus = {
  vault: { backend: 'keychain', protection: 'os', state: 'ready', weakAccepted: false, message: 'Secrets are encrypted by the OS.' },
  recoveries: [],
};

/**
 * The real contract API (`buildApi`) over an in-process transport whose answers the test scripts.
 *
 * Channels the test does not script answer like an empty, healthy profile.
 */
export function scriptedApi(script: Partial<Record<ChannelName, Handler>> = {}): ScriptedApi {
  const defaults: Partial<Record<ChannelName, Handler>> = {
    'offerings.list': () => ok([salesforceOffering]),
    'integrations.list': () => ok([]),
    'security.status': () => ok(readyVault),
    'settings.get': () =>
      ok({
        callbackHost: 'auto',
        callbackPort: 47615,
        callbackPortFromEnv: false,
        callbackUrl: 'http://localhost:47615/oauth/callback/<integration id>',
        callbackUrls: {
          salesforce: 'http://localhost:47615/oauth/callback/<integration id>',
          generic: 'http://127.0.0.1:47615/oauth/callback/<integration id>',
        },
        assumedTokenLifetimeMinutes: 120,
        keepAliveMinutes: 0,
      }),
  };
  const handlers = { ...defaults, ...script };
  const calls: ScriptedApi['calls'] = [];
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  const api = buildApi(
    async (channel, input) => {
      calls.push({ channel, input });
      const handler = handlers[channel];
      return handler ? handler(input) : err('UNKNOWN_CHANNEL', `The test did not script ${channel}`);
    },
    (name, listener) => {
      const set = listeners.get(name) ?? new Set();
      set.add(listener);
      listeners.set(name, set);
      return () => set.delete(listener);
    },
  );
  return {
    api,
    calls,
    emit: (name, payload) => listeners.get(name)?.forEach((listener) => listener(payload)),
  };
}
