import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { PRIVATE_FILE_MODE } from './private-fs.js';
import type { PreparedWrite } from './json-store.js';
import { StoreError } from './store-error.js';

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
export async function writeTogether(prepare: () => readonly PreparedWrite<unknown>[]): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    const writes = prepare();
    const temps = writes.map((w) => `${w.file}.tmp-${String(Date.now()).slice(-10).padStart(10, '0')}${randomBytes(3).toString('hex')}`);
    try {
      await Promise.all(writes.map((w, i) => writeDurably(temps[i]!, w.text)));
    } catch (error) {
      await removeAll(temps);
      const code = (error as NodeJS.ErrnoException).code;
      throw new StoreError('STORE_IO', `The sign-in could not be saved${typeof code === 'string' ? ` (${code})` : ''}.`);
    }
    if (!writes.every((w) => w.isCurrent())) {
      await removeAll(temps);
      if (attempt < ATTEMPTS) continue;
      throw new StoreError('STORE_IO', 'The sign-in could not be saved: its files kept changing. Try again.');
    }
    // The commit: renames in order, each store adopting its document in the same synchronous step.
    for (const [i, w] of writes.entries()) {
      fs.renameSync(temps[i]!, w.file);
      w.adopt();
    }
    await Promise.all([...new Set(writes.map((w) => path.dirname(w.file)))].map(fsyncDir));
    return;
  }
}

async function writeDurably(file: string, text: string): Promise<void> {
  const handle = await fsp.open(file, 'wx', PRIVATE_FILE_MODE);
  try {
    await handle.writeFile(text);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** As `private-fs.ts`'s `fsyncDir`, off the main thread so the folders are synced in parallel. */
async function fsyncDir(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  let handle: fsp.FileHandle | undefined;
  try {
    handle = await fsp.open(dir, 'r');
    await handle.sync();
  } catch {
    // Best effort (EINVAL/EPERM on some file systems), as for every store write.
  } finally {
    await handle?.close();
  }
}

const removeAll = (files: readonly string[]) => Promise.all(files.map((f) => fsp.rm(f, { force: true })));
