import type { z } from 'zod';
import type { CallbackTest, DeskSettings } from '../../../preload/contract/connection-models.js';
import type { testCallbackSchema, updateSettingsSchema } from '../../../preload/contract/connection-schemas.js';
import type { DeskConfig } from '../config.js';
import type { DocStore } from '../domain/doc-store.js';
import { LoopbackListener, PortInUseError, type CallbackHost } from '../oauth/loopback-listener.js';
import type { PortOwner } from '../oauth/port-owner.js';
import { CALLBACK_PATH } from './callback-url.js';
import {
  DEFAULT_ASSUMED_TOKEN_LIFETIME_MINUTES,
  DEFAULT_KEEP_ALIVE_MINUTES,
  type SettingsDoc,
} from './settings-record.js';

export interface SettingsServiceDeps {
  store: DocStore<SettingsDoc>;
  config: DeskConfig;
  changed(settings: DeskSettings): void;
  /** The port a pending sign-in is listening on, if any: a port we hold is not "taken by someone". */
  pendingListenerPort(): number | undefined;
  findOwner?(port: number): Promise<PortOwner | undefined>;
}

export type SettingsService = ReturnType<typeof createSettingsService>;

/** Where the loopback listener listens, and the Callback URL that names it. */
export interface CallbackTarget {
  host: CallbackHost;
  port: number;
  url: string;
}

/**
 * App-wide settings: the Callback URL's host form and port, the assumed token lifetime and keep-alive.
 *
 * The Callback URL shown everywhere and the listener's address both come from `callbackTarget()`, so
 * they can never disagree; `DESK_CALLBACK_PORT` wins over the saved port.
 */
export function createSettingsService(deps: SettingsServiceDeps) {
  const { store, config } = deps;

  const target = (doc: SettingsDoc, candidate?: { host?: CallbackHost; port?: number }): CallbackTarget => {
    const host = candidate?.host ?? doc.callbackHost;
    const port = candidate?.port ?? (config.callbackPortFromEnv ? config.callbackPort : (doc.callbackPort ?? config.callbackPort));
    return { host, port, url: `http://${host}:${port}${CALLBACK_PATH}` };
  };

  const view = (): DeskSettings => {
    const doc = store.get();
    const t = target(doc);
    return {
      callbackHost: t.host,
      callbackPort: t.port,
      callbackPortFromEnv: config.callbackPortFromEnv,
      callbackUrl: t.url,
      assumedTokenLifetimeMinutes: doc.assumedTokenLifetimeMinutes ?? DEFAULT_ASSUMED_TOKEN_LIFETIME_MINUTES,
      keepAliveMinutes: doc.keepAliveMinutes ?? DEFAULT_KEEP_ALIVE_MINUTES,
    };
  };

  return {
    get: view,
    callbackTarget: (): CallbackTarget => target(store.get()),
    assumedLifetimeMs: (): number => view().assumedTokenLifetimeMinutes * 60_000,
    keepAliveMs: (): number => view().keepAliveMinutes * 60_000,

    update(input: z.output<typeof updateSettingsSchema>): DeskSettings {
      store.update((doc) => {
        const next: SettingsDoc = { ...doc };
        if (input.callbackHost !== undefined) next.callbackHost = input.callbackHost;
        if (input.callbackPort === null) delete next.callbackPort;
        else if (input.callbackPort !== undefined) next.callbackPort = input.callbackPort;
        if (input.assumedTokenLifetimeMinutes !== undefined) next.assumedTokenLifetimeMinutes = input.assumedTokenLifetimeMinutes;
        if (input.keepAliveMinutes !== undefined) next.keepAliveMinutes = input.keepAliveMinutes;
        return next;
      });
      const next = view();
      deps.changed(next);
      return next;
    },

    /**
     * Says whether the callback port can be listened on now, by binding it for a moment.
     *
     * Binding (rather than connecting) is the only reliable test: it fails exactly when the real
     * listener would, including for a program bound to all interfaces or only to `::1`.
     */
    async testCallback(input: z.output<typeof testCallbackSchema>): Promise<CallbackTest> {
      const t = target(store.get(), { host: input?.callbackHost, port: input?.callbackPort });
      if (deps.pendingListenerPort() === t.port) {
        return { callbackUrl: t.url, free: false, message: `Port ${t.port} is in use by Integrations Desk itself: a sign-in is waiting for the browser.` };
      }
      try {
        const probe = await LoopbackListener.open({
          host: t.host,
          port: t.port,
          path: CALLBACK_PATH,
          timeoutMs: 1_000,
          findOwner: deps.findOwner,
          onCallback: async () => ({ ok: false, title: 'Not waiting', message: 'No sign-in is waiting.' }),
        });
        await probe.cancel();
        return { callbackUrl: t.url, free: true, message: `Port ${t.port} is free: the callback can reach Integrations Desk.` };
      } catch (error) {
        if (error instanceof PortInUseError) {
          return { callbackUrl: t.url, free: false, message: error.message, ...(error.owner ? { owner: error.owner } : {}) };
        }
        throw error;
      }
    },
  };
}
