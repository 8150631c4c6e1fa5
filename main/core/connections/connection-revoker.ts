import type { Logger } from '../support/logger.js';
import { isoNow, type Clock } from '../support/clock.js';
import { DeskError, isDeskError } from '../support/desk-error.js';
import type { ConnectionRecord } from './connection-record.js';
import type { ConnectionSecrets } from './connection-secrets.js';
import type { ConnectionStore } from './connection-store.js';
import type { ProviderContexts } from './provider-context.js';
import { revokeAtProvider } from './revocation.js';
import type { TokenRefresher } from './token-refresher.js';

export interface ConnectionRevokerDeps {
  store: ConnectionStore;
  secrets: ConnectionSecrets;
  contexts: ProviderContexts;
  refresher: TokenRefresher;
  clock: Clock;
  logger: Logger;
  changed(record: ConnectionRecord): void;
}

export type ConnectionRevoker = ReturnType<typeof createConnectionRevoker>;

/**
 * Revocation at the provider, then locally: for one connection (revoke, delete) and for all the
 * connections of an integration about to be deleted.
 *
 * The provider is asked first (RFC 7009) and the local status changes only once it answered: a token
 * that may still be alive is never reported as revoked. A refresh in flight is awaited first and none
 * starts until the provider answered, so the token revoked is the latest one.
 */
export function createConnectionRevoker(deps: ConnectionRevokerDeps) {
  const { store, secrets, clock } = deps;

  /** Revokes at the provider, then records the answer with `status`; throws, changing nothing, when the token may still be alive. */
  function revokeAs(record: ConnectionRecord, status: 'revoked' | 'deleted'): Promise<ConnectionRecord> {
    // No refresh runs while the provider is asked: one would race the revocation (token-refresher.ts).
    return deps.refresher.exclusive(record.id, () => revokeNow(record, status));
  }

  async function revokeNow(record: ConnectionRecord, status: 'revoked' | 'deleted'): Promise<ConnectionRecord> {
    const current = store.require(record.id);
    let revocation = current.revocation;
    if (current.status === 'connected' || current.status === 'expired') {
      const ctx = await deps.contexts(current.integrationId);
      const stored = () => secrets.refreshToken(current.integrationId, current.id) ?? secrets.accessToken(current.integrationId, current.id);
      let token = stored();
      revocation = await revokeAtProvider(ctx, token, isoNow(clock));
      // A reauthorization stored while the provider was asked gave the connection new tokens: they are
      // revoked too, not forgotten alive below (a revoked connection holds no live grant anywhere).
      for (let next = stored(); next !== undefined && next !== token; next = stored()) {
        token = next;
        revocation = await revokeAtProvider(ctx, token, isoNow(clock));
      }
      secrets.forget(current.integrationId, current.id);
    }
    const at = isoNow(clock);
    const updated = store.update(current.id, (c) => {
      const { refreshProblem: _p, expiresAt: _e, expirySource: _s, ...rest } = c;
      return {
        ...rest,
        status,
        statusReason: status === 'deleted' ? 'Deleted.' : (revocation?.message ?? 'Revoked.'),
        ...(revocation ? { revocation } : {}),
        ...(status === 'deleted' ? { deletedAt: at } : {}),
        updatedAt: at,
      };
    });
    deps.logger.info({ connectionId: current.id, integrationId: current.integrationId, status, outcome: revocation?.outcome }, 'connection revoked');
    deps.changed(updated);
    return updated;
  }

  return {
    revokeAs,

    /**
     * Revokes every live connection of an integration, then drops its connection shard.
     *
     * Refuses (so the integration is kept) when a connected connection could not be revoked: deleting
     * the integration would leave its token valid at the provider with no way to revoke it later.
     * Expired connections do not block: their refresh token is dead already.
     */
    async revokeAll(integrationId: string): Promise<void> {
      const failures: string[] = [];
      const tried = new Set<string>();
      // Listed again after each revocation: a sign-in that completed while one was out at the provider
      // added a connection, which must be revoked too before the shard (and its tokens) goes.
      for (;;) {
        const record = store.list(integrationId).find((c) => (c.status === 'connected' || c.status === 'expired') && !tried.has(c.id));
        if (!record) break;
        tried.add(record.id);
        try {
          await revokeAs(record, 'revoked');
        } catch (error) {
          if (record.status === 'connected') failures.push(isDeskError(error) ? error.message : 'unexpected error');
        }
      }
      if (failures.length > 0) {
        throw new DeskError(
          'UNREACHABLE',
          `${failures.length} connection${failures.length === 1 ? '' : 's'} could not be revoked at the provider, so the integration was not deleted (its tokens would stay valid). ${failures[0]}`,
        );
      }
      store.removeIntegration(integrationId);
    },
  };
}
