import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRecoveryLog } from '../../main/core/storage/recovery-log.js';
import { FREE_ATTEMPTS } from '../../main/core/vault/unlock-throttle.js';
import { createVault } from '../../main/core/vault/vault.js';
import { createNodeKeyCipher } from '../../main/core/vault/node-key-cipher.js';
import { isVaultError } from '../../main/core/vault/vault-error.js';

/**
 * Issue 13 (5): the vault passphrase is derived off the main thread (main keeps answering meanwhile),
 * and wrong passphrases are met with a growing wait.
 */
let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'desk-passphrase-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const PASSPHRASE = 'correct horse battery staple';
const cheap = { N: 2 ** 10, r: 8, p: 1 };

async function vaultAt(now: () => number, passphraseCost = cheap) {
  const cipher = await createNodeKeyCipher({ dataDir: dir, forceKeyFile: true });
  return createVault({ dir: path.join(dir, 'vault'), cipher, recoveries: createRecoveryLog(), clock: { now }, passphraseCost });
}

describe('vault passphrase', () => {
  it('derives the key (OWASP cost, 128 MiB) without blocking the event loop', async () => {
    const vault = await vaultAt(Date.now, { N: 2 ** 17, r: 8, p: 1 });
    let ticks = 0;
    const timer = setInterval(() => (ticks += 1), 5);
    const started = performance.now();
    await vault.setPassphrase(PASSPHRASE);
    const elapsed = performance.now() - started;
    clearInterval(timer);
    // A synchronous scrypt would let no timer run until it returned.
    expect(ticks).toBeGreaterThanOrEqual(Math.min(3, Math.floor(elapsed / 20)));
    expect(ticks).toBeGreaterThan(0);
  });

  it(`lets ${FREE_ATTEMPTS} wrong passphrases through, then makes each further attempt wait longer`, async () => {
    let now = 1_000_000;
    await (await vaultAt(() => now)).setPassphrase(PASSPHRASE);
    const vault = await vaultAt(() => now);
    const reason = async (passphrase: string) => {
      try {
        await vault.unlock(passphrase);
        return 'unlocked';
      } catch (error) {
        return isVaultError(error) ? error.reason : 'other';
      }
    };
    for (let i = 0; i < FREE_ATTEMPTS; i += 1) expect(await reason('wrong passphrase!')).toBe('VAULT_WRONG_PASSPHRASE');
    // The 4th attempt waits 1 s, even with the right passphrase…
    expect(await reason(PASSPHRASE)).toBe('VAULT_UNLOCK_THROTTLED');
    now += 1_000;
    expect(await reason('wrong passphrase!')).toBe('VAULT_WRONG_PASSPHRASE');
    now += 1_000;
    expect(await reason(PASSPHRASE)).toBe('VAULT_UNLOCK_THROTTLED');
    now += 1_000;
    // …and the right passphrase then unlocks, and resets the count.
    expect(await reason(PASSPHRASE)).toBe('unlocked');
  });

  it('runs one derivation at a time (two at once would double the memory)', async () => {
    const now = 1_000_000;
    await (await vaultAt(() => now)).setPassphrase(PASSPHRASE);
    const vault = await vaultAt(() => now);
    const results = await Promise.allSettled([vault.unlock('wrong one 1'), vault.unlock('wrong one 2'), vault.unlock(PASSPHRASE)]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'fulfilled']);
  });
});
