import { z } from 'zod';
import type { AttentionConnection, AttentionIntegration, StatusSummary } from '../../../preload/contract/connection-models.js';
import type { IntegrationRecord } from '../domain/integrations/integration-record.js';
import type { ConnectionRecord } from './connection-record.js';
import { idleExpiry, idleSince } from './idle-expiry.js';

/**
 * A connection the tray or a notification names: expired, revoked, or connected with a failing refresh.
 * Only what they show of it (no token ever lives in a connection record anyway).
 */
export const notableConnectionSchema = z.object({
  id: z.string(),
  userEmail: z.string(),
  status: z.enum(['connected', 'expired', 'revoked']),
  statusReason: z.string().optional(),
  refreshProblem: z.object({ at: z.string(), message: z.string() }).optional(),
});
export type NotableConnection = z.infer<typeof notableConnectionSchema>;

/**
 * What the status summary (tray, header, notifications) needs of one integration's connections, so it
 * can be kept beside the integrations list's figures (`connection-summaries.ts`) and the tray never has
 * to read every connection shard (issue 15: 1.8 s at 100,000 connections, at every desktop launch).
 */
export const statusFiguresSchema = z.object({
  /** Per status; moved connections (issue 16) live on another machine and are not counted. */
  statuses: z.object({ connected: z.number().int().min(0), expired: z.number().int().min(0), revoked: z.number().int().min(0), deleted: z.number().int().min(0) }),
  notable: z.array(notableConnectionSchema),
  /** The connected connection whose access token expires first (with a known expiry). */
  nextExpiry: z
    .object({ connectionId: z.string(), userEmail: z.string(), expiresAt: z.string(), source: z.enum(['from provider', 'introspected', 'assumed']) })
    .optional(),
  /**
   * The earliest time a healthy connected connection's refresh token was last used. An org's idle policy
   * warns about a connection only near the end of its window, so the summary reads an integration's
   * connections for that warning only when this oldest one is near it.
   */
  oldestIdleSince: z.string().optional(),
});
export type StatusFigures = z.infer<typeof statusFiguresSchema>;

/** What the status figures read of a connection. */
export type StatusInput = Pick<ConnectionRecord, 'id' | 'userEmail' | 'status' | 'statusReason' | 'refreshProblem' | 'expiresAt' | 'expirySource'> &
  Partial<Pick<ConnectionRecord, 'lastRefreshedAt' | 'connectedAt'>>;

/** One integration's status figures, from its connections (a pure function; one pass). */
export function statusFiguresOf(connections: readonly StatusInput[]): StatusFigures {
  const figures: StatusFigures = { statuses: { connected: 0, expired: 0, revoked: 0, deleted: 0 }, notable: [] };
  let oldestIdle = Number.POSITIVE_INFINITY;
  for (const c of connections) {
    if (c.status === 'moved') continue;
    figures.statuses[c.status] += 1;
    if (c.status === 'expired' || c.status === 'revoked' || (c.status === 'connected' && c.refreshProblem)) {
      figures.notable.push({
        id: c.id,
        userEmail: c.userEmail,
        status: c.status,
        ...(c.statusReason !== undefined ? { statusReason: c.statusReason } : {}),
        ...(c.refreshProblem ? { refreshProblem: { at: c.refreshProblem.at, message: c.refreshProblem.message } } : {}),
      });
    }
    if (c.status !== 'connected') continue;
    if (c.expiresAt && c.expirySource && (!figures.nextExpiry || c.expiresAt < figures.nextExpiry.expiresAt)) {
      figures.nextExpiry = { connectionId: c.id, userEmail: c.userEmail, expiresAt: c.expiresAt, source: c.expirySource };
    }
    const since = c.connectedAt === undefined ? Number.NaN : idleSince({ lastRefreshedAt: c.lastRefreshedAt, connectedAt: c.connectedAt });
    if (!c.refreshProblem && since < oldestIdle) oldestIdle = since;
  }
  if (Number.isFinite(oldestIdle)) figures.oldestIdleSince = new Date(oldestIdle).toISOString();
  return figures;
}

export type SummaryIntegration = Pick<IntegrationRecord, 'id' | 'name' | 'status' | 'verification'>;

/** A healthy connected connection whose refresh token will expire unused soon (an org's idle policy). */
export interface IdleWarning {
  id: string;
  userEmail: string;
  idleExpiresAt: string;
}

export interface StatusSources {
  integrations: readonly SummaryIntegration[];
  /** An integration's status figures (kept per integration; see `connection-summaries.ts`). */
  figuresOf(integrationId: string): StatusFigures;
  /** Its idle warnings (`idleWarningsOf` reads its connections only when one can be due). */
  idleWarnings(integrationId: string, figures: StatusFigures): readonly IdleWarning[];
}

/**
 * Summarises the state of every integration and connection for the tray and the dashboard, from each
 * integration's figures: no connection is read unless an org's idle policy is about to expire one.
 *
 * Needing attention: an expired connection (only reauthorizing helps), a connected one whose last
 * refresh failed, one whose refresh token will soon expire unused, an integration whose credentials the
 * provider rejected, and a draft integration that still has live connections (no new ones can be made).
 */
export function summarizeFigures(input: StatusSources): StatusSummary {
  const counts: StatusSummary['counts'] = { connected: 0, expired: 0, revoked: 0, deleted: 0 };
  const connections: AttentionConnection[] = [];
  const integrations: AttentionIntegration[] = [];
  let nextExpiry: StatusSummary['nextExpiry'];

  for (const i of input.integrations) {
    const figures = input.figuresOf(i.id);
    for (const status of STATUSES) counts[status] += figures.statuses[status];
    const base = { integrationId: i.id, integrationName: i.name };
    for (const c of figures.notable) {
      if (c.status === 'expired') {
        connections.push({ ...base, id: c.id, userEmail: c.userEmail, status: c.status, reason: c.statusReason ?? 'Expired: reauthorize to reconnect.' });
      } else if (c.status === 'connected' && c.refreshProblem) {
        connections.push({ ...base, id: c.id, userEmail: c.userEmail, status: c.status, reason: c.refreshProblem.message });
      }
    }
    for (const c of input.idleWarnings(i.id, figures)) {
      connections.push({
        ...base,
        id: c.id,
        userEmail: c.userEmail,
        status: 'connected',
        expiresSoon: true,
        reason: `Expires if unused by ${c.idleExpiresAt.slice(0, 10)}: the org expires refresh tokens that go unused. Keep Integrations Desk running (keep-alive refreshes it), or refresh it now.`,
      });
    }
    const next = figures.nextExpiry;
    if (next && (!nextExpiry || next.expiresAt < nextExpiry.expiresAt)) nextExpiry = { ...next, integrationId: i.id };

    if (i.verification?.outcome === 'rejected') {
      integrations.push({ id: i.id, name: i.name, reason: i.verification.message });
    } else if (i.status === 'draft' && figures.statuses.connected > 0) {
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
    ...(nextExpiry ? { nextExpiry: { connectionId: nextExpiry.connectionId, integrationId: nextExpiry.integrationId, userEmail: nextExpiry.userEmail, expiresAt: nextExpiry.expiresAt, source: nextExpiry.source } } : {}),
  };
}

const STATUSES = ['connected', 'expired', 'revoked', 'deleted'] as const;

/**
 * An integration's idle warnings under its org's policy of `idleDays`: read from its connections only
 * when the oldest healthy one is inside the warning already (else none can be), so a summary reads no
 * shard unless a warning is due.
 */
export function idleWarningsOf(
  figures: StatusFigures,
  idleDays: number | undefined,
  now: number,
  connections: () => readonly StatusInput[],
): IdleWarning[] {
  if (!idleDays || !figures.oldestIdleSince) return [];
  if (!idleExpiry({ status: 'connected', connectedAt: figures.oldestIdleSince }, idleDays, now).expiresSoon) return [];
  const warnings: IdleWarning[] = [];
  for (const c of connections()) {
    if (c.status !== 'connected' || c.refreshProblem || c.connectedAt === undefined) continue;
    const idle = idleExpiry({ status: c.status, lastRefreshedAt: c.lastRefreshedAt, connectedAt: c.connectedAt }, idleDays, now);
    if (idle.expiresSoon && idle.idleExpiresAt) warnings.push({ id: c.id, userEmail: c.userEmail, idleExpiresAt: idle.idleExpiresAt });
  }
  return warnings;
}
