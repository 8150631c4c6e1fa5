import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { BackupStatus } from '../../preload/contract/bundle-models.js';
import type { Integration } from '../../preload/contract/models.js';
import { createTestCore, type TestCore } from '../support/test-core.js';
import { TEST_SCRYPT_LOG_N, callCore, valueOf } from '../support/bundle-helpers.js';

/** Issue 16: opt-in daily local backups, the last N kept, restored through the ordinary import. */
describe('automatic local backups', () => {
  const cores: TestCore[] = [];
  afterEach(async () => {
    for (const core of cores.splice(0)) await core.dispose();
  });
  let now = Date.parse('2026-05-01T09:00:00Z');
  const clock = { now: () => now };
  const core = async () => {
    const c = await createTestCore({ bundleScryptWorkFactor: TEST_SCRYPT_LOG_N, clock });
    cores.push(c);
    return c;
  };

  it('are off until turned on, need a folder and a passphrase, and never return the passphrase', async () => {
    const c = await core();
    expect(await valueOf<BackupStatus>(c, 'bundle.backups')).toMatchObject({ enabled: false, passphraseSet: false, files: [] });
    const refused = await callCore(c, 'bundle.configureBackups', { enabled: true, keep: 3 });
    expect(!refused.ok && refused.message).toMatch(/folder/);
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'desk-backups-'));
    const status = await valueOf<BackupStatus>(c, 'bundle.configureBackups', { enabled: true, folder, keep: 3, passphrase: 'backup passphrase 1', confirmPassphrase: 'backup passphrase 1' });
    expect(status).toMatchObject({ enabled: true, folder, keep: 3, passphraseSet: true });
    expect(JSON.stringify(status)).not.toContain('backup passphrase 1');
  });

  it('write one bundle a day, keep the newest N, and restore through the import', async () => {
    const source = await core();
    const offering = (await valueOf<Array<{ id: string }>>(source, 'offerings.list'))[0]!;
    await valueOf<Integration>(source, 'integrations.create', { name: 'Acme', offeringId: offering.id, clientId: 'client-acme', clientSecret: 'secret-acme', scopes: ['api', 'refresh_token'] });
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'desk-backups-'));
    fs.writeFileSync(path.join(folder, 'notes.txt'), 'not ours'); // never pruned
    await valueOf(source, 'bundle.configureBackups', { enabled: true, folder, keep: 2, passphrase: 'backup passphrase 1', confirmPassphrase: 'backup passphrase 1' });

    for (let day = 0; day < 4; day += 1) {
      await valueOf(source, 'bundle.backupNow');
      now += 24 * 60 * 60_000;
    }
    const status = await valueOf<BackupStatus>(source, 'bundle.backups');
    expect(status.files.map((f) => f.name)).toEqual([
      'integrations-desk-backup-2026-05-04T09-00-00Z.deskbundle',
      'integrations-desk-backup-2026-05-03T09-00-00Z.deskbundle',
    ]);
    expect(fs.readdirSync(folder).sort()).toEqual([...status.files.map((f) => f.name)].sort().concat('notes.txt').sort());

    // Restore the newest on a fresh data folder that points at the same backups folder.
    const target = await core();
    await valueOf(target, 'bundle.configureBackups', { enabled: false, folder, keep: 2 });
    const preview = await valueOf<{ previewId: string; integrations: Array<{ name: string }> }>(target, 'bundle.preview', {
      source: { backup: status.files[0]!.name },
      passphrase: 'backup passphrase 1',
      operationId: 'op',
    });
    expect(preview.integrations.map((i) => i.name)).toEqual(['Acme']);
    await valueOf(target, 'bundle.apply', { previewId: preview.previewId, choices: {}, applySettings: true, operationId: 'op' });
    expect((await valueOf<Integration[]>(target, 'integrations.list')).map((i) => [i.name, i.status])).toEqual([['Acme', 'draft']]);
  });

  it('refuse a restore path outside the backups folder', async () => {
    const c = await core();
    const result = await callCore(c, 'bundle.preview', { source: { backup: '../../etc/passwd' }, passphrase: 'x', operationId: 'op' });
    expect(result.ok).toBe(false);
  });
});

describe('the daily backup timer', () => {
  it('writes a backup when the last one is a day old, and not before', async () => {
    const { startBackups, defaultBackups, backupsDocSchema } = await import('../../main/core/bundle/bundle-backups.js');
    const { openJsonStore } = await import('../../main/core/storage/json-store.js');
    const { createRecoveryLog } = await import('../../main/core/storage/recovery-log.js');
    const { createLogger } = await import('../../main/core/support/logger.js');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'desk-backup-timer-'));
    let now = Date.parse('2026-05-01T09:00:00Z');
    const written: string[] = [];
    const secrets = new Map<string, string>();
    const backups = startBackups({
      store: openJsonStore({ dir, name: 'bundle-backups', schema: backupsDocSchema, defaults: defaultBackups(), version: 1, recoveries: createRecoveryLog() }),
      vault: { get: (n, k) => secrets.get(`${n}/${k}`), has: (n, k) => secrets.has(`${n}/${k}`), put: (n, k, v) => void secrets.set(`${n}/${k}`, v) },
      bundles: {
        exportToFile: async (_input, target) => {
          written.push(path.basename(target));
          fs.writeFileSync(target, 'age-encryption.org/v1\n');
          return { fileName: path.basename(target), bytes: 1, integrations: 0, connectionsMoved: 0 };
        },
      },
      clock: { now: () => now },
      logger: createLogger({ dir, level: 'error' }),
      checkEveryMs: 0,
    });
    await backups.tick();
    expect(written).toEqual([]); // off until turned on
    await backups.configure({ enabled: true, folder: path.join(dir, 'backups'), keep: 5, passphrase: 'backup passphrase 1' });
    await backups.tick();
    expect(written).toHaveLength(1);
    now += 23 * 60 * 60_000;
    await backups.tick();
    expect(written).toHaveLength(1);
    now += 60 * 60_000;
    await backups.tick();
    expect(written).toHaveLength(2);

    // The clock is set back a month: the last backup is "in the future". The backups went on only
    // once the clock had caught up with it (here, a month without any).
    now -= 30 * 24 * 60 * 60_000;
    expect((await backups.status()).nextBackupAt).toBe(new Date(now).toISOString());
    await backups.tick();
    expect(written).toHaveLength(3);
    now += 60 * 60_000;
    await backups.tick();
    expect(written).toHaveLength(3); // and a day apart again from there
    backups.stop();
  });
});
