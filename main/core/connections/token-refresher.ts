import * as oauth from 'oauth4webapi';
import { classifyProviderError, statusText, type ProviderFailure } from '../oauth/provider-errors.js';
import { isoNow, type Clock } from '../support/clock.js';
import { DeskError } from '../support/desk-error.js';
import type { ConnectionRecord } from './connection-record.js';
import type { ConnectionSecrets } from './connection-secrets.js';
import type { ConnectionStore } from './connection-store.js';
import { createLimiter } from '../support/limiter.js';
import type { ProviderContexts } from './provider-context.js';
import { revokeAtProvider } from './revocation.js';
import { determineExpiry } from './token-expiry.js';
import { checkedInstanceUrl, returnedUrlContextOf } from '../security/provider-returned-url.js';

export interface RefreshResult {
  record: ConnectionRecord;
  accessToken: string;
}

export interface TokenRefresherDeps {
  store: ConnectionStore;
  secrets: ConnectionSecrets;
  contexts: ProviderContexts;
  clock: Clock;
  assumedLifetimeMs(): number;
  /** Flags the integration when the provider refuses its client credentials (idempotent). */
  flagRejected(integrationId: string, message: string): void;
  changed(record: ConnectionRecord): void;
  /** Waits between retries of a transient failure; one retry per entry (default 0.5 s, 2 s, 5 s). */
  retryDelaysMs?: readonly number[];
  /** The org's idle refresh-token policy for a connection's integration, when known (explains invalid_grant). */
  idleDaysOf?(integrationId: string): number | undefined;
  /** Refreshes in flight at once across all connections (default 16); the rest queue. */
  maxConcurrentRefreshes?: number;
  sleep?(ms: number): Promise<void>;
}

export type TokenRefresher = ReturnType<typeof createTokenRefresher>;

const DEFAULT_RETRY_DELAYS_MS = [500, 2_000, 5_000];

/**
 * Refreshes access tokens: one refresh at a time per connection, rotation-safe, failure-aware.
 *
 * Concurrent callers for one connection share the refresh in flight, so 20 simultaneous credential
 * requests cost one token request; with rotation, a second request would present a refresh token the
 * first one just killed. A rotated refresh token is written to the vault before the new access token
 * is stored or returned (RFC 9700 §4.14): if the app dies in between, it still holds the live token.
 * When the provider returns no new refresh token, the old one stays.
 *
 * Outcomes: `invalid_grant` is permanent → `expired` with the reason; `invalid_client` flags the
 * integration (once, however many connections see it) and leaves the connection as it is; network
 * errors, 429 and 5xx are retried with backoff, and if they persist the status stays unchanged with the
 * problem recorded.
 */
export function createTokenRefresher(deps: TokenRefresherDeps) {
  const inflight = new Map<string, Promise<RefreshResult>>();
  const delays = deps.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;
  const limit = createLimiter(deps.maxConcurrentRefreshes ?? 16);
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref()));

  /**
   * Connections being revoked or deleted (a count: a revoke and a delete may overlap): no refresh of
   * theirs starts until that is done. One that did would race the revocation at the provider: first
   * there, it rotates the token being revoked into a dead one (the revocation hears "already invalid")
   * and leaves a live one that nothing holds; second, its invalid_grant marks the connection expired.
   */
  const closing = new Map<string, number>();

  const refresh = (connectionId: string): Promise<RefreshResult> => {
    const running = inflight.get(connectionId);
    if (running) return running;
    if (closing.has(connectionId)) {
      return Promise.reject(new DeskError('CONFLICT', 'This connection is being revoked, so its token is not refreshed.'));
    }
    const started = limit(() => run(connectionId)).finally(() => inflight.delete(connectionId));
    inflight.set(connectionId, started);
    return started;
  };

  async function run(connectionId: string): Promise<RefreshResult> {
    const record = deps.store.require(connectionId);
    if (record.status !== 'connected') {
      throw new DeskError('CONFLICT', `This connection is ${record.status}: reauthorize it to get new tokens.`);
    }
    const ctx = await deps.contexts(record.integrationId);
    const refreshToken = deps.secrets.refreshToken(record.integrationId, record.id);
    if (!refreshToken) {
      const reason = 'No refresh token is stored for this connection. Reauthorize to reconnect.';
      expire(record, reason);
      throw new DeskError('PROVIDER_ERROR', reason);
    }

    let tokens: oauth.TokenEndpointResponse | undefined;
    for (let attempt = 0; tokens === undefined; attempt += 1) {
      try {
        const response = await oauth.refreshTokenGrantRequest(ctx.provider.as, ctx.client, ctx.clientAuth, refreshToken, ctx.provider.options);
        tokens = await oauth.processRefreshTokenResponse(ctx.provider.as, ctx.client, response);
      } catch (error) {
        const failure = classifyProviderError(error);
        if (failure.kind === 'transient' && attempt < delays.length) {
          await sleep(delays[attempt] ?? 0);
          continue;
        }
        const reauthorized = replacedMeanwhile(record, refreshToken);
        if (reauthorized) return reauthorized;
        throw fail(record, failure, attempt + 1, ctx.offering.name, ctx.integration.name);
      }
    }
    const reauthorized = replacedMeanwhile(record, refreshToken);
    if (reauthorized) {
      // The answer's rotated refresh token is not kept: it is revoked rather than left alive for no one.
      if (tokens.refresh_token && tokens.refresh_token !== refreshToken) {
        await revokeAtProvider(ctx, tokens.refresh_token, isoNow(deps.clock)).catch(() => undefined);
      }
      return reauthorized;
    }

    // Rotation first, durably: the old refresh token may already be dead at the provider. The rotated
    // refresh token and the new access token land in one atomic write, before the access token is used.
    const rotated = tokens.refresh_token && tokens.refresh_token !== refreshToken ? tokens.refresh_token : undefined;
    deps.secrets.saveTokens(record.integrationId, record.id, { refresh: rotated, access: tokens.access_token });
    let instanceUrl: string;
    try {
      instanceUrl = checkedInstanceUrl(tokens, returnedUrlContextOf(ctx), record.instanceUrl); // a refresh may not move the host (issue 13)
    } catch (error) {
      // Recorded like any refused refresh: the connection must not look healthy while every one fails.
      if (error instanceof DeskError) problem(record, error.message);
      throw error;
    }
    const now = deps.clock.now();
    const expiry = await determineExpiry(ctx, tokens, now, deps.assumedLifetimeMs());
    // The lookup is a request too: a reauthorization stored meanwhile replaced these tokens (ours were
    // saved before it), and its record is not to be overwritten with figures about them.
    const replaced = replacedMeanwhile(record, rotated ?? refreshToken);
    if (replaced) return replaced;
    const granted = typeof tokens.scope === 'string' ? tokens.scope.split(' ').filter(Boolean) : undefined;
    const updated = deps.store.update(connectionId, (current) => {
      const { refreshProblem: _cleared, ...rest } = current;
      return {
        ...rest,
        scopes: granted ?? current.scopes,
        instanceUrl,
        tokenType: tokens.token_type,
        expiresAt: expiry.expiresAt,
        expirySource: expiry.source,
        lastRefreshedAt: new Date(now).toISOString(),
        updatedAt: new Date(now).toISOString(),
      };
    });
    deps.changed(updated);
    return { record: updated, accessToken: tokens.access_token };
  }

  /**
   * The connection as a reauthorization left it, when one stored new tokens while this refresh was out
   * at the provider: the provider's answer is about the tokens it replaced, so it neither overwrites
   * the new ones nor expires (and empties) the connection it made.
   */
  function replacedMeanwhile(record: ConnectionRecord, used: string): RefreshResult | undefined {
    try {
      if (deps.secrets.refreshToken(record.integrationId, record.id) === used) return undefined;
      const current = deps.store.require(record.id);
      const accessToken = deps.secrets.accessToken(current.integrationId, current.id);
      return current.status === 'connected' && accessToken ? { record: current, accessToken } : undefined;
    } catch {
      return undefined; // The vault cannot say (locked meanwhile): the answer is handled as it is.
    }
  }

  function fail(record: ConnectionRecord, failure: ProviderFailure, attempts: number, offeringName: string, integrationName: string): DeskError {
    switch (failure.kind) {
      case 'invalid_grant': {
        const reason = invalidGrantReason(offeringName, record, deps.idleDaysOf?.(record.integrationId), deps.clock.now());
        expire(record, reason, `invalid_grant (HTTP ${failure.status})`);
        return new DeskError('PROVIDER_ERROR', reason);
      }
      case 'invalid_client': {
        const message = `Credentials rejected: ${offeringName} refused the Client ID and Client Secret of "${integrationName}" while refreshing a connection. Replace the secret and verify the integration again.`;
        deps.flagRejected(record.integrationId, message);
        problem(record, 'The provider rejected the integration\'s credentials (invalid_client).');
        return new DeskError('PROVIDER_ERROR', message);
      }
      case 'transient': {
        const message = `Could not refresh the token: the provider did not answer properly (${statusText(failure.status)}, ${attempts} attempt${attempts === 1 ? '' : 's'}). The connection is unchanged; it will be retried.`;
        problem(record, message);
        return new DeskError('UNREACHABLE', message);
      }
      case 'rejected': {
        const message = `The provider refused the refresh: ${failure.code} (HTTP ${failure.status}).`;
        problem(record, message);
        return new DeskError('PROVIDER_ERROR', message);
      }
      default: {
        const message = 'The provider did not answer the refresh like an OAuth token endpoint.';
        problem(record, message);
        return new DeskError('PROVIDER_ERROR', message);
      }
    }
  }

  function expire(record: ConnectionRecord, reason: string, code?: string): void {
    // The dead tokens have no use left; keeping them would only keep secrets around.
    deps.secrets.forget(record.integrationId, record.id);
    const at = isoNow(deps.clock);
    const updated = deps.store.update(record.id, (current) => {
      const { refreshProblem: _cleared, statusCode: _code, ...rest } = current;
      return { ...rest, status: 'expired', statusReason: reason, ...(code ? { statusCode: code } : {}), updatedAt: at };
    });
    deps.changed(updated);
  }

  function problem(record: ConnectionRecord, message: string): void {
    const at = isoNow(deps.clock);
    const updated = deps.store.update(record.id, (current) => ({ ...current, refreshProblem: { at, message }, updatedAt: at }));
    deps.changed(updated);
  }

  return {
    refresh,
    /** Waits for a refresh in flight, if any, ignoring its outcome (before a move reads the tokens, for instance). */
    async settle(connectionId: string): Promise<void> {
      await inflight.get(connectionId)?.catch(() => undefined);
    },
    /**
     * Runs `work` (a revocation) once a refresh in flight is done, refusing any new refresh of the
     * connection until `work` ends, so the token it revokes stays the connection's latest.
     */
    async exclusive<T>(connectionId: string, work: () => Promise<T>): Promise<T> {
      closing.set(connectionId, (closing.get(connectionId) ?? 0) + 1);
      try {
        await inflight.get(connectionId)?.catch(() => undefined);
        return await work();
      } finally {
        const left = (closing.get(connectionId) ?? 1) - 1;
        if (left > 0) closing.set(connectionId, left);
        else closing.delete(connectionId);
      }
    },
    inflightCount: (): number => inflight.size,
  };
}

const DAY_MS = 24 * 60 * 60_000;

/**
 * `invalid_grant` on a refresh, in plain words: it is permanent, these are the usual causes, and the
 * one thing that helps. The idle policy leads when it explains it (the token went unused too long).
 */
export function invalidGrantReason(
  offeringName: string,
  record: Pick<ConnectionRecord, 'lastRefreshedAt' | 'connectedAt'>,
  idleDays: number | undefined,
  now: number,
): string {
  const idleFor = now - Date.parse(record.lastRefreshedAt ?? record.connectedAt);
  const idleFirst = idleDays !== undefined && idleFor >= idleDays * DAY_MS;
  const causes = [
    'an admin revoked its access',
    "the user's password changed or the user was deactivated",
    'the user approved the app a sixth time, which pushes out the oldest approval',
    'the refresh token expired after going unused',
    'the sandbox was refreshed',
  ];
  const lead = idleFirst
    ? `It went unused for more than the ${idleDays} days the org allows, so ${offeringName} expired it. `
    : `Likely causes: ${causes.join('; ')}. `;
  return `${offeringName} no longer accepts this connection's sign-in. ${lead}Reauthorize to reconnect.`;
}
