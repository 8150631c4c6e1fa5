import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createRecoveryLog } from '../../main/core/storage/recovery-log.js';
import { createNodeKeyCipher } from '../../main/core/vault/node-key-cipher.js';
import { createVault } from '../../main/core/vault/vault.js';

const passphraseCost = { N: 2 ** 12, r: 8, p: 1 };
const PASSPHRASE = 'correct horse battery staple';

/** Issue 16: a bundle import writes the vault shards of many new integrations in one batch. */
describe('vault.putNewNamespaces', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  const setUp = async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'desk-vault-batch-'));
    const cipher = await createNodeKeyCipher({ dataDir, forceKeyFile: true });
    const recoveries = createRecoveryLog();
    const open = () => createVault({ dir: path.join(dataDir, 'vault'), cipher, recoveries, passphraseCost });
    return { dataDir, open, recoveries };
  };

  it('writes shards that a vault opened later reads as its own, with ciphertext only on disk', async () => {
    const { dataDir, open, recoveries } = await setUp();
    const vault = open();
    await vault.putNewNamespaces({ 'integration-a': { clientSecret: 'secret-a' }, 'integration-b': { clientSecret: 'secret-b', 'conn.x.refresh': 'rt-b' } });
    expect(vault.get('integration-a', 'clientSecret')).toBe('secret-a');
    const reopened = open();
    expect(reopened.get('integration-b', 'conn.x.refresh')).toBe('rt-b');
    expect(recoveries.list()).toEqual([]);
    const files = fs.readdirSync(path.join(dataDir, 'vault'));
    expect(files.filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expect(fs.statSync(path.join(dataDir, 'vault', 'integration-a.json')).mode & 0o777).toBe(0o600);
    for (const f of files) expect(fs.readFileSync(path.join(dataDir, 'vault', f), 'utf8')).not.toMatch(/secret-|rt-b/);
    // Later writes go through the ordinary path on top of it.
    reopened.put('integration-a', 'clientSecret', 'secret-a2');
    expect(open().get('integration-a', 'clientSecret')).toBe('secret-a2');
  });

  it('refuses a batch that names a namespace that already exists, writing none of it', async () => {
    const { open } = await setUp();
    const vault = open();
    vault.put('integration-a', 'clientSecret', 'kept');
    const fresh = open(); // no cached handle: the file on disk is what refuses it
    await expect(fresh.putNewNamespaces({ 'integration-new': { clientSecret: 'n' }, 'integration-a': { clientSecret: 'overwritten?' } })).rejects.toThrow();
    expect(open().get('integration-a', 'clientSecret')).toBe('kept');
    expect(open().get('integration-new', 'clientSecret')).toBeUndefined();
  });

  /**
   * Holds the batch's renames (the moment its shards appear on disk) until `until` settles, or `atMost`
   * ms: the window in which a passphrase being set re-encrypted the shards on disk without these.
   */
  const holdRenames = (until: Promise<unknown>, atMost = 1000) => {
    const rename = fsp.rename.bind(fsp);
    vi.spyOn(fsp, 'rename').mockImplementation(async (from, to) => {
      await Promise.race([until.catch(() => undefined), delay(atMost)]);
      return rename(from, to);
    });
  };

  /** Every entry of a shard on disk is a passphrase entry, and the vault opens on another machine with it. */
  const expectUnderPassphrase = async (vaultDir: string, namespace: string, secrets: Record<string, string>) => {
    const shard = JSON.parse(fs.readFileSync(path.join(vaultDir, `${namespace}.json`), 'utf8')) as Record<string, unknown>;
    expect(Object.fromEntries(Object.keys(secrets).map((key) => [key, String(shard[key]).slice(0, 2)]))).toEqual(
      Object.fromEntries(Object.keys(secrets).map((key) => [key, 'p:'])),
    );
    // Another machine: the same vault folder, another app key, the passphrase.
    const elsewhere = fs.mkdtempSync(path.join(os.tmpdir(), 'desk-vault-elsewhere-'));
    const otherKey = await createNodeKeyCipher({ dataDir: elsewhere, forceKeyFile: true });
    const there = createVault({ dir: vaultDir, cipher: otherKey, recoveries: createRecoveryLog(), passphraseCost });
    await there.unlock(PASSPHRASE);
    for (const [key, secret] of Object.entries(secrets)) expect(there.get(namespace, key)).toBe(secret);
  };

  it('a batch started while a passphrase is being set is encrypted with the passphrase', async () => {
    const { dataDir, open } = await setUp();
    const vault = open();
    vault.put('integration-old', 'clientSecret', 'old-secret');
    const setting = vault.setPassphrase(PASSPHRASE);
    holdRenames(setting);
    await Promise.all([vault.putNewNamespaces({ 'integration-new': { clientSecret: 'new-secret' } }), setting]);

    expect(vault.get('integration-new', 'clientSecret')).toBe('new-secret');
    await expectUnderPassphrase(path.join(dataDir, 'vault'), 'integration-new', { clientSecret: 'new-secret' });
    await expectUnderPassphrase(path.join(dataDir, 'vault'), 'integration-old', { clientSecret: 'old-secret' });
  });

  it('a passphrase set while a batch is being written re-encrypts the batch too', async () => {
    const { dataDir, open } = await setUp();
    const vault = open();
    vault.put('integration-old', 'clientSecret', 'old-secret');
    let release!: (passphraseSet: Promise<void>) => void;
    holdRenames(new Promise((resolve) => (release = resolve)));
    const secrets = { clientSecret: 'new-secret', 'conn.c1.refresh': 'rt-new' };
    const writing = vault.putNewNamespaces({ 'integration-new': secrets });
    const setting = vault.setPassphrase(PASSPHRASE);
    release(setting);
    await Promise.all([writing, setting]);

    expect(vault.get('integration-new', 'conn.c1.refresh')).toBe('rt-new');
    await expectUnderPassphrase(path.join(dataDir, 'vault'), 'integration-new', secrets);
  });
});
