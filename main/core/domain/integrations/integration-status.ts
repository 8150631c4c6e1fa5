import type { ActivityChange } from '../../../../preload/contract/activity-models.js';
import type { Verification } from '../../../../preload/contract/models.js';
import type { IntegrationRecord } from './integration-record.js';

/**
 * Returns a configured integration to draft (in place, on a record about to be saved), and says so as a
 * change for the audit entry; a draft stays as it is.
 */
export function backToDraft(record: IntegrationRecord): ActivityChange | undefined {
  if (record.status === 'draft') return undefined;
  record.status = 'draft';
  return { field: 'Status', from: 'configured', to: 'draft' };
}

/** A failed verification in plain words; the provider's own answer goes to the entry's details. */
export const VERIFY_WORDS: Record<Verification['outcome'], string> = {
  passed: 'Verified the credentials, but they changed meanwhile: verify again',
  rejected: 'Verified the credentials: the provider rejected them',
  unreachable: 'Tried to verify the credentials: the provider could not be reached',
  unexpected: 'Tried to verify the credentials: the provider answered unexpectedly',
};

/** The later of two ISO 8601 instants (the second may be absent). */
export const latest = (a: string, b: string | undefined): string => (b && b > a ? b : a);
