import type { Connection, ConnectionStatus } from '../../../preload/contract/connection-models.js';
import type { Environment } from '../../../preload/contract/models.js';
import type { ConnectionService } from '../connections/connection-service.js';
import { isDeskError } from '../support/desk-error.js';

/** A connection as the local API lists it: the hosted API's summary fields, no token. */
export interface ConnectionSummary {
  connectionId: string;
  integrationId: string;
  userEmail: string;
  userName: string;
  orgName?: string;
  environment: Environment;
  region?: string;
  status: ConnectionStatus;
  connectedAt: string;
  lastActiveAt: string;
}

/** Working credentials for one connection, as `GET …/credentials` returns them. */
export interface ConnectionCredentials {
  accessToken: string;
  instanceUrl: string;
  environment: Environment;
  region: string | null;
  tokenType: string;
  expiresAt: string;
}

/** What a request's checks need of one connection: whose it is, and whether it may be used. */
export type ConnectionState = Pick<ConnectionSummary, 'integrationId' | 'status'>;

export interface ConnectionFilter {
  status?: ConnectionStatus;
  environment?: Environment;
  /** Case-insensitive substring of the user's email. */
  search?: string;
}

/**
 * What the local API needs from connections: the port it is written (and tested) against.
 *
 * `credentialsFor` refreshes first when the token is due, refuses unless the connection is
 * `connected` (throwing a DeskError), and records the connection's activity (`lastActiveAt`).
 * `refresh` forces a refresh, for a token the provider refused before its expiry.
 */
export interface ConnectionSource {
  /** Connections of one integration matching the filter; deleted ones only when the filter asks for them. */
  list(integrationId: string, filter: ConnectionFilter): readonly ConnectionSummary[];
  /** One connection's state (checked on every proxied request: no summary is built for it). */
  get(connectionId: string): ConnectionState | undefined;
  /**
   * `checked`: what `get` returned for this connection in the same synchronous step (no `await` since),
   * so the connection is not looked up a second time. Not a promise when the stored token is fresh: a
   * proxied request then gets its token without a promise or a microtask.
   */
  credentialsFor(connectionId: string, checked?: ConnectionState): ConnectionCredentials | Promise<ConnectionCredentials>;
  refresh(connectionId: string): Promise<void>;
}

/** Used until connections are wired in (and by tests that need none): there are no connections. */
export const noConnectionSource: ConnectionSource = {
  list: () => [],
  get: () => undefined,
  credentialsFor: () => Promise.reject(new Error('no connections')),
  refresh: () => Promise.reject(new Error('no connections')),
};

type ConnectionServicePart = Pick<ConnectionService, 'list' | 'record' | 'credentialsFor' | 'credentialsOf' | 'refresh'>;

/**
 * Adapts the connections module to the local API's port.
 *
 * Activity is recorded by `credentialsFor` itself (the connections module rewrites `lastActiveAt` at
 * most once a minute, so a busy script does not rewrite the connection's file per request).
 */
export function connectionSourceFrom(service: ConnectionServicePart): ConnectionSource {
  const summary = (c: Connection): ConnectionSummary => ({
    connectionId: c.id,
    integrationId: c.integrationId,
    userEmail: c.userEmail,
    userName: c.userName,
    environment: c.environment,
    status: c.status,
    connectedAt: c.connectedAt,
    lastActiveAt: c.lastActiveAt,
    ...(c.orgName ? { orgName: c.orgName } : {}),
    ...(c.region ? { region: c.region } : {}),
  });
  return {
    list: (integrationId, filter) => service.list({ integrationId, ...filter }).map(summary),
    get(connectionId) {
      try {
        // The stored record itself: nothing is built per proxied request.
        return service.record(connectionId);
      } catch (error) {
        if (isDeskError(error) && error.code === 'NOT_FOUND') return undefined;
        throw error;
      }
    },
    credentialsFor(connectionId, checked) {
      // `checked` is the stored record `get` returned (above) in the same synchronous step: still the
      // current one, so the connections module need not find it again.
      const record = checked as ReturnType<ConnectionServicePart['record']> | undefined;
      return record?.id === connectionId ? service.credentialsOf(record) : service.credentialsFor(connectionId);
    },
    async refresh(connectionId) {
      await service.refresh(connectionId);
    },
  };
}
