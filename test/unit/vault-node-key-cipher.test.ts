import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createNodeKeyCipher, keyringAccountFor, KEYRING_SERVICE } from '../../main/core/vault/node-key-cipher.js';
import type { KeyringPort } from '../../main/core/vault/os-keyring.js';
import { VaultError } from '../../main/core/vault/vault-error.js';

let dataDir: string;
beforeEach(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'desk-nodekey-'));
});
afterEach(() => fs.rmSync(dataDir, { recursive: true, force: true }));

/** An in-memory keyring; `reachable: false` rejects like a machine without a Secret Service. */
function fakeKeyring(options: { reachable?: boolean; hang?: boolean } = {}): KeyringPort & { entries: Map<string, string> } {
  const entries = new Map<string, string>();
  const gate = async () => {
    if (options.hang) await new Promise(() => {});
    if (options.reachable === false) throw new Error('DBus error: no secret service');
  };
  return {
    entries,
    async getPassword(service, account) {
      await gate();
      return entries.get(`${service}/${account}`) ?? null;
    },
    async setPassword(service, account, password) {
      await gate();
      entries.set(`${service}/${account}`, password);
    },
  };
}

const keyFile = () => path.join(dataDir, 'vault.key');

describe('node key cipher', () => {
  it('with the key file forced, creates vault.key 0600 and reports key-file protection', async () => {
    const cipher = await createNodeKeyCipher({ dataDir, forceKeyFile: true });
    expect(cipher).toMatchObject({ backend: 'key-file', protection: 'key-file' });
    expect(fs.statSync(keyFile()).mode & 0o777).toBe(0o600);
    expect(Buffer.from(fs.readFileSync(keyFile(), 'utf8').trim(), 'base64')).toHaveLength(32);
    expect(fs.readdirSync(dataDir).filter((f) => f.includes('.tmp'))).toEqual([]);
  });

  it('removes key material abandoned by a start that was killed half-way', async () => {
    fs.writeFileSync(path.join(dataDir, 'vault.key.tmp-123-abcd1234'), 'abandoned key', { mode: 0o600 });
    await createNodeKeyCipher({ dataDir, forceKeyFile: true });
    expect(fs.readdirSync(dataDir)).toEqual(['vault.key']);
  });

  it('reuses the same key file on the next start', async () => {
    const first = await createNodeKeyCipher({ dataDir, forceKeyFile: true });
    const data = first.encrypt('s3cret');
    const second = await createNodeKeyCipher({ dataDir, forceKeyFile: true });
    expect(second.decrypt(data)).toBe('s3cret');
  });

  it('writes a versioned ciphertext with a random IV and an authentication tag', async () => {
    const cipher = await createNodeKeyCipher({ dataDir, forceKeyFile: true });
    const a = cipher.encrypt('same');
    const b = cipher.encrypt('same');
    expect(a[0]).toBe(0x01);
    expect(a.length).toBe(1 + 12 + 16 + 4);
    expect(a.equals(b)).toBe(false);
    for (const index of [0, 5, 20, a.length - 1]) {
      const tampered = Buffer.from(a);
      tampered[index]! ^= 0x40;
      expect(() => cipher.decrypt(tampered), `byte ${index}`).toThrow(VaultError);
    }
    expect(() => cipher.decrypt(a.subarray(0, 10))).toThrow(/format/);
  });

  it('keeps the key in the OS keyring when one answers (protection os), nothing on disk', async () => {
    const keyring = fakeKeyring();
    const cipher = await createNodeKeyCipher({ dataDir, keyring });
    expect(cipher).toMatchObject({ backend: 'os-keyring', protection: 'os' });
    expect(fs.existsSync(keyFile())).toBe(false);
    expect([...keyring.entries.keys()]).toEqual([`${KEYRING_SERVICE}/${keyringAccountFor(dataDir)}`]);
    const again = await createNodeKeyCipher({ dataDir, keyring });
    expect(again.decrypt(cipher.encrypt('x'))).toBe('x');
  });

  it('gives each data dir its own keyring account', () => {
    const other = fs.mkdtempSync(path.join(os.tmpdir(), 'desk-nodekey-other-'));
    expect(keyringAccountFor(other)).not.toBe(keyringAccountFor(dataDir));
    expect(keyringAccountFor(dataDir)).not.toContain(path.basename(dataDir));
    fs.rmSync(other, { recursive: true });
  });

  it('falls back to a key file when the keyring is unreachable', async () => {
    const cipher = await createNodeKeyCipher({ dataDir, keyring: fakeKeyring({ reachable: false }) });
    expect(cipher.protection).toBe('key-file');
    expect(fs.existsSync(keyFile())).toBe(true);
  });

  it('does not hang on a keyring that never answers', async () => {
    const started = Date.now();
    const cipher = await createNodeKeyCipher({ dataDir, keyring: fakeKeyring({ hang: true }), keyringTimeoutMs: 100 });
    expect(cipher.protection).toBe('key-file');
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('keeps using an existing key file even once a keyring appears', async () => {
    const first = await createNodeKeyCipher({ dataDir, keyring: fakeKeyring({ reachable: false }) });
    const keyring = fakeKeyring();
    const second = await createNodeKeyCipher({ dataDir, keyring });
    expect(second.protection).toBe('key-file');
    expect(second.decrypt(first.encrypt('kept'))).toBe('kept');
    expect(keyring.entries.size).toBe(0);
  });

  it('refuses to invent a new key when the keyring that held the key is unreachable', async () => {
    await createNodeKeyCipher({ dataDir, keyring: fakeKeyring() });
    await expect(createNodeKeyCipher({ dataDir, keyring: fakeKeyring({ reachable: false }) })).rejects.toMatchObject({
      reason: 'VAULT_KEY_UNAVAILABLE',
    });
    await expect(createNodeKeyCipher({ dataDir, keyring: fakeKeyring() })).rejects.toThrow(/missing from the system keyring/);
    expect(fs.existsSync(keyFile())).toBe(false);
  });

  it('reports a damaged key file instead of replacing it', async () => {
    fs.writeFileSync(keyFile(), 'not a key');
    await expect(createNodeKeyCipher({ dataDir, forceKeyFile: true })).rejects.toThrow(/damaged/);
    expect(fs.readFileSync(keyFile(), 'utf8')).toBe('not a key');
  });

  it('is the app-key kind, whichever store holds the key', async () => {
    expect((await createNodeKeyCipher({ dataDir, forceKeyFile: true })).kind).toBe('app-key');
    const other = fs.mkdtempSync(path.join(os.tmpdir(), 'desk-nodekey-other-'));
    expect((await createNodeKeyCipher({ dataDir: other, keyring: fakeKeyring() })).kind).toBe('app-key');
    fs.rmSync(other, { recursive: true });
  });

  it('existingOnly: no key yet resolves to undefined and creates nothing; an existing key, in either store, is opened', async () => {
    const keyring = fakeKeyring();
    expect(await createNodeKeyCipher({ dataDir, keyring, existingOnly: true })).toBeUndefined();
    expect(await createNodeKeyCipher({ dataDir, forceKeyFile: true, existingOnly: true })).toBeUndefined();
    expect(fs.readdirSync(dataDir).filter((f) => f.startsWith('vault.key'))).toEqual([]);
    expect(keyring.entries.size).toBe(0);

    const inKeyring = await createNodeKeyCipher({ dataDir, keyring });
    expect((await createNodeKeyCipher({ dataDir, keyring, existingOnly: true }))?.decrypt(inKeyring.encrypt('kept'))).toBe('kept');

    const other = fs.mkdtempSync(path.join(os.tmpdir(), 'desk-nodekey-other-'));
    const inFile = await createNodeKeyCipher({ dataDir: other, forceKeyFile: true });
    const reader = await createNodeKeyCipher({ dataDir: other, keyring: fakeKeyring({ reachable: false }), existingOnly: true });
    expect(reader?.decrypt(inFile.encrypt('kept'))).toBe('kept');
    fs.rmSync(other, { recursive: true });
  });

  describe('vaultHasData (entries already depend on the key)', () => {
    it('never replaces a deleted vault.key: the cipher it returns refuses every use, and no file appears', async () => {
      await createNodeKeyCipher({ dataDir, forceKeyFile: true });
      fs.rmSync(keyFile());
      for (const options of [{ forceKeyFile: true }, { keyring: fakeKeyring({ reachable: false }) }, { keyring: fakeKeyring() }]) {
        const cipher = await createNodeKeyCipher({ dataDir, ...options, vaultHasData: true });
        expect(cipher).toMatchObject({ kind: 'app-key', backend: 'key-file', protection: 'key-file' });
        expect(() => cipher.encrypt('new secret')).toThrow(VaultError);
        expect(() => cipher.decrypt(Buffer.from('x'))).toThrow(/vault key is missing/);
      }
      expect(fs.readdirSync(dataDir).filter((f) => f.startsWith('vault.key'))).toEqual([]);
    });

    it('reports a key gone from the keyring through the vault rather than failing the start', async () => {
      await createNodeKeyCipher({ dataDir, keyring: fakeKeyring() });
      const cipher = await createNodeKeyCipher({ dataDir, keyring: fakeKeyring(), vaultHasData: true });
      expect(cipher).toMatchObject({ backend: 'os-keyring', protection: 'os' });
      expect(() => cipher.encrypt('x')).toThrow(VaultError);
      expect(fs.existsSync(keyFile())).toBe(false);
    });
  });
});
