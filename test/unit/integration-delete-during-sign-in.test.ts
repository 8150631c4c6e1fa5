import { afterEach, describe, expect, it } from 'vitest';
import { ALICE, BOB, createHarness, type Harness } from '../support/connection-harness.js';
import { requestGate } from '../support/request-gate.js';

/**
 * Deleting an integration revokes its connections at the provider first, one request at a time. A
 * sign-in that completes while those requests are out adds a connection the deletion has not seen:
 * it must be revoked too, not dropped with the shard while its refresh token stays alive.
 */
let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

describe('deleting an integration while a sign-in completes', () => {
  it('revokes the connection that sign-in added', async () => {
    const exchange = requestGate((url) => url.pathname.endsWith('/token'));
    const revocation = requestGate((url) => url.pathname.endsWith('/revoke'));
    h = await createHarness({
      fetch: (next) => async (input, init) => {
        if (!(await exchange.pass(input, init))) await revocation.pass(input, init);
        return next(input, init);
      },
    });
    await h.connect(ALICE);
    const { flow, redirectUrl } = await h.begin(BOB);

    // Bob's answer has arrived (the sign-in is past waiting, so the deletion does not cancel it) and
    // its code exchange is out at the provider.
    exchange.arm();
    const bobDelivered = h.deliver(redirectUrl);
    await exchange.atGate;
    revocation.arm();
    const deletion = h.call('integrations.delete', { id: h.integrationId });
    await revocation.atGate; // Alice's revocation is out at the provider
    exchange.release();
    await bobDelivered; // Bob's sign-in completes meanwhile
    const bobToken = h.tokenResponses.at(-1)!.refresh_token as string;
    revocation.release();

    const result = await deletion;
    if (result.ok) {
      // Deleted: nothing of the integration may stay alive at the provider.
      expect((await h.fixture.introspect(bobToken)).active).toBe(false);
    } else {
      // Or kept, with Bob's connection (and its token) still there to manage.
      expect(h.lastFlowUpdate(flow.flowId)?.state).toBe('completed');
      expect(await h.value('integrations.get', { id: h.integrationId })).toMatchObject({ connectionCount: 1 });
    }
  });
});
