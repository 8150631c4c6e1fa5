import { describe, expect, it } from 'vitest';
import type { ActivityEntry } from '../../preload/contract/activity-models.js';
import type { Integration } from '../../preload/contract/models.js';
import type { TestCore } from '../support/test-core.js';
import { bundleTestCores, exportBundle, importAll, valueOf } from '../support/bundle-helpers.js';

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
});
