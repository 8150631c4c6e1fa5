import { afterEach, describe, expect, it } from 'vitest';
import { ALICE, createHarness, type Harness } from '../support/connection-harness.js';

/**
 * A refresh the provider answered (rotating the connection's refresh token) whose answer is read only
 * after a reauthorization of the connection was stored: the reauthorization's tokens are kept, and
 * the rotated refresh token the answer carried is revoked rather than dropped alive.
 */
let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

describe('a refresh answered by the provider but read after a reauthorization', () => {
  it('revokes the rotated refresh token it will not keep', async () => {
    let hold: Promise<void> | undefined;
    let release!: () => void;
    let answered!: () => void;
    const atProvider = new Promise<void>((resolve) => (answered = resolve));
    h = await createHarness({
      fetch: (next) => async (input, init) => {
        const response = await next(input, init);
        if (hold && init?.body !== undefined && String(init.body).includes('grant_type=refresh_token')) {
          const held = hold;
          hold = undefined;
          answered();
          await held;
        }
        return response;
      },
    });
    const { connection } = await h.connect(ALICE);

    hold = new Promise<void>((resolve) => (release = resolve));
    const refreshing = h.call('connections.refresh', { id: connection.id });
    await atProvider; // the provider rotated the token; the app has not read the answer yet

    const { flow, redirectUrl } = await h.begin(ALICE, { connectionId: connection.id });
    await h.deliver(redirectUrl);
    expect(h.lastFlowUpdate(flow.flowId)).toMatchObject({ state: 'completed', connectionId: connection.id });
    const reauthorized = h.tokenResponses.at(-1)!.refresh_token as string;

    release();
    await refreshing;
    const rotated = h.tokenResponses.at(-1)!.refresh_token as string;
    expect(rotated).not.toBe(reauthorized);
    expect(h.core.connections.bundleAccess.secrets.refreshToken(h.integrationId, connection.id)).toBe(reauthorized);
    expect((await h.fixture.introspect(reauthorized)).active).toBe(true);
    expect((await h.fixture.introspect(rotated)).active).toBe(false);
  });
});
