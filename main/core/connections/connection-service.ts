import type { z } from 'zod';
import type { Connection, FlowUpdate, HealthReport, StatusSummary } from '../../../preload/contract/connection-models.js';
import type { listConnectionsSchema } from '../../../preload/contract/connection-schemas.js';
import type { EventName, EventPayload } from '../../../preload/contract/types.js';
import type { DocStore, ShardOpener } from '../domain/doc-store.js';
import type { ConnectionsPort } from '../domain/integrations/integration-service.js';
import type { IntegrationRecord } from '../domain/integrations/integration-record.js';
import type { OfferingRecord } from '../domain/offerings/offering-record.js';
import type { Fetch } from '../domain/offerings/resolve-endpoints.js';
import { DEFAULT_FLOW_TIMEOUT_MS } from '../oauth/loopback-listener.js';
import type { PortOwner } from '../oauth/port-owner.js';
import type { SettingsService } from '../settings/settings-service.js';
import type { PreparedWrite } from '../storage/json-store.js';
import { isoNow, type Clock } from '../support/clock.js';
import { DeskError, isDeskError } from '../support/desk-error.js';
import type { Logger } from '../support/logger.js';
import { createAuthorizationFlows } from './authorization-flows.js';
import { createAccountConnector } from './connect-account.js';
import { toConnectionView, type ConnectionRecord, type ConnectionsDoc } from './connection-record.js';
import { createConnectionSecrets, type TokenVault } from './connection-secrets.js';
import { createConnectionRevoker } from './connection-revoker.js';
import { credentialsFrom, type Credentials } from './connection-credentials.js';
import { createConnectionStore } from './connection-store.js';
import { createConnectionSummaries, listFiguresOf, type ConnectionStatusDoc, type ConnectionSummaries, type ConnectionSummariesDoc, type ListFigures } from './connection-summaries.js';
import { runHealthCheck } from './health-check.js';
import { startKeepAlive } from './keep-alive.js';
import { createKeepAliveSweep } from './keep-alive-sweep.js';
import { createProviderContexts } from './provider-context.js';
import { idleExpiry, keepAliveInterval } from './idle-expiry.js';
import { idleWarningsOf, statusFiguresOf, summarizeFigures, type StatusFigures } from './status-figures.js';
import type { NotifiableState } from '../desktop/notification-policy.js';
import { createTokenRefresher } from './token-refresher.js';

/** Tuning knobs; tests shorten them. */
export interface ConnectionOptions {
  /** How long a sign-in waits for the browser (default 5 minutes). */
  flowTimeoutMs?: number;
  /** Waits between retries of a transient refresh failure (default 0.5 s, 2 s, 5 s). */
  retryDelaysMs?: readonly number[];
  /** Refresh this long before the access token expires (default 5 minutes). */
  refreshMarginMs?: number;
  findOwner?(port: number): Promise<PortOwner | undefined>;
}

export interface ConnectionServiceDeps {
  shards: ShardOpener<ConnectionsDoc>;
  vault: TokenVault;
  integrations: {
    requireConfigured(id: string): IntegrationRecord;
    record(id: string): IntegrationRecord;
    secretOf(id: string): string;
    flagRejected(id: string, message: string): void;
  };
  integrationRecords(): readonly IntegrationRecord[];
  offering(offeringId: string): OfferingRecord;
  settings: SettingsService;
  fetch: Fetch;
  clock: Clock;
  logger: Logger;
  emit<E extends EventName>(name: E, payload: EventPayload<E>): void;
  /** Opens a URL in the system browser (Electron's shell.openExternal); absent in browser mode. */
  openExternal?(url: string): Promise<void>;
  options?: ConnectionOptions;
  /**
   * Issue 15: where each integration's connection count and last activity are kept, so listing
   * integrations reads no connection shard (`connection-summaries.ts`). Without it they are computed
   * from the shards.
   */
  summaries?: { store: DocStore<ConnectionSummariesDoc>; statusStore(): DocStore<ConnectionStatusDoc>; folder: string };
  /** An integration's connections were read for the first time (the audit trail remembers them then). */
  shardOpened?(integrationId: string): void;
  /** Stages a sign-in's audit entry into its durable write (issue 15; see `ConnectAccountDeps.auditEntry`). */
  auditEntry?(integrationId: string, record: ConnectionRecord): PreparedWrite<unknown> | undefined;
}

export type ConnectionService = ReturnType<typeof createConnectionService>;

const DEFAULT_REFRESH_MARGIN_MS = 5 * 60_000;
/** `lastActiveAt` is rewritten at most this often, so a busy script does not rewrite the shard per call. */
const ACTIVITY_RESOLUTION_MS = 60_000;

/**
 * Connections: sign-in, tokens, refresh, revocation, health, and the status summary.
 *
 * Composes the pieces (store, vault access, flows, refresher) around the ports it is given. Exposes the
 * renderer's operations (views only, never a token), `credentialsFor` for the local API, and the
 * `ConnectionsPort` the integrations service calls.
 */
export function createConnectionService(deps: ConnectionServiceDeps) {
  const { clock, logger } = deps;
  const options = deps.options ?? {};
  const margin = options.refreshMarginMs ?? DEFAULT_REFRESH_MARGIN_MS;
  const integrationIds = () => deps.integrationRecords().map((i) => i.id);
  let summaries: ConnectionSummaries | undefined;
  const store = createConnectionStore({
    shards: deps.shards,
    integrationIds,
    opened(integrationId, connections) {
      summaries?.loaded(integrationId, connections);
      deps.shardOpened?.(integrationId);
    },
    written: (integrationId, connections) => (connections ? summaries?.update(integrationId, connections) : summaries?.forget(integrationId)),
  });
  summaries = deps.summaries && createConnectionSummaries({ ...deps.summaries, connectionsOf: (id) => store.list(id) });
  const secrets = createConnectionSecrets(deps.vault);
  const contexts = createProviderContexts({
    record: (id) => deps.integrations.record(id),
    offering: deps.offering,
    secretOf: (id) => deps.integrations.secretOf(id),
    fetch: deps.fetch,
  });
  const changed = (record: ConnectionRecord) => deps.emit('connections.changed', { integrationId: record.integrationId, ids: [record.id] });
  const assumedLifetimeMs = () => deps.settings.assumedLifetimeMs();
  const flagRejected = (id: string, message: string) => deps.integrations.flagRejected(id, message);

  /** The org's idle refresh-token policy of a connection's offering, when the admin entered it. */
  const idleDaysOf = (integrationId: string): number | undefined => {
    try {
      return deps.offering(deps.integrations.record(integrationId).offeringId).refreshTokenIdleDays;
    } catch {
      return undefined;
    }
  };
  const idleDaysOfOffering = (offeringId: string): number | undefined => {
    try {
      return deps.offering(offeringId).refreshTokenIdleDays;
    } catch {
      return undefined;
    }
  };
  const view = (record: ConnectionRecord): Connection => toConnectionView(record, idleExpiry(record, idleDaysOf(record.integrationId), clock.now()));

  const refresher = createTokenRefresher({
    store, secrets, contexts, clock, assumedLifetimeMs, flagRejected, changed, retryDelaysMs: options.retryDelaysMs, idleDaysOf,
  });
  const revoker = createConnectionRevoker({ store, secrets, contexts, refresher, clock, logger, changed });
  const flowTimeoutMs = options.flowTimeoutMs ?? DEFAULT_FLOW_TIMEOUT_MS;
  const connector = createAccountConnector({
    store, secrets, clock, assumedLifetimeMs, flagRejected, changed, holdMs: flowTimeoutMs, auditEntry: deps.auditEntry,
  });
  const flows = createAuthorizationFlows({
    contexts,
    requireConfigured: (id) => deps.integrations.requireConfigured(id),
    callbackTarget: (ctx) => deps.settings.callbackTargetFor(ctx.integration, ctx.offering.kind),
    async complete(callback) {
      const done = await connector.connect(callback);
      if (done.kind === 'held') {
        logger.info({ connectionId: done.mismatch.connectionId, integrationId: callback.ctx.integration.id, mismatch: done.mismatch.kind }, 'reauthorization returned another identity; connection unchanged');
      } else {
        logger.info({ connectionId: done.connectionId, integrationId: callback.ctx.integration.id, updated: done.updatedExisting }, 'connection authorized');
      }
      return done;
    },
    loginHint: (id) => store.find(id)?.userEmail || undefined,
    emit: (update: FlowUpdate) => deps.emit('flows.changed', update),
    unexpected: (errorName) => logger.error({ errorName }, 'sign-in failed unexpectedly'),
    clock,
    timeoutMs: flowTimeoutMs,
    fetch: deps.fetch,
    openExternal: deps.openExternal,
    findOwner: options.findOwner,
  });

  const isDue = (record: ConnectionRecord): boolean => !record.expiresAt || Date.parse(record.expiresAt) - margin <= clock.now();

  const expire = (connectionId: string, reason: string): void => {
    const record = store.require(connectionId);
    secrets.forget(record.integrationId, record.id);
    changed(store.update(connectionId, (c) => ({ ...c, status: 'expired', statusReason: reason, updatedAt: isoNow(clock) })));
  };

  /** A working access token: the stored one while it is fresh, else a (shared) refresh. */
  async function usableToken(record: ConnectionRecord): Promise<{ record: ConnectionRecord; accessToken: string }> {
    const stored = secrets.accessToken(record.integrationId, record.id);
    if (stored && !isDue(record)) return { record, accessToken: stored };
    try {
      return await refresher.refresh(record.id);
    } catch (error) {
      // Inside the margin the current token still works: a provider hiccup should not stop the caller.
      const current = store.require(record.id);
      const token = secrets.accessToken(current.integrationId, current.id);
      const stillValid = current.status === 'connected' && current.expiresAt !== undefined && Date.parse(current.expiresAt) > clock.now();
      if (isDeskError(error) && error.code === 'UNREACHABLE' && stillValid && token) return { record: current, accessToken: token };
      throw error;
    }
  }

  const requireConnected = (record: ConnectionRecord): void => {
    if (record.status !== 'connected') {
      throw new DeskError('FORBIDDEN', `This connection is ${record.status}: credentials are refused until it is reauthorized.`);
    }
  };

  const touch = (record: ConnectionRecord): ConnectionRecord => {
    const now = clock.now();
    if (now - Date.parse(record.lastActiveAt) < ACTIVITY_RESOLUTION_MS) return record;
    return store.update(record.id, (c) => ({ ...c, lastActiveAt: new Date(now).toISOString() }));
  };

  /** The service's `credentialsOf`: a value while the stored token is fresh, else a promise of the refresh. */
  function credentialsOf(record: ConnectionRecord): Credentials | Promise<Credentials> {
    requireConnected(record);
    const stored = secrets.accessToken(record.integrationId, record.id);
    return stored && !isDue(record) ? credentialsFrom(touch(record), stored, clock) : refreshedCredentials(record);
  }
  async function refreshedCredentials(record: ConnectionRecord): Promise<Credentials> {
    const fresh = await usableToken(record);
    requireConnected(fresh.record);
    return credentialsFrom(touch(fresh.record), fresh.accessToken, clock);
  }

  const keepAliveSweep = createKeepAliveSweep({
    intervalMs: () => deps.settings.keepAliveMs(),
    integrationIds,
    connections: (integrationId) => store.list(integrationId),
    idleDaysOf,
    refresh: (connectionId) => refresher.refresh(connectionId),
    clock,
    logger,
  });
  const keepAlive = startKeepAlive({
    intervalMs: () =>
      keepAliveInterval(
        deps.settings.keepAliveMs(),
        // From each record's offering directly: `idleDaysOf(id)` finds the record by id, which made
        // this O(n²) at start-up (10,000 integrations: 50 million comparisons; issue 15).
        deps.integrationRecords().flatMap((i) => idleDaysOfOffering(i.offeringId) ?? []),
      ),
    sweep: keepAliveSweep,
    failed: (error) => logger.warn({ reason: error instanceof Error ? error.name : 'unexpected' }, 'keep-alive sweep failed; the next one runs as planned'),
  });

  /** An integration's figures: kept in the summaries (no shard read), else computed from its shard. */
  const listFigures = (integrationId: string): ListFigures =>
    summaries ? summaries.list(integrationId) : listFiguresOf(store.list(integrationId));
  const statusFigures = (integrationId: string): StatusFigures =>
    summaries ? summaries.status(integrationId) : statusFiguresOf(store.list(integrationId));

  const port: ConnectionsPort = {
    count: (integrationId) => listFigures(integrationId).count,
    lastActivity: (integrationId) => listFigures(integrationId).lastActiveAt,
    async revokeAll(integrationId) {
      // Its deletion: a sign-in still waiting for the browser has nothing to be added to.
      flows.cancelFor(integrationId, 'The integration was deleted, so this sign-in was cancelled.');
      await revoker.revokeAll(integrationId);
      deps.emit('connections.changed', { integrationId, ids: [] });
    },
  };

  return {
    port,
    start: (input: { integrationId: string; connectionId?: string }, transport: 'electron' | 'browser') => flows.start(input, transport),
    cancel: (flowId: string) => flows.cancel(flowId),
    completeManually: (flowId: string, redirectUrl: string) => flows.completeManually(flowId, redirectUrl),
    listenerOf: flows.listenerOf,
    pendingListenerPort: flows.pendingPort,

    /** A held reauthorization (another user or org): add it as its own connection. */
    async addHeldSignIn(flowId: string): Promise<FlowUpdate> {
      const done = await connector.addHeld(flowId);
      if (done.kind !== 'connected') throw new DeskError('INTERNAL', 'The held sign-in could not be added.');
      const record = store.require(done.connectionId);
      logger.info({ connectionId: done.connectionId, integrationId: record.integrationId, updated: done.updatedExisting }, 'held sign-in added');
      return { flowId, integrationId: record.integrationId, state: 'completed', at: isoNow(clock), connectionId: done.connectionId, updatedExisting: done.updatedExisting };
    },

    /** …or discard it: its tokens are revoked at the provider. */
    async discardHeldSignIn(flowId: string): Promise<FlowUpdate> {
      if (!(await connector.discardHeld(flowId))) throw new DeskError('NOT_FOUND', 'That sign-in is no longer held.');
      return { flowId, integrationId: '', state: 'cancelled', at: isoNow(clock), message: 'Discarded: its tokens were revoked.' };
    },

    list(filter: z.output<typeof listConnectionsSchema>): Connection[] {
      const ids = filter?.integrationId ? [deps.integrations.record(filter.integrationId).id] : integrationIds();
      const needle = filter?.search?.trim().toLowerCase();
      // One pass into one array (issue 15: every connection listed at 100,000 made five arrays of them).
      const found: ConnectionRecord[] = [];
      for (const id of ids) {
        for (const c of store.list(id)) {
          if (filter?.status ? c.status !== filter.status : c.status === 'deleted') continue;
          if (filter?.environment && c.environment !== filter.environment) continue;
          if (needle && !c.userEmail.toLowerCase().includes(needle)) continue;
          found.push(c);
        }
      }
      return found.sort((a, b) => b.connectedAt.localeCompare(a.connectedAt)).map(view);
    },

    get: (id: string): Connection => view(store.require(id)),

    /** One connection's stored record, no view built (issue 15: the local API checks one per request). */
    record: (id: string): ConnectionRecord => store.require(id),

    /** One integration's stored records, every status, as they are (no views built): the audit trail's reads. */
    records(integrationId: string): readonly ConnectionRecord[] {
      return store.list(deps.integrations.record(integrationId).id);
    },

    async refresh(id: string): Promise<Connection> {
      return view((await refresher.refresh(id)).record);
    },

    async test(id: string): Promise<HealthReport> {
      const record = store.require(id);
      if (record.status !== 'connected') throw new DeskError('CONFLICT', `This connection is ${record.status}: reauthorize it before testing.`);
      return runHealthCheck(
        {
          contexts, secrets, clock, expire,
          accessToken: async (connectionId) => (await usableToken(store.require(connectionId))).accessToken,
          refresh: (connectionId) => refresher.refresh(connectionId),
        },
        record,
      );
    },

    async revoke(id: string): Promise<Connection> {
      const record = store.require(id);
      if (record.status === 'deleted') throw new DeskError('CONFLICT', 'This connection was deleted.');
      if (record.status === 'revoked') return view(record);
      return view(await revoker.revokeAs(record, 'revoked'));
    },

    async remove(id: string): Promise<Connection> {
      const record = store.require(id);
      if (record.status === 'deleted') return view(record);
      return view(await revoker.revokeAs(record, 'deleted'));
    },

    /**
     * The tray's and the header's summary, from each integration's figures (issue 15): no connection
     * shard is read, unless an org's idle policy is about to expire one of its connections.
     */
    summary: (): StatusSummary => {
      const now = clock.now();
      return summarizeFigures({
        integrations: deps.integrationRecords(),
        figuresOf: statusFigures,
        idleWarnings: (integrationId, figures) => idleWarningsOf(figures, idleDaysOf(integrationId), now, () => store.list(integrationId)),
      });
    },

    /**
     * What the desktop notifications watch: every integration (its name and verification) and every
     * expired, revoked or refresh-failing connection, from the kept figures. Asked after every change,
     * so nothing here builds a view or reads a shard.
     */
    notifiable(): NotifiableState {
      const integrations = deps.integrationRecords();
      return {
        integrations,
        connections: integrations.flatMap((i) => statusFigures(i.id).notable.map((c) => ({ ...c, integrationId: i.id }))),
      };
    },

    /**
     * Working credentials for the local API, refreshing first when the token is due.
     *
     * Refused unless the connection is `connected`. Never exposed over the renderer contract: tokens
     * stay in main. `integrationId`, when given (an API key is scoped to one), must match.
     */
    async credentialsFor(connectionId: string, scope?: { integrationId?: string }): Promise<Credentials> {
      const record = store.find(connectionId, scope?.integrationId);
      if (!record || (scope?.integrationId && record.integrationId !== scope.integrationId)) {
        throw new DeskError('NOT_FOUND', 'That connection does not exist.');
      }
      return credentialsOf(record);
    },

    /**
     * `credentialsFor` of a record the caller has just read (`record`), in the same synchronous step:
     * the local API checks the connection and takes its token with one lookup. Synchronous (a value,
     * not a promise) while the stored token is fresh; refused (thrown) unless `connected`.
     */
    credentialsOf,
    /**
     * Issue 16 (workspace bundles): what `main/core/bundle` needs to move connections out and import
     * them in — the store and token vault this service owns (so cached shards stay coherent), and a
     * way to wait for a refresh in flight before a connection's refresh token is read for a move.
     */
    bundleAccess: { store, secrets, settle: (connectionId: string) => refresher.settle(connectionId), changed },

    /** The integrations whose connections were read so far (issue 15: the rest are read when needed). */
    loadedIntegrationIds: (): string[] => store.loadedIntegrationIds(),

    /** Runs one keep-alive pass now (the timer calls it too). */
    keepAliveSweep,
    /** Re-reads the keep-alive interval; call after settings change. */
    rescheduleKeepAlive: () => keepAlive.reschedule(),

    async dispose(): Promise<void> {
      keepAlive.stop();
      await flows.dispose();
      await connector.dispose();
      await summaries?.dispose();
    },
  };
}
