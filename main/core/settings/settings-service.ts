import type { z } from 'zod';
import { randomBytes } from 'node:crypto';
import type { CallbackPreview, CallbackTest, DeskSettings } from '../../../preload/contract/connection-models.js';
import type { callbackPreviewSchema, testCallbackSchema, updateSettingsSchema } from '../../../preload/contract/connection-schemas.js';
import type { DeskConfig } from '../config.js';
import type { DocStore } from '../domain/doc-store.js';
import { LoopbackListener, PortInUseError, type CallbackHost } from '../oauth/loopback-listener.js';
import type { PortOwner } from '../oauth/port-owner.js';
import {
  CALLBACK_PATH,
  callbackPortOf,
  callbackRefusal,
  callbackTargetFor,
  providerCallbackHost,
  type CallbackSubject,
  type CallbackTarget,
} from './callback-url.js';
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
  /** The kind of an offering (its Callback URL host follows it); undefined for an unknown offering. */
  offeringKind(offeringId: string): 'salesforce' | 'generic' | undefined;
}

export type SettingsService = ReturnType<typeof createSettingsService>;

export type { CallbackTarget } from './callback-url.js';

const ID_PLACEHOLDER = '<integration id>';

/**
 * App-wide settings: the Callback URL's host form and port, the assumed token lifetime and keep-alive.
 *
 * The Callback URL shown everywhere and the listener's address both come from `callbackTarget()`, so
 * they can never disagree; `DESK_CALLBACK_PORT` wins over the saved port.
 */
export function createSettingsService(deps: SettingsServiceDeps) {
  const { store, config } = deps;

  /** The shape of a new integration's URL for a kind of provider, `<integration id>` standing for the id. */
  const shapeFor = (doc: SettingsDoc, kind: 'salesforce' | 'generic'): string => {
    const host = doc.callbackHostOverride ?? providerCallbackHost(kind);
    return `http://${host}:${callbackPortOf(doc, config)}${CALLBACK_PATH}/${ID_PLACEHOLDER}`;
  };

  const view = (): DeskSettings => {
    const doc = store.get();
    const callbackUrls = { salesforce: shapeFor(doc, 'salesforce'), generic: shapeFor(doc, 'generic') };
    return {
      callbackHost: doc.callbackHostOverride ?? 'auto',
      callbackPort: callbackPortOf(doc, config),
      callbackPortFromEnv: config.callbackPortFromEnv,
      callbackUrl: callbackUrls.salesforce,
      callbackUrls,
      assumedTokenLifetimeMinutes: doc.assumedTokenLifetimeMinutes ?? DEFAULT_ASSUMED_TOKEN_LIFETIME_MINUTES,
      keepAliveMinutes: doc.keepAliveMinutes ?? DEFAULT_KEEP_ALIVE_MINUTES,
    };
  };

  return {
    get: view,
    /** One integration's listener address and Callback URL (`kind`: its offering's). */
    callbackTargetFor: (integration: CallbackSubject, kind: 'salesforce' | 'generic'): CallbackTarget =>
      callbackTargetFor(store.get(), config, integration, kind),
    /** The Callback URL and, when the provider would refuse it, why and what the fix gives. */
    callbackFor(integration: CallbackSubject, kind: 'salesforce' | 'generic'): { url: string; issue?: { message: string; fixedUrl: string } } {
      const doc = store.get();
      const target = callbackTargetFor(doc, config, integration, kind);
      const refusal = callbackRefusal(target, kind);
      if (!refusal) return { url: target.url };
      const fixed = callbackTargetFor(doc, config, { id: integration.id, callback: { path: 'per-integration', host: 'localhost' } }, kind);
      return { url: target.url, issue: { message: refusal, fixedUrl: fixed.url } };
    },
    /** The Callback URL a new integration of `offeringId` will have, with the id it will be created with. */
    callbackPreview(input: z.output<typeof callbackPreviewSchema>): CallbackPreview {
      const integrationId = input.integrationId ?? `int_${randomBytes(9).toString('base64url')}`;
      const kind = (input.offeringId && deps.offeringKind(input.offeringId)) || 'generic';
      return { integrationId, callbackUrl: callbackTargetFor(store.get(), config, { id: integrationId, callback: { path: 'per-integration' } }, kind).url };
    },
    assumedLifetimeMs: (): number => view().assumedTokenLifetimeMinutes * 60_000,
    keepAliveMs: (): number => view().keepAliveMinutes * 60_000,

    update(input: z.output<typeof updateSettingsSchema>): DeskSettings {
      store.update((doc) => {
        const next: SettingsDoc = { ...doc };
        if (input.callbackHost === 'auto') delete next.callbackHostOverride;
        else if (input.callbackHost !== undefined) next.callbackHostOverride = input.callbackHost;
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
      const doc = store.get();
      const chosen = input?.callbackHost ?? doc.callbackHostOverride ?? 'auto';
      // `auto` may mean localhost (127.0.0.1 and [::1]): test the stricter of the two.
      const host: CallbackHost = chosen === 'auto' ? 'localhost' : chosen;
      const port = input?.callbackPort ?? callbackPortOf(doc, config);
      const t = { host, port, url: `http://${host}:${port}${CALLBACK_PATH}/${ID_PLACEHOLDER}` };
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
          claim: () => undefined,
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
