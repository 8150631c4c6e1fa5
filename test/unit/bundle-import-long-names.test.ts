import { afterEach, describe, expect, it } from 'vitest';
import type { Integration } from '../../preload/contract/models.js';
import { createTestCore, type TestCore } from '../support/test-core.js';
import { TEST_SCRYPT_LOG_N, exportBundle, importAll, valueOf } from '../support/bundle-helpers.js';

/**
 * "Keep both" adds the bundle's integration under a name that does not clash, "Name (imported)",
 * within the 100 characters a name may have. For a name at (or near) that length the truncated
 * candidate was the taken name itself, for every number tried: the import never returned, and main
 * spun at full CPU with the app frozen.
 */
describe('keeping both of an integration with a long name', () => {
  const cores: TestCore[] = [];
  afterEach(async () => {
    for (const core of cores.splice(0)) await core.dispose();
  });

  it('gives each copy its own name of at most 100 characters', async () => {
    const c = await createTestCore({ bundleScryptWorkFactor: TEST_SCRYPT_LOG_N });
    cores.push(c);
    const offering = (await valueOf<Array<{ id: string }>>(c, 'offerings.list'))[0]!;
    const name = `Acme ${'x'.repeat(95)}`;
    const acme = await valueOf<Integration>(c, 'integrations.create', { name, offeringId: offering.id, clientId: 'client-acme', clientSecret: 'secret-acme', scopes: ['api', 'refresh_token'] });
    const { bytes } = await exportBundle(c, { integrationIds: [acme.id], mode: 'configuration' });

    await importAll(c, bytes, { [acme.id]: 'keep-both' });
    await importAll(c, bytes, { [acme.id]: 'keep-both' });

    const names = (await valueOf<Integration[]>(c, 'integrations.list')).map((i) => i.name);
    expect(names).toHaveLength(3);
    expect(new Set(names.map((n) => n.toLowerCase())).size).toBe(3);
    for (const n of names) expect(n.length).toBeLessThanOrEqual(100);
    expect(names.filter((n) => n !== name).every((n) => n.includes('(imported'))).toBe(true);
  });
});
