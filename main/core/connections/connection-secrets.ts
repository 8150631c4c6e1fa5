import { vaultNamespace } from '../domain/integrations/integration-service.js';
import type { PreparedWrite } from '../storage/json-store.js';

/** The vault operations connections need. */
export interface TokenVault {
  putMany(namespace: string, secrets: Record<string, string>): void;
  prepareMany(namespace: string, secrets: Record<string, string>): PreparedWrite<unknown>;
  get(namespace: string, key: string, options?: { keepDecrypted?: boolean }): string | undefined;
  delete(namespace: string, key: string): void;
}

export type ConnectionSecrets = ReturnType<typeof createConnectionSecrets>;

/**
 * A connection's tokens in the vault: the integration's namespace, keys `conn.<id>.refresh` and
 * `conn.<id>.access`.
 *
 * One namespace per integration keeps a refresh to one small vault shard, and deleting the integration
 * removes its tokens with its client secret. Each `put` is a durable, atomic write, which is what lets
 * a rotated refresh token be saved before the new access token is used.
 */
export function createConnectionSecrets(vault: TokenVault) {
  const key = (connectionId: string, kind: 'refresh' | 'access') => `conn.${connectionId}.${kind}`;
  return {
    refreshToken: (integrationId: string, connectionId: string): string | undefined =>
      vault.get(vaultNamespace(integrationId), key(connectionId, 'refresh')),
    // Read on every proxied request: kept decrypted by the vault (a refresh token never is).
    accessToken: (integrationId: string, connectionId: string): string | undefined =>
      vault.get(vaultNamespace(integrationId), key(connectionId, 'access'), { keepDecrypted: true }),
    /**
     * Saves a (possibly rotated) refresh token and its access token in one atomic, durable write: the
     * new refresh token is on disk before the access token can be used, at the cost of one fsync.
     */
    saveTokens(integrationId: string, connectionId: string, tokens: { refresh?: string; access: string }): void {
      vault.putMany(vaultNamespace(integrationId), {
        ...(tokens.refresh ? { [key(connectionId, 'refresh')]: tokens.refresh } : {}),
        [key(connectionId, 'access')]: tokens.access,
      });
    },
    /** `saveTokens` staged for a group commit with the connection's record (a sign-in; issue 15). */
    prepareTokens(integrationId: string, connectionId: string, tokens: { refresh: string; access: string }): PreparedWrite<unknown> {
      return vault.prepareMany(vaultNamespace(integrationId), { [key(connectionId, 'refresh')]: tokens.refresh, [key(connectionId, 'access')]: tokens.access });
    },
    forget(integrationId: string, connectionId: string): void {
      vault.delete(vaultNamespace(integrationId), key(connectionId, 'access'));
      vault.delete(vaultNamespace(integrationId), key(connectionId, 'refresh'));
    },
  };
}
