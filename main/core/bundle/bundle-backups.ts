import fs from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { BackupFile, BackupStatus } from '../../../preload/contract/bundle-models.js';
import type { JsonStore } from '../storage/json-store.js';
import type { Clock } from '../support/clock.js';
import { DeskError } from '../support/desk-error.js';
import type { Logger } from '../support/logger.js';
import { BUNDLE_EXTENSION } from './bundle-files.js';
import type { BundleService } from './bundle-service.js';

export const backupsDocSchema = z.object({
  enabled: z.boolean(),
  folder: z.string().optional(),
  keep: z.number().int().min(1).max(365),
  lastBackupAt: z.string().optional(),
  lastError: z.string().optional(),
});
export type BackupsDoc = z.infer<typeof backupsDocSchema>;
export const defaultBackups = (): BackupsDoc => ({ enabled: false, keep: 7 });

/** The backups' passphrase lives in the vault, like every secret; it never leaves main. */
const VAULT_NAMESPACE = 'bundle-backups';
const VAULT_KEY = 'passphrase';
const DAY_MS = 24 * 60 * 60_000;
const CHECK_EVERY_MS = 60 * 60_000;
const FILE_PATTERN = /^integrations-desk-backup-(\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}Z)\.deskbundle$/;

export interface BackupsDeps {
  store: JsonStore<BackupsDoc>;
  vault: {
    get(namespace: string, key: string): string | undefined;
    has(namespace: string, key: string): boolean;
    put(namespace: string, key: string, secret: string): void;
  };
  bundles: Pick<BundleService, 'exportToFile'>;
  clock: Clock;
  logger: Logger;
  /** How often to look whether a backup is due (default hourly); tests shorten it or pass 0 (no timer). */
  checkEveryMs?: number;
}

export type Backups = ReturnType<typeof startBackups>;

/** `integrations-desk-backup-2026-05-01T09-30-00Z.deskbundle`: sortable, and recognisable for pruning. */
export const backupFileName = (at: Date): string => `integrations-desk-backup-${at.toISOString().slice(0, 19).replace(/:/g, '-')}Z${BUNDLE_EXTENSION}`;

/**
 * Automatic local backups (opt-in): once a day, an encrypted configuration-only bundle of every
 * integration is written to a folder the admin chose, and only the newest `keep` are kept (only files
 * this feature named are ever deleted). Restoring one goes through the ordinary import.
 *
 * Configuration only, never connections: a backup that carried refresh tokens would be a second copy
 * of them, which rotation punishes (see `connection-moves.ts`).
 */
export function startBackups(deps: BackupsDeps) {
  const { store, clock, logger } = deps;
  let running: Promise<void> | undefined;
  let timer: NodeJS.Timeout | undefined;

  const passphrase = () => deps.vault.get(VAULT_NAMESPACE, VAULT_KEY);
  /** Whether one is stored, without decrypting it: a locked vault (a vault passphrase) cannot be read. */
  const passphraseSet = () => deps.vault.has(VAULT_NAMESPACE, VAULT_KEY);

  async function list(): Promise<BackupFile[]> {
    const folder = store.get().folder;
    if (!folder) return [];
    let names: string[];
    try {
      names = await fs.readdir(folder);
    } catch {
      return [];
    }
    const files: BackupFile[] = [];
    for (const name of names) {
      const match = FILE_PATTERN.exec(name);
      if (!match) continue;
      const stat = await fs.stat(path.join(folder, name)).catch(() => undefined);
      if (!stat?.isFile()) continue;
      files.push({ name, at: match[1]!.replace(/T(\d{2})-(\d{2})-(\d{2})Z/, 'T$1:$2:$3Z'), bytes: stat.size });
    }
    return files.sort((a, b) => b.name.localeCompare(a.name));
  }

  async function status(): Promise<BackupStatus> {
    const doc = store.get();
    const next = doc.enabled && doc.folder ? new Date(dueAt(doc)).toISOString() : undefined;
    return {
      enabled: doc.enabled,
      ...(doc.folder ? { folder: doc.folder } : {}),
      keep: doc.keep,
      passphraseSet: passphraseSet(),
      ...(doc.lastBackupAt ? { lastBackupAt: doc.lastBackupAt } : {}),
      ...(doc.lastError ? { lastError: doc.lastError } : {}),
      ...(next ? { nextBackupAt: next } : {}),
      files: await list(),
    };
  }

  async function runBackup(): Promise<void> {
    const doc = store.get();
    const secret = passphrase();
    if (!doc.folder || !secret) throw new DeskError('NOT_CONFIGURED', 'Choose a folder and a passphrase for the backups first.');
    const at = new Date(clock.now());
    try {
      await fs.mkdir(doc.folder, { recursive: true, mode: 0o700 });
      await deps.bundles.exportToFile({ integrationIds: [], mode: 'configuration', passphrase: secret }, path.join(doc.folder, backupFileName(at)));
      const files = await list();
      for (const old of files.slice(doc.keep)) await fs.rm(path.join(doc.folder, old.name), { force: true });
      store.update((d) => {
        const { lastError: _cleared, ...rest } = d;
        return { ...rest, lastBackupAt: at.toISOString() };
      });
      logger.info({ kept: Math.min(files.length, doc.keep) }, 'automatic backup written');
    } catch (error) {
      const message = error instanceof DeskError ? error.message : 'The backup could not be written to that folder.';
      store.update((d) => ({ ...d, lastError: `${at.toISOString().slice(0, 16).replace('T', ' ')}: ${message}` }));
      throw error instanceof DeskError ? error : new DeskError('INTERNAL', message);
    }
  }

  /** One backup at a time; callers share the one running. */
  const backupNow = (): Promise<void> => {
    running ??= runBackup().finally(() => (running = undefined));
    return running;
  };

  /**
   * When the next backup is due: a day after the last one, or now. A last backup later than the clock
   * (the clock was set back) makes one due now: else none would be written until the clock caught up.
   */
  const dueAt = (doc: BackupsDoc): number => {
    const now = clock.now();
    const last = doc.lastBackupAt ? Date.parse(doc.lastBackupAt) : Number.NaN;
    return Number.isNaN(last) || last > now ? now : Math.max(now, last + DAY_MS);
  };

  const due = (): boolean => {
    const doc = store.get();
    if (!doc.enabled || !doc.folder || !passphraseSet()) return false;
    return clock.now() >= dueAt(doc);
  };

  /**
   * Runs a backup when one is due (the timer calls it hourly; errors are kept for the Settings page).
   * Never rejects: its timer has no one to catch it (a locked vault, for one, makes the backup fail).
   */
  async function tick(): Promise<void> {
    try {
      if (!due()) return;
      await backupNow();
    } catch (error) {
      logger.warn({ reason: error instanceof DeskError ? error.code : 'unexpected' }, 'automatic backup failed');
    }
  }

  const every = deps.checkEveryMs ?? CHECK_EVERY_MS;
  if (every > 0) {
    const schedule = () => {
      timer = setTimeout(() => void tick().finally(schedule), every);
      timer.unref();
    };
    schedule();
  }

  return {
    status,
    tick,
    async backupNow(): Promise<BackupStatus> {
      await backupNow();
      return status();
    },
    async configure(input: { enabled: boolean; folder?: string; keep: number; passphrase?: string }): Promise<BackupStatus> {
      const folder = input.folder?.trim() || undefined;
      if (folder !== undefined && !path.isAbsolute(folder)) {
        throw new DeskError('VALIDATION', 'Give the full path of the folder.', { folder: 'Give the full path of the folder' });
      }
      if (input.enabled && !folder) throw new DeskError('VALIDATION', 'Choose a folder for the backups.', { folder: 'Choose a folder for the backups' });
      if (input.enabled && !input.passphrase && !passphraseSet()) {
        throw new DeskError('VALIDATION', 'Choose a passphrase for the backups.', { passphrase: 'Choose a passphrase for the backups' });
      }
      if (input.passphrase) deps.vault.put(VAULT_NAMESPACE, VAULT_KEY, input.passphrase);
      store.update((d) => ({ ...d, enabled: input.enabled, keep: input.keep, ...(folder ? { folder } : { folder: undefined }) }));
      return status();
    },
    /** The folder restores read from (a plain file name inside it, checked by the contract's schema). */
    folder: () => store.get().folder,
    stop(): void {
      clearTimeout(timer);
    },
  };
}
