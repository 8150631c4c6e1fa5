import { afterEach, describe, expect, it } from 'vitest';
import type { Connection, FlowUpdate } from '../../preload/contract/connection-models.js';
import { DEFAULT_USERS, startOidcFixture, type OidcFixture } from '../fixtures/oidc-fixture.js';
import { ALICE, BOB, createHarness, type Harness } from '../support/connection-harness.js';

/**
 * Issue 12: a connection's identity (org + user) is fixed. Reauthorizing it as another user changed
 * that connection's user, so its id handed out the other person's tokens through the local API. Now
 * another user or org leaves the connection untouched, and the sign-in is held until the admin adds it
 * as a new connection or discards it.
 */
let h: Harness | undefined;
const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((c) => c()));
  await h?.stop();
  h = undefined;
});

const list = (harness: Harness) => harness.value<Connection[]>('connections.list', { integrationId: harness.integrationId });

describe('reauthorizing a connection as someone else', () => {
  it('leaves the connection (id, user, tokens) unchanged and holds the sign-in for the admin', async () => {
    h = await createHarness();
    const { connection: alice } = await h.connect(ALICE);
    const before = await h.core.connections.credentialsFor(alice.id);
    const record = await h.value<Connection>('connections.get', { id: alice.id });

    const { flow, redirectUrl } = await h.begin(BOB, { connectionId: alice.id });
    const page = await h.deliver(redirectUrl);
    expect(page.status).toBe(400);
    expect(page.body).toContain('not alice@acme.test');
    const update = h.lastFlowUpdate(flow.flowId)!;
    expect(update).toMatchObject({
      state: 'failed',
      message: 'You signed in as bob@globex.test (Globex), not alice@acme.test (Acme Inc), so the connection was left unchanged.',
      identityMismatch: {
        kind: 'user',
        connectionId: alice.id,
        expected: { userEmail: 'alice@acme.test', orgName: 'Acme Inc' },
        received: { userEmail: 'bob@globex.test', orgName: 'Globex' },
      },
    });

    expect(await h.value<Connection>('connections.get', { id: alice.id })).toEqual(record);
    const after = await h.core.connections.credentialsFor(alice.id);
    expect(after.accessToken).toBe(before.accessToken);
    expect((await list(h)).map((c) => c.userEmail)).toEqual(['alice@acme.test']);
  });

  it('adds the held sign-in as a new connection when the admin says so', async () => {
    h = await createHarness();
    const { connection: alice } = await h.connect(ALICE);
    const { flow, redirectUrl } = await h.begin(BOB, { connectionId: alice.id });
    await h.deliver(redirectUrl);
    const added = await h.value<FlowUpdate>('connections.addHeldSignIn', { flowId: flow.flowId });
    expect(added).toMatchObject({ state: 'completed', updatedExisting: false, connectionId: expect.stringMatching(/^con_/) });
    expect(added.connectionId).not.toBe(alice.id);
    const rows = await list(h);
    expect(rows.map((c) => c.userEmail).sort()).toEqual(['alice@acme.test', 'bob@globex.test']);
    expect(rows.find((c) => c.id === alice.id)?.userEmail).toBe('alice@acme.test');
    expect(await h.call('connections.addHeldSignIn', { flowId: flow.flowId })).toMatchObject({ ok: false, code: 'NOT_FOUND' });
  });

  it('revokes the held sign-in\'s tokens when the admin discards it', async () => {
    h = await createHarness();
    const { connection: alice } = await h.connect(ALICE);
    const { flow, redirectUrl } = await h.begin(BOB, { connectionId: alice.id });
    await h.deliver(redirectUrl);
    const bobTokens = h.tokenResponses.at(-1)!;
    expect(await h.value('connections.discardHeldSignIn', { flowId: flow.flowId })).toMatchObject({ state: 'cancelled' });
    expect((await h.fixture.introspect(String(bobTokens.refresh_token))).active).toBe(false);
    expect((await list(h)).map((c) => c.userEmail)).toEqual(['alice@acme.test']);
  });

  it('still updates the connection when the same user signs in again', async () => {
    h = await createHarness();
    const { connection: alice } = await h.connect(ALICE);
    const { flow, redirectUrl } = await h.begin(ALICE, { connectionId: alice.id });
    await h.deliver(redirectUrl);
    expect(h.lastFlowUpdate(flow.flowId)).toMatchObject({ state: 'completed', connectionId: alice.id, updatedExisting: true });
  });

  it('explains another org (a refreshed sandbox has a new org id) as a new connection', async () => {
    h = await createHarness();
    const { connection: alice } = await h.connect(ALICE);
    // The sandbox was refreshed: same user id, new org id.
    await h.fixture.stop();
    const refreshed: OidcFixture = await startOidcFixture({
      port: h.fixture.port,
      users: [{ ...DEFAULT_USERS[0]!, orgId: '00D000000000009AAA', orgName: 'Acme Inc (refreshed)' }, DEFAULT_USERS[1]!],
    });
    cleanups.push(() => refreshed.stop());
    // This process's fetch may hold a pooled socket to the stopped provider on the same port: drop it.
    await fetch(refreshed.endpoints.discovery).then((r) => r.text(), () => undefined);
    const flow = await h.value<{ flowId: string; authorizationUrl: string }>('connections.start', { integrationId: h.integrationId, connectionId: alice.id });
    await h.deliver(await refreshed.authorize(flow.authorizationUrl, ALICE));
    expect(h.lastFlowUpdate(flow.flowId)).toMatchObject({
      state: 'failed',
      identityMismatch: { kind: 'org', connectionId: alice.id },
      message: expect.stringContaining('A refreshed sandbox gets a new org id'),
    });
    expect((await h.value<Connection>('connections.get', { id: alice.id })).orgId).toBe('00D000000000001AAA');
  });
});
