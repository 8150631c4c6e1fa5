import { isLoopbackHost } from '../domain/offerings/provider-url.js';
import { DeskError } from '../support/desk-error.js';

/** Salesforce's own domains: instances, My Domain hosts, Government Cloud and the old cloudforce hosts. */
export const SALESFORCE_DOMAINS = ['salesforce.com', 'force.com', 'salesforce.mil', 'cloudforce.com'] as const;

/** What a returned URL is checked against: the provider it came from. */
export interface ReturnedUrlContext {
  /** The provider's issuer or login URL (the host the admin configured, already checked). */
  providerUrl: string;
  /** Salesforce offerings also restrict the host to Salesforce's domains (or the login host's own). */
  kind: 'salesforce' | 'generic';
}

export type ReturnedUrlVerdict = { ok: true; url: URL } | { ok: false; reason: string };

/**
 * Checks a URL a provider handed back (`instance_url`, an identity URL) before any token is sent there.
 *
 * Defends against a token response, tampered with or from a misbehaving provider, that names a host the
 * admin never chose: the proxy and the identity lookup send the bearer token to it. The rule is the
 * provider-URL rule (https; http only on loopback, and only when the provider itself is on loopback, so
 * a local test provider works but a real one cannot downgrade to http), plus, for Salesforce offerings,
 * a host under a Salesforce domain or the login host's own domain (`login.example.org` → `*.example.org`).
 */
export function checkReturnedUrl(value: unknown, context: ReturnedUrlContext): ReturnedUrlVerdict {
  if (typeof value !== 'string' || value === '') return { ok: false, reason: 'it is missing' };
  let url: URL;
  let provider: URL;
  try {
    url = new URL(value);
    provider = new URL(context.providerUrl);
  } catch {
    return { ok: false, reason: 'it is not a URL' };
  }
  if (url.username || url.password) return { ok: false, reason: 'it carries a user name or password' };
  const providerOnLoopback = isLoopbackHost(provider.hostname);
  if (url.protocol === 'http:') {
    if (!isLoopbackHost(url.hostname) || !providerOnLoopback) return { ok: false, reason: 'it is not https' };
  } else if (url.protocol !== 'https:') {
    return { ok: false, reason: 'it is not https' };
  }
  if (context.kind === 'salesforce' && !salesforceHost(url.hostname, provider.hostname)) {
    return { ok: false, reason: 'its host is not a Salesforce domain' };
  }
  // A loopback provider may only point at loopback: a LAN or internet host is never a local test org.
  if (providerOnLoopback && !isLoopbackHost(url.hostname)) return { ok: false, reason: 'it leaves this machine' };
  return { ok: true, url };
}

function salesforceHost(host: string, loginHost: string): boolean {
  const h = host.toLowerCase();
  const login = loginHost.toLowerCase();
  if (h === login || (isLoopbackHost(h) && isLoopbackHost(login))) return true;
  if (SALESFORCE_DOMAINS.some((domain) => h === domain || h.endsWith(`.${domain}`))) return true;
  // The login host's own domain: its name without the first label, when that leaves at least two labels.
  if (isLoopbackHost(login) || /^[\d.]+$/.test(login)) return false;
  const labels = login.split('.');
  if (labels.length < 3) return false;
  const domain = labels.slice(1).join('.');
  return h.endsWith(`.${domain}`);
}

/**
 * The checked `instance_url` of a token response, without a trailing slash, or `fallback` when the
 * response names none. A named but refused URL is an error: the tokens must not be used with it.
 */
export function checkedInstanceUrl(
  tokens: { readonly [parameter: string]: unknown },
  context: ReturnedUrlContext,
  fallback: string,
): string {
  const named = tokens.instance_url;
  if (named === undefined) return fallback;
  const verdict = checkReturnedUrl(named, context);
  if (!verdict.ok) {
    throw new DeskError(
      'PROVIDER_ERROR',
      `The provider named an instance URL that Integrations Desk will not send tokens to (${verdict.reason}), so the tokens were not used.`,
    );
  }
  return verdict.url.href.replace(/\/+$/, '');
}

/** The context of a connection's provider, from what the core's protocol context holds. */
export const returnedUrlContextOf = (ctx: { offering: { kind: 'salesforce' | 'generic' }; provider: { as: { issuer: string } } }): ReturnedUrlContext => ({
  providerUrl: ctx.provider.as.issuer,
  kind: ctx.offering.kind,
});
