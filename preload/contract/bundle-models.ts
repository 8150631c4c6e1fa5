/**
 * The bundle domain's shapes as they cross to the renderer (issue 16: move or back up a workspace).
 *
 * No passphrase, client secret or token ever appears here: the passphrase goes renderer → main only,
 * and a preview describes integrations by name, client id and dates.
 */

/** `configuration`: offerings, integrations, client secrets, settings. `move`: the same plus connections. */
export type BundleMode = 'configuration' | 'move';

/** What the export form shows before the admin confirms. */
export interface ExportPlan {
  integrations: number;
  offerings: number;
  /** Connections a move would take along (connected ones); they stop working here after the export. */
  movableConnections: number;
  /** Connections that stay here whatever the mode (expired, revoked: they hold no live token). */
  otherConnections: number;
  suggestedFileName: string;
}

export interface ExportResult {
  fileName: string;
  /**
   * Where the file was written: the admin's choice (save dialog), or, for a move delivered as a
   * download, the copy kept in the data folder before the tokens were erased here.
   */
  savedTo?: string;
  /** Browser mode: the encrypted bundle, base64, for the page to download. */
  download?: string;
  bytes: number;
  integrations: number;
  /** Connections now marked "moved to another machine" here. */
  connectionsMoved: number;
}

/** A file main opened through the system dialog; the renderer refers to it by id, never by path. */
export interface PickedFile {
  fileId: string;
  fileName: string;
}

export type ConflictChoice = 'keep' | 'replace' | 'keep-both';

export interface PreviewIntegration {
  /** The integration's id in the bundle; choices are keyed by it. */
  bundleId: string;
  name: string;
  offeringName: string;
  clientId: string;
  /** Connections the bundle carries for it (a move). */
  connections: number;
  state: 'new' | 'conflict';
  conflict?: {
    localId: string;
    localName: string;
    /** What matched: the same integration (id), or another one with the same name or client id. */
    by: Array<'id' | 'name' | 'clientId'>;
    /** Which side was changed last (`updatedAt`). */
    newer: 'bundle' | 'local' | 'same';
  };
  /** The Callback URL it will have here, and the one it had where it was exported. */
  callbackUrl: { here: string; there: string; differs: boolean };
}

export interface BundlePreview {
  previewId: string;
  fileName: string;
  mode: BundleMode;
  createdAt: string;
  appVersion: string;
  format: number;
  /** Set when the bundle was written in an older format and migrated on reading. */
  migratedFrom?: number;
  offerings: Array<{ id: string; name: string; state: 'new' | 'existing' }>;
  integrations: PreviewIntegration[];
  /** The bundle's settings differ from this machine's (applied only when asked). */
  settingsDiffer: boolean;
}

export interface ImportResult {
  added: number;
  replaced: number;
  keptBoth: number;
  skipped: number;
  connections: number;
  /** Local ids of the integrations written (all draft until verified here). */
  integrationIds: string[];
  settingsApplied: boolean;
}

export interface BackupFile {
  name: string;
  at: string;
  bytes: number;
}

export interface BackupStatus {
  enabled: boolean;
  folder?: string;
  keep: number;
  passphraseSet: boolean;
  lastBackupAt?: string;
  lastError?: string;
  nextBackupAt?: string;
  files: BackupFile[];
}

export interface BundleProgress {
  operationId: string;
  phase: 'collecting' | 'encrypting' | 'writing' | 'reading' | 'decrypting' | 'checking' | 'applying' | 'done';
  done: number;
  total: number;
}
