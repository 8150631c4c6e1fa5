import type { DeskConfig } from '../config.js';
import type { CallbackHost } from '../oauth/loopback-listener.js';
import type { SettingsDoc } from './settings-record.js';

/** The shared path of integrations created before per-integration Callback URLs. */
export const CALLBACK_PATH = '/oauth/callback';

/** Where the loopback listener listens for one integration, and the Callback URL that names it. */
export interface CallbackTarget {
  host: CallbackHost;
  port: number;
  path: string;
  url: string;
}

/** What decides an integration's Callback URL: its id and how it was created or fixed. */
export interface CallbackSubject {
  id: string;
  /** Absent for integrations created before per-integration Callback URLs (shared path, Settings' host). */
  callback?: { path: 'per-integration'; host?: CallbackHost };
}

/**
 * The host a provider accepts for an http loopback Callback URL.
 *
 * RFC 8252 §8.3 prefers the IP literal, but Salesforce's Setup refuses `http://127.0.0.1/…` ("Cannot be
 * an HTTP URL") and accepts plain http only for `localhost` (PRODUCT.md, Salesforce facts).
 */
export const providerCallbackHost = (kind: 'salesforce' | 'generic'): CallbackHost => (kind === 'salesforce' ? 'localhost' : '127.0.0.1');

/** The port in effect: `DESK_CALLBACK_PORT`, else the saved one, else the default. */
export const callbackPortOf = (settings: SettingsDoc, config: DeskConfig): number =>
  config.callbackPortFromEnv ? config.callbackPort : (settings.callbackPort ?? config.callbackPort);

/**
 * The Callback URL of one integration, exactly as the loopback listener will receive it.
 *
 * A path per integration (`/oauth/callback/<id>`, a mix-up defence, RFC 9700 §4.4) lets sign-ins of
 * several integrations wait at once. The host follows the provider unless the integration pins one (the
 * one-click fix) or Settings override it. Integrations made before keep their shared URL, since that
 * is what their provider app has registered.
 */
export function callbackTargetFor(settings: SettingsDoc, config: DeskConfig, integration: CallbackSubject, kind: 'salesforce' | 'generic'): CallbackTarget {
  const port = callbackPortOf(settings, config);
  const perIntegration = integration.callback !== undefined;
  const host = perIntegration
    ? (integration.callback?.host ?? settings.callbackHostOverride ?? providerCallbackHost(kind))
    : (settings.callbackHostOverride ?? settings.callbackHost ?? '127.0.0.1');
  const path = perIntegration ? `${CALLBACK_PATH}/${integration.id}` : CALLBACK_PATH;
  return { host, port, path, url: `http://${host}:${port}${path}` };
}

/**
 * Why the provider would refuse an integration's Callback URL, if it would: Salesforce takes plain
 * http only for `localhost`.
 */
export function callbackRefusal(target: CallbackTarget, kind: 'salesforce' | 'generic'): string | undefined {
  if (kind !== 'salesforce' || target.host === 'localhost') return undefined;
  return `Salesforce refuses ${target.url} as a Callback URL ("Cannot be an HTTP URL"): plain http is accepted only for localhost.`;
}
