import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Connection } from '../../preload/contract/connection-models.js';
import type { Integration } from '../../preload/contract/models.js';
import { vaultNamespace } from '../../main/core/domain/integrations/integration-service.js';
import { storeNameToStem } from '../../main/core/storage/shard-name.js';
import { ALICE, createHarness } from '../support/connection-harness.js';
import { createTestCore, type TestCore } from '../support/test-core.js';
import { TEST_SCRYPT_LOG_N, callCore, exportBundle, previewUpload, valueOf } from '../support/bundle-helpers.js';

/**
 * A restore after `integrations.json` was restored from its backup: the integrations created after
 * that backup have no record any more, but their vault shards (client secret, refresh tokens) are
 * kept on purpose (the start-up sweep stands down after a recovery, "the admin may still want them
 * back"). Importing a bundle that holds one of them must never delete that shard.
 */
describe('importing over a vault shard that survived its record', () => {
  const cores: TestCore[] = [];
  afterEach(async () => {
    for (const core of cores.splice(0)) await core.dispose();
  });

  it('leaves the surviving shard and its secret in place when the import is refused', async () => {
    const first = await createTestCore({ bundleScryptWorkFactor: TEST_SCRYPT_LOG_N });
    const dir = first.dataDir;
    const offering = (await valueOf<Array<{ id: string }>>(first, 'offerings.list'))[0]!;
    const create = (name: string, clientId: string, clientSecret: string) =>
      valueOf<Integration>(first, 'integrations.create', { name, offeringId: offering.id, clientId, clientSecret, scopes: ['api', 'refresh_token'] });
    await create('Older', 'client-older', 'secret-older');
    const integrationsFile = path.join(dir, 'integrations.json');
    const olderDoc = fs.readFileSync(integrationsFile);
    const acme = await create('Acme', 'client-acme', 'secret-acme-kept');
    const { bytes } = await exportBundle(first, { integrationIds: [acme.id], mode: 'configuration' });
    await first.dispose();

    // integrations.json is damaged and its backup is one integration behind: Acme's record is gone.
    fs.writeFileSync(integrationsFile, '{ "integrations": [ damaged');
    fs.writeFileSync(`${integrationsFile}.bak`, olderDoc);
    const shardFile = path.join(dir, 'vault', `${storeNameToStem(vaultNamespace(acme.id))}.json`);
    const shardBefore = fs.readFileSync(shardFile, 'utf8');

    const second = await createTestCore({ bundleScryptWorkFactor: TEST_SCRYPT_LOG_N }, { DESK_DATA_DIR: dir });
    cores.push(second);
    expect((await valueOf<Integration[]>(second, 'integrations.list')).map((i) => i.name)).toEqual(['Older']);

    const preview = await previewUpload(second, bytes);
    if (!preview.ok) throw new Error(preview.message);
    const applied = await callCore(second, 'bundle.apply', { previewId: preview.value.previewId, choices: {}, applySettings: false, operationId: 'op' });

    // The shard that existed before it is still there, unchanged (its secret is this machine's) ...
    expect(fs.existsSync(shardFile)).toBe(true);
    expect(fs.readFileSync(shardFile, 'utf8')).toBe(shardBefore);
    // ... and the import gives it its record back, under its own id (it was refused: "The import
    // failed and was undone", with no way forward).
    expect(applied.ok).toBe(true);
    expect((await valueOf<Integration[]>(second, 'integrations.list')).map((i) => [i.name, i.id])).toEqual([['Older', expect.any(String)], ['Acme', acme.id]]);
  });

  it("gives a restored integration's surviving connections their record back, tokens and all", async () => {
    const h = await createHarness({ core: { bundleScryptWorkFactor: TEST_SCRYPT_LOG_N } });
    try {
      const { connection } = await h.connect(ALICE);
      const { bytes } = await exportBundle(h.core, { integrationIds: [h.integrationId], mode: 'configuration' });
      const dir = h.core.dataDir;
      await h.core.dispose();

      // The integration's record is lost (its file and backup restored from before it existed); its
      // vault shard and connections shard are still here.
      const empty = JSON.stringify({ integrations: [], __internal__: { version: 1 } });
      fs.writeFileSync(path.join(dir, 'integrations.json'), '{ torn');
      fs.writeFileSync(path.join(dir, 'integrations.json.bak'), empty);
      const second = await createTestCore({ bundleScryptWorkFactor: TEST_SCRYPT_LOG_N, clock: h.clock }, { DESK_DATA_DIR: dir, DESK_CALLBACK_PORT: String(h.callbackPort) });
      cores.push(second);
      expect(await valueOf<Integration[]>(second, 'integrations.list')).toEqual([]);

      const preview = await previewUpload(second, bytes);
      if (!preview.ok) throw new Error(preview.message);
      const applied = await callCore(second, 'bundle.apply', { previewId: preview.value.previewId, choices: {}, applySettings: false, operationId: 'op' });
      expect(applied.ok).toBe(true);
      expect(await valueOf<Connection>(second, 'connections.get', { id: connection.id })).toMatchObject({ status: 'connected', userEmail: ALICE.email });
      expect(second.connections.bundleAccess.secrets.refreshToken(h.integrationId, connection.id)).toBe(h.tokenResponses.at(-1)?.refresh_token);
    } finally {
      await h.fixture.stop();
    }
  });
});
