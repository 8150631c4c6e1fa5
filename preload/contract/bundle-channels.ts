import type { BackupStatus, BundlePreview, BundleProgress, ExportPlan, ExportResult, ImportResult, PickedFile } from './bundle-models.js';
import {
  applyBundleSchema,
  configureBackupsSchema,
  exportBundleSchema,
  exportPlanSchema,
  previewBundleSchema,
  previewIdSchema,
} from './bundle-schemas.js';
import { channel, event } from './define.js';
import { noInput } from './schemas.js';

/**
 * Channels of workspace bundles (issue 16): encrypted export, import with a preview, local backups.
 * Merged into the contract's single channel map in `channels.ts`.
 *
 * The passphrase travels renderer → main only; no response or event carries it, a secret or a token.
 */
export const bundleChannels = {
  /** What an export of these integrations would contain (and move), before the admin confirms. */
  'bundle.plan': channel<ExportPlan>()(exportPlanSchema),
  /** Encrypts and saves (Electron: save dialog) or returns (browser mode: download) a bundle. */
  'bundle.export': channel<ExportResult>()(exportBundleSchema),
  /** Electron: the open dialog; the file is then named by id. Browser mode uploads instead. */
  'bundle.pickFile': channel<PickedFile>()(noInput),
  /** Decrypts and reads a bundle; nothing is written yet. */
  'bundle.preview': channel<BundlePreview>()(previewBundleSchema),
  /** Applies a preview with the admin's choices, all or nothing. */
  'bundle.apply': channel<ImportResult>()(applyBundleSchema),
  'bundle.discard': channel<{ previewId: string }>()(previewIdSchema),

  'bundle.backups': channel<BackupStatus>()(noInput),
  'bundle.configureBackups': channel<BackupStatus>()(configureBackupsSchema),
  /** Electron: a folder dialog for the backups. Browser mode types the path. */
  'bundle.pickBackupFolder': channel<{ folder: string }>()(noInput),
  'bundle.backupNow': channel<BackupStatus>()(noInput),
} as const;

export const bundleEvents = {
  /** Progress of a long export, import or backup, for the progress bar. */
  'bundle.progressed': event<BundleProgress>(),
} as const;
