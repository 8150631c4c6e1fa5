import * as oauth from 'oauth4webapi';
import type { OfferingEndpoints } from '../../../../preload/contract/models.js';
import type { OfferingRecord } from './offering-record.js';
import { isLoopbackHost } from './provider-url.js';
import { salesforceEndpoints } from './salesforce-endpoints.js';

export type Fetch = typeof fetch;
/** oauth4webapi's fetch hook: what it passes is a valid RequestInit for the platform's fetch. */
type OauthFetch = (url: string, init: oauth.CustomFetchOptions<string, unknown>) => Promise<Response>;

/** The provider as oauth4webapi sees it, plus the endpoints we show. */
export interface ResolvedProvider {
  as: oauth.AuthorizationServer;
  endpoints: OfferingEndpoints;
  /** oauth4webapi options: our fetch, and http allowed only for loopback providers. */
  options: { [oauth.customFetch]: OauthFetch; [oauth.allowInsecureRequests]?: boolean; signal?: AbortSignal };
}

const REQUEST_TIMEOUT_MS = 15_000;

/**
 * Resolves an offering to the endpoints to call.
 *
 * Salesforce endpoints are derived from the login host; a generic offering either lists them or names an
 * issuer whose discovery document (fetched on demand) lists them.
 */
export async function resolveProvider(offering: OfferingRecord, fetchFn: Fetch): Promise<ResolvedProvider> {
  let endpoints: OfferingEndpoints;
  let issuer: string;
  let discovered: oauth.AuthorizationServer | undefined;
  if (offering.kind === 'salesforce' && offering.loginUrl) {
    endpoints = salesforceEndpoints(offering.loginUrl);
    issuer = new URL(offering.loginUrl).origin;
  } else if (offering.endpoints) {
    endpoints = offering.endpoints;
    issuer = offering.issuer ?? new URL(offering.endpoints.token).origin;
  } else if (offering.issuer) {
    const url = new URL(offering.issuer);
    const response = await oauth.discoveryRequest(url, options(url, fetchFn));
    discovered = await oauth.processDiscoveryResponse(url, response);
    endpoints = {
      authorization: discovered.authorization_endpoint ?? '',
      token: discovered.token_endpoint ?? '',
      revocation: discovered.revocation_endpoint,
      userinfo: discovered.userinfo_endpoint,
      introspection: discovered.introspection_endpoint,
    };
    issuer = offering.issuer;
  } else {
    throw new Error('The offering has neither endpoints nor an issuer');
  }
  const as: oauth.AuthorizationServer = discovered ?? {
    issuer,
    authorization_endpoint: endpoints.authorization,
    token_endpoint: endpoints.token,
    revocation_endpoint: endpoints.revocation,
    userinfo_endpoint: endpoints.userinfo,
    introspection_endpoint: endpoints.introspection,
  };
  return { as, endpoints, options: options(new URL(endpoints.token), fetchFn) };
}

function options(url: URL, fetchFn: Fetch): ResolvedProvider['options'] {
  return {
    [oauth.customFetch]: (url, init) => fetchFn(url, { ...(init as RequestInit), signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) }),
    // Only a loopback provider (a local test server) is called over http; oauth4webapi refuses any
    // other http URL, whatever an offering holds (every way in checks it: entry, bundles).
    ...(url.protocol === 'http:' && isLoopbackHost(url.hostname) ? { [oauth.allowInsecureRequests]: true } : {}),
  };
}

/** Salesforce's token endpoint expects the client secret in the body; RFC 6749 servers must accept Basic. */
export const clientAuthFor = (offering: OfferingRecord, secret: string): oauth.ClientAuth =>
  offering.kind === 'salesforce' ? oauth.ClientSecretPost(secret) : oauth.ClientSecretBasic(secret);
