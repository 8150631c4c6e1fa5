import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { backupsDocSchema, defaultBackups, startBackups } from '../../main/core/bundle/bundle-backups.js';
import { openJsonStore } from '../../main/core/storage/json-store.js';
import { createRecoveryLog } from '../../main/core/storage/recovery-log.js';
import { createLogger } from '../../main/core/support/logger.js';
import { createNodeKeyCipher } from '../../main/core/vault/node-key-cipher.js';
import { createVault } from '../../main/core/vault/vault.js';

/**
 * Automatic backups keep their passphrase in the vault. With a vault passphrase set, the app starts
 * locked: the hourly check (a timer) and the Settings page must cope with a vault that cannot be
 * read yet, instead of the timer's promise rejecting with nothing to catch it.
 */
let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'desk-backups-locked-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const cheap = { N: 2 ** 10, r: 8, p: 1 };
const openVault = async () =>
  createVault({ dir: path.join(dir, 'vault'), cipher: await createNodeKeyCipher({ dataDir: dir, forceKeyFile: true }), recoveries: createRecoveryLog(), passphraseCost: cheap });

function backupsOn(vault: Awaited<ReturnType<typeof openVault>>, written: string[]) {
  return startBackups({
    store: openJsonStore({ dir, name: 'bundle-backups', schema: backupsDocSchema, defaults: defaultBackups(), version: 1, recoveries: createRecoveryLog() }),
    vault,
    bundles: {
      exportToFile: async (_input, target) => {
        written.push(path.basename(target));
        fs.writeFileSync(target, 'age-encryption.org/v1\n');
        return { fileName: path.basename(target), bytes: 1, integrations: 0, connectionsMoved: 0 };
      },
    },
    clock: { now: () => Date.parse('2026-05-01T09:00:00Z') },
    logger: createLogger({ dir, level: 'error' }),
    checkEveryMs: 0,
  });
}

describe('automatic backups with a locked vault', () => {
  it('check without throwing and report their settings while the vault is locked, and back up once it is unlocked', async () => {
    const first = await openVault();
    await first.setPassphrase('vault passphrase 1');
    const configured = backupsOn(first, []);
    await configured.configure({ enabled: false, folder: path.join(dir, 'backups'), keep: 3, passphrase: 'backup passphrase 1' });
    await configured.configure({ enabled: true, folder: path.join(dir, 'backups'), keep: 3 });
    configured.stop();

    // The next start: the vault is locked until the admin types the vault passphrase.
    const vault = await openVault();
    const written: string[] = [];
    const backups = backupsOn(vault, written);
    await expect(backups.tick()).resolves.toBeUndefined();
    expect(written).toEqual([]);
    await expect(backups.status()).resolves.toMatchObject({ enabled: true, passphraseSet: true });

    await vault.unlock('vault passphrase 1');
    await backups.tick();
    expect(written).toHaveLength(1);
    backups.stop();
  });
});
