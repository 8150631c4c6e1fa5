import type { ApiKey, LocalApiStatus } from '../../../../preload/contract/api-key-models.js';
import type { Connection, HealthReport, RevocationAnswer } from '../../../../preload/contract/connection-models.js';
import type { EventName } from '../../../../preload/contract/types.js';
import type { PreparedWrite } from '../../storage/json-store.js';
import type { EventBus } from '../../support/event-bus.js';
import type { ActivityLog } from './activity-log.js';

/** What the observers read to tell what an event changed; nothing read holds a secret. */
export interface ActivitySources {
  integrationIds(): readonly string[];
  /** Every connection of an integration, deleted ones included (its stored records: no token is in them). */
  connections(integrationId: string): readonly AuditedConnection[];
  /**
   * Issue 15: the integrations whose connections are already loaded. When given, only those are read
   * at start-up; the others are remembered through `connectionsOpened` when first read, which is always
   * before any change to them (connections are loaded lazily, and a change needs them loaded).
   */
  loadedConnectionIntegrations?(): readonly string[];
  apiKeys(integrationId: string): readonly ApiKey[];
  /** Every stored key's status, read once at start-up (one pass, whatever the number of integrations). */
  apiKeyStatuses(): ReadonlyArray<Pick<ApiKey, 'id' | 'status'> & { integrationId: string }>;
  localApi(): LocalApiStatus;
}

/** What the observer reads of a connection to tell its transition: a view, or a stored record. */
export type AuditedConnection = Pick<Connection, 'id' | 'status' | 'connectedAt' | 'userEmail' | 'orgName' | 'refreshProblem' | 'revocation' | 'statusReason'>;

interface ConnectionMark {
  status: Connection['status'];
  connectedAt: string;
  failing: boolean;
}

/**
 * Records connections, API keys and the local API in the audit trail by watching the events their
 * modules already emit (`connections.changed`, `apiKeys.changed`, `localApi.changed`).
 *
 * Each event says only which rows changed; the observer keeps what it last saw of each row and records
 * a transition once: connected, reauthorized (a new sign-in), revoked, deleted, expired, a refresh that
 * started failing, a key generated or revoked, the local API turned on or off or moved. A refresh that
 * succeeds, or a key being used, changes nothing worth auditing and records nothing. Watching keeps the
 * other modules free of audit calls, and a module that emits its events is audited without more code.
 */
export function observeActivity(events: EventBus, sources: ActivitySources, log: ActivityLog) {
  const connections = new Map<string, Map<string, ConnectionMark>>();
  const keys = new Map<string, Map<string, ApiKey['status']>>();
  let localApi = sources.localApi();

  const markOf = (c: AuditedConnection): ConnectionMark => ({ status: c.status, connectedAt: c.connectedAt, failing: c.refreshProblem !== undefined });
  const safely = <T>(read: () => readonly T[]): readonly T[] => {
    try {
      return read();
    } catch {
      return []; // The integration is gone.
    }
  };
  const rememberConnections = (id: string): void => {
    connections.set(id, new Map(safely(() => sources.connections(id)).map((c) => [c.id, markOf(c)])));
  };
  for (const id of sources.loadedConnectionIntegrations?.() ?? sources.integrationIds()) rememberConnections(id);
  for (const key of sources.apiKeyStatuses()) {
    const seen = keys.get(key.integrationId) ?? new Map<string, ApiKey['status']>();
    keys.set(key.integrationId, seen.set(key.id, key.status));
  }

  function connectionsChanged(integrationId: string, ids: readonly string[]): void {
    const seen = connections.get(integrationId) ?? new Map<string, ConnectionMark>();
    connections.set(integrationId, seen);
    const wanted = new Set(ids);
    for (const c of safely(() => sources.connections(integrationId))) {
      if (wanted.size > 0 && !wanted.has(c.id)) continue;
      const before = seen.get(c.id);
      seen.set(c.id, markOf(c));
      const entry = connectionTransition(before, c);
      if (entry) log.record({ integrationId, category: 'connections', connectionId: c.id, ...entry });
    }
  }

  function apiKeysChanged(integrationId: string, ids: readonly string[]): void {
    const seen = keys.get(integrationId) ?? new Map<string, ApiKey['status']>();
    keys.set(integrationId, seen);
    const wanted = new Set(ids);
    for (const key of safely(() => sources.apiKeys(integrationId))) {
      if (!wanted.has(key.id)) continue;
      const before = seen.get(key.id);
      seen.set(key.id, key.status);
      const base = { integrationId, category: 'api-keys' as const, actor: 'admin' as const, apiKeyId: key.id };
      if (before === undefined && key.status === 'active') {
        log.record({ ...base, kind: 'api-key-generated', message: `Generated the API key "${key.name}"`, detail: `Public key ${key.publicKey}` });
      } else if (before !== 'revoked' && key.status === 'revoked') {
        log.record({ ...base, kind: 'api-key-revoked', message: `Revoked the API key "${key.name}": requests with it now get 401`, detail: `Public key ${key.publicKey}` });
      }
    }
  }

  function localApiChanged(next: LocalApiStatus): void {
    const before = localApi;
    localApi = next;
    const base = { category: 'local-api' as const, actor: 'admin' as const };
    if (!before.enabled && next.enabled) {
      log.record({ ...base, kind: 'local-api-enabled', message: `Turned the local API on at ${next.baseUrl}`, changes: [{ field: 'Local API', from: 'off', to: 'on' }] });
    } else if (before.enabled && !next.enabled) {
      log.record({ ...base, kind: 'local-api-disabled', message: 'Turned the local API off', changes: [{ field: 'Local API', from: 'on', to: 'off' }] });
    } else {
      const changes = [];
      if (before.port !== next.port && next.enabled) changes.push({ field: 'Port', from: String(before.port), to: String(next.port) });
      if (before.rateLimitPerMinute !== next.rateLimitPerMinute) {
        changes.push({ field: 'Requests per minute per key', from: String(before.rateLimitPerMinute), to: String(next.rateLimitPerMinute) });
      }
      if (changes.length > 0) log.record({ ...base, kind: 'local-api-changed', message: `Changed the local API's ${changes.map((c) => c.field.toLowerCase()).join(' and ')}`, changes });
    }
  }

  const stop = events.subscribeAll((name: EventName, payload: unknown) => {
    if (name === 'connections.changed') {
      const { integrationId, ids } = payload as { integrationId: string; ids: string[] };
      connectionsChanged(integrationId, ids);
    } else if (name === 'apiKeys.changed') {
      const { integrationId, ids } = payload as { integrationId: string; ids: string[] };
      apiKeysChanged(integrationId, ids);
    } else if (name === 'localApi.changed') {
      localApiChanged(payload as LocalApiStatus);
    }
  });

  return {
    /**
     * Stages the audit entry of a connection's change into the write that stores the change (issue 15:
     * a sign-in's "Connected …" / "Reauthorized …" joins the durable write of its tokens and record, so
     * "connected" is never reported, nor the record on disk, without its entry — and the sign-in waits
     * for the group's fsyncs only, not for a second durable write after it). Undefined when the change
     * is not worth recording.
     *
     * Once the write is adopted the observer has seen the change: the `connections.changed` event that
     * follows records nothing more. Call it after the integration's connections were read (the store's
     * `list`), so the baseline is the stored one.
     */
    prepareConnection(integrationId: string, next: AuditedConnection): PreparedWrite<unknown> | undefined {
      const before = connections.get(integrationId)?.get(next.id);
      const entry = connectionTransition(before, next);
      if (!entry) return undefined;
      const { write } = log.prepareRecord({ integrationId, category: 'connections', connectionId: next.id, ...entry });
      return {
        ...write,
        adopt() {
          const adopted = write.adopt();
          const seen = connections.get(integrationId) ?? new Map<string, ConnectionMark>();
          connections.set(integrationId, seen);
          seen.set(next.id, markOf(next));
          return adopted;
        },
      };
    },

    /** An integration's connections were loaded for the first time: what they are now is the baseline. */
    connectionsOpened(integrationId: string): void {
      if (!connections.has(integrationId)) rememberConnections(integrationId);
    },
    /** One health check run from the window: its result, kept as the connection's health history. */
    healthChecked(connection: Pick<Connection, 'id' | 'integrationId' | 'userEmail'>, report: HealthReport): void {
      const failed = report.steps.find((s) => s.result === 'failed');
      log.record({
        integrationId: connection.integrationId,
        connectionId: connection.id,
        category: 'connections',
        kind: 'connection-tested',
        actor: 'admin',
        outcome: report.passed ? 'passed' : 'failed',
        message: report.passed ? `Tested ${connection.userEmail}: healthy` : `Tested ${connection.userEmail}: ${failed ? `“${failed.label}” failed` : 'not healthy'}`,
        ...(failed?.message ? { detail: failed.message } : {}),
      });
    },
    stop,
  };
}

type Transition = Pick<import('../../../../preload/contract/activity-models.js').ActivityEntry, 'kind' | 'actor' | 'message'> & { detail?: string };

/** The audit entry for one connection's change, if the change is one worth recording. */
function connectionTransition(before: ConnectionMark | undefined, c: AuditedConnection): Transition | undefined {
  const who = c.orgName ? `${c.userEmail} (${c.orgName})` : c.userEmail;
  if (c.status === 'connected' && (!before || before.status === 'deleted')) {
    return { kind: 'connection-connected', actor: 'admin', message: `Connected ${who}` };
  }
  if (c.status === 'connected' && before && before.connectedAt !== c.connectedAt) {
    return { kind: 'connection-reauthorized', actor: 'admin', message: `Reauthorized ${who}` };
  }
  if (!before) return undefined;
  if (c.status === 'revoked' && before.status !== 'revoked') {
    return { kind: 'connection-revoked', actor: 'admin', message: `Revoked ${who}: ${revocationWords(c.revocation)}`, ...detailOf(c.revocation?.message) };
  }
  if (c.status === 'deleted' && before.status !== 'deleted') {
    return { kind: 'connection-deleted', actor: 'admin', message: `Deleted ${who}`, ...detailOf(c.revocation?.message) };
  }
  if (c.status === 'expired' && before.status === 'connected') {
    return { kind: 'connection-expired', actor: 'app', message: `Could not refresh ${who}: the provider no longer accepts it, so it needs reauthorizing`, ...detailOf(c.statusReason) };
  }
  if (c.status === 'connected' && c.refreshProblem && !before.failing) {
    return { kind: 'connection-refresh-failed', actor: 'app', message: `Could not refresh ${who}: it keeps working until its token expires, and is retried`, ...detailOf(c.refreshProblem.message) };
  }
  return undefined;
}

const detailOf = (detail: string | undefined) => (detail ? { detail } : {});

function revocationWords(answer: RevocationAnswer | undefined): string {
  switch (answer?.outcome) {
    case 'revoked':
      return 'the provider confirmed it';
    case 'already-invalid':
      return 'the provider had already ended it';
    case 'not-supported':
      return 'the provider cannot revoke, so the tokens were deleted here';
    default:
      return 'no token was stored';
  }
}
