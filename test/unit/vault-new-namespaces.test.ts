import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRecoveryLog } from '../../main/core/storage/recovery-log.js';
import { createNodeKeyCipher } from '../../main/core/vault/node-key-cipher.js';
import { createVault } from '../../main/core/vault/vault.js';

/** Issue 16: a bundle import writes the vault shards of many new integrations in one batch. */
describe('vault.putNewNamespaces', () => {
  const setUp = async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'desk-vault-batch-'));
    const cipher = await createNodeKeyCipher({ dataDir, forceKeyFile: true });
    const recoveries = createRecoveryLog();
    const open = () => createVault({ dir: path.join(dataDir, 'vault'), cipher, recoveries });
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
});
