import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { writeBundleFile } from '../../main/core/bundle/bundle-files.js';

const dirs: string[] = [];
afterEach(() => {
  vi.restoreAllMocks();
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/**
 * A move erases its connections' tokens here once its bundle is written. The bundle's rename into
 * place must be durable by then (its folder fsynced): after a power cut the file would otherwise exist
 * only as its hidden temp file, while the tokens it holds are gone from here.
 */
describe.skipIf(process.platform === 'win32')('writing a bundle file', () => {
  it('syncs the folder after the rename, and leaves no temp file', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'desk-bundle-file-'));
    dirs.push(dir);
    const target = path.join(dir, 'acme-2026-11-30.deskbundle');
    const synced: string[] = [];
    const opened = new Map<number, string>();
    const openSync = fs.openSync.bind(fs);
    const fsyncSync = fs.fsyncSync.bind(fs);
    vi.spyOn(fs, 'openSync').mockImplementation(((file: fs.PathLike, ...rest: unknown[]) => {
      const fd = (openSync as (...args: unknown[]) => number)(file, ...rest);
      opened.set(fd, String(file));
      return fd;
    }) as typeof fs.openSync);
    vi.spyOn(fs, 'fsyncSync').mockImplementation((fd: number) => {
      synced.push(opened.get(fd) ?? '?');
      if (fs.existsSync(target)) synced.push('after the rename');
      return fsyncSync(fd);
    });

    await writeBundleFile(target, new TextEncoder().encode('age-encryption.org/v1\n'));
    expect(synced).toEqual([dir, 'after the rename']);
    expect(fs.readdirSync(dir)).toEqual(['acme-2026-11-30.deskbundle']);
  });
});
