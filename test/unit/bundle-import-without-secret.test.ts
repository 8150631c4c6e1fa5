import { describe, expect, it } from 'vitest';
import type { Integration } from '../../preload/contract/models.js';
import { decryptBundle, encryptBundle } from '../../main/core/bundle/bundle-crypto.js';
import { readBundleDoc } from '../../main/core/bundle/bundle-format.js';
import type { TestCore } from '../support/test-core.js';
import { bundleTestCores, callCore, exportBundle, PASSPHRASE, previewUpload, snapshot, TEST_SCRYPT_LOG_N, valueOf } from '../support/bundle-helpers.js';

/**
 * A bundle may carry an integration without its Client Secret (`bundle-format.ts`: a draft saved
 * without one, or a secret lost where it was exported). Replacing a local integration with it kept the
 * local secret under the bundle's Client ID: a pair that never existed, which then failed at the
 * provider as "credentials rejected" with nothing to say why.
 */
describe('replacing an integration with a bundle that has no Client Secret for it', () => {
  const makeCore = bundleTestCores();
  const create = (c: TestCore, name: string, clientId: string, clientSecret: string) =>
    valueOf<Integration>(c, 'integrations.create', { name, offeringId: 'salesforce-production', clientId, clientSecret, scopes: ['api', 'refresh_token'] });

  /** A bundle of the source's integrations with every Client Secret left out. */
  const bundleWithoutSecrets = async (source: TestCore): Promise<Uint8Array> => {
    const { bytes } = await exportBundle(source, { mode: 'configuration' });
    const { doc } = readBundleDoc(await decryptBundle(bytes, PASSPHRASE), { appVersion: 'test' });
    const stripped = { ...doc, integrations: doc.integrations.map(({ clientSecret: _left, ...rest }) => rest) };
    return encryptBundle(JSON.stringify(stripped), PASSPHRASE, { scryptWorkFactor: TEST_SCRYPT_LOG_N });
  };

  const secretHere = async (c: TestCore, id: string): Promise<string | undefined> => {
    const { bytes } = await c.bundles.build({ integrationIds: [id], mode: 'configuration', passphrase: PASSPHRASE });
    return readBundleDoc(await decryptBundle(bytes, PASSPHRASE), { appVersion: 'test' }).doc.integrations[0]?.clientSecret;
  };

  const apply = async (c: TestCore, bytes: Uint8Array, choice: string) => {
    const preview = await previewUpload(c, bytes);
    if (!preview.ok) throw new Error(preview.message);
    const choices = Object.fromEntries(preview.value.integrations.map((i) => [i.bundleId, choice]));
    return callCore<{ replaced: number }>(c, 'bundle.apply', { previewId: preview.value.previewId, choices, applySettings: false, operationId: 'op' });
  };

  it('with another Client ID: refused, naming the integration and what to do; nothing changes here', async () => {
    const source = await makeCore();
    await create(source, 'Acme', 'client-acme-new', 'secret-in-no-bundle');
    const bytes = await bundleWithoutSecrets(source);

    const target = await makeCore();
    const local = await create(target, 'Acme', 'client-acme-old', 'local-secret-of-old-client');
    const before = snapshot(target.dataDir);
    const result = await apply(target, bytes, 'replace');

    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.code).toBe('CONFLICT');
    expect(result.message).toMatch(/"Acme".*no Client Secret.*Client ID/);
    expect(result.message).toMatch(/Keep both/);
    expect(result.message).toMatch(/Nothing was imported/);
    expect(result.message).not.toMatch(/local-secret|client-acme/);
    expect(snapshot(target.dataDir)).toEqual(before);
    const here = (await valueOf<Integration[]>(target, 'integrations.list')).find((i) => i.id === local.id)!;
    expect(here.clientId).toBe('client-acme-old');
    expect(await secretHere(target, local.id)).toBe('local-secret-of-old-client');
  });

  it('with another Client ID, "Keep both" adds it as a draft with no secret, the local one untouched', async () => {
    const source = await makeCore();
    await create(source, 'Acme', 'client-acme-new', 'secret-in-no-bundle');
    const bytes = await bundleWithoutSecrets(source);

    const target = await makeCore();
    const local = await create(target, 'Acme', 'client-acme-old', 'local-secret-of-old-client');
    expect((await apply(target, bytes, 'keep-both')).ok).toBe(true);

    const list = await valueOf<Integration[]>(target, 'integrations.list');
    const added = list.find((i) => i.id !== local.id)!;
    expect(added).toMatchObject({ clientId: 'client-acme-new', status: 'draft' });
    expect(await secretHere(target, added.id)).toBeUndefined();
    expect(await secretHere(target, local.id)).toBe('local-secret-of-old-client');
  });

  it('with another Client ID, over a draft that has no secret here either: replaced (no secret here to mismatch)', async () => {
    // A draft imported without its secret, then exported again once its Client ID was corrected.
    const source = await makeCore();
    const original = await create(source, 'Acme', 'client-acme-typo', 'secret-in-no-bundle');
    const target = await makeCore();
    expect((await apply(target, await bundleWithoutSecrets(source), 'replace')).ok).toBe(true);
    expect(await secretHere(target, original.id)).toBeUndefined();
    await valueOf<Integration>(source, 'integrations.update', { id: original.id, clientId: 'client-acme' });

    const result = await apply(target, await bundleWithoutSecrets(source), 'replace');

    expect(result.ok && result.value.replaced).toBe(1);
    const list = await valueOf<Integration[]>(target, 'integrations.list');
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ id: original.id, clientId: 'client-acme', status: 'draft' });
    expect(await secretHere(target, original.id)).toBeUndefined();
  });

  it('with the same Client ID: replaced, and the secret here (of that client) is kept', async () => {
    const source = await makeCore();
    await create(source, 'Acme', 'client-acme', 'secret-in-no-bundle');
    const bytes = await bundleWithoutSecrets(source);

    const target = await makeCore();
    const local = await create(target, 'Acme (old name)', 'client-acme', 'local-secret-of-client-acme');
    const result = await apply(target, bytes, 'replace');

    expect(result.ok && result.value.replaced).toBe(1);
    const here = (await valueOf<Integration[]>(target, 'integrations.list')).find((i) => i.id === local.id)!;
    expect(here).toMatchObject({ name: 'Acme', clientId: 'client-acme', status: 'draft' });
    expect(await secretHere(target, local.id)).toBe('local-secret-of-client-acme');
  });
});
