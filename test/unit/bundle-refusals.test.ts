import { describe, expect, it } from 'vitest';
import { Encrypter } from 'age-encryption';
import zlib from 'node:zlib';
import type { Integration } from '../../preload/contract/models.js';
import { bundleTestCores, exportBundle, PASSPHRASE, previewUpload, snapshot, TEST_SCRYPT_LOG_N, valueOf } from '../support/bundle-helpers.js';

/**
 * Issue 16, acceptance 3: a wrong passphrase, a truncated file and a file from a newer version are
 * refused with a message that says which, and the data folder is left exactly as it was.
 */
describe('bundles that cannot be imported', () => {
  const makeCore = bundleTestCores();
  const core = () => makeCore();

  /** A source with one integration, and a target that already has one of its own. */
  async function setUp() {
    const source = await core();
    const offering = (await valueOf<Array<{ id: string }>>(source, 'offerings.list'))[0]!;
    await valueOf<Integration>(source, 'integrations.create', {
      name: 'Acme Production', offeringId: offering.id, clientId: '3MVG9acme', clientSecret: 'acme-client-secret-value', scopes: ['api', 'refresh_token'],
    });
    const target = await core();
    await valueOf<Integration>(target, 'integrations.create', {
      name: 'Already Here', offeringId: offering.id, clientId: '3MVG9here', clientSecret: 'here-secret', scopes: ['api', 'refresh_token'],
    });
    const { bytes } = await exportBundle(source, { mode: 'configuration' });
    return { target, bytes, before: snapshot(target.dataDir) };
  }

  it('refuses a wrong passphrase, saying so, and changes nothing', async () => {
    const { target, bytes, before } = await setUp();
    const result = await previewUpload(target, bytes, 'not the passphrase at all');
    expect(result.ok).toBe(false);
    expect(!result.ok && result.message).toMatch(/^Wrong passphrase/);
    expect(snapshot(target.dataDir)).toEqual(before);
  });

  it('refuses a truncated file as incomplete, and changes nothing', async () => {
    const { target, bytes, before } = await setUp();
    for (const cut of [bytes.length - 1, Math.floor(bytes.length / 2), 60]) {
      const result = await previewUpload(target, bytes.subarray(0, cut));
      expect(result.ok).toBe(false);
      expect(!result.ok && result.message).toMatch(/incomplete or damaged/);
    }
    expect(snapshot(target.dataDir)).toEqual(before);
  });

  it('refuses a bundle from a newer version of the app, naming both versions, and changes nothing', async () => {
    const { target, before } = await setUp();
    const future = JSON.stringify({ format: 99, app: { name: 'Integrations Desk', version: '9.0.0' }, createdAt: new Date().toISOString(), mode: 'configuration', settings: {}, offerings: [], integrations: [], connections: [], hologram: true });
    const encrypter = new Encrypter();
    encrypter.setPassphrase(PASSPHRASE);
    encrypter.setScryptWorkFactor(TEST_SCRYPT_LOG_N);
    const bytes = await encrypter.encrypt(new Uint8Array(zlib.gzipSync(future)));
    const result = await previewUpload(target, bytes);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.message).toMatch(/newer Integrations Desk 9\.0\.0 \(bundle format 99\).*version 0\.1\.0.*Update Integrations Desk/);
    expect(snapshot(target.dataDir)).toEqual(before);
  });

  it('refuses a file that is not a bundle at all', async () => {
    const { target, before } = await setUp();
    const result = await previewUpload(target, Buffer.from('{"integrations": []}'));
    expect(!result.ok && result.message).toMatch(/not an Integrations Desk bundle/);
    expect(snapshot(target.dataDir)).toEqual(before);
  });
});
