import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { writeNewStores } from '../../main/core/storage/new-stores-batch.js';
import { removeStaleTempFiles } from '../../main/core/storage/shards.js';

const dirs: string[] = [];
afterEach(() => {
  vi.restoreAllMocks();
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/**
 * A bundle import writes its new vault shards through temp files (`writeNewStores`). A crash midway
 * leaves them behind, each holding encrypted secrets: start-up must recognise them as temp files and
 * remove them, as it does the stores' own. They were named `x.json.<12 hex>.tmp`, which the start-up
 * sweep does not match, so they stayed for good.
 */
describe('the temp files of a batch of new stores', () => {
  it('are named so that the start-up sweep removes the ones a crash leaves', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'desk-batch-temp-'));
    dirs.push(dataDir);
    const vaultDir = path.join(dataDir, 'vault');
    const temps: string[] = [];
    const open = fsp.open.bind(fsp);
    vi.spyOn(fsp, 'open').mockImplementation(((file: fs.PathLike, flags?: string | number, mode?: fs.Mode) => {
      if (flags === 'wx') temps.push(String(file));
      return open(file, flags, mode);
    }) as typeof fsp.open);

    await writeNewStores([
      { dir: vaultDir, name: 'integration-int_a', version: 1, doc: { entries: {} } },
      { dir: vaultDir, name: 'integration-int_b', version: 1, doc: { entries: {} } },
    ]);
    expect(temps).toHaveLength(2);

    // What a crash between the temp files' writes and their renames leaves: the same names, aged.
    const old = new Date(Date.now() - 10 * 60_000);
    for (const temp of temps) {
      fs.writeFileSync(temp, 'ciphertext');
      fs.utimesSync(temp, old, old);
    }
    expect(await removeStaleTempFiles(dataDir, 'vault')).toBe(2);
    expect(temps.filter((temp) => fs.existsSync(temp))).toEqual([]);
  });
});
