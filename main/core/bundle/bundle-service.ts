import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { z } from 'zod';
import type {
  BundleMode,
  BundlePreview,
  BundleProgress,
  ExportPlan,
  ExportResult,
  ImportResult,
  PickedFile,
} from '../../../preload/contract/bundle-models.js';
import type { applyBundleSchema, previewBundleSchema } from '../../../preload/contract/bundle-schemas.js';
import type { ConnectionRecord } from '../connections/connection-record.js';
import type { ConnectionSecrets } from '../connections/connection-secrets.js';
import type { ConnectionStore } from '../connections/connection-store.js';
import type { ActivityLog } from '../domain/activity/activity-log.js';
import type { IntegrationRecord, IntegrationsDoc } from '../domain/integrations/integration-record.js';
import { SECRET_KEY, vaultNamespace } from '../domain/integrations/integration-service.js';
import type { OfferingsDoc } from '../domain/offerings/offering-record.js';
import type { SettingsDoc } from '../settings/settings-record.js';
import type { JsonStore } from '../storage/json-store.js';
import { isoNow, type Clock } from '../support/clock.js';
import { DeskError } from '../support/desk-error.js';
import type { Logger } from '../support/logger.js';
import { decryptBundle, encryptBundle } from './bundle-crypto.js';
import { type BuiltBundle, deliverBundle, type DeliveryDeps } from './bundle-delivery.js';
import { bundleFileName, newBundleFileIn, withBundleExtension, type FileDialogs } from './bundle-files.js';
import { BUNDLE_FORMAT, readBundleDoc, type BundleDoc, type BundleMigrations } from './bundle-format.js';
import { beginMove, endInterruptedMove, type PendingMove } from './connection-moves.js';
import { applyImport, type BundleVault } from './import-apply.js';
import { recordImport } from './import-audit.js';
import { planImport, previewOf, type LocalState } from './import-plan.js';
import type { MoveJournal } from './move-journal.js';

export interface BundleServiceDeps {
  offerings: JsonStore<OfferingsDoc>;
  integrations: JsonStore<IntegrationsDoc>;
  settings: JsonStore<SettingsDoc>;
  vault: BundleVault;
  /** The connection service's `bundleAccess`. */
  connections: {
    store: ConnectionStore;
    secrets: ConnectionSecrets;
    settle(connectionId: string): Promise<void>;
    changed(record: ConnectionRecord): void;
  };
  /** An integration's Callback URL on this machine. */
  callbackUrl(record: IntegrationRecord): string;
  /** Tell every window what changed after an import. */
  emitChanged(change: { offeringIds: string[]; integrationIds: string[]; connectionIntegrationIds: string[]; settings: boolean }): void;
  progress(update: BundleProgress): void;
  clock: Clock;
  logger: Logger;
  appVersion: string;
  dialogs?: FileDialogs;
  /** Tests lower age's scrypt work factor (default 18) to keep suites fast. */
  scryptWorkFactor?: number;
  migrations?: BundleMigrations;
  /** Moves in progress, on disk: a move a crash interrupted is ended at the next start. */
  moves?: MoveJournal;
  /**
   * Where a move delivered as a download (browser mode) keeps its bundle on this machine. The page
   * cannot tell main that it saved the file, so the tokens are erased only once this copy is durable.
   */
  keptMovesFolder?: string;
  /** The audit trail: each integration an import added or replaced gets its entries. */
  activity?: Pick<ActivityLog, 'prepareMany' | 'recordMany'>;
}

export type BundleService = ReturnType<typeof createBundleService>;

/** A decrypted bundle waiting for the admin's choices; in memory only, for a while. */
interface HeldPreview {
  doc: BundleDoc;
  fileName: string;
  at: number;
}

const PREVIEW_TTL_MS = 30 * 60_000;
const MAX_HELD_PREVIEWS = 4;
const MAX_FILE_BYTES = 256 * 1024 * 1024;

/**
 * Workspace bundles: encrypted export (configuration, or a move of the connections too), and import
 * with a preview and an all-or-nothing apply. Used by the IPC handlers, automatic backups and the CLI.
 */
export function createBundleService(deps: BundleServiceDeps) {
  const { clock, logger } = deps;
  const previews = new Map<string, HeldPreview>();
  const pickedFiles = new Map<string, string>();
  let applying = false;
  const newId = () => randomBytes(9).toString('base64url');

  // Moves a killed process left half-done: finished if their bundle is on disk, put back otherwise.
  // Only connections inside a delivered bundle are moved for good: the exported ones of all such
  // moves at once, so that ending one move never puts back what another one delivered.
  // A move that cannot be ended now (a store it needs cannot be read) stays in the journal for the
  // next start, logged: it never stops the app from starting.
  const endFailed = (error: unknown) =>
    logger.error({ reason: error instanceof Error ? error.name : 'unexpected' }, 'a move interrupted by the last run could not be ended; it is tried again at the next start');
  let interrupted: ReturnType<MoveJournal['interrupted']> = [];
  try {
    interrupted = deps.moves?.interrupted() ?? [];
  } catch (error) {
    endFailed(error);
  }
  const exported = new Set(interrupted.flatMap((move) => move.exported));
  for (const move of interrupted) {
    try {
      const existing = new Set(deps.integrations.get().integrations.map((i) => i.id));
      endInterruptedMove(deps.connections, move.integrationIds.filter((id) => existing.has(id)), exported, isoNow(clock));
      deps.moves!.end(move.id);
      logger.warn({ delivered: move.delivered }, 'a move interrupted by the last run was ended');
    } catch (error) {
      endFailed(error);
    }
  }

  const selected = (integrationIds: readonly string[]): IntegrationRecord[] => {
    const all = deps.integrations.get().integrations;
    if (integrationIds.length === 0) return [...all];
    // Each once: a bundle holding an integration twice is refused by the import (`bundle-format.ts`).
    return [...new Set(integrationIds)].map((id) => {
      const found = all.find((i) => i.id === id);
      if (!found) throw new DeskError('NOT_FOUND', 'One of the chosen integrations does not exist any more.');
      return found;
    });
  };

  const reporter = (operationId: string | undefined, phase: BundleProgress['phase']) => (done: number, total: number) => {
    if (operationId) deps.progress({ operationId, phase, done, total });
  };

  function plan(input: { integrationIds: string[]; mode: BundleMode }): ExportPlan {
    const integrations = selected(input.integrationIds);
    const connections = integrations.flatMap((i) => deps.connections.store.list(i.id)).filter((c) => c.status !== 'deleted' && c.status !== 'moved');
    const movable = connections.filter((c) => c.status === 'connected').length;
    const stem = integrations.length === 1 ? integrations[0]!.name : 'integrations';
    return {
      integrations: integrations.length,
      offerings: new Set(integrations.map((i) => i.offeringId)).size,
      movableConnections: movable,
      otherConnections: connections.length - movable,
      suggestedFileName: bundleFileName(stem, new Date(clock.now())),
    };
  }

  /**
   * Builds and encrypts a bundle. For a move, the connections are already out of service when this
   * returns: deliver the bytes, then `pending.finish()` (or `abort()` if delivery failed).
   */
  async function build(input: { integrationIds: string[]; mode: BundleMode; passphrase: string; operationId?: string }): Promise<BuiltBundle> {
    const integrations = selected(input.integrationIds);
    const offeringIds = new Set(integrations.map((i) => i.offeringId));
    const collecting = reporter(input.operationId, 'collecting');
    const items = integrations.map((record, n) => {
      const clientSecret = deps.vault.get(vaultNamespace(record.id), SECRET_KEY);
      collecting(n + 1, integrations.length);
      return { record, ...(clientSecret ? { clientSecret } : {}), callbackUrl: deps.callbackUrl(record) };
    });
    // A move is journalled before any connection is marked, and leaves the journal once it is
    // finished or put back (see `move-journal.ts`).
    const moveId = input.mode === 'move' ? deps.moves?.begin(integrations.map((i) => i.id)) : undefined;
    const endMove = () => {
      if (moveId !== undefined) deps.moves!.end(moveId);
    };
    let pending: PendingMove | undefined;
    try {
      const begun = input.mode === 'move' ? await beginMove(deps.connections, integrations.map((i) => i.id), isoNow(clock)) : undefined;
      pending = begun && {
        entries: begun.entries,
        finish: (at) => {
          begun.finish(at);
          endMove();
        },
        abort: () => {
          begun.abort();
          endMove();
        },
      };
    } catch (error) {
      endMove();
      throw error;
    }
    try {
      const doc: BundleDoc = {
        format: BUNDLE_FORMAT,
        app: { name: 'Integrations Desk', version: deps.appVersion },
        createdAt: isoNow(clock),
        mode: input.mode,
        settings: deps.settings.get(),
        offerings: deps.offerings.get().offerings.filter((o) => offeringIds.has(o.id)),
        integrations: items,
        connections: pending?.entries ?? [],
      };
      const bytes = await encryptBundle(JSON.stringify(doc), input.passphrase, {
        progress: reporter(input.operationId, 'encrypting'),
        scryptWorkFactor: deps.scryptWorkFactor,
      });
      return { bytes, integrations: integrations.length, ...(pending ? { pending } : {}), ...(moveId !== undefined ? { moveId } : {}) };
    } catch (error) {
      pending?.abort();
      throw error;
    }
  }

  const delivery = (operationId: string | undefined): DeliveryDeps => ({
    moves: deps.moves,
    clock,
    logger,
    writing: reporter(operationId, 'writing'),
    done: () => reporter(operationId, 'done')(1, 1),
  });

  /** Writes a bundle to `target` and completes a move once the file is on disk. */
  async function exportToFile(
    input: { integrationIds: string[]; mode: BundleMode; passphrase: string; operationId?: string },
    target: string,
  ): Promise<ExportResult> {
    return deliverBundle(await build(input), () => target, delivery(input.operationId));
  }

  return {
    plan,
    build,
    exportToFile,

    /** The IPC export: the save dialog (Electron) or a download (browser mode). */
    async export(input: { integrationIds: string[]; mode: BundleMode; passphrase: string; operationId: string; delivery: 'dialog' | 'download' }): Promise<ExportResult> {
      const suggested = plan(input).suggestedFileName;
      if (input.delivery === 'dialog') {
        if (!deps.dialogs) throw new DeskError('VALIDATION', 'There is no file dialog here: download the bundle instead.');
        const target = await deps.dialogs.saveBundle(suggested);
        if (!target) throw new DeskError('CANCELLED', 'Export cancelled: nothing was saved or moved.');
        return exportToFile(input, withBundleExtension(target));
      }
      const built = await build(input);
      if (built.pending && built.pending.entries.length > 0) {
        // Browser mode moving tokens: a download may never reach the disk (the tab closed, the save
        // refused), and the page cannot say it did. The tokens are erased here only once the bundle is
        // durable on this machine too, as the desktop path writes its file first.
        const kept = await deliverBundle(
          built,
          () => {
            if (!deps.keptMovesFolder) throw new DeskError('INTERNAL', 'There is no folder here to keep a moved bundle in.');
            return newBundleFileIn(deps.keptMovesFolder, suggested);
          },
          delivery(input.operationId),
          'on this computer',
        );
        return { ...kept, fileName: suggested, download: Buffer.from(built.bytes).toString('base64') };
      }
      // Nothing leaves this machine for good: the page saves the file.
      built.pending?.finish(isoNow(clock));
      reporter(input.operationId, 'done')(1, 1);
      logger.info({ integrations: built.integrations, bytes: built.bytes.length }, 'bundle exported for download');
      return { fileName: suggested, download: Buffer.from(built.bytes).toString('base64'), bytes: built.bytes.length, integrations: built.integrations, connectionsMoved: 0 };
    },

    async pickFile(): Promise<PickedFile> {
      if (!deps.dialogs) throw new DeskError('VALIDATION', 'There is no file dialog here: upload the bundle instead.');
      const file = await deps.dialogs.openBundle();
      if (!file) throw new DeskError('CANCELLED', 'No file chosen.');
      const fileId = newId();
      pickedFiles.set(fileId, file);
      // Only the last few picks are remembered (a path, not a secret, but no reason to keep many).
      while (pickedFiles.size > 8) pickedFiles.delete(pickedFiles.keys().next().value as string);
      return { fileId, fileName: path.basename(file) };
    },

    /** Reads and decrypts a bundle from bytes; nothing is written. */
    async previewBytes(bytes: Uint8Array, fileName: string, passphrase: string, operationId?: string): Promise<BundlePreview> {
      const text = await decryptBundle(bytes, passphrase, { progress: reporter(operationId, 'decrypting') });
      reporter(operationId, 'checking')(0, 1);
      const { doc, migratedFrom } = readBundleDoc(text, { appVersion: deps.appVersion, migrations: deps.migrations });
      const now = clock.now();
      for (const [id, held] of previews) if (now - held.at > PREVIEW_TTL_MS) previews.delete(id);
      while (previews.size >= MAX_HELD_PREVIEWS) previews.delete(previews.keys().next().value as string);
      const previewId = newId();
      previews.set(previewId, { doc, fileName, at: now });
      reporter(operationId, 'done')(1, 1);
      return previewOf(doc, localState(), { previewId, fileName, ...(migratedFrom !== undefined ? { migratedFrom } : {}) });
    },

    async previewFile(file: string, passphrase: string, operationId?: string): Promise<BundlePreview> {
      return this.previewBytes(await readBundleFile(file), path.basename(file), passphrase, operationId);
    },

    async preview(input: z.output<typeof previewBundleSchema>, backupsFolder?: string): Promise<BundlePreview> {
      const { source } = input;
      if ('upload' in source) {
        return this.previewBytes(new Uint8Array(Buffer.from(source.upload.data, 'base64')), source.upload.fileName, input.passphrase, input.operationId);
      }
      if ('fileId' in source) {
        const file = pickedFiles.get(source.fileId);
        if (!file) throw new DeskError('NOT_FOUND', 'Choose the file again.');
        return this.previewFile(file, input.passphrase, input.operationId);
      }
      if (!backupsFolder) throw new DeskError('NOT_FOUND', 'Automatic backups are not set up.');
      // The schema allows a plain file name only, so this stays inside the backups folder.
      return this.previewFile(path.join(backupsFolder, source.backup), input.passphrase, input.operationId);
    },

    /** Applies a preview with the admin's choices, all or nothing. */
    async apply(input: z.output<typeof applyBundleSchema>): Promise<ImportResult> {
      const held = previews.get(input.previewId);
      if (!held) throw new DeskError('NOT_FOUND', 'This preview has expired: open the bundle again.');
      const now = isoNow(clock);
      const importPlan = planImport(held.doc, localState(), input.choices, {
        integration: () => `int_${newId()}`,
        connection: () => randomUUID(),
        now,
      });
      const settings = input.applySettings ? held.doc.settings : undefined;
      if (applying) throw new DeskError('CONFLICT', 'Another import is being applied: wait for it to finish.');
      applying = true;
      await applyImport(importPlan, settings, {
        offerings: deps.offerings,
        integrations: deps.integrations,
        settings: deps.settings,
        vault: deps.vault,
        connections: deps.connections.store,
        logger,
        progress: reporter(input.operationId, 'applying'),
      }).finally(() => (applying = false));
      previews.delete(input.previewId);
      reporter(input.operationId, 'done')(1, 1);
      const integrationIds = importPlan.writes.map((w) => w.record.id);
      deps.emitChanged({
        offeringIds: importPlan.offeringsToAdd.map((o) => o.id),
        integrationIds,
        connectionIntegrationIds: importPlan.writes.filter((w) => w.connections.length > 0).map((w) => w.record.id),
        settings: settings !== undefined,
      });
      const result: ImportResult = {
        added: importPlan.writes.filter((w) => w.kind === 'add').length - importPlan.keptBoth,
        replaced: importPlan.writes.filter((w) => w.kind === 'replace').length,
        keptBoth: importPlan.keptBoth,
        skipped: importPlan.skipped,
        connections: importPlan.writes.reduce((n, w) => n + w.connections.length, 0),
        integrationIds,
        settingsApplied: settings !== undefined,
      };
      if (deps.activity) await recordImport(deps.activity, importPlan.writes, logger);
      logger.info({ ...result, integrationIds: undefined }, 'bundle imported');
      return result;
    },

    discard(previewId: string): { previewId: string } {
      previews.delete(previewId);
      return { previewId };
    },
  };

  function localState(): LocalState {
    const integrations = deps.integrations.get().integrations;
    return {
      offerings: deps.offerings.get().offerings,
      integrations,
      settings: deps.settings.get(),
      connectionHome: (id) => deps.connections.store.find(id)?.integrationId,
      callbackUrlHere: (record) => deps.callbackUrl(record),
      // Its vault shard (secret, tokens: connections without it cannot work), probed without opening
      // it: a shard opened here could not be written as new.
      heldHere: (id) => deps.vault.holds(vaultNamespace(id)),
      // Asked of local integrations only (a replace), whose shards are never written as new.
      secretHere: (id) => deps.vault.has(vaultNamespace(id), SECRET_KEY),
    };
  }
}

async function readBundleFile(file: string): Promise<Uint8Array> {
  let stat;
  try {
    stat = await fs.stat(file);
  } catch {
    throw new DeskError('NOT_FOUND', 'That bundle file could not be found.');
  }
  if (!stat.isFile()) throw new DeskError('VALIDATION', 'That is not a bundle file.');
  if (stat.size > MAX_FILE_BYTES) throw new DeskError('VALIDATION', 'That file is far too large to be a bundle.');
  return new Uint8Array(await fs.readFile(file));
}
