import type {
  AttentionConnection,
  AttentionIntegration,
  ConnectionStatus,
  StatusSummary,
} from '../../../preload/contract/connection-models.js';
import type { IntegrationRecord } from '../domain/integrations/integration-record.js';
import type { ConnectionRecord } from './connection-record.js';

export type SummaryIntegration = Pick<IntegrationRecord, 'id' | 'name' | 'status' | 'verification'>;
export type SummaryConnection = Pick<
  ConnectionRecord,
  'id' | 'integrationId' | 'userEmail' | 'status' | 'statusReason' | 'refreshProblem' | 'expiresAt' | 'expirySource'
> & {
  /** From the offering's idle refresh-token policy (see `idle-expiry.ts`), computed by the caller. */
  idleExpiresAt?: string;
  expiresSoon?: boolean;
};

/**
 * Summarises the state of every integration and connection for the tray and the dashboard.
 *
 * A pure function of the records: no I/O and no clock, so the tray can recompute it on every change
 * and tests can state it exactly. Needing attention: an expired connection (only reauthorizing helps),
 * a connected one whose last refresh failed, one whose refresh token will soon expire unused, an integration whose credentials the provider rejected,
 * and a draft integration that still has live connections (no new ones can be made).
 */
export function summarizeStatus(input: { integrations: readonly SummaryIntegration[]; connections: readonly SummaryConnection[] }): StatusSummary {
  const counts: StatusSummary['counts'] = { connected: 0, expired: 0, revoked: 0, deleted: 0 };
  const names = new Map(input.integrations.map((i) => [i.id, i.name]));
  const liveByIntegration = new Map<string, number>();
  const connections: AttentionConnection[] = [];
  let nextExpiry: StatusSummary['nextExpiry'];

  for (const c of input.connections) {
    // Moved to another machine (issue 16): not this machine's to count or to worry about.
    if (c.status === 'moved') continue;
    counts[c.status] += 1;
    const integrationName = names.get(c.integrationId) ?? 'Unknown integration';
    const base = { id: c.id, integrationId: c.integrationId, integrationName, userEmail: c.userEmail, status: c.status };
    if (c.status === 'expired') {
      connections.push({ ...base, reason: c.statusReason ?? 'Expired: reauthorize to reconnect.' });
    } else if (c.status === 'connected') {
      liveByIntegration.set(c.integrationId, (liveByIntegration.get(c.integrationId) ?? 0) + 1);
      if (c.refreshProblem) connections.push({ ...base, reason: c.refreshProblem.message });
      else if (c.expiresSoon && c.idleExpiresAt) {
        connections.push({
          ...base,
          expiresSoon: true,
          reason: `Expires if unused by ${c.idleExpiresAt.slice(0, 10)}: the org expires refresh tokens that go unused. Keep Integrations Desk running (keep-alive refreshes it), or refresh it now.`,
        });
      }
      if (c.expiresAt && c.expirySource && (!nextExpiry || c.expiresAt < nextExpiry.expiresAt)) {
        nextExpiry = { connectionId: c.id, integrationId: c.integrationId, userEmail: c.userEmail, expiresAt: c.expiresAt, source: c.expirySource };
      }
    }
  }

  const integrations: AttentionIntegration[] = [];
  for (const i of input.integrations) {
    if (i.verification?.outcome === 'rejected') {
      integrations.push({ id: i.id, name: i.name, reason: i.verification.message });
    } else if (i.status === 'draft' && (liveByIntegration.get(i.id) ?? 0) > 0) {
      integrations.push({ id: i.id, name: i.name, reason: 'Back to draft: verify its credentials before creating new connections.' });
    }
  }

  connections.sort((a, b) => a.integrationName.localeCompare(b.integrationName) || a.userEmail.localeCompare(b.userEmail));
  integrations.sort((a, b) => a.name.localeCompare(b.name));
  const configured = input.integrations.filter((i) => i.status === 'configured').length;
  return {
    level: connections.length + integrations.length > 0 ? 'attention' : 'ok',
    counts,
    integrations: { total: input.integrations.length, configured, draft: input.integrations.length - configured },
    attention: { connections, integrations },
    ...(nextExpiry ? { nextExpiry } : {}),
  };
}
