import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRecoveryLog } from '../../main/core/storage/recovery-log.js';
import { createAesGcmCipher } from '../../main/core/vault/aes-gcm-cipher.js';
import type { SecretCipher } from '../../main/core/vault/secret-cipher.js';
import { createVault, type Vault } from '../../main/core/vault/vault.js';
import { rejected, thrown } from '../support/vault-errors.js';

/** What Electron gives on a Linux desktop without a keyring: a key compiled into the app ("peanuts"). */
const basicText: SecretCipher = createAesGcmCipher(Buffer.alloc(32, 'peanuts'), { kind: 'safe-storage', backend: 'basic_text', protection: 'weak' });
const SECRET = 'client-secret-3F7A9C2E1B5D8F4A6C0E2B4D6F8A0C2E';
const PASSPHRASE = 'correct horse battery staple';
// Cheap scrypt for tests; the default (N = 2^17) is exercised once below.
const passphraseCost = { N: 2 ** 12, r: 8, p: 1 };

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'desk-weak-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const newVault = (cipher: SecretCipher = basicText): Vault =>
  createVault({ dir: path.join(dir, 'vault'), cipher, recoveries: createRecoveryLog(), passphraseCost });

describe('the basic_text rule', () => {
  it('reports that a decision is needed, and says what to do', () => {
    const status = newVault().status();
    expect(status).toMatchObject({ backend: 'basic_text', protection: 'weak', state: 'needs-decision', weakAccepted: false });
    expect(status.message).toMatch(/passphrase/);
    expect(status.message).toMatch(/accept/);
  });

  it('refuses to store a secret with VAULT_WEAK_PROTECTION until the admin decides', () => {
    const vault = newVault();
    const error = thrown(() => vault.put('integration-int_1', 'clientSecret', SECRET));
    expect(error.code).toBe('VAULT_WEAK_PROTECTION');
    expect(error.reason).toBe('VAULT_WEAK_PROTECTION');
    expect(error.message).not.toContain(SECRET);
    expect(vault.has('integration-int_1', 'clientSecret')).toBe(false);
  });

  it('stores once weak protection is accepted, persists the choice, and keeps reporting it', () => {
    const vault = newVault();
    vault.acceptWeakProtection();
    vault.put('integration-int_1', 'clientSecret', SECRET);
    expect(vault.get('integration-int_1', 'clientSecret')).toBe(SECRET);

    const again = newVault();
    expect(again.status()).toMatchObject({ protection: 'weak', state: 'ready', weakAccepted: true });
    expect(again.status().message).toMatch(/only obfuscated/);
    expect(again.get('integration-int_1', 'clientSecret')).toBe(SECRET);
  });

  it('stores under a passphrase once one is set, and a new instance is locked until unlocked', async () => {
    const vault = newVault();
    await vault.setPassphrase(PASSPHRASE);
    expect(vault.status()).toMatchObject({ backend: 'passphrase', protection: 'passphrase', state: 'ready' });
    vault.put('integration-int_1', 'clientSecret', SECRET);

    const next = newVault();
    expect(next.status()).toMatchObject({ protection: 'passphrase', state: 'locked' });
    expect(thrown(() => next.get('integration-int_1', 'clientSecret')).code).toBe('VAULT_LOCKED');
    expect(thrown(() => next.put('integration-int_1', 'clientSecret', 'x')).code).toBe('VAULT_LOCKED');
    expect(next.has('integration-int_1', 'clientSecret')).toBe(true);

    await next.unlock(PASSPHRASE);
    expect(next.status().state).toBe('ready');
    expect(next.get('integration-int_1', 'clientSecret')).toBe(SECRET);
  });

  it('rejects a wrong passphrase clearly, without echoing it, and stays locked', async () => {
    await newVault().setPassphrase(PASSPHRASE);
    const vault = newVault();
    const error = await rejected(vault.unlock('wrong horse battery staple'));
    expect(error.reason).toBe('VAULT_WRONG_PASSPHRASE');
    expect(error.message).toBe('The vault passphrase is not correct.');
    expect(JSON.stringify(error.fields)).not.toContain('wrong horse');
    expect(vault.status().state).toBe('locked');
  });

  it('re-encrypts secrets stored under the weak key when a passphrase is set', async () => {
    const vault = newVault();
    vault.acceptWeakProtection();
    vault.put('integration-int_1', 'clientSecret', SECRET);
    await vault.setPassphrase(PASSPHRASE);

    const shard = fs.readFileSync(path.join(dir, 'vault', 'integration-int_1.json'), 'utf8');
    expect(shard).toMatch(/"p:/);
    expect(shard).not.toMatch(/"[cs]:/);
    // Without the passphrase, the basic_text key alone no longer opens anything.
    const next = newVault();
    expect(thrown(() => next.get('integration-int_1', 'clientSecret')).code).toBe('VAULT_LOCKED');
    await next.unlock(PASSPHRASE);
    expect(next.get('integration-int_1', 'clientSecret')).toBe(SECRET);
  });

  it('resumes an interrupted re-encryption at the next unlock', async () => {
    const vault = newVault();
    vault.acceptWeakProtection();
    vault.put('integration-int_1', 'clientSecret', SECRET);
    await vault.setPassphrase(PASSPHRASE);
    // Simulate a crash right after the passphrase record was saved: flag still set, entry still `s:`.
    const shardFile = path.join(dir, 'vault', 'integration-int_1.json');
    const metaFile = path.join(dir, 'vault', '_meta.json');
    const meta = JSON.parse(fs.readFileSync(metaFile, 'utf8')) as Record<string, unknown>;
    fs.writeFileSync(metaFile, JSON.stringify({ ...meta, reencrypting: true }));
    const weakEntry = `s:${basicText.encrypt(SECRET).toString('base64')}`;
    fs.writeFileSync(shardFile, JSON.stringify({ clientSecret: weakEntry, __internal__: { version: 1 } }));

    const next = newVault();
    await next.unlock(PASSPHRASE);
    expect(fs.readFileSync(shardFile, 'utf8')).not.toContain(weakEntry);
    expect(next.get('integration-int_1', 'clientSecret')).toBe(SECRET);
    expect(JSON.parse(fs.readFileSync(metaFile, 'utf8'))).not.toHaveProperty('reencrypting');
  });

  it('refuses a passphrase that is too short, and a second passphrase', async () => {
    const vault = newVault();
    expect((await rejected(vault.setPassphrase('short'))).reason).toBe('VAULT_PASSPHRASE_INVALID');
    await vault.setPassphrase(PASSPHRASE);
    expect((await rejected(vault.setPassphrase('another long passphrase'))).reason).toBe('VAULT_PASSPHRASE_ALREADY_SET');
  });

  it('forgets the key on lock', async () => {
    const vault = newVault();
    await vault.setPassphrase(PASSPHRASE);
    vault.put('ns', 'k', SECRET);
    vault.lock();
    expect(vault.status().state).toBe('locked');
    expect(thrown(() => vault.get('ns', 'k')).code).toBe('VAULT_LOCKED');
  });

  it('derives the key with the default scrypt cost and stores no secret beside the vault', async () => {
    const vault = createVault({ dir: path.join(dir, 'vault'), cipher: basicText, recoveries: createRecoveryLog() });
    await vault.setPassphrase(PASSPHRASE);
    vault.put('ns', 'k', SECRET);
    const meta = fs.readFileSync(path.join(dir, 'vault', '_meta.json'), 'utf8');
    expect(JSON.parse(meta)).toMatchObject({ passphrase: { kdf: 'scrypt', N: 2 ** 17, r: 8, p: 1 } });
    expect(meta).not.toContain(PASSPHRASE);
    expect(meta).not.toContain(Buffer.from(PASSPHRASE).toString('base64'));
  });

  it('a strong cipher is ready at once and says what holds the key', () => {
    const strong = createAesGcmCipher(Buffer.alloc(32, 7), { kind: 'safe-storage', backend: 'gnome_libsecret', protection: 'os' });
    const vault = newVault(strong);
    expect(vault.status()).toMatchObject({ backend: 'gnome_libsecret', protection: 'os', state: 'ready', weakAccepted: false });
    expect(vault.status().message).toMatch(/Secret Service/);
    vault.put('ns', 'k', SECRET);
    expect(vault.get('ns', 'k')).toBe(SECRET);
  });
});
