import fs from 'node:fs';
import path from 'node:path';
import { storeFile, storeNameToStem, stemToSegment } from './shard-name.js';
import { fsyncDir, unlinkIfExists } from './private-fs.js';
import { TEMP_FILE } from './temp-files.js';

/**
 * List the stores in one folder of the data dir, by their last name segment.
 *
 * `listShards(dir, 'connections')` → `['int_Ab3…', …]`, each openable as `connections/<id>`; `''` lists
 * the top level. Backups, quarantined files and temp files are not stores and are left out. One
 * directory read, whatever the number of shards.
 */
export function listShards(dir: string, folder: string): string[] {
  return storeNames(readEntries(() => fs.readdirSync(folderPath(dir, folder), { withFileTypes: true })));
}

/** `listShards` without blocking: the directory is read on libuv's thread pool (start-up's tidying). */
export async function listShardsInBackground(dir: string, folder: string): Promise<string[]> {
  return storeNames(await readEntriesAsync(fs.promises.readdir(folderPath(dir, folder), { withFileTypes: true })));
}

const folderPath = (dir: string, folder: string) => (folder === '' ? dir : path.join(dir, storeNameToStem(folder)));

/** The store names among a folder's entries, sorted: `.json` files whose stem is a store name. */
function storeNames(entries: fs.Dirent[]): string[] {
  const names: string[] = [];
  for (const entry of entries) {
    if (!entry.isFile() || !entry.name.endsWith('.json')) continue;
    const name = stemToSegment(entry.name.slice(0, -'.json'.length));
    if (name !== undefined) names.push(name);
  }
  return names.sort();
}

/** A missing folder lists as empty. */
function readEntries<T>(read: () => T[]): T[] {
  try {
    return read();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

async function readEntriesAsync<T>(read: Promise<T[]>): Promise<T[]> {
  try {
    return await read;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

/**
 * Delete a store's file and its backup (e.g. `connections/<id>` when an integration is deleted).
 *
 * The backup goes first: if the process dies in between, the store still exists and the deletion can
 * be retried, whereas a lone backup would be read as a vanished file and restored. Quarantined copies
 * are kept (they are the admin's, to delete by hand). Returns whether the store existed. Handles
 * opened on this store must not be used afterwards: their next write would recreate it.
 */
export function deleteShard(dir: string, name: string): boolean {
  const file = storeFile(dir, name);
  unlinkIfExists(`${file}.bak`);
  unlinkIfExists(`${file}.bak.tmp`);
  const existed = unlinkIfExists(file);
  fsyncDir(path.dirname(file));
  return existed;
}


/**
 * Remove the temp files that writes interrupted by a crash left in one folder; resolves to how many.
 *
 * Opening a store does not look for them (that would read the whole folder for each of thousands of
 * shards), so the app calls this once per folder after start-up, in the background (issue 15: with
 * 10,000 integrations these folder reads were a third of the start). Only files older than
 * `olderThanMs` go, so that a write in progress, here or in another process, is never disturbed.
 */
export async function removeStaleTempFiles(dir: string, folder: string, olderThanMs = 60_000, now = Date.now()): Promise<number> {
  const target = folderPath(dir, folder);
  const names = await readEntriesAsync(fs.promises.readdir(target));
  let removed = 0;
  for (const name of names) {
    if (!TEMP_FILE.test(name)) continue;
    const file = path.join(target, name);
    try {
      if (now - (await fs.promises.stat(file)).mtimeMs >= olderThanMs && unlinkIfExists(file)) removed += 1;
    } catch {
      // Gone meanwhile, or not ours to remove: leave it.
    }
  }
  return removed;
}

/**
 * List the folders inside one folder of the data dir, by their name segment (e.g. the audit trail's
 * per-integration folders under `audit`), so start-up can tidy each. One directory read.
 */
export async function listShardFolders(dir: string, folder: string): Promise<string[]> {
  const entries = await readEntriesAsync(fs.promises.readdir(path.join(dir, storeNameToStem(folder)), { withFileTypes: true }));
  const names: string[] = [];
  for (const entry of entries) {
    const name = entry.isDirectory() ? stemToSegment(entry.name) : undefined;
    if (name !== undefined) names.push(name);
  }
  return names.sort();
}
