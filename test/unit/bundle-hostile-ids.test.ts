import { describe, expect, it } from 'vitest';
import type { Integration } from '../../preload/contract/models.js';
import { decryptBundle, encryptBundle } from '../../main/core/bundle/bundle-crypto.js';
import { readBundleDoc, type BundleDoc } from '../../main/core/bundle/bundle-format.js';
import { bundleTestCores, exportBundle, importAll, PASSPHRASE, previewUpload, snapshot, TEST_SCRYPT_LOG_N, valueOf } from '../support/bundle-helpers.js';

/**
 * A bundle's ids become file names (`connections/<id>.json`, `vault/integration-<id>.json`) and the
 * keys the renderer addresses records by. A damaged or hand-made bundle whose ids are not ids the app
 * makes, or that repeats one, is refused at the preview, before anything is written: imported, one
 * such id broke the integrations list for good (and could not be deleted through the contract).
 */
describe('bundles with ids the app never makes', () => {
  const makeCore = bundleTestCores();
  const core = () => makeCore();

  /** A genuine bundle of one integration, decrypted, for a test to tamper with. */
  async function genuineDoc(): Promise<BundleDoc> {
    const source = await core();
    const offering = (await valueOf<Array<{ id: string }>>(source, 'offerings.list'))[0]!;
    await valueOf<Integration>(source, 'integrations.create', { name: 'Acme', offeringId: offering.id, clientId: 'client-acme', clientSecret: 'secret-acme', scopes: ['api', 'refresh_token'] });
    const { bytes } = await exportBundle(source, { mode: 'configuration' });
    return readBundleDoc(await decryptBundle(bytes, PASSPHRASE), { appVersion: 'test' }).doc;
  }

  async function expectRefused(doc: BundleDoc, where: RegExp) {
    const target = await core();
    await valueOf<Integration>(target, 'integrations.create', { name: 'Here', offeringId: 'salesforce-production', clientId: 'client-here', clientSecret: 'secret-here', scopes: ['api', 'refresh_token'] });
    const before = snapshot(target.dataDir);
    const preview = await previewUpload(target, await encryptBundle(JSON.stringify(doc), PASSPHRASE, { scryptWorkFactor: TEST_SCRYPT_LOG_N }));
    expect(preview.ok).toBe(false);
    expect(!preview.ok && preview.message).toMatch(/damaged or incomplete/);
    expect(!preview.ok && preview.message).toMatch(where);
    expect(snapshot(target.dataDir)).toEqual(before);
    expect((await valueOf<Integration[]>(target, 'integrations.list')).map((i) => i.name)).toEqual(['Here']);
  }

  it('refuses an integration id that is not a plain id (a dot, a separator)', async () => {
    const doc = await genuineDoc();
    const { clientSecret: _none, ...item } = doc.integrations[0]!;
    await expectRefused({ ...doc, integrations: [{ ...item, record: { ...item.record, id: 'acme.prod' } }] }, /integrations\.0\.record\.id/);
    await expectRefused({ ...doc, integrations: [{ ...item, record: { ...item.record, id: '../acme' } }] }, /integrations\.0\.record\.id/);
  });

  it('refuses two integrations with the same id', async () => {
    const doc = await genuineDoc();
    const item = doc.integrations[0]!;
    const twin = { ...item, record: { ...item.record, name: 'Acme twin', clientId: 'client-twin' }, clientSecret: 'secret-twin' };
    await expectRefused({ ...doc, integrations: [item, twin] }, /integrations\.1\.record\.id/);
  });

  it('an export that names an integration twice (the CLI given its name and its id) holds it once, and imports', async () => {
    const source = await core();
    const offering = (await valueOf<Array<{ id: string }>>(source, 'offerings.list'))[0]!;
    const acme = await valueOf<Integration>(source, 'integrations.create', { name: 'Acme', offeringId: offering.id, clientId: 'client-acme', clientSecret: 'secret-acme', scopes: ['api', 'refresh_token'] });
    const { bytes, result } = await exportBundle(source, { integrationIds: [acme.id, acme.id], mode: 'configuration' });
    expect(result.integrations).toBe(1);
    const target = await core();
    const { result: imported } = await importAll(target, bytes);
    expect(imported.added).toBe(1);
    expect((await valueOf<Integration[]>(target, 'integrations.list')).map((i) => i.id)).toEqual([acme.id]);
  });
});
