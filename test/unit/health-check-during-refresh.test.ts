import { afterEach, describe, expect, it } from 'vitest';
import type { Connection, HealthReport } from '../../preload/contract/connection-models.js';
import { ALICE, createHarness, type Harness } from '../support/connection-harness.js';
import { requestGate, throughGates } from '../support/request-gate.js';

/**
 * The health check asks the provider whether the connection's refresh token is still active. A
 * refresh that rotates that token while the question is out (a script's credentials request,
 * keep-alive) makes the provider answer "inactive" about a token the connection no longer uses: that
 * answer must not mark the connection expired nor throw away its live new refresh token.
 */
let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

describe('a health check whose refresh token was rotated while it asked the provider', () => {
  it('leaves the connection connected with its new refresh token', async () => {
    const question = requestGate((url, init) => url.pathname.endsWith('/introspect') && String(init?.body).includes('token_type_hint=refresh_token'));
    h = await createHarness({
      fetch: throughGates(question),
    });
    const { connection } = await h.connect(ALICE);

    question.arm();
    const testing = h.value<HealthReport>('connections.test', { id: connection.id });
    await question.atGate;
    await h.value('connections.refresh', { id: connection.id });
    const rotated = h.tokenResponses.at(-1)!.refresh_token as string;
    question.release();
    await testing;

    expect(await h.value<Connection>('connections.get', { id: connection.id })).toMatchObject({ status: 'connected' });
    expect(h.core.connections.bundleAccess.secrets.refreshToken(h.integrationId, connection.id)).toBe(rotated);
    expect((await h.fixture.introspect(rotated)).active).toBe(true);
  });
});
