import type { Integration } from '../../../../preload/contract/models.js';
import type { ListFigures } from '../../connections/connection-summaries.js';
import type { IntegrationRecord } from './integration-record.js';
import { latest } from './integration-status.js';

/**
 * What the window sees of an integration: its record (no secret: only when the secret was last
 * replaced), its offering's name, its own Callback URL and its connection figures.
 */
export function integrationView(
  record: IntegrationRecord,
  offeringName: string | undefined,
  callback: { url: string; issue?: { message: string; fixedUrl: string } },
  figures: ListFigures,
): Integration {
  return {
    id: record.id,
    name: record.name,
    offeringId: record.offeringId,
    offeringName: offeringName ?? 'Unknown offering',
    clientId: record.clientId,
    scopes: record.scopes,
    status: record.status,
    secret: record.secretReplacedAt ? { set: true, lastReplacedAt: record.secretReplacedAt } : { set: false },
    verification: record.verification,
    connectionCount: figures.count,
    lastActivityAt: latest(record.updatedAt, figures.lastActiveAt),
    callbackUrl: callback.url,
    ...(callback.issue ? { callbackIssue: callback.issue } : {}),
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
  };
}
