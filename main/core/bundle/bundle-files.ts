import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { ensurePrivateDir, fsyncDir } from '../storage/private-fs.js';

/** The file extension of a bundle. */
export const BUNDLE_EXTENSION = '.deskbundle';

/**
 * The system's file dialogs (Electron's `dialog`, through `main/adapters/file-dialogs.ts`). Absent in
 * browser mode and the CLI, where the page uploads and downloads, or the path is given.
 */
export interface FileDialogs {
  /** Resolves with the chosen path, or undefined when the admin cancelled. */
  saveBundle(suggestedName: string): Promise<string | undefined>;
  openBundle(): Promise<string | undefined>;
  chooseFolder(): Promise<string | undefined>;
}

/**
 * Writes a bundle (ciphertext only) atomically: a 0600 temp file beside the target, fsync, rename.
 * An interrupted write never leaves a half file under the bundle's name.
 */
export async function writeBundleFile(target: string, bytes: Uint8Array): Promise<void> {
  const temp = path.join(path.dirname(target), `.${path.basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await fs.open(temp, 'wx', 0o600);
  try {
    await handle.writeFile(bytes);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await fs.rename(temp, target);
  } catch (error) {
    await fs.rm(temp, { force: true });
    throw error;
  }
  // The rename itself made durable before a move erases its tokens here: after a power cut the file
  // must not exist only as its hidden temp file while the connections it holds are gone from here.
  fsyncDir(path.dirname(target));
}

/** `acme-2026-05-01.deskbundle`: letters, digits, dots and dashes only. */
export function bundleFileName(stem: string, date: Date): string {
  const safe = stem.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60) || 'integrations';
  return `${safe}-${date.toISOString().slice(0, 10)}${BUNDLE_EXTENSION}`;
}

/** Adds the extension when the admin typed a name without it. */
export function withBundleExtension(file: string): string {
  return file.toLowerCase().endsWith(BUNDLE_EXTENSION) ? file : `${file}${BUNDLE_EXTENSION}`;
}

/**
 * A new file in `folder` for a bundle suggested as `suggested` (one file per call, never replacing an
 * earlier one); the folder is made private, and its own entry durable.
 */
export function newBundleFileIn(folder: string, suggested: string): string {
  ensurePrivateDir(folder);
  fsyncDir(path.dirname(folder)); // the folder itself survives a power cut too
  const stem = suggested.endsWith(BUNDLE_EXTENSION) ? suggested.slice(0, -BUNDLE_EXTENSION.length) : suggested;
  return path.join(folder, `${stem}-${randomBytes(9).toString('base64url')}${BUNDLE_EXTENSION}`);
}
