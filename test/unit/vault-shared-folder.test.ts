import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AppCore } from '../../main/core/app-core.js';
import { createRecoveryLog } from '../../main/core/storage/recovery-log.js';
import { createNodeKeyCipher } from '../../main/core/vault/node-key-cipher.js';
import type { SecretCipher } from '../../main/core/vault/secret-cipher.js';
import { createVault } from '../../main/core/vault/vault.js';
import { VaultError } from '../../main/core/vault/vault-error.js';
import { entryTagsOnDisk, fakeSafeStorage, openCore, tokenEndpoint, folderPerTest } from '../support/vault-folder.js';
import { rejected, thrown } from '../support/vault-errors.js';

const ctx = { transport: 'browser' as const };
const SECRETS = ['acme-client-secret-0001', 'globex-client-secret-0002', 'initech-client-secret-0003'];
const PASSPHRASE = 'correct horse battery staple';
const passphraseCost = { N: 2 ** 12, r: 8, p: 1 };

const folder = folderPerTest('desk-shared-');
const start = folder.start;

async function createIntegrations(core: AppCore, secrets: readonly string[]): Promise<string[]> {
  const ids: string[] = [];
  for (const clientSecret of secrets) {
    const name = clientSecret.split('-')[0]!;
    const created = await core.handlers['integrations.create'](
      { name, offeringId: 'salesforce-production', clientId: `${name}-client`, clientSecret, scopes: [] },
      ctx,
    );
    ids.push(created.id);
  }
  return ids;
}

/** Verifies every integration against a token endpoint and returns what it was sent: the secrets, if they decrypt. */
async function secretsSentBy(mode: 'browser' | 'electron', ids: readonly string[], cipher?: SecretCipher): Promise<string[]> {
  const endpoint = tokenEndpoint();
  const core = await start(mode, { fetch: endpoint.fetch, cipher });
  for (const id of ids) expect((await core.handlers['integrations.verify']({ id }, ctx)).verification.outcome).toBe('passed');
  await folder.stop(core);
  return endpoint.sent;
}

const vaultWith = (cipher: SecretCipher, readers: SecretCipher[] = []) =>
  createVault({ dir: folder.vaultDir, cipher, readers, recoveries: createRecoveryLog(), passphraseCost });
const appKey = () => createNodeKeyCipher({ dataDir: folder.dataDir, forceKeyFile: true });

describe('one data folder for browser mode and the desktop app', () => {
  it('tags entries by the cipher that wrote them: c: for the app key, s: for safeStorage', async () => {
    const browser = await appKey();
    vaultWith(browser).put('ns-browser', 'k', SECRETS[0]!);
    vaultWith(fakeSafeStorage(), [browser]).put('ns-desktop', 'k', SECRETS[1]!);
    expect(fs.readFileSync(path.join(folder.vaultDir, 'ns-browser.json'), 'utf8')).toMatch(/"k": "c:/);
    expect(fs.readFileSync(path.join(folder.vaultDir, 'ns-desktop.json'), 'utf8')).toMatch(/"k": "s:/);
  });

  it('the desktop app reads every secret browser mode saved, and offers to re-encrypt them with its key store', async () => {
    const ids = await createIntegrations(await start('browser'), SECRETS);
    await folder.stop(folder.cores[0]!);

    const desktop = await start('electron');
    const status = await desktop.handlers['security.status'](undefined, ctx);
    expect(status.vault).toMatchObject({
      backend: 'gnome_libsecret',
      protection: 'os',
      state: 'ready',
      reencrypt: { from: 'the key file (vault.key)', to: 'the Secret Service keyring (GNOME Keyring or compatible)' },
    });
    await folder.stop(desktop);
    const sent = await secretsSentBy('electron', ids);
    for (const secret of SECRETS) expect(sent.some((s) => s.includes(secret)), secret).toBe(true);
  });

  it('security.reencrypt moves every c: entry to s:; then nothing depends on vault.key and the offer is gone', async () => {
    const ids = await createIntegrations(await start('browser'), SECRETS);
    await folder.stop(folder.cores[0]!);
    expect(entryTagsOnDisk(folder.vaultDir)).toEqual(['c', 'c', 'c']);

    const desktop = await start('electron');
    const after = await desktop.handlers['security.reencrypt'](undefined, ctx);
    expect(after.vault.state).toBe('ready');
    expect(after.vault.reencrypt).toBeUndefined();
    expect(entryTagsOnDisk(folder.vaultDir)).toEqual(['s', 's', 's']);
    await folder.stop(desktop);

    // Browser mode's key is no longer needed by anything: without it, the desktop app reads everything.
    fs.rmSync(path.join(folder.dataDir, 'vault.key'));
    const next = await start('electron');
    expect((await next.handlers['security.status'](undefined, ctx)).vault).toMatchObject({ state: 'ready' });
    expect((await next.handlers['security.status'](undefined, ctx)).vault.reencrypt).toBeUndefined();
    await folder.stop(next);
    const sent = await secretsSentBy('electron', ids);
    for (const secret of SECRETS) expect(sent.some((s) => s.includes(secret)), secret).toBe(true);
    expect(fs.existsSync(path.join(folder.dataDir, 'vault.key'))).toBe(false);
  });

  it('an interrupted re-encryption resumes at the next start', async () => {
    const browser = await appKey();
    const writer = vaultWith(browser);
    SECRETS.forEach((secret, i) => writer.put(`ns-${i}`, 'k', secret));

    // The check value, then one shard, then the app stops.
    const crashing = vaultWith(fakeSafeStorage({ failAfter: 2 }), [browser]);
    expect(() => crashing.reencrypt()).toThrow('the app stopped here');
    expect(entryTagsOnDisk(folder.vaultDir)).toEqual(['c', 'c', 's']);

    const resumed = vaultWith(fakeSafeStorage(), [await appKey()]);
    expect(entryTagsOnDisk(folder.vaultDir)).toEqual(['s', 's', 's']);
    expect(resumed.status().reencrypt).toBeUndefined();
    SECRETS.forEach((secret, i) => expect(resumed.get(`ns-${i}`, 'k')).toBe(secret));
    expect(JSON.parse(fs.readFileSync(path.join(folder.vaultDir, '_meta.json'), 'utf8'))).not.toHaveProperty('reencryptingToSafeStorage');
  });

  it('browser mode facing the desktop app’s secrets says what to do, and get fails with that message, no ciphertext', async () => {
    const ids = await createIntegrations(await start('electron'), SECRETS.slice(0, 1));
    await folder.stop(folder.cores[0]!);
    const shardFile = fs.readdirSync(folder.vaultDir).find((f) => f.startsWith('integration-') && f.endsWith('.json'))!;
    const entry = fs.readFileSync(path.join(folder.vaultDir, shardFile), 'utf8').match(/"(s:[^"]+)"/)![1]!;

    const browser = await start('browser');
    const { vault } = await browser.handlers['security.status'](undefined, ctx);
    expect(vault.state).toBe('ready');
    expect(vault.desktopOnly?.keyStore).toBe('the Secret Service keyring (GNOME Keyring or compatible)');
    expect(vault.desktopOnly?.message).toBe(
      'Some secrets were saved by the desktop app under the Secret Service keyring (GNOME Keyring or compatible); open them in the desktop app, or set a vault passphrase there: a passphrase works in both modes.',
    );
    const error = await Promise.resolve()
      .then(() => browser.handlers['integrations.verify']({ id: ids[0]! }, ctx))
      .then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(VaultError);
    expect(error).toMatchObject({ reason: 'VAULT_KEY_UNAVAILABLE', message: vault.desktopOnly?.message });
    expect((error as Error).message).not.toContain(entry.slice(2, 22));
    expect((error as Error).message).not.toContain(SECRETS[0]);

    // Browser mode still saves its own secrets, and the desktop app then reads both kinds.
    const more = await createIntegrations(browser, SECRETS.slice(1));
    await folder.stop(browser);
    const sent = await secretsSentBy('electron', [...ids, ...more]);
    for (const secret of SECRETS) expect(sent.some((s) => s.includes(secret)), secret).toBe(true);
  });

  it('setting a passphrase re-encrypts both c: and s: entries, and then both modes open them', async () => {
    const browser = await appKey();
    vaultWith(browser).put('ns-browser', 'k', SECRETS[0]!);
    const desktop = vaultWith(fakeSafeStorage(), [browser]);
    desktop.put('ns-desktop', 'k', SECRETS[1]!);
    await desktop.setPassphrase(PASSPHRASE);
    expect(entryTagsOnDisk(folder.vaultDir)).toEqual(['p', 'p']);

    const inBrowser = vaultWith(await appKey());
    expect(inBrowser.status()).toMatchObject({ state: 'locked' });
    expect(inBrowser.status().desktopOnly).toBeUndefined();
    await inBrowser.unlock(PASSPHRASE);
    expect([inBrowser.get('ns-browser', 'k'), inBrowser.get('ns-desktop', 'k')]).toEqual(SECRETS.slice(0, 2));
  });

  it('a passphrase set in browser mode takes in the desktop app’s secrets at the desktop app’s next unlock', async () => {
    vaultWith(fakeSafeStorage()).put('ns-desktop', 'k', SECRETS[1]!);
    const browser = vaultWith(await appKey());
    browser.put('ns-browser', 'k', SECRETS[0]!);
    await browser.setPassphrase(PASSPHRASE);
    expect(entryTagsOnDisk(folder.vaultDir)).toEqual(['p', 's']);
    expect(browser.status().desktopOnly?.message).toMatch(/unlock the vault there once/);

    const desktop = vaultWith(fakeSafeStorage(), [await appKey()]);
    await desktop.unlock(PASSPHRASE);
    expect(entryTagsOnDisk(folder.vaultDir)).toEqual(['p', 'p']);
    expect(vaultWith(await appKey()).status().desktopOnly).toBeUndefined();
    expect(desktop.get('ns-desktop', 'k')).toBe(SECRETS[1]);
  });

  it('does not offer re-encryption where it cannot help: a passphrase, or a weak safeStorage backend', async () => {
    const browser = await appKey();
    vaultWith(browser).put('ns', 'k', SECRETS[0]!);
    const weak = { ...fakeSafeStorage(), backend: 'basic_text', protection: 'weak' as const };
    expect(vaultWith(weak, [browser]).status().reencrypt).toBeUndefined();
    expect(thrown(() => vaultWith(weak, [browser]).reencrypt()).reason).toBe('VAULT_REENCRYPT_UNAVAILABLE');
    expect(thrown(() => vaultWith(browser).reencrypt()).reason).toBe('VAULT_REENCRYPT_UNAVAILABLE');
    expect(entryTagsOnDisk(folder.vaultDir)).toEqual(['c']);
  });

  it('opens a vault written before entries were tagged in the meta: scans it once and records tags and key check', async () => {
    const browser = await appKey();
    // A vault as the previous version left it: `c:` entries and no `_meta.json` at all.
    fs.mkdirSync(folder.vaultDir, { mode: 0o700 });
    const entry = (secret: string) => `c:${browser.encrypt(secret).toString('base64')}`;
    fs.writeFileSync(path.join(folder.vaultDir, 'ns-1.json'), JSON.stringify({ k: entry(SECRETS[0]!), __internal__: { version: 1 } }), { mode: 0o600 });
    fs.writeFileSync(path.join(folder.vaultDir, 'ns-2.json'), JSON.stringify({ k: entry(SECRETS[1]!), __internal__: { version: 1 } }), { mode: 0o600 });

    const vault = vaultWith(await appKey());
    expect(vault.status().state).toBe('ready');
    expect([vault.get('ns-1', 'k'), vault.get('ns-2', 'k')]).toEqual(SECRETS.slice(0, 2));
    const meta = JSON.parse(fs.readFileSync(path.join(folder.vaultDir, '_meta.json'), 'utf8')) as Record<string, unknown>;
    expect(meta).toMatchObject({ tags: ['c'], checks: { 'app-key': { backend: 'key-file' } } });

    // The desktop app reads the same legacy folder through browser mode's key.
    expect(vaultWith(fakeSafeStorage(), [await appKey()]).get('ns-2', 'k')).toBe(SECRETS[1]);
  });
});
