import { afterEach, describe, expect, it } from 'vitest';
import type { Connection } from '../../preload/contract/connection-models.js';
import { ALICE, createHarness, type Harness } from '../support/connection-harness.js';

/**
 * A refresh whose answer names an instance URL that tokens are not sent to is refused (issue 13). The
 * connection must not go on looking healthy: its refresh problem is recorded like any other refused
 * refresh, so the admin sees why every credentials request for it fails.
 */
let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

describe('a refresh refused for the instance URL it names', () => {
  it('records the refresh problem on the connection', async () => {
    h = await createHarness();
    const { connection } = await h.connect(ALICE);
    h.fixture.setInstanceUrl('http://10.0.0.5');
    expect(await h.call('connections.refresh', { id: connection.id })).toMatchObject({ ok: false, message: expect.stringMatching(/instance URL/) });
    const after = await h.value<Connection>('connections.get', { id: connection.id });
    expect(after.instanceUrl).toBe(h.fixture.issuer);
    expect(after.refreshProblem?.message).toMatch(/instance URL/);
  });
});
