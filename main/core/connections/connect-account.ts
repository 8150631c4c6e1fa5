import { randomBytes } from 'node:crypto';
import type * as oauth from 'oauth4webapi';
import { isoNow, type Clock } from '../support/clock.js';
import type { CompletedConnection, VerifiedCallback } from './authorization-flows.js';
import { checkGrantedScopes, checkSalesforceSignature, exchangeCode } from './code-exchange.js';
import type { ConnectionRecord } from './connection-record.js';
import type { ConnectionSecrets } from './connection-secrets.js';
import type { ConnectionStore } from './connection-store.js';
import { fetchIdentity, type Identity } from './identity.js';
import type { ProviderContext } from './provider-context.js';
import { revokeAtProvider } from './revocation.js';
import { determineExpiry } from './token-expiry.js';
import { checkedInstanceUrl, returnedUrlContextOf } from '../security/provider-returned-url.js';

export interface ConnectAccountDeps {
  store: ConnectionStore;
  secrets: ConnectionSecrets;
  clock: Clock;
  assumedLifetimeMs(): number;
  flagRejected(integrationId: string, message: string): void;
  changed(record: ConnectionRecord): void;
}

/**
 * Turns a verified callback into a stored connection: exchange, checks, identity, tokens, record.
 *
 * Nothing is stored until every check passed. Tokens that fail a check (no refresh token, a missing
 * scope, a bad signature) are revoked at the provider on a best-effort basis rather than left alive.
 * The same org and user authorized again updates the existing connection instead of adding a second
 * one; tokens go to the vault before the record points at them, and a record that cannot be written
 * takes its new tokens with it.
 */
export function createAccountConnector(deps: ConnectAccountDeps) {
  return async function connectAccount(callback: VerifiedCallback): Promise<CompletedConnection> {
    const { ctx } = callback;
    const integrationId = ctx.integration.id;
    const tokens = await exchangeCode(ctx, callback.parameters, callback.redirectUri, callback.codeVerifier, (message) =>
      deps.flagRejected(integrationId, message),
    );
    let identity: Identity;
    let scopes: string[];
    const now = deps.clock.now();
    // Expiry (introspection, for Salesforce) does not depend on the identity: both requests run at once.
    const expiryLookup = determineExpiry(ctx, tokens, now, deps.assumedLifetimeMs());
    try {
      checkSalesforceSignature(tokens, ctx.clientSecret);
      checkedInstanceUrl(tokens, returnedUrlContextOf(ctx), ''); // before any token goes to it (issue 13)
      const required = ctx.integration.scopes.filter((s) => ctx.offering.requiredScopes.includes(s));
      scopes = checkGrantedScopes(tokens, ctx.integration.scopes, required);
      identity = await fetchIdentity(ctx, tokens);
    } catch (error) {
      await expiryLookup.catch(() => undefined);
      await discard(ctx, tokens);
      throw error;
    }
    const refreshToken = tokens.refresh_token as string;
    const expiry = await expiryLookup;
    const at = isoNow(deps.clock);

    const existing = deps.store
      .list(integrationId)
      .find((c) => c.status !== 'deleted' && c.orgId === identity.orgId && c.userId === identity.userId);
    const connectionId = existing?.id ?? `con_${randomBytes(12).toString('base64url')}`;

    deps.secrets.saveTokens(integrationId, connectionId, { refresh: refreshToken, access: tokens.access_token });

    const fields = {
      userEmail: identity.userEmail,
      userName: identity.userName,
      userId: identity.userId,
      orgId: identity.orgId,
      instanceUrl: identity.instanceUrl,
      environment: ctx.offering.environment,
      status: 'connected' as const,
      scopes,
      tokenType: tokens.token_type,
      connectedAt: at,
      lastActiveAt: at,
      lastRefreshedAt: at,
      expiresAt: expiry.expiresAt,
      expirySource: expiry.source,
      updatedAt: at,
      ...(identity.orgName ? { orgName: identity.orgName } : {}),
      ...(identity.identityUrl ? { identityUrl: identity.identityUrl } : {}),
      ...(identity.region ? { region: identity.region } : {}),
    };
    let record: ConnectionRecord;
    try {
      record = existing
        ? deps.store.update(connectionId, (current) => {
            // A reauthorization starts afresh: the old status, reason, problem and revocation are history.
            const { statusReason: _s, refreshProblem: _p, revocation: _r, orgName: _o, region: _g, identityUrl: _i, ...kept } = current;
            return { ...kept, ...fields };
          })
        : deps.store.insert({ id: connectionId, integrationId, ...fields });
    } catch (error) {
      if (!existing) deps.secrets.forget(integrationId, connectionId);
      throw error;
    }
    deps.changed(record);
    return { connectionId, updatedExisting: existing !== undefined, userEmail: record.userEmail };
  };
}

/** Best-effort revocation of tokens we will not keep; the sign-in has failed already either way. */
async function discard(ctx: ProviderContext, tokens: oauth.TokenEndpointResponse): Promise<void> {
  try {
    await revokeAtProvider(ctx, tokens.refresh_token ?? tokens.access_token, new Date().toISOString());
  } catch {
    // Already failing; the provider will expire the token on its own.
  }
}
