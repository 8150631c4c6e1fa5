import { afterEach, describe, expect, it } from 'vitest';
import { ALICE, createHarness, type Harness } from '../support/connection-harness.js';

/**
 * A reauthorization is a new approval at the provider, with its own refresh token; the connection
 * keeps only the new one. The one it replaced is revoked rather than forgotten alive: nothing here
 * could ever revoke it later, and at Salesforce it stays one of the user's five approvals of the app.
 */
let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

describe('reauthorizing a connection as the same user', () => {
  it('revokes the refresh token it replaced', async () => {
    const harness = (h = await createHarness());
    const { connection } = await harness.connect(ALICE);
    const replaced = h.tokenResponses.at(-1)!.refresh_token as string;

    const { flow, redirectUrl } = await h.begin(ALICE, { connectionId: connection.id });
    await h.deliver(redirectUrl);
    expect(h.lastFlowUpdate(flow.flowId)).toMatchObject({ state: 'completed', connectionId: connection.id, updatedExisting: true });
    const current = h.tokenResponses.at(-1)!.refresh_token as string;

    expect(current).not.toBe(replaced);
    expect(h.core.connections.bundleAccess.secrets.refreshToken(h.integrationId, connection.id)).toBe(current);
    // Revoked in the background, once the sign-in is stored (the page does not wait for it).
    await expect.poll(async () => (await harness.fixture.introspect(replaced)).active, { timeout: 5_000 }).toBe(false);
    expect((await h.fixture.introspect(current)).active).toBe(true);
  });
});
