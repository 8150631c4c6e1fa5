import type { ConnectionService } from '../connections/connection-service.js';
import type { ActivityLog } from '../domain/activity/activity-log.js';
import type { IntegrationRecord, IntegrationsDoc } from '../domain/integrations/integration-record.js';
import type { OfferingsDoc } from '../domain/offerings/offering-record.js';
import type { SettingsDoc } from '../settings/settings-record.js';
import type { JsonStore } from '../storage/json-store.js';
import type { Clock } from '../support/clock.js';
import type { EventBus } from '../support/event-bus.js';
import type { Logger } from '../support/logger.js';
import type { Vault } from '../vault/vault.js';
import { backupsDocSchema, defaultBackups, startBackups, type BackupsDoc } from './bundle-backups.js';
import type { FileDialogs } from './bundle-files.js';
import { createBundleHandlers } from './bundle-handlers.js';
import { createBundleService } from './bundle-service.js';
import { createMoveJournal, emptyMoveJournal, moveJournalDocSchema, type MoveJournalDoc } from './move-journal.js';

export interface BundleFeatureDeps {
  open<T>(name: string, schema: import('zod').ZodType<T>, defaults: T): JsonStore<T>;
  offerings: JsonStore<OfferingsDoc>;
  integrations: JsonStore<IntegrationsDoc>;
  settings: JsonStore<SettingsDoc>;
  vault: Vault;
  connections: ConnectionService;
  callbackUrl(record: IntegrationRecord): string;
  /** Tells every window the settings changed (an import applied the bundle's). */
  settingsChanged(): void;
  events: EventBus;
  clock: Clock;
  logger: Logger;
  appVersion: string;
  dialogs?: FileDialogs;
  /** Where a move delivered as a download keeps its bundle on this machine (see `bundle-service.ts`). */
  keptMovesFolder: string;
  scryptWorkFactor?: number;
  backupCheckEveryMs?: number;
  /** The audit trail (imports are recorded in it). */
  activity?: Pick<ActivityLog, 'prepareMany' | 'recordMany'>;
}

export type BundleFeature = ReturnType<typeof createBundleFeature>;

/** Workspace bundles and automatic backups, built from the core's stores (issue 16). */
export function createBundleFeature(deps: BundleFeatureDeps) {
  const { events } = deps;
  const bundles = createBundleService({
    offerings: deps.offerings,
    integrations: deps.integrations,
    settings: deps.settings,
    vault: deps.vault,
    connections: deps.connections.bundleAccess,
    callbackUrl: deps.callbackUrl,
    emitChanged({ offeringIds, integrationIds, connectionIntegrationIds, settings }) {
      if (offeringIds.length > 0) events.emit('offerings.changed', { ids: offeringIds });
      if (integrationIds.length > 0) events.emit('integrations.changed', { ids: integrationIds });
      // Only where connections arrived: each event makes listeners (tray, audit) look at that integration.
      for (const integrationId of connectionIntegrationIds) events.emit('connections.changed', { integrationId, ids: [] });
      if (settings) deps.settingsChanged();
    },
    progress: (update) => events.emit('bundle.progressed', update),
    clock: deps.clock,
    logger: deps.logger,
    appVersion: deps.appVersion,
    dialogs: deps.dialogs,
    keptMovesFolder: deps.keptMovesFolder,
    scryptWorkFactor: deps.scryptWorkFactor,
    ...(deps.activity ? { activity: deps.activity } : {}),
    moves: createMoveJournal(deps.open<MoveJournalDoc>('bundle-moves', moveJournalDocSchema, emptyMoveJournal())),
  });
  const backups = startBackups({
    store: deps.open<BackupsDoc>('bundle-backups', backupsDocSchema, defaultBackups()),
    vault: deps.vault,
    bundles,
    clock: deps.clock,
    logger: deps.logger,
    checkEveryMs: deps.backupCheckEveryMs,
  });
  return {
    bundles,
    backups,
    handlers: createBundleHandlers({ bundles, backups, dialogs: deps.dialogs }),
    dispose: () => backups.stop(),
  };
}
