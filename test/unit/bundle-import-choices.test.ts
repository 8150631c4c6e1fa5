import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { BundlePreview } from '../../preload/contract/bundle-models.js';
import type { Integration } from '../../preload/contract/models.js';
import { readBundleDoc } from '../../main/core/bundle/bundle-format.js';
import { decryptBundle } from '../../main/core/bundle/bundle-crypto.js';
import type { TestCore } from '../support/test-core.js';
import { bundleTestCores, callCore, exportBundle, PASSPHRASE, previewUpload, snapshot, valueOf } from '../support/bundle-helpers.js';

/** Issue 16: the import preview, the choices per conflict, and the all-or-nothing apply. */
describe('importing a bundle', () => {
  const makeCore = bundleTestCores();
  const core = () => makeCore();
  const create = async (c: TestCore, name: string, clientId: string, secret: string) => {
    const offering = (await valueOf<Array<{ id: string }>>(c, 'offerings.list'))[0]!;
    return valueOf<Integration>(c, 'integrations.create', { name, offeringId: offering.id, clientId, clientSecret: secret, scopes: ['api', 'refresh_token'] });
  };

  it('previews what is new and what conflicts by name or client id, and which side is newer', async () => {
    const source = await core();
    await create(source, 'Acme', 'client-acme', 'secret-acme-1');
    await create(source, 'Globex', 'client-globex', 'secret-globex-1');
    await create(source, 'Initech', 'client-initech', 'secret-initech-1');
    const { bytes } = await exportBundle(source, { mode: 'configuration' });

    const target = await core();
    await create(target, 'acme', 'client-other', 'local-secret'); // same name, any case
    await create(target, 'Globex Old', 'client-globex', 'local-globex'); // same client id, created after the export
    const preview = await previewUpload(target, bytes);
    expect(preview.ok).toBe(true);
    const byName = Object.fromEntries((preview as { value: BundlePreview }).value.integrations.map((i) => [i.name, i]));
    expect(byName.Initech!.state).toBe('new');
    expect(byName.Acme!.conflict).toMatchObject({ localName: 'acme', by: ['name'], newer: 'local' });
    expect(byName.Globex!.conflict).toMatchObject({ localName: 'Globex Old', by: ['clientId'], newer: 'local' });
    expect(byName.Initech!.callbackUrl.here).toMatch(/^http:\/\/localhost:47999\//);
  });

  it('keeps, replaces or keeps both as chosen; imported integrations are drafts', async () => {
    const source = await core();
    const acme = await create(source, 'Acme', 'client-acme', 'secret-acme-bundle');
    const globex = await create(source, 'Globex', 'client-globex', 'secret-globex-bundle');
    const initech = await create(source, 'Initech', 'client-initech', 'secret-initech-bundle');
    const { bytes } = await exportBundle(source, { mode: 'configuration' });

    const target = await core();
    const localAcme = await create(target, 'Acme', 'client-acme-old', 'local-acme');
    const localGlobex = await create(target, 'Globex', 'client-globex', 'local-globex');
    const localInitech = await create(target, 'Initech', 'client-initech', 'local-initech');
    const preview = await previewUpload(target, bytes);
    if (!preview.ok) throw new Error(preview.message);
    const result = await valueOf<{ replaced: number; keptBoth: number; skipped: number }>(target, 'bundle.apply', {
      previewId: preview.value.previewId,
      choices: { [acme.id]: 'replace', [globex.id]: 'keep-both', [initech.id]: 'keep' },
      applySettings: false,
      operationId: 'op',
    });
    expect(result).toMatchObject({ replaced: 1, keptBoth: 1, skipped: 1 });

    const list = await valueOf<Integration[]>(target, 'integrations.list');
    const names = list.map((i) => i.name).sort();
    expect(names).toEqual(['Acme', 'Globex', 'Globex (imported)', 'Initech']);
    const replaced = list.find((i) => i.id === localAcme.id)!;
    expect(replaced).toMatchObject({ clientId: 'client-acme', status: 'draft' });
    expect(await readSecret(target, localAcme.id)).toBe('secret-acme-bundle');
    const both = list.find((i) => i.name === 'Globex (imported)')!;
    expect(both.id).not.toBe(localGlobex.id);
    expect(both.status).toBe('draft');
    expect(await readSecret(target, both.id)).toBe('secret-globex-bundle');
    expect(await readSecret(target, localGlobex.id)).toBe('local-globex');
    expect(await readSecret(target, localInitech.id)).toBe('local-initech');
    expect(list.find((i) => i.id === localInitech.id)!.clientId).toBe('client-initech');
  });

  it('imports nothing when a write fails midway: the data folder is as it was', async () => {
    const source = await core();
    await create(source, 'Acme', 'client-acme', 'secret-acme');
    await create(source, 'Globex', 'client-globex', 'secret-globex');
    const { bytes } = await exportBundle(source, { mode: 'configuration' });

    const target = await core();
    await create(target, 'Local', 'client-local', 'secret-local');
    const preview = await previewUpload(target, bytes);
    if (!preview.ok) throw new Error(preview.message);
    const before = snapshot(target.dataDir);
    // A real fault at the last step: the integrations file cannot be replaced (a folder is in its way).
    const integrationsFile = path.join(target.dataDir, 'integrations.json');
    const aside = `${integrationsFile}.aside`;
    fs.renameSync(integrationsFile, aside);
    fs.mkdirSync(integrationsFile);
    fs.writeFileSync(path.join(integrationsFile, 'x'), '');
    const failed = await callCore(target, 'bundle.apply', { previewId: preview.value.previewId, choices: {}, applySettings: true, operationId: 'op' });
    fs.rmSync(integrationsFile, { recursive: true });
    fs.renameSync(aside, integrationsFile);

    expect(failed.ok).toBe(false);
    expect(!failed.ok && failed.message).toMatch(/nothing was imported/);
    const after = snapshot(target.dataDir);
    // Backups of rewritten stores may be refreshed; every store and vault file is as it was.
    const stable = (s: Record<string, string>) => Object.fromEntries(Object.entries(s).filter(([k]) => !k.endsWith('.bak')));
    expect(stable(after)).toEqual(stable(before));
    expect((await valueOf<Integration[]>(target, 'integrations.list')).map((i) => i.name)).toEqual(['Local']);

    // The same preview applies cleanly once the fault is gone.
    const retried = await callCore(target, 'bundle.apply', { previewId: preview.value.previewId, choices: {}, applySettings: false, operationId: 'op' });
    expect(retried.ok).toBe(true);
    expect((await valueOf<Integration[]>(target, 'integrations.list')).length).toBe(3);
  });

  it('migrates a bundle written in an older format before reading it', () => {
    // Format 1 is the first released; a pretend format 2 that renamed a field shows the steps run.
    const older = JSON.stringify({ format: 1, app: { name: 'Integrations Desk', version: '0.0.9' }, createdAt: '2026-01-01T00:00:00.000Z', mode: 'configuration', settings: {}, offerings: [], integrations: [], links: [] });
    const read = readBundleDoc(older, {
      appVersion: '0.2.0',
      current: 2,
      migrations: { 2: ({ links, ...rest }) => ({ ...rest, connections: links }) },
    });
    expect(read.migratedFrom).toBe(1);
    expect(read.doc.connections).toEqual([]);
  });

});

/** The client secret an integration has in a core's vault, read back through a bundle of it. */
async function readSecret(core: TestCore, integrationId: string): Promise<string | undefined> {
  const { bytes } = await core.bundles.build({ integrationIds: [integrationId], mode: 'configuration', passphrase: PASSPHRASE });
  const { doc } = readBundleDoc(await decryptBundle(bytes, PASSPHRASE), { appVersion: 'test' });
  return doc.integrations[0]?.clientSecret;
}
