import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createAppCore } from '../../main/core/app-core.js';
import { readConfig } from '../../main/core/config.js';
import { dispatch } from '../../main/core/ipc/dispatch.js';
import { storeNameToStem } from '../../main/core/storage/shard-name.js';
import { createLogger } from '../../main/core/support/logger.js';

/**
 * Issue 15 reads the integrations document lazily. The start-up tidying must still sweep no vault
 * shard when that document is restored from its backup (or its defaults): an older or empty document
 * makes every newer integration's client secret look orphaned. The restore may now happen during the
 * sweep itself, at its first read of the integrations.
 */
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

async function startCore(dataDir: string) {
  const logger = createLogger({ dir: dataDir, stream: fs.createWriteStream('/dev/null') });
  const config = readConfig({ DESK_DATA_DIR: dataDir, DESK_CALLBACK_PORT: '47999', DESK_VAULT_KEY_FILE: '1' });
  return createAppCore({ config, logger, mode: 'browser' });
}

/**
 * A profile with one integration whose vault shard is older than the sweep's minute; `damage` then
 * does to its integrations document what the case is about. A restart must sweep no client secret.
 */
async function expectSecretKept(damage: (dir: string) => void): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'desk-lazy-sweep-'));
  dirs.push(dir);
  let core = await startCore(dir);
  const created = await dispatch(core.handlers, 'integrations.create', { name: 'Kept', offeringId: 'salesforce-production', clientId: 'c', clientSecret: 'kept-secret', scopes: [] }, { transport: 'browser' }, core.logger);
  expect(created.ok).toBe(true);
  const id = (created as { value: { id: string } }).value.id;
  await core.dispose();

  damage(dir);
  const shard = path.join(dir, 'vault', `${storeNameToStem(`integration-${id}`)}.json`);
  const old = new Date(Date.now() - 10 * 60_000);
  fs.utimesSync(shard, old, old);

  core = await startCore(dir);
  try {
    expect((await core.tidied).orphanedShards).toBe(0);
    expect(fs.existsSync(shard)).toBe(true);
  } finally {
    await core.dispose();
  }
}

describe.skipIf(process.platform === 'win32')('the start-up sweep with a lazily read integrations document', () => {
  it("removes no client secret when the integrations document is restored at the sweep's own read", async () => {
    // Damaged, its backup gone: the store restores its defaults (and keeps the damaged file aside).
    await expectSecretKept((dir) => {
      fs.writeFileSync(path.join(dir, 'integrations.json'), '{ torn');
      fs.rmSync(path.join(dir, 'integrations.json.bak'));
    });
  });

  it('removes no client secret when the integrations document and its backup are both gone', async () => {
    // Both gone (moved by hand, a sync tool, a restore gone wrong): the store starts from its defaults
    // without a recovery to report, and its empty list is not the admin's.
    await expectSecretKept((dir) => {
      fs.rmSync(path.join(dir, 'integrations.json'));
      fs.rmSync(path.join(dir, 'integrations.json.bak'));
    });
  });
});
