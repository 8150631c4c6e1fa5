import fs from 'node:fs';
import path from 'node:path';

/** Owner-only permissions; meaningless on Windows, where the profile folder's ACL protects the data. */
export const PRIVATE_FILE_MODE = 0o600;
export const PRIVATE_DIR_MODE = 0o700;

const isPosix = process.platform !== 'win32';

/**
 * Create a directory (and missing parents) readable by the owner only, tightening it if it exists.
 *
 * Other local users must not even list which integrations exist, so the folders are 0700 too, not only
 * the files.
 */
export function ensurePrivateDir(dir: string): void {
  fs.mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  if (!isPosix) return;
  const { mode } = fs.statSync(dir);
  if ((mode & 0o077) !== 0) fs.chmodSync(dir, PRIVATE_DIR_MODE);
}

/**
 * Flush a directory entry change (a rename, an unlink) to disk.
 *
 * An atomic rename survives a killed process as soon as it returns, but only an fsync of the directory
 * makes it survive a power cut; a rotated refresh token lost that way kills the connection. Windows
 * cannot open directories and some file systems refuse the call: both are best effort, not errors.
 */
export function fsyncDir(dir: string): void {
  if (!isPosix) return;
  let fd: number | undefined;
  try {
    fd = fs.openSync(dir, 'r');
    fs.fsyncSync(fd);
  } catch {
    // Best effort (EINVAL/EPERM on some file systems); the data itself was fsynced before the rename.
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/**
 * Replace a file by writing a sibling `.tmp` file and renaming it over the target, mode 0600.
 *
 * Used for the `.bak` copies only (the stores themselves are written by conf/atomically). A fixed temp
 * name, rather than a random one, means a process killed mid-write leaves at most one stray file.
 */
export function replaceFileSync(file: string, data: string): void {
  const temp = `${file}.tmp`;
  fs.writeFileSync(temp, data, { mode: PRIVATE_FILE_MODE });
  if (isPosix) fs.chmodSync(temp, PRIVATE_FILE_MODE);
  fs.renameSync(temp, file);
}

/** Read a UTF-8 file, or return undefined when it does not exist. */
export function readIfExists(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** Delete a file; a missing file is not an error. Returns whether a file was removed. */
export function unlinkIfExists(file: string): boolean {
  try {
    fs.unlinkSync(file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}

/**
 * Move a damaged file aside as `<stem>.corrupt-<timestamp><ext>`, never overwriting an earlier one.
 *
 * Returns the new path. The content is the admin's data: it is kept, not deleted.
 */
export function quarantineFile(file: string, stem: string, ext: string, at: Date): string {
  const stamp = at.toISOString().replace(/[:.]/g, '-');
  const dir = path.dirname(file);
  for (let n = 0; ; n += 1) {
    const target = path.join(dir, `${stem}.corrupt-${stamp}${n === 0 ? '' : `-${n}`}${ext}`);
    if (fs.existsSync(target)) continue;
    fs.renameSync(file, target);
    // It may have been created by hand with looser permissions; the copy aside is private like the rest.
    if (isPosix) fs.chmodSync(target, PRIVATE_FILE_MODE);
    return target;
  }
}
