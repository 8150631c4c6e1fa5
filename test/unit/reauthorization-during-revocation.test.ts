import { afterEach, describe, expect, it } from 'vitest';
import type { Connection } from '../../preload/contract/connection-models.js';
import { ALICE, createHarness, type Harness } from '../support/connection-harness.js';
import { requestGate, throughGates } from '../support/request-gate.js';

/**
 * A reauthorization of a connection that is stored while the connection's revocation is out at the
 * provider gives it new tokens the revocation never saw. The revocation must not then drop them
 * unrevoked: a connection shown as revoked (or deleted) holds no live refresh token at the provider.
 */
let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

describe('a reauthorization stored while its connection is being revoked', () => {
  it('has its new tokens revoked too, not dropped alive', async () => {
    const revoke = requestGate((url) => url.pathname.endsWith('/revoke'));
    h = await createHarness({
      fetch: throughGates(revoke),
    });
    const { connection } = await h.connect(ALICE);

    revoke.arm();
    const revoking = h.call<Connection>('connections.revoke', { id: connection.id });
    await revoke.atGate;
    const { flow, redirectUrl } = await h.begin(ALICE, { connectionId: connection.id });
    await h.deliver(redirectUrl);
    expect(h.lastFlowUpdate(flow.flowId)).toMatchObject({ state: 'completed', connectionId: connection.id, updatedExisting: true });
    const reauthorized = h.tokenResponses.at(-1)!.refresh_token as string;
    revoke.release();

    expect(await revoking).toMatchObject({ ok: true, value: { status: 'revoked' } });
    expect(h.core.connections.bundleAccess.secrets.refreshToken(h.integrationId, connection.id)).toBeUndefined();
    expect((await h.fixture.introspect(reauthorized)).active).toBe(false);
  });
});
