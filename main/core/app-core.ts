import path from 'node:path';
import type { AppInfo } from '../../preload/contract/models.js';
import type { DeskConfig } from './config.js';
import { createActivityLog } from './domain/activity/activity-log.js';
import { observeActivity } from './domain/activity/activity-observers.js';
import { createUiPreferences, defaultUiPreferences, uiPreferencesSchema } from './domain/preferences/ui-preferences.js';
import type { ShardOpener } from './domain/doc-store.js';
import { integrationsDocSchema } from './domain/integrations/integration-record.js';
import { createListHead, emptyListHeadDoc, listHeadDocSchema } from './domain/integrations/list-head.js';
import { createIntegrationService, noConnections, vaultNamespace, type ConnectionsPort } from './domain/integrations/integration-service.js';
import { builtInOfferings } from './domain/offerings/built-in-offerings.js';
import { offeringsDocSchema } from './domain/offerings/offering-record.js';
import { createOfferingService } from './domain/offerings/offering-service.js';
import type { Handlers } from './ipc/handlers.js';
import { createHandlers } from './ipc/create-handlers.js';
import { createSecurityService } from './security/security-service.js';
import { openJsonStore, type ConfConstructor } from './storage/json-store.js';
import { createRecoveryLog } from './storage/recovery-log.js';
import { systemClock, type Clock } from './support/clock.js';
import { createEventBus, type EventBus } from './support/event-bus.js';
import type { Logger } from './support/logger.js';
import { createVault, type Vault } from './vault/vault.js';
import { createNodeKeyCipher } from './vault/node-key-cipher.js';
import type { SecretCipher } from './vault/secret-cipher.js';
import { readVaultTags } from './vault/vault-meta.js';
import type { RecoveryLog } from './storage/recovery-log.js';
import { settingsDocSchema, defaultSettings } from './settings/settings-record.js';
import { createSettingsService } from './settings/settings-service.js';
import { createConnectionService, type ConnectionOptions, type ConnectionService } from './connections/connection-service.js';
import { connectionsDocSchema, emptyConnectionsDoc, type ConnectionsDoc } from './connections/connection-record.js';
import { connectionStatusDocSchema, connectionSummariesDocSchema, emptyConnectionStatusDoc, emptyConnectionSummariesDoc } from './connections/connection-summaries.js';
import { deleteShard } from './storage/shards.js';
import { createLocalApiFeature } from './local-api/local-api-feature.js';
import { createFetchTransport } from './local-api/fetch-transport.js';
import { createPooledTransport } from './local-api/pooled-transport.js';
import type { UpstreamTransport } from './local-api/upstream-transport.js';
import { createStatusFeed, type StatusFeed } from './tray/status-feed.js';
import { traySummaryFrom } from './tray/tray-summary.js';
import type { JsonStore } from './storage/json-store.js';
import { createBundleFeature } from './bundle/bundle-feature.js';
import { tidyDataFolder, type TidyReport } from './data-folder-tidy.js';
import type { FileDialogs } from './bundle/bundle-files.js';

export interface AppCoreDeps {
  config: DeskConfig;
  logger: Logger;
  mode: AppInfo['mode'];
  /** Electron passes safeStorage; browser mode and tests default to the Node key cipher. */
  cipher?: SecretCipher;
  /** Electron may pass electron-store; conf otherwise (the same library underneath). */
  ConfClass?: ConfConstructor;
  fetch?: typeof fetch;
  /**
   * How the local API's proxy reaches Salesforce (issue 15). Default: undici's keep-alive pool per
   * instance host, unless `fetch` is given, in which case the proxy goes through that fetch too (the
   * caller wants every upstream call to pass through it). The desktop app passes a routed transport:
   * the pool for hosts Chromium reaches directly, `net.fetch` where a system proxy applies.
   */
  upstream?: UpstreamTransport;
  clock?: Clock;
  version?: string;
  /** Opens a URL in the system browser (Electron: shell.openExternal); browser mode has none. */
  openExternal?(url: string): Promise<void>;
  /** Connection tuning (sign-in timeout, retry delays, refresh margin); tests shorten them. */
  connectionOptions?: ConnectionOptions;
  /** Issue 16: the system's file dialogs (Electron); browser mode uploads and downloads instead. */
  dialogs?: FileDialogs;
  /** Issue 16: age's scrypt work factor for new bundles (default 18); tests lower it. */
  bundleScryptWorkFactor?: number;
}

export interface AppCore {
  handlers: Handlers;
  events: EventBus;
  logger: Logger;
  /** Connections for main-side consumers (local API: `credentialsFor`; tray: `summary`). */
  connections: ConnectionService;
  /** The tray model, rebuilt on every change (the tray and browser mode's header show it). */
  status: StatusFeed;
  /** Opens one more store in the profile, e.g. the desktop shell's window placement. */
  openStore<T>(name: string, schema: import('zod').ZodType<T>, defaults: T): JsonStore<T>;
  /** Workspace bundles (issue 16), for the CLI, which reads and writes files by path. */
  bundles: import('./bundle/bundle-service.js').BundleService;
  /** The start-up tidying of the data folder, which runs in the background (see `data-folder-tidy.ts`). */
  tidied: Promise<TidyReport>;
  dispose(): Promise<void>;
}

/**
 * Builds the whole product from its ports: stores in the data folder, the vault, the domain services
 * and the handler table. Both composition roots (Electron and browser mode) call this and nothing else.
 */
export async function createAppCore(deps: AppCoreDeps): Promise<AppCore> {
  const { config, logger } = deps;
  const clock = deps.clock ?? systemClock;
  const fetchFn = deps.fetch ?? globalThis.fetch;
  const events = createEventBus({
    failed: (name, error) => logger.warn({ event: name, reason: error instanceof Error ? error.name : 'unexpected' }, 'an event listener failed'),
  });
  const recoveries = createRecoveryLog();
  const dir = config.dataDir;
  const open = <T>(name: string, schema: import('zod').ZodType<T>, defaults: T, lazy = false) =>
    openJsonStore({ dir, name, schema, defaults, version: 1, recoveries, clock, ConfClass: deps.ConfClass, lazy });

  const settings = open('settings', settingsDocSchema, defaultSettings());
  const offeringsStore = open('offerings', offeringsDocSchema, { offerings: builtInOfferings() });
  const integrationsStore = open('integrations', integrationsDocSchema, { integrations: [] }, true);
  const activity = createActivityLog(open, clock);

  const vault = await openVault({ dataDir: dir, config, cipher: deps.cipher, recoveries, clock, ConfClass: deps.ConfClass, logger });
  const security = createSecurityService(vault, () => recoveries.list(), (status) => events.emit('security.changed', status));
  recoveries.subscribe((notice) => {
    logger.warn({ store: notice.store, reason: notice.reason, restoredFrom: notice.restoredFrom }, 'store restored');
    events.emit('security.changed', security.status());
  });

  let connections: ConnectionsPort = noConnections;
  /** The audit trail's observer; built once the connections it observes exist. */
  let audit: ReturnType<typeof observeActivity> | undefined;
  const offeringKind = (id: string) => offeringsStore.get().offerings.find((o) => o.id === id)?.kind;
  // Each integration's own Callback URL (its path, its provider's host); the settings service knows both.
  const callbackFor = (record: { id: string; offeringId: string; callback?: { path: 'per-integration'; host?: '127.0.0.1' | 'localhost' } }) =>
    settingsService.callbackFor(record, offeringKind(record.offeringId) ?? 'generic');

  // Issue 15: the window's first rows at start-up, without reading the integrations.
  const listHead = createListHead({
    store: open('integrations-head', listHeadDocSchema, emptyListHeadDoc(), true),
    integrationsFile: integrationsStore.path,
    connectionsFolder: path.join(dir, 'connections'),
    current: () => ({
      records: integrationsStore.get().integrations,
      figures: (id) => ({ count: connectionService.port.count(id), lastActiveAt: connectionService.port.lastActivity(id) }),
    }),
  });
  const stopHeadWatch = events.subscribeAll((name) => {
    if (name === 'integrations.changed' || name === 'connections.changed') listHead.changed();
  });

  const offerings = createOfferingService({
    store: offeringsStore,
    clock,
    usage: (id) => integrations.countUsing(id),
    changed: (ids) => events.emit('offerings.changed', { ids }),
  });
  const integrations = createIntegrationService({
    store: integrationsStore,
    offerings,
    vault,
    activity,
    clock,
    fetch: fetchFn,
    callbackFor,
    connections: () => connections,
    removed: (id) => localApi.apiKeys.forgetIntegration(id),
    changed: (ids) => events.emit('integrations.changed', { ids }),
    head: listHead,
  });

  const connectionShards: ShardOpener<ConnectionsDoc> = {
    open: (id) => open(`connections/${id}`, connectionsDocSchema, emptyConnectionsDoc()),
    remove: (id) => void deleteShard(dir, `connections/${id}`),
  };
  const settingsService = createSettingsService({
    store: settings,
    config,
    changed: (view) => {
      events.emit('settings.changed', view);
      connectionService.rescheduleKeepAlive();
      // The Callback URL shown on every integration follows the settings. Integrations that cannot be
      // read (a newer app's file) have nothing to redraw; the settings were saved all the same.
      let ids: string[] | undefined;
      try {
        ids = integrationsStore.get().integrations.map((i) => i.id);
      } catch (error) {
        logger.warn({ reason: error instanceof Error ? error.name : 'unknown' }, 'integrations not redrawn after a settings change');
      }
      if (ids) events.emit('integrations.changed', { ids });
    },
    pendingListenerPort: () => connectionService.pendingListenerPort(),
    offeringKind,
  });
  const connectionService = createConnectionService({
    shards: connectionShards,
    vault,
    integrations,
    integrationRecords: () => integrationsStore.get().integrations,
    offering: (id) => offerings.get(id),
    settings: settingsService,
    fetch: fetchFn,
    clock,
    logger,
    emit: (name, payload) => events.emit(name, payload),
    openExternal: deps.openExternal,
    options: deps.connectionOptions,
    // Issue 15: counts and last activity per integration, so the first list reads no connection shard.
    summaries: {
      store: open('connection-summaries', connectionSummariesDocSchema, emptyConnectionSummariesDoc(), true),
      statusStore: () => open('connection-status', connectionStatusDocSchema, emptyConnectionStatusDoc()),
      folder: path.join(dir, 'connections'),
    },
    shardOpened: (integrationId) => audit?.connectionsOpened(integrationId),
    // Issue 15: a sign-in's audit entry joins the durable write of its tokens and record.
    auditEntry: (integrationId, record) => audit?.prepareConnection(integrationId, record),
  });
  connections = connectionService.port;

  const localApi = createLocalApiFeature({
    open,
    config,
    integrations,
    integrationRecords: () => integrationsStore.get().integrations,
    connections: connectionService,
    transport: deps.upstream ?? (deps.fetch ? createFetchTransport(deps.fetch) : createPooledTransport()),
    clock,
    logger,
    events,
  });
  // Connections, API keys and the local API are audited from the events they emit (before the local
  // API starts, so its start-up is not mistaken for the admin turning it on).
  audit = observeActivity(
    events,
    {
      integrationIds: () => integrationsStore.get().integrations.map((i) => i.id),
      loadedConnectionIntegrations: () => connectionService.loadedIntegrationIds(),
      connections: (integrationId) => connectionService.records(integrationId),
      apiKeys: (integrationId) => localApi.apiKeys.list(integrationId),
      apiKeyStatuses: () => localApi.apiKeys.statuses(),
      localApi: () => localApi.localApi.status(),
    },
    activity,
  );
  await localApi.start();

  const status = createStatusFeed({
    read: () =>
      traySummaryFrom({ summary: connectionService.summary(), integrations: integrationsStore.get().integrations, vault: security.status().vault }),
    events,
    logger,
  });

  // Workspace bundles: encrypted export/import and automatic backups (issue 16).
  const bundle = createBundleFeature({
    open,
    offerings: offeringsStore,
    integrations: integrationsStore,
    settings,
    vault,
    connections: connectionService,
    callbackUrl: (record) => callbackFor(record).url,
    settingsChanged: () => events.emit('settings.changed', settingsService.get()),
    events,
    clock,
    logger,
    appVersion: deps.version ?? '0.1.0',
    dialogs: deps.dialogs,
    keptMovesFolder: path.join(dir, 'moved-bundles'),
    scryptWorkFactor: deps.bundleScryptWorkFactor,
    activity,
  });

  const info = (): AppInfo => ({
    name: 'Integrations Desk',
    version: deps.version ?? '0.1.0',
    mode: deps.mode,
    platform: process.platform,
    dataDir: dir,
  });

  const preferences = createUiPreferences(open('preferences', uiPreferencesSchema, defaultUiPreferences()));
  const handlers = createHandlers({ info, offerings, integrations, security, connections: connectionService, settings: settingsService, apiKeys: localApi.apiKeys, localApi: localApi.localApi, status, bundle: bundle.handlers, preferences });
  const testConnection = handlers['connections.test'];
  // A health check run from the window is kept in the audit trail: the connection's health history.
  handlers['connections.test'] = async (input, ctx) => {
    const report = await testConnection(input, ctx);
    audit?.healthChecked(connectionService.get(input.id), report);
    return report;
  };

  // What a crash can leave behind (temp files, a vault shard without its record) is cleared in the
  // background: nothing reads it, and nothing in the start waits for the folders to be listed.
  const tidied = tidyDataFolder({
    dir,
    recoveries,
    liveNamespaces: () => new Set(integrationsStore.get().integrations.map((i) => vaultNamespace(i.id))),
    recordsFile: integrationsStore.path,
    namespacePrefix: vaultNamespace(''),
    removeNamespace: (ns) => vault.deleteNamespace(ns),
    now: () => clock.now(),
    logger,
  });

  return {
    handlers,
    events,
    logger,
    tidied,
    connections: connectionService,
    status,
    openStore: open,
    bundles: bundle.bundles,
    async dispose() {
      await tidied;
      connections = noConnections;
      audit?.stop();
      bundle.dispose();
      status.dispose();
      await localApi.dispose();
      await connectionService.dispose();
      stopHeadWatch();
      await listHead.dispose();
    },
  };
}

/**
 * The vault of a data folder that both modes share: the app's cipher writes, and in Electron the Node
 * key cipher reads what browser mode saved.
 *
 * Which entries exist is read first. In browser mode, existing `c:` entries forbid a new key (a
 * deleted `vault.key` is reported as missing, never replaced). In Electron, browser mode's key is
 * opened only if `c:` entries need it, and only if it exists: the desktop app never creates one.
 */
async function openVault(input: {
  dataDir: string;
  config: DeskConfig;
  cipher?: SecretCipher;
  recoveries: RecoveryLog;
  clock: Clock;
  ConfClass?: ConfConstructor;
  logger: Logger;
}): Promise<Vault> {
  const { dataDir, config, recoveries, clock, ConfClass } = input;
  const vaultDir = path.join(dataDir, 'vault');
  const hasAppKeyEntries = readVaultTags({ dir: vaultDir, recoveries, clock, ConfClass }).has('c');
  const keyOptions = { dataDir, forceKeyFile: config.vaultKeyFile, recoveries, clock };
  const cipher = input.cipher ?? (await createNodeKeyCipher({ ...keyOptions, vaultHasData: hasAppKeyEntries }));
  const readers: SecretCipher[] = [];
  if (cipher.kind === 'safe-storage' && hasAppKeyEntries) {
    try {
      const appKey = await createNodeKeyCipher({ ...keyOptions, existingOnly: true });
      if (appKey) readers.push(appKey);
    } catch (error) {
      // A damaged key file or an unreachable keyring: the vault reports the key as missing.
      input.logger.warn({ reason: (error as { reason?: string }).reason ?? 'unknown' }, "browser mode's vault key could not be opened");
    }
  }
  return createVault({ dir: vaultDir, cipher, readers, recoveries, clock, ConfClass });
}
