import * as oauth from 'oauth4webapi';
import { isLoopbackHost } from '../domain/offerings/provider-url.js';
import { DeskError } from '../support/desk-error.js';
import type { ProviderContext } from './provider-context.js';

/** Who authorized a connection, and where their data lives. */
export interface Identity {
  userId: string;
  orgId: string;
  userEmail: string;
  userName: string;
  orgName?: string;
  instanceUrl: string;
  identityUrl?: string;
  region?: string;
}

/** The Salesforce REST version used for the org-name lookup; any supported version answers it. */
const SALESFORCE_API_VERSION = 'v59.0';

/**
 * Finds out who signed in: Salesforce's identity URL (`id` in the token response) or OIDC userinfo.
 *
 * The identity URL comes from the token response, so before the access token is sent there it must be
 * on the login host or the instance (https, or http on loopback): a tampered or unexpected URL must not
 * receive a token. The org name is looked up with one REST query when the `api` scope allows it.
 */
export async function fetchIdentity(ctx: ProviderContext, tokens: oauth.TokenEndpointResponse): Promise<Identity> {
  if (typeof tokens.id === 'string' && tokens.id !== '') return salesforceIdentity(ctx, tokens, tokens.id);
  return userinfoIdentity(ctx, tokens);
}

async function salesforceIdentity(ctx: ProviderContext, tokens: oauth.TokenEndpointResponse, id: string): Promise<Identity> {
  const instanceUrl = typeof tokens.instance_url === 'string' ? tokens.instance_url : ctx.provider.as.issuer;
  const trusted = [ctx.provider.as.issuer, instanceUrl].map(originOf);
  const url = safeUrl(id);
  if (!url || !trusted.includes(url.origin)) {
    throw new DeskError('PROVIDER_ERROR', 'The provider returned an identity URL outside its own hosts, so the sign-in was refused.');
  }
  // The org's name comes from the instance, independently of the identity document: ask both at once.
  const orgName = salesforceOrgName(ctx, instanceUrl, tokens.access_token);
  const doc = await getJson(ctx, url, tokens.access_token, 'identity service');
  const userId = str(doc.user_id);
  const orgId = str(doc.organization_id);
  if (!userId || !orgId) throw new DeskError('PROVIDER_ERROR', "The provider's identity service did not name the user and org.");
  const userEmail = str(doc.email) ?? str(doc.username) ?? '';
  return {
    userId,
    orgId,
    userEmail,
    userName: str(doc.display_name) ?? str(doc.username) ?? userEmail,
    orgName: await orgName,
    instanceUrl: stripSlash(instanceUrl),
    identityUrl: url.href,
    region: regionOf(instanceUrl),
  };
}

async function userinfoIdentity(ctx: ProviderContext, tokens: oauth.TokenEndpointResponse): Promise<Identity> {
  const { as, options } = ctx.provider;
  const idClaims = oauth.getValidatedIdTokenClaims(tokens);
  let claims: Record<string, unknown> | undefined;
  if (as.userinfo_endpoint) {
    try {
      const response = await oauth.userInfoRequest(as, ctx.client, tokens.access_token, options);
      claims = { ...(await oauth.processUserInfoResponse(as, ctx.client, idClaims?.sub ?? oauth.skipSubjectCheck, response)) };
    } catch {
      if (!idClaims) throw new DeskError('PROVIDER_ERROR', "The provider's userinfo endpoint did not say who signed in.");
    }
  }
  claims ??= idClaims ? { ...idClaims } : undefined;
  const userId = str(claims?.sub);
  if (!claims || !userId) {
    throw new DeskError('PROVIDER_ERROR', 'The provider does not say who signed in (no userinfo endpoint and no ID token): add the openid scope.');
  }
  const userEmail = str(claims.email) ?? str(claims.preferred_username) ?? '';
  const instanceUrl = typeof tokens.instance_url === 'string' ? tokens.instance_url : originOf(as.issuer);
  return {
    userId,
    orgId: str(claims.organization_id) ?? str(claims.org_id) ?? as.issuer,
    userEmail,
    userName: str(claims.name) ?? (userEmail || userId),
    orgName: str(claims.organization_name) ?? str(claims.org_name),
    instanceUrl: stripSlash(instanceUrl),
    region: regionOf(instanceUrl),
  };
}

/** `SELECT Name FROM Organization` on the instance; best effort, the name is a nicety. */
async function salesforceOrgName(ctx: ProviderContext, instanceUrl: string, accessToken: string): Promise<string | undefined> {
  const base = safeUrl(instanceUrl);
  if (!base) return undefined;
  const url = new URL(`/services/data/${SALESFORCE_API_VERSION}/query`, base);
  url.searchParams.set('q', 'SELECT Name FROM Organization');
  try {
    const doc = await getJson(ctx, url, accessToken, 'REST API');
    const records = Array.isArray(doc.records) ? (doc.records as unknown[]) : [];
    const first = records[0];
    return first && typeof first === 'object' ? str((first as Record<string, unknown>).Name) : undefined;
  } catch {
    return undefined;
  }
}

/** Reads the identity service (or our check that uses it) with the access token as a Bearer header. */
export async function getJson(ctx: ProviderContext, url: URL, accessToken: string, what: string): Promise<Record<string, unknown>> {
  let response: Response;
  try {
    response = await oauth.protectedResourceRequest(accessToken, 'GET', url, new Headers({ accept: 'application/json' }), null, ctx.provider.options);
  } catch (error) {
    if (error instanceof oauth.WWWAuthenticateChallengeError) {
      throw new DeskError('PROVIDER_ERROR', `The provider's ${what} refused the access token (HTTP ${error.status}).`);
    }
    throw new DeskError('UNREACHABLE', `Could not reach the provider's ${what}.`);
  }
  if (!response.ok) {
    await response.body?.cancel();
    throw new DeskError('PROVIDER_ERROR', `The provider's ${what} answered HTTP ${response.status}.`);
  }
  try {
    const doc: unknown = await response.json();
    if (doc && typeof doc === 'object' && !Array.isArray(doc)) return doc as Record<string, unknown>;
  } catch {
    // fall through
  }
  throw new DeskError('PROVIDER_ERROR', `The provider's ${what} did not answer with JSON.`);
}

/**
 * The Salesforce region where the instance host tells it (`na139.salesforce.com` → `NA`).
 *
 * My Domain hosts hide the instance, so this is often undefined; it is informational only.
 */
export function regionOf(instanceUrl: string): string | undefined {
  const host = safeUrl(instanceUrl)?.hostname ?? '';
  const match = /^([a-z]{2,3})\d+\.(?:my\.)?salesforce\.com$/i.exec(host);
  return match?.[1]?.toUpperCase();
}

/** Parses a URL we are about to send a token to: https, or http on loopback only. */
function safeUrl(value: string): URL | undefined {
  try {
    const url = new URL(value);
    if (url.username || url.password) return undefined;
    if (url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackHost(url.hostname))) return url;
  } catch {
    // not a URL
  }
  return undefined;
}

const originOf = (value: string): string => safeUrl(value)?.origin ?? '';
const stripSlash = (value: string): string => value.replace(/\/+$/, '');
const str = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);
