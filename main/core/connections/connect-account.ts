import { randomBytes } from 'node:crypto';
import type * as oauth from 'oauth4webapi';
import type { IdentityMismatch } from '../../../preload/contract/connection-models.js';
import { isoNow, type Clock } from '../support/clock.js';
import { DeskError, isDeskError } from '../support/desk-error.js';
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
import type { PreparedWrite } from '../storage/json-store.js';
import { writeTogether } from '../storage/write-together.js';

export interface ConnectAccountDeps {
  store: ConnectionStore;
  secrets: ConnectionSecrets;
  clock: Clock;
  assumedLifetimeMs(): number;
  flagRejected(integrationId: string, message: string): void;
  changed(record: ConnectionRecord): void;
  /**
   * Stages the audit entry of a stored sign-in ("Connected …", "Reauthorized …") so it joins the
   * sign-in's durable write (issue 15); undefined when there is nothing to record. Without it the
   * entry is left to whoever watches `changed`.
   */
  auditEntry?(integrationId: string, record: ConnectionRecord): PreparedWrite<unknown> | undefined;
  /** How long a held sign-in waits for the admin's decision before its tokens are revoked. */
  holdMs: number;
}

/** A finished sign-in that passed every check, ready to be stored. */
interface CheckedSignIn {
  ctx: ProviderContext;
  tokens: oauth.TokenEndpointResponse;
  identity: Identity;
  scopes: string[];
  expiry: Awaited<ReturnType<typeof determineExpiry>>;
}

interface HeldSignIn {
  signIn: CheckedSignIn;
  timer: NodeJS.Timeout;
}

export type AccountConnector = ReturnType<typeof createAccountConnector>;

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
  /** Reauthorizations that returned someone else, by flow id: tokens in memory only, never stored. */
  const held = new Map<string, HeldSignIn>();

  async function connectAccount(callback: VerifiedCallback): Promise<CompletedConnection> {
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
    const signIn: CheckedSignIn = { ctx, tokens, identity, scopes, expiry: await expiryLookup };

    // A connection's identity is fixed: a reauthorization that returns another user or org changes
    // nothing, and the sign-in is held until the admin adds it as a new connection or discards it.
    const target = callback.connectionId ? deps.store.find(callback.connectionId, integrationId) : undefined;
    if (target && target.status !== 'deleted' && (target.orgId !== identity.orgId || target.userId !== identity.userId)) {
      const decideBy = new Date(deps.clock.now() + deps.holdMs).toISOString();
      const timer = setTimeout(() => void discardHeld(callback.flowId), deps.holdMs);
      timer.unref();
      held.set(callback.flowId, { signIn, timer });
      const mismatch: IdentityMismatch = {
        kind: target.userId === identity.userId ? 'org' : 'user',
        connectionId: target.id,
        expected: { userEmail: target.userEmail, orgId: target.orgId, ...(target.orgName ? { orgName: target.orgName } : {}) },
        received: { userEmail: identity.userEmail, orgId: identity.orgId, ...(identity.orgName ? { orgName: identity.orgName } : {}) },
        decideBy,
      };
      return { kind: 'held', mismatch };
    }
    return store(signIn);
  }

  /**
   * Stores a checked sign-in: the same org and user updates its connection, anyone else is added.
   *
   * Tokens, audit entry and record in one durable step (issue 15; `writeTogether`): the files fsynced
   * together, renamed in that order, so a crash leaves a prefix — tokens no record points at (as when
   * they were separate writes), possibly with the entry of a sign-in whose record was never written —
   * and never a record without its tokens or its audit entry. "Connected" is reported only once all
   * three are durable.
   */
  async function store(signIn: CheckedSignIn): Promise<CompletedConnection> {
    const { ctx, tokens, identity, scopes, expiry } = signIn;
    const integrationId = ctx.integration.id;
    const refreshToken = tokens.refresh_token as string;
    const at = isoNow(deps.clock);
    const newId = `con_${randomBytes(12).toString('base64url')}`;

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
    let connectionId = newId;
    let existing = false;
    let record: ConnectionRecord | undefined;
    let tokensStored = false;
    /** The refresh token a reauthorization replaces: a grant of its own at the provider. */
    let replaced: string | undefined;
    try {
      await writeTogether(() => {
        // Decided on the documents as they are at this attempt (the group is recomputed if a write came between).
        deps.store.requireIntegration(integrationId);
        const found = deps.store
          .list(integrationId)
          .find((c) => c.status !== 'deleted' && c.orgId === identity.orgId && c.userId === identity.userId);
        connectionId = found?.id ?? newId;
        existing = found !== undefined;
        replaced = found ? deps.secrets.refreshToken(integrationId, found.id) : undefined;
        const tokenWrite = deps.secrets.prepareTokens(integrationId, connectionId, { refresh: refreshToken, access: tokens.access_token });
        let staged!: ConnectionRecord;
        const recordWrite = deps.store.prepareUpsert(integrationId, connectionId, (current) => {
          if (!current) return (staged = { id: connectionId, integrationId, ...fields });
          // A reauthorization starts afresh: the old status, reason, problem and revocation are history.
          const { statusReason: _s, statusCode: _c, refreshProblem: _p, revocation: _r, orgName: _o, region: _g, identityUrl: _i, ...kept } = current;
          return (staged = { ...kept, ...fields });
        });
        const auditWrite = deps.auditEntry?.(integrationId, staged);
        return [
          {
            ...tokenWrite,
            adopt: () => {
              tokensStored = true;
              return tokenWrite.adopt();
            },
          },
          ...(auditWrite ? [auditWrite] : []),
          { ...recordWrite, adopt: () => (record = recordWrite.adopt()) },
        ];
      });
    } catch (error) {
      // A new connection whose record was not stored keeps no tokens: a write that failed before any
      // rename (a full disk) stored none, and one whose rename failed after the tokens' (not a crash: a
      // folder made unwritable, say) left them for no one, so they are removed. Either way they are
      // revoked at the provider, so no live refresh token is kept for no one; a reauthorization's
      // belong to a connection that exists and works with them. An integration deleted meanwhile keeps
      // nothing: whatever the sign-in received is revoked.
      const integrationGone = isDeskError(error) && error.code === 'NOT_FOUND';
      if (tokensStored && !record && !existing) {
        try {
          deps.secrets.forget(integrationId, connectionId);
        } catch {
          // The vault refused too; the tokens are revoked below all the same.
        }
      }
      if (!record && (!existing || integrationGone)) await discard(ctx, tokens);
      throw error;
    }
    deps.changed(record!);
    // The replaced grant is revoked, not forgotten alive: nothing here could revoke it later, and at
    // Salesforce it stays one of the user's five approvals of the app. A refresh still out with it
    // hears invalid_grant and keeps this sign-in (token-refresher.ts, `replacedMeanwhile`). Not waited
    // for: the sign-in is stored, and the browser's page and the window need not wait on a provider
    // request that changes nothing here (`discard` is best effort and never throws).
    if (replaced && replaced !== refreshToken) void discard(ctx, { ...tokens, refresh_token: replaced });
    return { kind: 'connected', connectionId, updatedExisting: existing, userEmail: record!.userEmail };
  }

  async function discardHeld(flowId: string): Promise<boolean> {
    const entry = held.get(flowId);
    if (!entry) return false;
    held.delete(flowId);
    clearTimeout(entry.timer);
    await discard(entry.signIn.ctx, entry.signIn.tokens);
    return true;
  }

  return {
    connect: connectAccount,

    /** Adds a held sign-in as a connection of its own (or updates that user's existing one). */
    addHeld(flowId: string): Promise<CompletedConnection> {
      const entry = held.get(flowId);
      if (!entry) throw new DeskError('NOT_FOUND', 'That sign-in is no longer held (it was added, discarded, or timed out). Start a new connection.');
      held.delete(flowId);
      clearTimeout(entry.timer);
      return store(entry.signIn);
    },

    /** Discards a held sign-in, revoking its tokens at the provider (best effort). */
    discardHeld,

    /** Forgets every held sign-in (closing): their tokens are revoked on a best-effort basis. */
    async dispose(): Promise<void> {
      await Promise.all([...held.keys()].map((flowId) => discardHeld(flowId)));
    },
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
