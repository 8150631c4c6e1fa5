import fs from 'node:fs';
import path from 'node:path';
import type { RecoveryLog } from './storage/recovery-log.js';
import { listShardFolders, removeStaleTempFiles } from './storage/shards.js';
import type { Logger } from './support/logger.js';
import { sweepOrphanedShards } from './vault/orphan-sweep.js';

export interface DataFolderTidyDeps {
  dir: string;
  recoveries: RecoveryLog;
  /** The vault namespaces that integration records point at, read when the sweep begins. */
  liveNamespaces(): ReadonlySet<string>;
  /** The file those records are read from (`integrations.json`). */
  recordsFile: string;
  /** The prefix of the namespaces the sweep may remove (`integration-`). */
  namespacePrefix: string;
  removeNamespace(namespace: string): void;
  now(): number;
  logger: Logger;
}

export interface TidyReport {
  tempFiles: number;
  orphanedShards: number;
}

/**
 * What a crash can leave in the data folder, cleared after start-up (issue 13), in the background.
 *
 * Temp files of interrupted writes (each store is intact: writes end in an atomic rename) and vault
 * shards whose integration record was never written. Neither is read by anything, so nothing waits for
 * this: with 10,000 integrations the folder reads alone (`connections/` and `vault/` hold 20,000 files
 * each) were a third of the start-up (issue 15), and they now run on libuv's thread pool while the
 * window shows its first list. Only files older than a minute go (a write in progress is never
 * touched), and nothing is swept after a store was restored from its backup (see `orphan-sweep.ts`)
 * nor when the records file was missing as the live set was read: its store then starts from its
 * defaults (with both the file and its backup gone there is nothing to restore, nor a recovery to
 * report), and an empty list that is not the admin's would make every client secret look orphaned.
 * Never fails: a folder it cannot tidy is logged and left for the next start.
 */
export async function tidyDataFolder(deps: DataFolderTidyDeps): Promise<TidyReport> {
  const { dir } = deps;
  const report: TidyReport = { tempFiles: 0, orphanedShards: 0 };
  try {
    const folders = ['', 'activity', 'connections', 'vault', ...(await listShardFolders(dir, 'audit')).map((stream) => `audit/${stream}`)];
    for (const folder of folders) report.tempFiles += await removeStaleTempFiles(dir, folder, 60_000, deps.now());
    let recordsMissing: boolean | undefined;
    const removed = await sweepOrphanedShards({
      vaultDir: path.join(dir, 'vault'),
      prefix: deps.namespacePrefix,
      live: deps.liveNamespaces,
      // Checked after the live set is read, as the integrations are read lazily (issue 15): that read
      // may be the one that restores them. Whether their file was there is decided at that first check:
      // a file created afterwards (the admin's first new integration) does not hold the older records.
      stop: () => {
        recordsMissing ??= !fs.existsSync(deps.recordsFile);
        return recordsMissing || deps.recoveries.list().length > 0;
      },
      remove: deps.removeNamespace,
      now: deps.now(),
    });
    report.orphanedShards = removed.length;
  } catch (error) {
    deps.logger.warn({ code: (error as NodeJS.ErrnoException).code }, 'the data folder could not be tidied; it is tried again at the next start');
  }
  if (report.tempFiles + report.orphanedShards > 0) deps.logger.info(report, 'data folder tidied after an interrupted run');
  return report;
}
