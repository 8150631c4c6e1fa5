import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AppCore } from '../../main/core/app-core.js';
import { createRecoveryLog } from '../../main/core/storage/recovery-log.js';
import { createNodeKeyCipher } from '../../main/core/vault/node-key-cipher.js';
import type { SecretCipher } from '../../main/core/vault/secret-cipher.js';
import { createVault } from '../../main/core/vault/vault.js';
import { entryTagsOnDisk, fakeSafeStorage, openCore, snapshot, tokenEndpoint, folderPerTest } from '../support/vault-folder.js';

const ctx = { transport: 'browser' as const };
const SECRETS = ['acme-client-secret-0001', 'globex-client-secret-0002'];
const KEY_MISSING =
  'The key that encrypted the saved secrets is missing or different (was vault.key deleted or replaced?). Restore the original vault.key (or keyring entry) and restart; nothing new is saved until then.';

const folder = folderPerTest('desk-keymissing-');
const start = folder.start;
const keyFileOf = () => path.join(folder.dataDir, 'vault.key');

async function restart(core: AppCore, mode: 'browser' | 'electron', options: Parameters<typeof openCore>[2] = {}) {
  await folder.stop(core);
  return start(mode, options);
}

async function createIntegrations(core: AppCore, secrets: readonly string[]): Promise<string[]> {
  const ids: string[] = [];
  for (const clientSecret of secrets) {
    const name = clientSecret.split('-')[0]!;
    ids.push((await core.handlers['integrations.create']({ name, offeringId: 'salesforce-production', clientId: `${name}-client`, clientSecret, scopes: [] }, ctx)).id);
  }
  return ids;
}

/** What a handler call refused with; handlers throw synchronously or reject, both count. */
const failure = (call: () => unknown): Promise<unknown> =>
  Promise.resolve()
    .then(call)
    .then(
    () => {
      throw new Error('expected a refusal');
    },
    (error: unknown) => error,
  );

describe('a vault key that is missing or different', () => {
  it('deleting vault.key and restarting: the app says the key is missing, writes nothing, and a restored key file brings every secret back', async () => {
    const ids = await createIntegrations(await start('browser'), SECRETS);
    const originalKey = fs.readFileSync(keyFileOf());
    fs.rmSync(keyFileOf());
    const before = snapshot(folder.vaultDir);

    let core = await restart(folder.cores[0]!, 'browser');
    const { vault } = await core.handlers['security.status'](undefined, ctx);
    expect(vault).toMatchObject({ state: 'key-missing', protection: 'key-file', message: KEY_MISSING });

    const initech = { name: 'Initech', offeringId: 'salesforce-production', clientId: 'i', clientSecret: 'initech-secret', scopes: [] };
    const refusedCreate = await failure(() => core.handlers['integrations.create'](initech, ctx));
    expect(refusedCreate).toMatchObject({ reason: 'VAULT_KEY_UNAVAILABLE', message: KEY_MISSING });
    expect(await failure(() => core.handlers['integrations.replaceSecret']({ id: ids[0]!, clientSecret: 'rotated-secret' }, ctx))).toMatchObject({
      reason: 'VAULT_KEY_UNAVAILABLE',
    });
    expect(await failure(() => core.handlers['security.setPassphrase']({ passphrase: 'correct horse battery staple' }, ctx))).toMatchObject({
      reason: 'VAULT_KEY_UNAVAILABLE',
    });
    expect(await failure(() => core.handlers['integrations.verify']({ id: ids[0]! }, ctx))).toMatchObject({ message: KEY_MISSING });
    expect((await core.handlers['integrations.list'](undefined, ctx)).map((i) => i.name).sort()).toEqual(['acme', 'globex']);

    expect(fs.existsSync(keyFileOf())).toBe(false);
    expect(fs.readdirSync(folder.dataDir).filter((f) => f.startsWith('vault.key'))).toEqual([]);
    expect(snapshot(folder.vaultDir)).toEqual(before);
    expect(core.logOutput()).not.toContain(SECRETS[0]);

    // Restoring the original key file and restarting brings every secret back.
    fs.writeFileSync(keyFileOf(), originalKey, { mode: 0o600 });
    const endpoint = tokenEndpoint();
    core = await restart(core, 'browser', { fetch: endpoint.fetch });
    expect((await core.handlers['security.status'](undefined, ctx)).vault).toMatchObject({ state: 'ready', protection: 'key-file' });
    for (const id of ids) expect((await core.handlers['integrations.verify']({ id }, ctx)).verification.outcome).toBe('passed');
    for (const secret of SECRETS) expect(endpoint.sent.some((s) => s.includes(secret)), secret).toBe(true);
    await createIntegrations(core, ['initech-client-secret-0003']);
  });

  it('a replaced vault.key (another valid key) is key-missing too: its check value does not decrypt', async () => {
    await createIntegrations(await start('browser'), SECRETS);
    const originalKey = fs.readFileSync(keyFileOf());
    fs.writeFileSync(keyFileOf(), `${Buffer.alloc(32, 9).toString('base64')}\n`, { mode: 0o600 });
    const before = snapshot(folder.vaultDir);

    let core = await restart(folder.cores[0]!, 'browser');
    expect((await core.handlers['security.status'](undefined, ctx)).vault).toMatchObject({ state: 'key-missing', message: KEY_MISSING });
    await failure(() => core.handlers['integrations.create']({ name: 'Initech', offeringId: 'salesforce-production', clientId: 'i', clientSecret: 'x-secret', scopes: [] }, ctx));
    expect(snapshot(folder.vaultDir)).toEqual(before);

    fs.writeFileSync(keyFileOf(), originalKey, { mode: 0o600 });
    core = await restart(core, 'browser');
    expect((await core.handlers['security.status'](undefined, ctx)).vault.state).toBe('ready');
  });

  it('a vault from before key checks, with vault.key deleted, is key-missing too, and stays untouched', async () => {
    const browser = await createNodeKeyCipher({ dataDir: folder.dataDir, forceKeyFile: true });
    // As the previous version left it: `c:` entries, no tags or checks recorded.
    fs.mkdirSync(folder.vaultDir, { mode: 0o700 });
    fs.writeFileSync(path.join(folder.vaultDir, 'ns-1.json'), JSON.stringify({ k: `c:${browser.encrypt(SECRETS[0]!).toString('base64')}` }), { mode: 0o600 });
    const originalKey = fs.readFileSync(keyFileOf());
    fs.rmSync(keyFileOf());
    const before = snapshot(folder.vaultDir);

    const core = await start('browser');
    expect((await core.handlers['security.status'](undefined, ctx)).vault).toMatchObject({ state: 'key-missing', message: KEY_MISSING });
    expect(fs.existsSync(keyFileOf())).toBe(false);
    expect(Object.keys(snapshot(folder.vaultDir)).filter((f) => !f.endsWith('.bak'))).toEqual(Object.keys(before));
    expect(fs.existsSync(path.join(folder.vaultDir, '_meta.json'))).toBe(false);

    fs.writeFileSync(keyFileOf(), originalKey, { mode: 0o600 });
    const vault = createVault({ dir: folder.vaultDir, cipher: await createNodeKeyCipher({ dataDir: folder.dataDir, forceKeyFile: true }), recoveries: createRecoveryLog() });
    expect(vault.status().state).toBe('ready');
    expect(vault.get('ns-1', 'k')).toBe(SECRETS[0]);
  });

  it('the desktop app with browser mode’s secrets and no vault.key: key-missing, nothing saved, restored key reads them', async () => {
    const ids = await createIntegrations(await start('browser'), SECRETS);
    const originalKey = fs.readFileSync(keyFileOf());
    fs.rmSync(keyFileOf());
    const before = snapshot(folder.vaultDir);

    let core = await restart(folder.cores[0]!, 'electron');
    const { vault } = await core.handlers['security.status'](undefined, ctx);
    expect(vault).toMatchObject({ state: 'key-missing', backend: 'gnome_libsecret', message: KEY_MISSING });
    expect(vault.reencrypt).toBeUndefined();
    expect(await failure(() => core.handlers['security.reencrypt'](undefined, ctx))).toMatchObject({ reason: 'VAULT_KEY_UNAVAILABLE' });
    await failure(() => core.handlers['integrations.replaceSecret']({ id: ids[0]!, clientSecret: 'rotated-secret' }, ctx));
    expect(snapshot(folder.vaultDir)).toEqual(before);
    expect(fs.existsSync(keyFileOf())).toBe(false);

    fs.writeFileSync(keyFileOf(), originalKey, { mode: 0o600 });
    const endpoint = tokenEndpoint();
    core = await restart(core, 'electron', { fetch: endpoint.fetch });
    expect((await core.handlers['security.status'](undefined, ctx)).vault).toMatchObject({ state: 'ready', reencrypt: { from: 'the key file (vault.key)' } });
    for (const id of ids) expect((await core.handlers['integrations.verify']({ id }, ctx)).verification.outcome).toBe('passed');
    for (const secret of SECRETS) expect(endpoint.sent.some((s) => s.includes(secret)), secret).toBe(true);
  });

  it('a different safeStorage key (a reset keyring) is key-missing, named after the key store', async () => {
    await createIntegrations(await start('electron'), SECRETS);
    const before = snapshot(folder.vaultDir);
    const core = await restart(folder.cores[0]!, 'electron', { cipher: fakeSafeStorage({ key: 0x11 }) });
    const { vault } = await core.handlers['security.status'](undefined, ctx);
    expect(vault.state).toBe('key-missing');
    expect(vault.message).toMatch(/^The key that encrypted the saved secrets is missing or different: the Secret Service keyring/);
    await failure(() => core.handlers['integrations.create']({ name: 'Initech', offeringId: 'salesforce-production', clientId: 'i', clientSecret: 'x-secret', scopes: [] }, ctx));
    expect(snapshot(folder.vaultDir)).toEqual(before);
  });

  it('a key no entry needs any more may be new: browser mode after everything moved to safeStorage', async () => {
    await createIntegrations(await start('browser'), SECRETS);
    const desktop = await restart(folder.cores[0]!, 'electron');
    await desktop.handlers['security.reencrypt'](undefined, ctx);
    fs.rmSync(keyFileOf());

    // The app-key check left in the meta belongs to the old key, but no `c:` entry needs that key.
    let core = await restart(desktop, 'browser');
    expect((await core.handlers['security.status'](undefined, ctx)).vault).toMatchObject({ state: 'ready', protection: 'key-file' });
    expect(fs.existsSync(keyFileOf())).toBe(true);
    await createIntegrations(core, ['initech-client-secret-0003']);
    core = await restart(core, 'browser');
    expect((await core.handlers['security.status'](undefined, ctx)).vault.state).toBe('ready');
    expect(entryTagsOnDisk(folder.vaultDir)).toEqual(['c', 's', 's']);
  });

});

describe('vault reading with a cipher that throws on use', () => {
  it('a put in key-missing state writes no key check and no tag', async () => {
    const missing: SecretCipher = {
      kind: 'app-key',
      backend: 'key-file',
      protection: 'key-file',
      encrypt: () => {
        throw new Error('no key');
      },
      decrypt: () => {
        throw new Error('no key');
      },
    };
    const browser = await createNodeKeyCipher({ dataDir: folder.dataDir, forceKeyFile: true });
    createVault({ dir: folder.vaultDir, cipher: browser, recoveries: createRecoveryLog() }).put('ns', 'k', SECRETS[0]!);
    const before = snapshot(folder.vaultDir);
    const vault = createVault({ dir: folder.vaultDir, cipher: missing, recoveries: createRecoveryLog() });
    expect(vault.status().state).toBe('key-missing');
    expect(() => vault.put('ns', 'other', SECRETS[1]!)).toThrow(KEY_MISSING);
    expect(() => vault.get('ns', 'k')).toThrow(KEY_MISSING);
    expect(vault.has('ns', 'k')).toBe(true);
    expect(snapshot(folder.vaultDir)).toEqual(before);
  });
});
