import { isDeskError } from '../support/desk-error.js';
import type { AuthenticatedKey } from '../api-keys/api-key-service.js';
import { ApiError, badRequest, forbidden, internal, notFound } from './api-error.js';
import type { ConnectionCredentials, ConnectionSource, ConnectionState } from './connection-source.js';

const CONNECTION_ID = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * The connection a request may act on: it exists (404), belongs to the key's integration (403) and
 * is `connected` (400; a deleted connection is listed with `status=deleted`, so it is refused, not
 * unknown), checked in that order.
 *
 * A key is scoped to one integration, so another integration's connection is forbidden even though
 * it exists; the 403 (rather than a 404) is the hosted product's documented behaviour.
 */
export function requireUsableConnection(source: ConnectionSource, key: AuthenticatedKey, connectionId: string): ConnectionState {
  const connection = CONNECTION_ID.test(connectionId) ? source.get(connectionId) : undefined;
  if (!connection) throw notFound('connection_not_found', 'No connection has that id.');
  if (connection.integrationId !== key.integrationId) {
    throw forbidden('forbidden', 'This API key belongs to another integration than this connection.');
  }
  if (connection.status !== 'connected') throw notConnected(connection.status);
  return connection;
}

/**
 * Working credentials (refreshed first when due), with the connections module's refusals translated.
 *
 * `checked`: what `requireUsableConnection` returned in the same synchronous step (no `await` since),
 * so the connection is found once per request; a value rather than a promise while the stored token
 * is fresh (no promise, no microtask per proxied request).
 */
export function credentialsOf(source: ConnectionSource, connectionId: string, checked?: ConnectionState): ConnectionCredentials | Promise<ConnectionCredentials> {
  let found: ConnectionCredentials | Promise<ConnectionCredentials>;
  try {
    found = source.credentialsFor(connectionId, checked);
  } catch (error) {
    throw translateConnectionError(source, connectionId, error);
  }
  return isPromise(found) ? found.catch((error: unknown) => Promise.reject(translateConnectionError(source, connectionId, error))) : found;
}

function isPromise<T>(value: T | Promise<T>): value is Promise<T> {
  return typeof (value as { then?: unknown }).then === 'function';
}

/** Forces a refresh (the provider refused a token before its expiry), translated like `credentialsOf`. */
export async function refreshConnection(source: ConnectionSource, connectionId: string): Promise<void> {
  try {
    await source.refresh(connectionId);
  } catch (error) {
    throw translateConnectionError(source, connectionId, error);
  }
}

/** A failure of `credentialsFor` or `refresh` as the client's error (what `credentialsOf` throws). */
export function translateConnectionError(source: ConnectionSource, connectionId: string, error: unknown): unknown {
  if (!isDeskError(error)) return error;
  // DeskError messages are safe to show by contract (no secret, no provider body verbatim).
  switch (error.code) {
    case 'NOT_FOUND':
      return notFound('connection_not_found', 'No connection has that id.');
    case 'FORBIDDEN':
    case 'CONFLICT':
      return badRequest('connection_not_connected', error.message);
    case 'VAULT_LOCKED':
      return internal('vault_locked', 'Integrations Desk is locked: unlock it in the app, then try again.');
    default: {
      // A refresh the provider refused for good leaves the connection expired: that is the client's 400.
      const now = source.get(connectionId);
      if (now && now.status !== 'connected') return badRequest('connection_not_connected', error.message);
      return internal('refresh_failed', error.message);
    }
  }
}

function notConnected(status: string): ApiError {
  return badRequest('connection_not_connected', `This connection is ${status}: reauthorize it in Integrations Desk to use it again.`);
}
