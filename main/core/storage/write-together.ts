import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { asGroupCommit } from './group-commits.js';
import { PRIVATE_FILE_MODE } from './private-fs.js';
import type { PreparedWrite } from './json-store.js';
import { StoreError } from './store-error.js';
import { tempFileFor } from './temp-files.js';

/** How often a group is recomputed when another write to one of its stores came in between. */
const ATTEMPTS = 5;

/**
 * Writes several stores' documents as one durable step: one round of fsyncs, not one per store.
 *
 * Issue 15: a completed sign-in wrote the tokens (vault shard) and then the connection record
 * (connections shard), each as its own durable write — temp file, fsync, rename, fsync of the folder
 * — so the sign-in waited for four fsyncs in a row. Here every temp file is written and fsynced at
 * once (the kernel commits them together), the renames follow in the order given, and the folders are
 * fsynced at once. The sign-in waits for about one store write's worth of fsyncs.
 *
 * Crash safety is that of the writes one after another:
 * - Each file is complete or absent (temp file, fsync, rename), as with `JsonStore.set`.
 * - The renames run in the order given, synchronously, with nothing in between: a process killed at
 *   any point leaves a prefix of them (e.g. the tokens without the record, which the record never
 *   points at: harmless, as before), never a later write without an earlier one.
 * - The promise resolves only after the folders were fsynced: nothing is acknowledged before it is
 *   durable. (A power cut between the renames and the folder fsyncs: journaling file systems — ext4,
 *   APFS, NTFS — commit metadata in order, so a later rename is not durable without an earlier one.)
 * - Each document is computed from its store's current one (`prepare`); if another write to one of
 *   the stores lands while the fsyncs run (the event loop is free meanwhile), the group is recomputed
 *   and written again rather than overwriting that write.
 *
 * Temp files are named like atomically's (`<file>.tmp-<10 digits><6 hex>`), so start-up sweeps any
 * that a crash leaves (`removeStaleTempFiles`).
 */
export function writeTogether(prepare: () => readonly PreparedWrite<unknown>[]): Promise<void> {
  // The stores' backups of the adopted documents wait for the folder fsyncs (`afterGroupCommits`).
  return asGroupCommit(() => commitGroup(prepare));
}

async function commitGroup(prepare: () => readonly PreparedWrite<unknown>[]): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    const writes = prepare();
    const temps = writes.map((w) => tempFileFor(w.file));
    // The folders are opened while the files are written, so the folder round is one fsync each.
    const folders = [...new Set(writes.map((w) => path.dirname(w.file)))].map(openFolder);
    try {
      await Promise.all(writes.map((w, i) => writeDurably(temps[i]!, w.text)));
    } catch (error) {
      closeFolders(folders);
      await removeAll(temps);
      const code = (error as NodeJS.ErrnoException).code;
      throw new StoreError('STORE_IO', `The sign-in could not be saved${typeof code === 'string' ? ` (${code})` : ''}.`);
    }
    if (!writes.every((w) => w.isCurrent())) {
      closeFolders(folders);
      await removeAll(temps);
      if (attempt < ATTEMPTS) continue;
      throw new StoreError('STORE_IO', 'The sign-in could not be saved: its files kept changing. Try again.');
    }
    // The commit: renames in order, each store adopting its document in the same synchronous step. A
    // rename that fails (EISDIR, EACCES, EXDEV) ends the group there: the writes before it stay (a
    // prefix, as a crash would leave), the later ones are not made and their temp files are removed.
    for (const [i, w] of writes.entries()) {
      try {
        fs.renameSync(temps[i]!, w.file);
      } catch (error) {
        closeFolders(folders);
        await removeAll(temps.slice(i));
        const code = (error as NodeJS.ErrnoException).code;
        throw new StoreError('STORE_IO', `The sign-in could not be saved${typeof code === 'string' ? ` (${code})` : ''}.`);
      }
      w.adopt();
    }
    // As `private-fs.ts`'s `fsyncDir`, off the main thread so the folders are synced in parallel.
    await Promise.all(folders.map(async (opening) => (await opening)?.sync().catch(() => undefined)));
    closeFolders(folders);
    return;
  }
}

/**
 * Temp file, contents, fsync. On POSIX the handle's close is not waited for (a file open here can be
 * renamed, and its data is on disk once `sync` returned); Windows cannot rename an open file.
 */
async function writeDurably(file: string, text: string): Promise<void> {
  const handle = await fsp.open(file, 'wx', PRIVATE_FILE_MODE);
  try {
    await handle.writeFile(text);
    await handle.sync();
  } finally {
    const closing = handle.close();
    if (process.platform === 'win32') await closing;
    else closing.catch(() => undefined);
  }
}

/**
 * A folder opened for its fsync; undefined where folders cannot be opened (Windows) or the open
 * failed: best effort (EINVAL/EPERM on some file systems), as for every store write.
 */
const openFolder = (dir: string): Promise<fsp.FileHandle | undefined> =>
  process.platform === 'win32' ? Promise.resolve(undefined) : fsp.open(dir, 'r').catch(() => undefined);

/** Closes opened folders in the background (nothing depends on their closing). */
const closeFolders = (folders: readonly Promise<fsp.FileHandle | undefined>[]): void => {
  for (const opening of folders) void opening.then((handle) => handle?.close()).catch(() => undefined);
};

const removeAll = (files: readonly string[]) => Promise.all(files.map((f) => fsp.rm(f, { force: true })));
