import { afterEach, describe, expect, it } from 'vitest';
import { ALICE, createHarness, type Harness } from '../support/connection-harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

describe('sign-in through the loopback listener', () => {
  it('connects a user and stores the identity', async () => {
    h = await createHarness();
    const { connection } = await h.connect(ALICE);
    expect(connection).toMatchObject({ userEmail: 'alice@acme.test', userName: 'Alice Anderson', orgName: 'Acme Inc', status: 'connected', expirySource: 'introspected' });
  });
});
