import { afterEach, describe, expect, it } from 'vitest';
import type { Connection, StatusSummary } from '../../preload/contract/connection-models.js';
import { ALICE, createHarness, type Harness } from '../support/connection-harness.js';

/**
 * Issue 12, acceptance 5 and the revoke/invalid_grant items: an org can expire refresh tokens that go
 * unused for N days. With the offering's "refresh tokens expire after N days unused" set, keep-alive
 * refreshes well before that, every connection says when it would expire, and the list and the tray
 * warn days ahead. Against the Salesforce-shaped provider; the app's clock is moved by hand.
 */
let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

const DAY = 24 * 60 * 60_000;

async function withIdlePolicy(harness: Harness, days: number | null): Promise<void> {
  const { offeringId } = await harness.value<{ offeringId: string }>('integrations.get', { id: harness.integrationId });
  await harness.value('offerings.update', { id: offeringId, refreshTokenIdleDays: days });
}

describe('the idle refresh-token policy of an offering', () => {
  it('is unknown by default, and then no connection shows an idle expiry', async () => {
    h = await createHarness();
    const { connection } = await h.connect(ALICE);
    const { offeringId } = await h.value<{ offeringId: string }>('integrations.get', { id: h.integrationId });
    const offerings = await h.value<Array<{ id: string; refreshTokenIdleDays?: number }>>('offerings.list');
    expect(offerings.find((o) => o.id === offeringId)?.refreshTokenIdleDays).toBeUndefined();
    expect(connection.idleExpiresAt).toBeUndefined();
  });

  it('shows "expires if unused by" on each connection, moved on by every refresh', async () => {
    h = await createHarness();
    await withIdlePolicy(h, 30);
    const { connection } = await h.connect(ALICE);
    expect(Date.parse(connection.idleExpiresAt!) - Date.parse(connection.connectedAt)).toBe(30 * DAY);
    expect(connection.expiresSoon).toBeUndefined();
    h.clock.advance(5 * DAY);
    const refreshed = await h.value<Connection>('connections.refresh', { id: connection.id });
    expect(Date.parse(refreshed.idleExpiresAt!) - Date.parse(refreshed.lastRefreshedAt!)).toBe(30 * DAY);
  });

  it('makes keep-alive refresh a connection idle past half the window, though the sweep interval is longer', async () => {
    h = await createHarness();
    // Keep-alive's own interval: 30 days (the longest allowed): without the policy, 16 idle days are not due.
    await h.value('settings.update', { keepAliveMinutes: 30 * 24 * 60 });
    const { connection } = await h.connect(ALICE);
    h.clock.advance(16 * DAY);
    await h.core.connections.keepAliveSweep();
    expect(h.fixture.stats().refreshGrants).toBe(0);

    await withIdlePolicy(h, 30);
    await h.core.connections.keepAliveSweep();
    expect(h.fixture.stats().refreshGrants).toBe(1);
    const after = await h.value<Connection>('connections.get', { id: connection.id });
    expect(Date.parse(after.lastRefreshedAt!)).toBeGreaterThan(Date.parse(connection.connectedAt) + 15 * DAY);
    expect(after.expiresSoon).toBeUndefined();
  });

  it('flags a connection that will expire soon in the list, the status summary and the tray model', async () => {
    h = await createHarness();
    await h.value('settings.update', { keepAliveMinutes: 0 });
    await withIdlePolicy(h, 30);
    const { connection } = await h.connect(ALICE);
    h.clock.advance(28 * DAY);
    const [row] = await h.value<Connection[]>('connections.list', { integrationId: h.integrationId });
    expect(row).toMatchObject({ id: connection.id, status: 'connected', expiresSoon: true });
    const summary = await h.value<StatusSummary>('status.summary');
    expect(summary.level).toBe('attention');
    expect(summary.attention.connections).toEqual([
      expect.objectContaining({ id: connection.id, expiresSoon: true, reason: expect.stringContaining(`Expires if unused by ${row!.idleExpiresAt!.slice(0, 10)}`) }),
    ]);
    const model = h.core.status.model();
    expect(model.icon).toBe('attention');
    expect(model.status.attention.map((a) => a.label)).toEqual(['Expires soon if unused: alice@acme.test (Fixture Production)']);
  });
});

describe('when the provider already dropped the token', () => {
  it('a revoke that the provider answers 400 invalid_token (form-encoded, as Salesforce does) ends as revoked, no error', async () => {
    h = await createHarness();
    const { connection } = await h.connect(ALICE);
    await h.fixture.revokeUser('alice@acme.test');
    const revoked = await h.value<Connection>('connections.revoke', { id: connection.id });
    expect(revoked).toMatchObject({ status: 'revoked', revocation: { outcome: 'already-invalid', httpStatus: 400 } });
    expect(revoked.statusReason).toContain('already revoked');
  });
});
