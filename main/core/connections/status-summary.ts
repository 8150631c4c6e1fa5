import type { StatusSummary } from '../../../preload/contract/connection-models.js';
import type { ConnectionRecord } from './connection-record.js';
import { statusFiguresOf, summarizeFigures, type StatusInput, type SummaryIntegration } from './status-figures.js';

export type { SummaryIntegration } from './status-figures.js';

export type SummaryConnection = StatusInput &
  Pick<ConnectionRecord, 'integrationId'> & {
    /** From the offering's idle refresh-token policy (see `idle-expiry.ts`), computed by the caller. */
    idleExpiresAt?: string;
    expiresSoon?: boolean;
  };

/**
 * The status summary of connection records at hand: grouped by integration into the figures the app
 * keeps per integration (`status-figures.ts`), then summarised as the app does. A pure function of the
 * records (no I/O, no clock), so tests can state the summary exactly; the app itself summarises its
 * stored figures without reading the records (`connection-service.ts`).
 */
export function summarizeStatus(input: { integrations: readonly SummaryIntegration[]; connections: readonly SummaryConnection[] }): StatusSummary {
  const byIntegration = new Map<string, SummaryConnection[]>();
  for (const c of input.connections) {
    const list = byIntegration.get(c.integrationId);
    if (list) list.push(c);
    else byIntegration.set(c.integrationId, [c]);
  }
  const of = (integrationId: string) => byIntegration.get(integrationId) ?? [];
  return summarizeFigures({
    integrations: input.integrations,
    figuresOf: (integrationId) => statusFiguresOf(of(integrationId)),
    idleWarnings: (integrationId) =>
      of(integrationId).flatMap((c) =>
        c.status === 'connected' && !c.refreshProblem && c.expiresSoon && c.idleExpiresAt ? [{ id: c.id, userEmail: c.userEmail, idleExpiresAt: c.idleExpiresAt }] : [],
      ),
  });
}
