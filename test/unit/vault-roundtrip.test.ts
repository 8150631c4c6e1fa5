import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRecoveryLog, type RecoveryLog } from '../../main/core/storage/recovery-log.js';
import { createNodeKeyCipher } from '../../main/core/vault/node-key-cipher.js';
import type { SecretCipher } from '../../main/core/vault/secret-cipher.js';
import { createVault } from '../../main/core/vault/vault.js';
import { VaultError } from '../../main/core/vault/vault-error.js';

const SECRET = 'refresh-5Aep861TVSiCLIENT_SECRET_do_not_leak_0123456789';
const OTHER = 'access-00D5g000004xYz!AQ4AQ_another_secret_value';

let dataDir: string;
let vaultDir: string;
let cipher: SecretCipher;
let recoveries: RecoveryLog;
beforeEach(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'desk-vault-'));
  vaultDir = path.join(dataDir, 'vault');
  recoveries = createRecoveryLog();
  cipher = await createNodeKeyCipher({ dataDir, forceKeyFile: true });
});
afterEach(() => fs.rmSync(dataDir, { recursive: true, force: true }));

const newVault = () => createVault({ dir: vaultDir, cipher, recoveries });

function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesUnder(path.join(dir, e.name)) : [path.join(dir, e.name)],
  );
}

/** Every encoding of `plain` a careless implementation might write: raw, base64, base64url, hex. */
function leaks(plain: string): string[] {
  const bytes = Buffer.from(plain, 'utf8');
  const forms = [plain, bytes.toString('base64'), bytes.toString('base64url'), bytes.toString('hex')];
  const found: string[] = [];
  for (const file of filesUnder(vaultDir)) {
    const raw = fs.readFileSync(file);
    const text = raw.toString('latin1');
    if (forms.some((f) => raw.includes(Buffer.from(f)) || text.toLowerCase().includes(f.toLowerCase()))) found.push(file);
  }
  return found;
}

describe('vault round trip', () => {
  it('returns what was put, across vault instances', () => {
    newVault().put('integration-int_1', 'clientSecret', SECRET);
    const vault = newVault();
    expect(vault.get('integration-int_1', 'clientSecret')).toBe(SECRET);
    expect(vault.has('integration-int_1', 'clientSecret')).toBe(true);
    expect(vault.get('integration-int_1', 'nope')).toBeUndefined();
    expect(vault.get('integration-int_2', 'clientSecret')).toBeUndefined();
  });

  it('keeps only ciphertext on disk: no file holds the secret raw, in base64 or in hex', () => {
    const vault = newVault();
    vault.put('integration-int_1', 'clientSecret', SECRET);
    vault.put('connection-c_1', 'refreshToken', OTHER);
    vault.put('connection-c_1', 'refreshToken', SECRET); // rotated: the old value must be gone too
    expect(filesUnder(vaultDir).length).toBeGreaterThan(0);
    expect(leaks(SECRET)).toEqual([]);
    expect(leaks(OTHER)).toEqual([]);
  });

  it('shards namespaces into separate files, 0600 in a 0700 folder', () => {
    const vault = newVault();
    vault.put('integration-int_1', 'clientSecret', SECRET);
    vault.put('integration-int_2', 'clientSecret', OTHER);
    // Beside the shards, only the vault's own `_meta.json` (which tags and key checks it holds).
    const names = fs.readdirSync(vaultDir).filter((f) => f.endsWith('.json')).sort();
    expect(names).toEqual(['_meta.json', 'integration-int_1.json', 'integration-int_2.json']);
    for (const f of filesUnder(vaultDir)) expect(fs.statSync(f).mode & 0o777, f).toBe(0o600);
    expect(fs.statSync(vaultDir).mode & 0o777).toBe(0o700);
  });

  it('writing one namespace leaves the other shard files untouched', () => {
    const vault = newVault();
    for (let i = 0; i < 20; i += 1) vault.put(`connection-c_${i}`, 'refreshToken', `${SECRET}-${i}`);
    const stat = (f: string) => fs.statSync(path.join(vaultDir, f));
    const before = stat('connection-c_3.json');
    vault.put('connection-c_4', 'refreshToken', 'rotated');
    const after = stat('connection-c_3.json');
    expect([after.ino, after.mtimeMs]).toEqual([before.ino, before.mtimeMs]);
  });

  it('deletes one key, then the whole namespace file with its backup', () => {
    const vault = newVault();
    vault.put('integration-int_1', 'clientSecret', SECRET);
    vault.put('integration-int_1', 'other', OTHER);
    vault.delete('integration-int_1', 'other');
    expect(vault.has('integration-int_1', 'other')).toBe(false);
    expect(leaks(OTHER)).toEqual([]);
    vault.deleteNamespace('integration-int_1');
    expect(vault.get('integration-int_1', 'clientSecret')).toBeUndefined();
    expect(fs.readdirSync(vaultDir).filter((f) => f.startsWith('integration-int_1'))).toEqual([]);
    expect(newVault().has('integration-int_1', 'clientSecret')).toBe(false);
  });

  it('deleting the last key removes the namespace file', () => {
    const vault = newVault();
    vault.put('integration-int_1', 'clientSecret', SECRET);
    vault.delete('integration-int_1', 'clientSecret');
    expect(fs.existsSync(path.join(vaultDir, 'integration-int_1.json'))).toBe(false);
  });

  it('refuses namespaces and keys that could escape the vault folder, without echoing them', () => {
    const vault = newVault();
    for (const ns of ['../x', 'a/b', '..', '', '_meta', '.hidden', 'C:\\x', 'a'.repeat(101)]) {
      expect(() => vault.put(ns, 'k', SECRET), ns).toThrow(VaultError);
    }
    for (const key of ['../k', '', '__proto__', '_internal', 'a/b', 'a'.repeat(201)]) {
      expect(() => vault.put('ns', key, SECRET), key).toThrow(VaultError);
    }
    try {
      vault.put('ns', SECRET + '/', 'swapped arguments');
    } catch (error) {
      expect(String((error as Error).message)).not.toContain(SECRET);
    }
    expect(leaks(SECRET)).toEqual([]);
  });

  it('fails clearly, without secret or ciphertext in the message, when a ciphertext was tampered with', () => {
    newVault().put('integration-int_1', 'clientSecret', SECRET);
    const file = path.join(vaultDir, 'integration-int_1.json');
    const doc = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
    const entry = doc.clientSecret as string;
    const bytes = Buffer.from(entry.slice(2), 'base64');
    bytes[bytes.length - 1]! ^= 0x01;
    const tampered = `c:${bytes.toString('base64')}`;
    fs.writeFileSync(file, JSON.stringify({ ...doc, clientSecret: tampered }));

    let caught: unknown;
    try {
      newVault().get('integration-int_1', 'clientSecret');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(VaultError);
    expect(caught).toMatchObject({ reason: 'VAULT_DECRYPT_FAILED' });
    const message = (caught as Error).message;
    expect(message).toMatch(/could not be decrypted/);
    expect(message).not.toContain(SECRET);
    expect(message).not.toContain(tampered.slice(2, 20));
  });

  it('restores a damaged shard from its backup and reports it', () => {
    const vault = newVault();
    vault.put('integration-int_1', 'clientSecret', SECRET);
    fs.writeFileSync(path.join(vaultDir, 'integration-int_1.json'), '{"clientSecret": "c:AAAA');
    expect(newVault().get('integration-int_1', 'clientSecret')).toBe(SECRET);
    expect(recoveries.list()).toMatchObject([{ store: 'integration-int_1', restoredFrom: 'backup' }]);
  });
});
