import { randomBytes } from 'node:crypto';
import type { Offering } from '../../../../preload/contract/models.js';
import type { z } from 'zod';
import type { updateOfferingSchema } from '../../../../preload/contract/schemas.js';
import { DeskError } from '../../support/desk-error.js';
import { isoNow, type Clock } from '../../support/clock.js';
import type { DocStore } from '../doc-store.js';
import type { OfferingRecord, OfferingsDoc } from './offering-record.js';
import { checkOffering, type OfferingInput } from './offering-rules.js';
import { salesforceEndpoints } from './salesforce-endpoints.js';

export interface OfferingServiceDeps {
  store: DocStore<OfferingsDoc>;
  clock: Clock;
  /** How many integrations use an offering; in-use offerings can be disabled, never deleted. */
  usage(offeringId: string): number;
  changed(ids: string[]): void;
}

export type OfferingService = ReturnType<typeof createOfferingService>;

/** Offerings: which providers and environments integrations may be created for. */
export function createOfferingService(deps: OfferingServiceDeps) {
  const { store, clock } = deps;

  const find = (id: string): OfferingRecord => {
    const found = store.get().offerings.find((o) => o.id === id);
    if (!found) throw new DeskError('NOT_FOUND', 'That offering does not exist.');
    return found;
  };

  const toView = (o: OfferingRecord): Offering => ({
    ...o,
    endpoints: o.kind === 'salesforce' && o.loginUrl ? salesforceEndpoints(o.loginUrl) : o.endpoints,
    integrationCount: deps.usage(o.id),
  });

  const replace = (record: OfferingRecord): Offering => {
    store.update((doc) => ({ offerings: doc.offerings.map((o) => (o.id === record.id ? record : o)) }));
    deps.changed([record.id]);
    return toView(record);
  };

  return {
    list: (): Offering[] => store.get().offerings.map(toView),
    records: (): OfferingRecord[] => store.get().offerings,
    get: (id: string): OfferingRecord => find(id),
    view: (id: string): Offering => toView(find(id)),

    create(input: OfferingInput): Offering {
      const fields = checkOffering(input, store.get().offerings);
      const now = isoNow(clock);
      const record: OfferingRecord = {
        id: `off_${randomBytes(9).toString('base64url')}`,
        ...fields,
        builtIn: false,
        enabled: true,
        createdAt: now,
        updatedAt: now,
      };
      store.update((doc) => ({ offerings: [...doc.offerings, record] }));
      deps.changed([record.id]);
      return toView(record);
    },

    update(input: z.output<typeof updateOfferingSchema>): Offering {
      const current = find(input.id);
      // The provider's location (login URL, issuer, endpoints) is replaced as a whole when any part of it
      // is given, so switching a generic offering between discovery and explicit endpoints clears the other.
      const locationGiven = input.loginUrl !== undefined || input.issuer !== undefined || input.endpoints !== undefined;
      const location = locationGiven ? input : current;
      const merged: OfferingInput = {
        name: input.name ?? current.name,
        kind: input.kind ?? current.kind,
        environment: input.environment ?? current.environment,
        loginUrl: location.loginUrl,
        issuer: location.issuer,
        endpoints: location.endpoints,
        requiredScopes: input.requiredScopes ?? current.requiredScopes,
        optionalScopes: input.optionalScopes ?? current.optionalScopes,
        // `null` clears a known policy back to unknown; absent keeps it.
        refreshTokenIdleDays: input.refreshTokenIdleDays === undefined ? current.refreshTokenIdleDays : input.refreshTokenIdleDays,
      };
      if (deps.usage(current.id) > 0 && merged.kind !== current.kind) {
        throw new DeskError('CONFLICT', 'The kind of an offering in use cannot change.', { kind: 'In use by integrations' });
      }
      const fields = checkOffering(merged, store.get().offerings, current.id);
      const { loginUrl: _l, issuer: _i, endpoints: _e, refreshTokenIdleDays: _d, ...rest } = current;
      return replace({ ...rest, ...fields, updatedAt: isoNow(clock) });
    },

    setEnabled(id: string, enabled: boolean): Offering {
      return replace({ ...find(id), enabled, updatedAt: isoNow(clock) });
    },

    remove(id: string): { id: string } {
      const current = find(id);
      if (current.builtIn) throw new DeskError('CONFLICT', 'Built-in offerings can be disabled, not deleted.');
      const used = deps.usage(id);
      if (used > 0) {
        throw new DeskError('CONFLICT', `This offering is used by ${used} integration${used === 1 ? '' : 's'}: disable it instead.`);
      }
      store.update((doc) => ({ offerings: doc.offerings.filter((o) => o.id !== id) }));
      deps.changed([id]);
      return { id };
    },
  };
}
