import { afterEach, describe, expect, it } from 'vitest';
import type { Connection } from '../../preload/contract/connection-models.js';
import { ALICE, createHarness, type Harness } from '../support/connection-harness.js';
import { requestGate, throughGates } from '../support/request-gate.js';

/**
 * A refresh that was already out at the provider when a reauthorization of the same connection was
 * stored answers about the tokens the reauthorization replaced. Its answer must not undo the sign-in:
 * an invalid_grant for the old refresh token does not expire the connection nor delete the refresh
 * token the admin just obtained.
 */
let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

describe('a refresh answered after a reauthorization of its connection', () => {
  it('neither expires the reauthorized connection nor deletes its new refresh token', async () => {
    const refresh = requestGate((_url, init) => init?.body !== undefined && String(init.body).includes('grant_type=refresh_token'));
    h = await createHarness({
      fetch: (next) => async (input, init) => {
        if (await refresh.pass(input, init)) {
          // The provider no longer accepts the old refresh token (the admin revoked it, say).
          return new Response(JSON.stringify({ error: 'invalid_grant', error_description: 'expired access/refresh token' }), {
            status: 400,
            headers: { 'content-type': 'application/json' },
          });
        }
        return next(input, init);
      },
    });
    const { connection } = await h.connect(ALICE);

    refresh.arm();
    const refreshing = h.call('connections.refresh', { id: connection.id });
    await refresh.atGate;

    const { flow, redirectUrl } = await h.begin(ALICE, { connectionId: connection.id });
    await h.deliver(redirectUrl);
    expect(h.lastFlowUpdate(flow.flowId)).toMatchObject({ state: 'completed', connectionId: connection.id, updatedExisting: true });
    const newRefreshToken = h.tokenResponses.at(-1)!.refresh_token as string;

    refresh.release();
    await refreshing;
    expect(await h.value<Connection>('connections.get', { id: connection.id })).toMatchObject({ status: 'connected' });
    expect(h.core.connections.bundleAccess.secrets.refreshToken(h.integrationId, connection.id)).toBe(newRefreshToken);
  });

  it("keeps the reauthorization's record when it lands while the refresh looks up its token's expiry", async () => {
    const lookup = requestGate((url) => url.pathname.endsWith('/introspect'));
    h = await createHarness({
      fetch: throughGates(lookup),
    });
    const { connection } = await h.connect(ALICE);

    lookup.arm();
    const refreshing = h.call('connections.refresh', { id: connection.id });
    await lookup.atGate; // the refresh has its new tokens and asks the provider how long they live

    const { flow, redirectUrl } = await h.begin(ALICE, { connectionId: connection.id });
    await h.deliver(redirectUrl);
    expect(h.lastFlowUpdate(flow.flowId)).toMatchObject({ state: 'completed', connectionId: connection.id, updatedExisting: true });
    const reauthorized = await h.value<Connection>('connections.get', { id: connection.id });

    lookup.release();
    await refreshing;
    // The record is the reauthorization's: the refresh's figures (its token's expiry, its time) are
    // about tokens that were replaced, and would have been written over it.
    const after = await h.value<Connection>('connections.get', { id: connection.id });
    expect(after.lastRefreshedAt).toBe(reauthorized.lastRefreshedAt);
    expect(after.expiresAt).toBe(reauthorized.expiresAt);
  });
});
