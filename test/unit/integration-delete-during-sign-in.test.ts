import { afterEach, describe, expect, it } from 'vitest';
import { ALICE, BOB, createHarness, type Harness } from '../support/connection-harness.js';

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
    let hold: { reached(): void; released: Promise<void> } | undefined;
    h = await createHarness({
      fetch: (next) => async (input, init) => {
        const url = input instanceof Request ? input.url : String(input);
        const gate = hold;
        if (gate && new URL(url).pathname.endsWith('/revoke')) {
          hold = undefined;
          gate.reached();
          await gate.released;
        }
        return next(input, init);
      },
    });
    await h.connect(ALICE);
    const { flow, redirectUrl } = await h.begin(BOB);

    let reached!: () => void;
    const atRevoke = new Promise<void>((resolve) => (reached = resolve));
    let release!: () => void;
    hold = { reached, released: new Promise<void>((resolve) => (release = resolve)) };
    const deletion = h.call('integrations.delete', { id: h.integrationId });
    await atRevoke; // Alice's revocation is out at the provider
    await h.deliver(redirectUrl); // Bob's sign-in completes meanwhile
    const bobToken = h.tokenResponses.at(-1)!.refresh_token as string;
    release();

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
