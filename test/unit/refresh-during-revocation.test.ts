import { afterEach, describe, expect, it } from 'vitest';
import type { Connection } from '../../preload/contract/connection-models.js';
import { ALICE, createHarness, type Harness } from '../support/connection-harness.js';
import { requestGate, throughGates } from '../support/request-gate.js';

/**
 * A refresh asked for while a revocation (revoke, delete) of the same connection is out at the
 * provider: a script's credentials request, keep-alive, the Refresh button. The revocation waits for a
 * refresh already in flight, but one that starts after it must not race it: with rotation, a refresh
 * that reaches the provider first turns the token being revoked into a dead one (the revocation then
 * hears "already invalid") and leaves a live refresh token that nothing holds; one that reaches it
 * second gets invalid_grant and would mark the deleted or revoked connection "expired".
 */
let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

const isRevoke = (url: URL) => url.pathname.endsWith('/revoke');
const isRefresh = (_url: URL, init?: RequestInit) => init?.body !== undefined && String(init.body).includes('grant_type=refresh_token');

describe('a refresh asked for while the connection is being revoked', () => {
  it('leaves no live refresh token behind a connection shown as revoked', async () => {
    const revoke = requestGate(isRevoke);
    h = await createHarness({
      fetch: throughGates(revoke),
    });
    const { connection } = await h.connect(ALICE);

    revoke.arm();
    const revoking = h.call<Connection>('connections.revoke', { id: connection.id });
    await revoke.atGate;
    // The refresh goes on while the revocation is held before the provider.
    await h.call('connections.refresh', { id: connection.id });
    revoke.release();
    expect(await revoking).toMatchObject({ ok: true, value: { status: 'revoked' } });

    // Every refresh token the provider issued for this connection is dead.
    for (const tokens of h.tokenResponses) {
      expect((await h.fixture.introspect(tokens.refresh_token as string)).active).toBe(false);
    }
    expect(h.core.connections.bundleAccess.secrets.refreshToken(h.integrationId, connection.id)).toBeUndefined();
  });

  it('does not bring a deleted connection back as expired', async () => {
    const revoke = requestGate(isRevoke);
    const refresh = requestGate(isRefresh);
    h = await createHarness({
      fetch: throughGates(revoke, refresh),
    });
    const { connection } = await h.connect(ALICE);

    revoke.arm();
    const deleting = h.call<Connection>('connections.delete', { id: connection.id });
    await revoke.atGate;
    refresh.arm();
    const refreshing = h.call('connections.refresh', { id: connection.id });
    // Either the refresh is held before the provider, or it was refused at once.
    await Promise.race([refresh.atGate, refreshing]);
    revoke.release();
    expect(await deleting).toMatchObject({ ok: true, value: { status: 'deleted' } });
    refresh.release();
    await refreshing;

    expect(h.core.connections.record(connection.id)).toMatchObject({ status: 'deleted' });
    expect(await h.value('connections.list', { integrationId: h.integrationId })).toEqual([]);
  });
});
