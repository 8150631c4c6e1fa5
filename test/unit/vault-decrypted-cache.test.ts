import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRecoveryLog } from '../../main/core/storage/recovery-log.js';
import { createAesGcmCipher } from '../../main/core/vault/aes-gcm-cipher.js';
import type { SecretCipher } from '../../main/core/vault/secret-cipher.js';
import { createVault, type Vault } from '../../main/core/vault/vault.js';
import { VaultError } from '../../main/core/vault/vault-error.js';

/** Counts decryptions, to see which reads the vault answers from memory. */
function countingCipher(): SecretCipher & { decrypted: number } {
  const inner = createAesGcmCipher(Buffer.alloc(32, 'peanuts'), { kind: 'safe-storage', backend: 'test', protection: 'os' });
  const cipher: SecretCipher & { decrypted: number } = {
    ...inner,
    decrypted: 0,
    decrypt(data: Buffer) {
      cipher.decrypted += 1;
      return inner.decrypt(data);
    },
  };
  return cipher;
}

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'desk-vault-cache-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const newVault = (cipher: SecretCipher): Vault =>
  createVault({ dir: path.join(dir, 'vault'), cipher, recoveries: createRecoveryLog(), passphraseCost: { N: 2 ** 12, r: 8, p: 1 } });

describe('reading the same secret again (issue 15: the local API reads a token per request)', () => {
  it('decrypts it once, and a replaced or deleted secret is never answered from memory', () => {
    const cipher = countingCipher();
    const vault = newVault(cipher);
    const keep = { keepDecrypted: true };
    vault.put('ns', 'access', 'token-1');
    expect(vault.get('ns', 'access', keep)).toBe('token-1');
    expect(vault.get('ns', 'access', keep)).toBe('token-1');
    expect(cipher.decrypted).toBe(1);

    vault.putMany('ns', { access: 'token-2' });
    expect(vault.get('ns', 'access', keep)).toBe('token-2');
    vault.delete('ns', 'access');
    expect(vault.get('ns', 'access', keep)).toBeUndefined();
  });

  it('a read while a replacement is being written does not keep the old value past the write', () => {
    const cipher = countingCipher();
    const vault = newVault(cipher);
    const keep = { keepDecrypted: true };
    vault.putMany('ns', { access: 'token-old' });
    const staged = vault.prepareMany('ns', { access: 'token-new' });
    // The local API reads while the sign-in's group write waits for its fsyncs.
    expect(vault.get('ns', 'access', keep)).toBe('token-old');
    staged.adopt(); // (the rename is the caller's; the store now holds the new entry)
    const before = cipher.decrypted;
    expect(vault.get('ns', 'access', keep)).toBe('token-new');
    expect(cipher.decrypted).toBe(before + 1);
    vault.deleteNamespace('ns');
    expect(vault.get('ns', 'access', keep)).toBeUndefined();
  });

  it('keeps no other secret decrypted: a refresh token or a client secret is decrypted on every read', () => {
    const cipher = countingCipher();
    const vault = newVault(cipher);
    vault.putMany('ns', { 'conn.c1.refresh': 'refresh-1', clientSecret: 'secret-1' });
    for (let i = 0; i < 3; i += 1) {
      expect(vault.get('ns', 'conn.c1.refresh')).toBe('refresh-1');
      expect(vault.get('ns', 'clientSecret')).toBe('secret-1');
    }
    expect(cipher.decrypted).toBe(6);
  });

  it('refuses once locked, however recently the secret was read', async () => {
    const vault = newVault(countingCipher());
    await vault.setPassphrase('correct horse battery staple');
    vault.put('ns', 'access', 'token-1');
    expect(vault.get('ns', 'access', { keepDecrypted: true })).toBe('token-1');
    vault.lock();
    expect(() => vault.get('ns', 'access', { keepDecrypted: true })).toThrow(VaultError);
    await vault.unlock('correct horse battery staple');
    expect(vault.get('ns', 'access', { keepDecrypted: true })).toBe('token-1');
  });
});
