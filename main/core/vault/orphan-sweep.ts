import fs from 'node:fs';
import { storeFile } from '../storage/shard-name.js';
import { vaultNamespacesInBackground } from './vault-meta.js';

export interface OrphanSweepOptions {
  /** The vault folder (`<data dir>/vault`). */
  vaultDir: string;
  /** Namespaces of this kind are swept when no live record names them, e.g. `integration-`. */
  prefix: string;
  /** The namespaces the stores point at, read when the sweep begins (after the folder is listed). */
  live(): ReadonlySet<string>;
  /**
   * Whether to stop: checked after `live()` was read, since that read may be the first of a lazily
   * read store (issue 15: the integrations), which restores a damaged document from its backup then.
   */
  stop?(): boolean;
  /** Removes one namespace through the vault (so its cached handle goes too). */
  remove(namespace: string): void;
  /** Only shards untouched for this long go: another process on the same folder may be mid-create. */
  olderThanMs?: number;
  now?: number;
}

/**
 * Deletes vault shards that no record points at; returns the namespaces removed.
 *
 * Creating an integration writes its secret first and its record second, so a crash in between leaves a
 * shard nothing refers to (encrypted, but a secret kept for no one). Run once at start-up, and never
 * after a store was restored from a backup: an older `integrations.json` would make newer shards look
 * orphaned, and the admin may still want them back.
 *
 * It runs in the background while the app is already in use (issue 15), so the live set is read after
 * the folder listing, and a shard created meanwhile is young: both keep a new integration's secret.
 */
export async function sweepOrphanedShards(options: OrphanSweepOptions): Promise<string[]> {
  const olderThanMs = options.olderThanMs ?? 60_000;
  const now = options.now ?? Date.now();
  const removed: string[] = [];
  const namespaces = await vaultNamespacesInBackground(options.vaultDir);
  const live = options.live();
  if (options.stop?.()) return removed;
  for (const namespace of namespaces) {
    if (!namespace.startsWith(options.prefix) || live.has(namespace)) continue;
    try {
      const { mtimeMs } = await fs.promises.stat(storeFile(options.vaultDir, namespace));
      if (now - mtimeMs < olderThanMs) continue;
    } catch {
      continue;
    }
    // Checked again: an integration may have been saved with it while this sweep awaited the disk.
    if (options.live().has(namespace) || options.stop?.()) continue;
    options.remove(namespace);
    removed.push(namespace);
  }
  return removed;
}
