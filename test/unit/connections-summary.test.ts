import { describe, expect, it } from 'vitest';
import { summarizeStatus, type SummaryConnection, type SummaryIntegration } from '../../main/core/connections/status-summary.js';

const integration = (id: string, name: string, extra: Partial<SummaryIntegration> = {}): SummaryIntegration => ({ id, name, status: 'configured', ...extra });
const connection = (id: string, integrationId: string, extra: Partial<SummaryConnection> = {}): SummaryConnection => ({
  id,
  integrationId,
  userEmail: `${id}@example.test`,
  status: 'connected',
  ...extra,
});

describe('the status summary (a pure function of the records)', () => {
  it('is ok and empty with nothing configured', () => {
    expect(summarizeStatus({ integrations: [], connections: [] })).toEqual({
      level: 'ok',
      counts: { connected: 0, expired: 0, revoked: 0, deleted: 0 },
      integrations: { total: 0, configured: 0, draft: 0 },
      attention: { connections: [], integrations: [] },
    });
  });

  it('counts by status and finds the next expiry among connected connections only', () => {
    const summary = summarizeStatus({
      integrations: [integration('i1', 'Prod'), integration('i2', 'Sandbox', { status: 'draft' })],
      connections: [
        connection('a', 'i1', { expiresAt: '2030-01-01T02:00:00.000Z', expirySource: 'introspected' }),
        connection('b', 'i1', { expiresAt: '2030-01-01T01:00:00.000Z', expirySource: 'assumed' }),
        connection('c', 'i1', { status: 'revoked', expiresAt: '2029-01-01T00:00:00.000Z', expirySource: 'assumed' }),
        connection('d', 'i2', { status: 'deleted' }),
      ],
    });
    expect(summary.counts).toEqual({ connected: 2, expired: 0, revoked: 1, deleted: 1 });
    expect(summary.integrations).toEqual({ total: 2, configured: 1, draft: 1 });
    expect(summary.nextExpiry).toEqual({ connectionId: 'b', integrationId: 'i1', userEmail: 'b@example.test', expiresAt: '2030-01-01T01:00:00.000Z', source: 'assumed' });
    expect(summary.level).toBe('ok');
  });

  it('asks for attention for expired connections, failing refreshes, rejected credentials and drafts with live connections', () => {
    const summary = summarizeStatus({
      integrations: [
        integration('i1', 'Prod', { verification: { at: 'x', outcome: 'rejected', message: 'Credentials rejected' } }),
        integration('i2', 'Sandbox', { status: 'draft' }),
        integration('i3', 'Idle draft', { status: 'draft' }),
      ],
      connections: [
        connection('x', 'i1', { status: 'expired', statusReason: 'invalid_grant' }),
        connection('y', 'i1', { refreshProblem: { at: 'x', message: 'HTTP 503' } }),
        connection('z', 'i2'),
      ],
    });
    expect(summary.level).toBe('attention');
    expect(summary.attention.connections).toEqual([
      { id: 'x', integrationId: 'i1', integrationName: 'Prod', userEmail: 'x@example.test', status: 'expired', reason: 'invalid_grant' },
      { id: 'y', integrationId: 'i1', integrationName: 'Prod', userEmail: 'y@example.test', status: 'connected', reason: 'HTTP 503' },
    ]);
    expect(summary.attention.integrations.map((i) => [i.id, i.reason])).toEqual([
      ['i1', 'Credentials rejected'],
      ['i2', expect.stringContaining('Back to draft')],
    ]);
  });
});
