import { describe, expect, it } from 'vitest';
import type { ActivityEntry, ActivityPage } from '../../preload/contract/activity-models.js';
import type { ImportResult } from '../../preload/contract/bundle-models.js';
import type { Integration } from '../../preload/contract/models.js';
import { createActivityLog } from '../../main/core/domain/activity/activity-log.js';
import { SEGMENT_SIZE } from '../../main/core/domain/activity/activity-stream.js';
import { openJsonStore } from '../../main/core/storage/json-store.js';
import { createRecoveryLog } from '../../main/core/storage/recovery-log.js';
import { systemClock } from '../../main/core/support/clock.js';
import { createTestCore, type TestCore } from '../support/test-core.js';
import { bundleTestCores, exportBundle, importAll, previewUpload, TEST_SCRYPT_LOG_N, valueOf } from '../support/bundle-helpers.js';

/**
 * An import adds integrations and can replace one with another Client ID and Client Secret: the audit
 * trail says so, as it does for every other change of credentials. It recorded nothing.
 */
describe('an applied import in the audit trail', () => {
  const makeCore = bundleTestCores();
  const core = () => makeCore();
  const create = (c: TestCore, name: string, secret: string) =>
    valueOf<Integration>(c, 'integrations.create', { name, offeringId: 'salesforce-production', clientId: `client-${name}`, clientSecret: secret, scopes: ['api', 'refresh_token'] });

  it('records each integration it added, and the one it replaced with its secret (never a value)', async () => {
    const source = await core();
    await create(source, 'Acme', 'secret-from-bundle-acme');
    await create(source, 'Globex', 'secret-from-bundle-globex');
    const { bytes } = await exportBundle(source, { mode: 'configuration' });

    const target = await core();
    const local = await create(target, 'Acme', 'secret-here');
    const { preview, result } = await importAll(target, bytes, {});
    const acme = preview.integrations.find((i) => i.name === 'Acme')!;
    expect(result).toMatchObject({ added: 1, skipped: 1 });
    // The same bundle again, replacing Acme this time.
    await importAll(target, bytes, { [acme.bundleId]: 'replace' });

    const trail = (id: string) => valueOf<ActivityEntry[]>(target, 'integrations.activity', { id });
    const globex = (await valueOf<Integration[]>(target, 'integrations.list')).find((i) => i.name === 'Globex')!;
    expect((await trail(globex.id)).map((e) => [e.kind, e.message])).toContainEqual(['created', 'Imported "Globex" from a bundle']);
    const acmeTrail = await trail(local.id);
    expect(acmeTrail.map((e) => [e.kind, e.message])).toEqual(
      expect.arrayContaining([
        ['edited', 'Replaced by "Acme" from a bundle'],
        ['secret-replaced', 'Client Secret replaced by an import'],
      ]),
    );
    expect(JSON.stringify(acmeTrail)).not.toMatch(/secret-from-bundle|secret-here/);
  });

  /** An integration's own entries, oldest first, every page of them. */
  const wholeTrail = async (c: TestCore, integrationId: string): Promise<ActivityEntry[]> => {
    const entries: ActivityEntry[] = [];
    let cursor: string | undefined;
    do {
      const page: ActivityPage = await valueOf<ActivityPage>(c, 'activity.list', { integrationId, limit: 200, ...(cursor ? { cursor } : {}) });
      entries.push(...page.entries);
      cursor = page.nextCursor;
    } while (cursor);
    return entries.filter((e) => e.integrationId === integrationId).reverse();
  };

  it('records every entry when a trail has no room left in its open segment for its two (written trail by trail)', async () => {
    const source = await core();
    await create(source, 'Acme', 'secret-from-bundle-acme');
    await create(source, 'Globex', 'secret-from-bundle-globex');
    await create(source, 'Initech', 'secret-from-bundle-initech');
    const { bytes } = await exportBundle(source, { mode: 'configuration' });

    // Acme's trail here one entry short of a full segment: its "created", and 254 renames before it.
    const first = await createTestCore({ bundleScryptWorkFactor: TEST_SCRYPT_LOG_N });
    const acme = await create(first, 'Acme', 'secret-here');
    const initech = await create(first, 'Initech', 'secret-here-initech');
    await first.dispose();
    const dir = first.dataDir;
    const offline = createActivityLog((name, schema, defaults) => openJsonStore({ dir, name, schema, defaults, version: 1, recoveries: createRecoveryLog(), clock: systemClock }), systemClock);
    offline.recordMany(acme.id, Array.from({ length: SEGMENT_SIZE - 2 }, (_, n) => ({ integrationId: acme.id, kind: 'edited' as const, category: 'credentials' as const, actor: 'admin' as const, message: `Rename ${n}` })));
    const target = await createTestCore({ bundleScryptWorkFactor: TEST_SCRYPT_LOG_N }, { DESK_DATA_DIR: dir });
    try {
      expect(await wholeTrail(target, acme.id)).toHaveLength(SEGMENT_SIZE - 1);

      const preview = await previewUpload(target, bytes);
      if (!preview.ok) throw new Error(preview.message);
      const choices = Object.fromEntries(preview.value.integrations.filter((i) => i.state === 'conflict').map((i) => [i.bundleId, 'replace']));
      const result = await valueOf<ImportResult>(target, 'bundle.apply', { previewId: preview.value.previewId, choices, applySettings: false, operationId: 'op' });
      expect(result).toMatchObject({ added: 1, replaced: 2 });

      const acmeTrail = await wholeTrail(target, acme.id);
      expect(acmeTrail).toHaveLength(SEGMENT_SIZE + 1);
      expect(acmeTrail.slice(-2).map((e) => [e.kind, e.message])).toEqual([
        ['edited', 'Replaced by "Acme" from a bundle'],
        ['secret-replaced', 'Client Secret replaced by an import'],
      ]);
      // The other trails of the same group, each written once.
      expect((await wholeTrail(target, initech.id)).map((e) => e.message)).toEqual([
        'Created "Initech" for Salesforce (production)',
        'Replaced by "Initech" from a bundle',
        'Client Secret replaced by an import',
      ]);
      const globex = (await valueOf<Integration[]>(target, 'integrations.list')).find((i) => i.name === 'Globex')!;
      expect((await wholeTrail(target, globex.id)).map((e) => e.message)).toEqual(['Imported "Globex" from a bundle']);
    } finally {
      await target.dispose();
    }
  });
});
