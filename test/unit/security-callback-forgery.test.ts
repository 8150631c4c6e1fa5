import { afterEach, describe, expect, it } from 'vitest';
import type { Connection, ConnectionFlow, FlowUpdate } from '../../preload/contract/connection-models.js';
import { ALICE, BOB, createHarness, requestByAddress, type Harness } from '../support/connection-harness.js';

/**
 * Issue 13, item 3: "any page or local process can abort a pending sign-in". The callback listener
 * must stay open after a request whose state matches no waiting sign-in (answered 400, not counted);
 * only a matching state, including a matching `error=`, ends a sign-in. With a path per integration,
 * several sign-ins may wait at once. Each forgery below is something a web page (an `<img>`, a link)
 * or a local process can send while the admin is signing in.
 */
let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

const connections = (harness: Harness, integrationId = harness.integrationId) =>
  harness.value<Connection[]>('connections.list', { integrationId });

/** What an attacker can send without knowing the state: every shape of forged callback. */
function forgeries(callbackUrl: string): string[] {
  const base = new URL(callbackUrl);
  const withQuery = (query: string) => `${base.origin}${base.pathname}${query}`;
  return [
    withQuery(''), // an <img src> on any web page: no parameters at all
    withQuery('?code=forged-code&state=forged-state'),
    withQuery(`?code=forged-code&state=${'A'.repeat(43)}`), // a state of the right shape
    withQuery('?code=forged-code'), // no state
    withQuery('?error=access_denied'), // a denial without the state
    withQuery('?error=access_denied&state=forged-state'),
    withQuery('?state=&code='),
  ];
}

describe('forged callbacks during a sign-in', () => {
  it('leave the sign-in waiting, and the genuine callback then completes', async () => {
    h = await createHarness();
    const { flow, redirectUrl } = await h.begin(ALICE);
    const listener = h.core.connections.listenerOf(flow.flowId)!;
    for (const forged of forgeries(flow.callbackUrl)) {
      const page = await h.deliver(forged);
      expect(page.status, forged).toBe(400);
      expect(page.body).not.toContain('forged');
      expect(listener.isListening).toBe(true);
      expect(h.lastFlowUpdate(flow.flowId)).toMatchObject({ state: 'waiting' });
    }
    expect(h.fixture.stats().authorizationCodeGrants).toBe(0);
    expect(await connections(h)).toEqual([]);

    const genuine = await h.deliver(redirectUrl);
    expect(genuine.status).toBe(200);
    expect(genuine.body).toContain('Connected');
    expect(h.lastFlowUpdate(flow.flowId)).toMatchObject({ state: 'completed' });
    expect((await connections(h)).map((c) => c.userEmail)).toEqual(['alice@acme.test']);
    expect(listener.isListening).toBe(false);
  });

  it('are ignored on [::1] as on 127.0.0.1 (a localhost Callback URL listens on both)', async () => {
    h = await createHarness();
    const { flow, redirectUrl } = await h.begin(ALICE);
    const addresses = h.core.connections.listenerOf(flow.flowId)!.addresses().map((a) => a.address);
    for (const address of addresses as Array<'127.0.0.1' | '::1'>) {
      for (const forged of forgeries(flow.callbackUrl)) expect((await requestByAddress(new URL(forged), address)).status).toBe(400);
    }
    expect((await h.deliver(redirectUrl)).status).toBe(200);
    expect(h.lastFlowUpdate(flow.flowId)).toMatchObject({ state: 'completed' });
  });

  it('do not count: a burst of them neither ends the sign-in nor wears it out', async () => {
    h = await createHarness();
    const { flow, redirectUrl } = await h.begin(ALICE);
    const burst = await Promise.all(Array.from({ length: 50 }, (_, i) => h!.deliver(`${flow.callbackUrl}?code=c${i}&state=s${i}`)));
    expect(burst.every((page) => page.status === 400)).toBe(true);
    expect((await h.deliver(redirectUrl)).status).toBe(200);
    expect(h.lastFlowUpdate(flow.flowId)).toMatchObject({ state: 'completed' });
  });

  it('with the genuine state on another path (another integration\'s callback) are ignored too', async () => {
    h = await createHarness();
    const { flow, redirectUrl } = await h.begin(ALICE);
    const moved = new URL(redirectUrl);
    moved.pathname = '/oauth/callback';
    expect((await h.deliver(moved.href)).status).toBe(404);
    moved.pathname = `/oauth/callback/int_someoneelse`;
    expect((await h.deliver(moved.href)).status).toBe(404);
    expect(h.lastFlowUpdate(flow.flowId)).toMatchObject({ state: 'waiting' });
    expect((await h.deliver(redirectUrl)).status).toBe(200);
  });

  it('pasted by hand are refused as not belonging to the sign-in, which keeps waiting', async () => {
    h = await createHarness();
    const { flow, redirectUrl } = await h.begin(ALICE);
    const forged = `${flow.callbackUrl}?code=forged&state=${'B'.repeat(43)}`;
    const refused = await h.call('connections.completeManually', { flowId: flow.flowId, redirectUrl: forged });
    expect(refused).toMatchObject({ ok: false, code: 'VALIDATION', message: expect.stringContaining('still waiting') });
    expect(h.lastFlowUpdate(flow.flowId)).toMatchObject({ state: 'waiting' });
    expect(await h.value<FlowUpdate>('connections.completeManually', { flowId: flow.flowId, redirectUrl })).toMatchObject({ state: 'completed' });
  });
});

describe('what does end a sign-in', () => {
  it('is a matching state with error=: a denial ends it, nothing stored', async () => {
    h = await createHarness();
    const { flow, redirectUrl } = await h.begin(ALICE, { deny: true });
    expect(new URL(redirectUrl).searchParams.get('state')).toBeTruthy();
    const page = await h.deliver(redirectUrl);
    expect(page.status).toBe(400);
    expect(h.lastFlowUpdate(flow.flowId)).toMatchObject({ state: 'failed', message: expect.stringContaining('denied access') });
    expect(await connections(h)).toEqual([]);
  });

  it('is a matching state with another error code, named in the message', async () => {
    h = await createHarness();
    const flow = await h.value<ConnectionFlow>('connections.start', { integrationId: h.integrationId });
    const state = new URL(flow.authorizationUrl).searchParams.get('state')!;
    await h.deliver(`${flow.callbackUrl}?error=server_error&state=${state}`);
    expect(h.lastFlowUpdate(flow.flowId)).toMatchObject({ state: 'failed', message: expect.stringContaining('server_error') });
  });
});

describe('sign-ins of several integrations', () => {
  it('wait at once on one port, each on its own path, and complete independently', async () => {
    h = await createHarness();
    const offeringId = (await h.value<{ offeringId: string }>('integrations.get', { id: h.integrationId })).offeringId;
    const client = h.fixture.clients[0]!;
    const other = await h.value<{ id: string }>('integrations.create', {
      name: 'Fixture Second',
      offeringId,
      clientId: client.clientId,
      clientSecret: client.clientSecret,
      scopes: ['api', 'refresh_token'],
    });
    await h.value('integrations.verify', { id: other.id });

    const first = await h.begin(ALICE);
    const secondFlow = await h.value<ConnectionFlow>('connections.start', { integrationId: other.id });
    const second = await h.fixture.authorize(secondFlow.authorizationUrl, BOB);
    expect(new URL(first.flow.callbackUrl).pathname).toBe(`/oauth/callback/${h.integrationId}`);
    expect(new URL(secondFlow.callbackUrl).pathname).toBe(`/oauth/callback/${other.id}`);
    expect(new URL(first.flow.callbackUrl).port).toBe(new URL(secondFlow.callbackUrl).port);
    expect(h.lastFlowUpdate(first.flow.flowId)).toMatchObject({ state: 'waiting' });
    expect(h.core.connections.listenerOf(first.flow.flowId)).toBe(h.core.connections.listenerOf(secondFlow.flowId));

    // The second integration's answer with the first one's state (a mix-up) is ignored by both.
    const mixed = new URL(second);
    mixed.searchParams.set('state', new URL(first.redirectUrl).searchParams.get('state')!);
    expect((await h.deliver(mixed.href)).status).toBe(400);

    expect((await h.deliver(second)).status).toBe(200);
    expect(h.lastFlowUpdate(secondFlow.flowId)).toMatchObject({ state: 'completed' });
    expect(h.lastFlowUpdate(first.flow.flowId)).toMatchObject({ state: 'waiting' });
    expect(h.core.connections.listenerOf(first.flow.flowId)?.isListening).toBe(true);
    expect((await h.deliver(first.redirectUrl)).status).toBe(200);
    expect(h.lastFlowUpdate(first.flow.flowId)).toMatchObject({ state: 'completed' });
    expect((await connections(h)).map((c) => c.userEmail)).toEqual(['alice@acme.test']);
    expect((await connections(h, other.id)).map((c) => c.userEmail)).toEqual(['bob@globex.test']);
  });
});
