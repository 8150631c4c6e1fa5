import fs from 'node:fs';
import path from 'node:path';
import { storeNameToStem, stemToSegment } from './shard-name.js';
import { fsyncDir, unlinkIfExists } from './private-fs.js';

/**
 * List the stores in one folder of the data dir, by their last name segment.
 *
 * `listShards(dir, 'connections')` → `['int_Ab3…', …]`, each openable as `connections/<id>`; `''` lists
 * the top level. Backups, quarantined files and temp files are not stores and are left out. One
 * directory read, whatever the number of shards.
 */
export function listShards(dir: string, folder: string): string[] {
  const target = folder === '' ? dir : path.join(dir, storeNameToStem(folder));
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(target, { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const names: string[] = [];
  for (const entry of entries) {
    if (!entry.isFile() || !entry.name.endsWith('.json')) continue;
    const name = stemToSegment(entry.name.slice(0, -'.json'.length));
    if (name !== undefined) names.push(name);
  }
  return names.sort();
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
  const file = path.join(dir, `${storeNameToStem(name)}.json`);
  unlinkIfExists(`${file}.bak`);
  unlinkIfExists(`${file}.bak.tmp`);
  const existed = unlinkIfExists(file);
  fsyncDir(path.dirname(file));
  return existed;
}
