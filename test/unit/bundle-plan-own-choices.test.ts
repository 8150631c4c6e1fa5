import { describe, expect, it } from 'vitest';
import type { BundleDoc } from '../../main/core/bundle/bundle-format.js';
import { planImport, type LocalState } from '../../main/core/bundle/import-plan.js';
import type { IntegrationRecord } from '../../main/core/domain/integrations/integration-record.js';

/**
 * The admin's choices are keyed by the bundle's integration ids, and an id may be any plain word: a
 * conflict without a choice is kept (the default), also for an id that names a property every object
 * has. `choices['constructor']` read `Object.prototype.constructor`, and the bundle's integration was
 * added as "Acme (imported)" instead of skipped.
 */
describe('an import plan', () => {
  it('keeps the local integration for a conflict without a choice, whatever its id', () => {
    for (const id of ['constructor', 'toString', 'hasOwnProperty', 'int_plain']) {
      const record = { id, name: 'Acme', offeringId: 'salesforce-production', clientId: 'client-acme', scopes: ['api'], status: 'configured', createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z' } as unknown as IntegrationRecord;
      const doc = { offerings: [], integrations: [{ record, callbackUrl: 'http://localhost:47615/oauth/callback/x' }], connections: [] } as unknown as BundleDoc;
      const local: LocalState = {
        offerings: [],
        integrations: [record],
        settings: {} as LocalState['settings'],
        connectionHome: () => undefined,
        callbackUrlHere: () => 'http://localhost:47615/oauth/callback/x',
      };
      const plan = planImport(doc, local, {}, { integration: () => 'int_new', connection: () => 'con_new', now: '2026-11-30T00:00:00.000Z' });
      expect({ id, skipped: plan.skipped, writes: plan.writes.length }).toEqual({ id, skipped: 1, writes: 0 });
    }
  });
});
