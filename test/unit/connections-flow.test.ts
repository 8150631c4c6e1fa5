import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Connection, ConnectionFlow, FlowUpdate } from '../../preload/contract/connection-models.js';
import { startOidcFixture, type OidcFixture } from '../fixtures/oidc-fixture.js';
import { ALICE, BOB, createHarness, type Harness } from '../support/connection-harness.js';

let h: Harness | undefined;
const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((c) => c()));
  await h?.stop();
  h = undefined;
});

const listConnections = (harness: Harness) => harness.value<Connection[]>('connections.list', { integrationId: harness.integrationId });

/** Every file of the profile but the vault's ciphertext, as text. */
function profileFiles(dir: string): string {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, entry.name);
      if (entry.isDirectory()) {
        if (full !== path.join(dir, 'vault')) walk(full);
      } else out.push(fs.readFileSync(full, 'utf8'));
    }
  };
  walk(dir);
  return out.join('\n');
}

describe('a successful sign-in', () => {
  it('stores the user, org and instance, with the expiry introspected from the Salesforce-shaped provider', async () => {
    h = await createHarness();
    const { connection, update } = await h.connect(ALICE);
    expect(update).toMatchObject({ state: 'completed', updatedExisting: false });
    expect(connection).toMatchObject({
      integrationId: h.integrationId,
      userEmail: 'alice@acme.test',
      userName: 'Alice Anderson',
      orgName: 'Acme Inc',
      orgId: '00D000000000001AAA',
      userId: '005000000000001AAA',
      instanceUrl: h.fixture.issuer,
      environment: 'production',
      status: 'connected',
      expirySource: 'introspected',
    });
    expect(connection.scopes).toEqual(expect.arrayContaining(['api', 'refresh_token']));
    expect(Date.parse(connection.expiresAt!)).toBeGreaterThan(Date.now());
  });

  it('builds the authorization URL with PKCE S256, a 256-bit state, prompt=login and the integration\'s scopes', async () => {
    h = await createHarness();
    const flow = await h.value<ConnectionFlow>('connections.start', { integrationId: h.integrationId });
    const url = new URL(flow.authorizationUrl);
    expect(url.origin + url.pathname).toBe(h.fixture.endpoints.authorization);
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      response_type: 'code',
      client_id: 'desk-client',
      redirect_uri: `http://localhost:${h.callbackPort}/oauth/callback/${h.integrationId}`,
      scope: 'api refresh_token web openid',
      code_challenge_method: 'S256',
      prompt: 'login',
    });
    expect(url.searchParams.get('state')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(url.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(flow.callbackUrl).toBe(`http://localhost:${h.callbackPort}/oauth/callback/${h.integrationId}`);
    expect(flow.opened).toBe(false);
  });

  it('listens on loopback only while waiting, and closes after the answer', async () => {
    h = await createHarness();
    const { flow, redirectUrl } = await h.begin(ALICE);
    const listener = h.core.connections.listenerOf(flow.flowId)!;
    expect(listener.isListening).toBe(true);
    // Salesforce's Callback URL says localhost: 127.0.0.1, and [::1] where the machine has IPv6.
    expect(listener.addresses().map((a) => a.address)[0]).toBe('127.0.0.1');
    expect(listener.addresses().every((a) => a.address === '127.0.0.1' || a.address === '::1')).toBe(true);
    const page = await h.deliver(redirectUrl);
    expect(page.status).toBe(200);
    expect(listener.isListening).toBe(false);
    expect(h.core.connections.listenerOf(flow.flowId)).toBeUndefined();
    await expect(h.deliver(redirectUrl)).rejects.toThrow();
  });

  it('shows a success page without the code, with no-referrer and nothing external', async () => {
    h = await createHarness();
    const { redirectUrl } = await h.begin(ALICE);
    const code = new URL(redirectUrl).searchParams.get('code')!;
    const page = await h.deliver(redirectUrl);
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    expect(page.body).toContain('Connected');
    expect(page.body).toContain('return to Integrations Desk');
    expect(page.body).not.toContain(code);
    expect(page.body).not.toMatch(/<(script|img|link|iframe)\b|src=|href=/i);
  });

  it('announces the flow as waiting, then completed with the connection', async () => {
    h = await createHarness();
    const { flow, update } = await h.connect(ALICE);
    const states = h.events.filter((e) => e.name === 'flows.changed').map((e) => (e.payload as FlowUpdate).state);
    expect(states).toEqual(['waiting', 'completed']);
    expect(h.events.some((e) => e.name === 'connections.changed')).toBe(true);
    expect(update.flowId).toBe(flow.flowId);
  });

  it('keeps every token out of responses, events, logs and every file but the vault', async () => {
    h = await createHarness();
    const { connection } = await h.connect(ALICE);
    h.clock.advance(2 * 3600_000);
    await h.value('connections.refresh', { id: connection.id });
    const tokens = h.tokenResponses.flatMap((r) => [r.access_token, r.refresh_token]).filter((t): t is string => typeof t === 'string');
    expect(tokens.length).toBeGreaterThanOrEqual(3);
    const list = await listConnections(h);
    const seen = JSON.stringify([list, h.events]) + h.core.logOutput() + profileFiles(h.core.dataDir);
    for (const token of tokens) expect(seen).not.toContain(token);
  });
});

describe('sign-ins that must fail', () => {
  it('ignores a callback whose state does not match: 400, nothing stored, the sign-in still waits', async () => {
    h = await createHarness();
    const { flow, redirectUrl } = await h.begin(ALICE);
    const forged = new URL(redirectUrl);
    forged.searchParams.set('state', 'x'.repeat(43));
    const page = await h.deliver(forged.href);
    expect(page.status).toBe(400);
    expect(page.body).toContain('does not belong to a sign-in that is waiting');
    expect(h.lastFlowUpdate(flow.flowId)).toMatchObject({ state: 'waiting' });
    expect(h.fixture.stats().authorizationCodeGrants).toBe(0);
    expect(await listConnections(h)).toEqual([]);
    expect((await h.deliver(redirectUrl)).status).toBe(200);
  });

  it('refuses a replayed callback: the sign-in is over and the code is not exchanged twice', async () => {
    h = await createHarness();
    const { flow, redirectUrl } = await h.connect(ALICE);
    await expect(h.deliver(redirectUrl)).rejects.toThrow();
    const replay = await h.call('connections.completeManually', { flowId: flow.flowId, redirectUrl });
    expect(replay).toMatchObject({ ok: false, code: 'CONFLICT', message: expect.stringContaining('no longer waiting') });
    expect(h.fixture.stats().authorizationCodeGrants).toBe(1);
    expect(await listConnections(h)).toHaveLength(1);
  });

  it('says the user denied access, and stores nothing', async () => {
    h = await createHarness();
    const { flow, redirectUrl } = await h.begin(ALICE, { deny: true });
    expect(new URL(redirectUrl).searchParams.get('error')).toBe('access_denied');
    const page = await h.deliver(redirectUrl);
    expect(page.status).toBe(400);
    expect(h.lastFlowUpdate(flow.flowId)).toMatchObject({ state: 'failed', message: expect.stringContaining('The user denied access') });
    expect(await listConnections(h)).toEqual([]);
  });

  it('says the port is taken, and by whom, before opening anything', async () => {
    const opened: string[] = [];
    h = await createHarness({ openExternal: async (url) => void opened.push(url) });
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(h!.callbackPort, '127.0.0.1', resolve));
    cleanups.push(() => new Promise((resolve) => blocker.close(resolve)));
    const result = await h.call('connections.start', { integrationId: h.integrationId }, 'electron');
    expect(result).toMatchObject({
      ok: false,
      code: 'PORT_IN_USE',
      message: expect.stringContaining(`The callback port ${h.callbackPort} on 127.0.0.1 is in use`),
    });
    if (process.platform === 'linux') expect(result.ok === false && result.message).toContain('by Integrations Desk itself');
    expect(opened).toEqual([]);
    expect(h.events.filter((e) => e.name === 'flows.changed')).toEqual([]);
  });

  it('keeps waiting when the system browser cannot be opened, so the link can be copied instead', async () => {
    h = await createHarness({ openExternal: async () => Promise.reject(new Error('xdg-open: no browser')) });
    const result = await h.call<ConnectionFlow>('connections.start', { integrationId: h.integrationId }, 'electron');
    expect(result).toMatchObject({ ok: true, value: { opened: false, openFailed: true } });
    const flow = (result as { value: ConnectionFlow }).value;
    expect(h.core.connections.listenerOf(flow.flowId)?.isListening).toBe(true);
    expect(h.lastFlowUpdate(flow.flowId)).toMatchObject({ state: 'waiting' });
    // The admin pastes the link into a browser by hand: the sign-in completes as usual.
    const redirectUrl = await h.fixture.authorize(flow.authorizationUrl, ALICE);
    await h.deliver(redirectUrl);
    expect(h.lastFlowUpdate(flow.flowId)).toMatchObject({ state: 'completed' });
  });

  it('times out, closing the listener', async () => {
    h = await createHarness({ connectionOptions: { flowTimeoutMs: 100 } });
    const flow = await h.value<ConnectionFlow>('connections.start', { integrationId: h.integrationId });
    const listener = h.core.connections.listenerOf(flow.flowId)!;
    expect(await listener.done).toBe('timed-out');
    expect(listener.isListening).toBe(false);
    expect(h.lastFlowUpdate(flow.flowId)).toMatchObject({ state: 'timed-out', message: expect.stringContaining('No answer from the browser') });
  });

  it('closes the listener on cancel', async () => {
    h = await createHarness();
    const { flow, redirectUrl } = await h.begin(ALICE);
    const listener = h.core.connections.listenerOf(flow.flowId)!;
    expect(await h.value('connections.cancel', { flowId: flow.flowId })).toMatchObject({ state: 'cancelled' });
    expect(listener.isListening).toBe(false);
    await expect(h.deliver(redirectUrl)).rejects.toThrow();
    expect(await listConnections(h)).toEqual([]);
  });

  it('names the connected-app setting when no refresh token is granted', async () => {
    h = await createHarness({ requiredScopes: ['api'], optionalScopes: ['web'] });
    const { flow, redirectUrl } = await h.begin(ALICE);
    await h.deliver(redirectUrl);
    expect(h.lastFlowUpdate(flow.flowId)).toMatchObject({
      state: 'failed',
      message: expect.stringContaining('"Perform requests at any time (refresh_token, offline_access)"'),
    });
    expect(await listConnections(h)).toEqual([]);
  });

  it('reports a secret the provider no longer accepts at the exchange, and flags the integration', async () => {
    h = await createHarness();
    const { flow, redirectUrl } = await h.begin(ALICE);
    // The admin rotated the secret in the connected app, not in the desk.
    await h.fixture.stop();
    const rotated: OidcFixture = await startOidcFixture({ port: h.fixture.port, clients: [{ clientId: 'desk-client', clientSecret: 'rotated-at-provider' }] });
    cleanups.push(() => rotated.stop());
    const page = await h.deliver(redirectUrl);
    expect(page.status).toBe(400);
    expect(h.lastFlowUpdate(flow.flowId)).toMatchObject({ state: 'failed', message: expect.stringContaining('Credentials rejected') });
    expect(await listConnections(h)).toEqual([]);
    expect(await h.value('integrations.get', { id: h.integrationId })).toMatchObject({ status: 'draft', verification: { outcome: 'rejected' } });
  });

  it('refuses to start for a draft integration', async () => {
    h = await createHarness();
    await h.value('integrations.replaceSecret', { id: h.integrationId, clientSecret: 'desk-secret' });
    expect(await h.call('connections.start', { integrationId: h.integrationId })).toMatchObject({ ok: false, code: 'NOT_CONFIGURED' });
  });
});

describe('other ways in', () => {
  it('completes from a pasted redirect URL with the same validation, closing the listener', async () => {
    h = await createHarness();
    const { flow, redirectUrl } = await h.begin(ALICE);
    const listener = h.core.connections.listenerOf(flow.flowId)!;
    const wrongPath = await h.call('connections.completeManually', { flowId: flow.flowId, redirectUrl: `http://127.0.0.1:${h.callbackPort}/elsewhere` });
    expect(wrongPath).toMatchObject({ ok: false, code: 'VALIDATION' });
    expect(listener.isListening).toBe(true);
    const done = await h.value<FlowUpdate>('connections.completeManually', { flowId: flow.flowId, redirectUrl });
    expect(done).toMatchObject({ state: 'completed', connectionId: expect.stringMatching(/^con_/) });
    expect(listener.isListening).toBe(false);
  });

  it('opens the system browser itself for Electron callers', async () => {
    const opened: string[] = [];
    h = await createHarness({ openExternal: async (url) => void opened.push(url) });
    const result = await h.call<ConnectionFlow>('connections.start', { integrationId: h.integrationId }, 'electron');
    expect(result).toMatchObject({ ok: true, value: { opened: true } });
    expect(opened).toEqual([result.ok && result.value.authorizationUrl]);
  });

  it('listens on 127.0.0.1 only for a generic offering, whose Callback URL keeps the IP literal', async () => {
    h = await createHarness({ shape: 'oidc' });
    const { flow, redirectUrl } = await h.begin(ALICE);
    expect(flow.callbackUrl).toBe(`http://127.0.0.1:${h.callbackPort}/oauth/callback/${h.integrationId}`);
    expect(h.core.connections.listenerOf(flow.flowId)!.addresses().map((a) => a.address)).toEqual(['127.0.0.1']);
    expect((await h.deliver(redirectUrl)).status).toBe(200);
  });

  it('uses the host Settings override for every provider', async () => {
    h = await createHarness();
    await h.value('settings.update', { callbackHost: '127.0.0.1' });
    const flow = await h.value<ConnectionFlow>('connections.start', { integrationId: h.integrationId });
    expect(flow.callbackUrl).toBe(`http://127.0.0.1:${h.callbackPort}/oauth/callback/${h.integrationId}`);
    expect(await h.value('integrations.get', { id: h.integrationId })).toMatchObject({
      callbackUrl: flow.callbackUrl,
      callbackIssue: { fixedUrl: `http://localhost:${h.callbackPort}/oauth/callback/${h.integrationId}` },
    });
  });

  it('updates the one connection when the same user authorizes again, and adds one for another user', async () => {
    h = await createHarness();
    const first = await h.connect(ALICE);
    const again = await h.connect(ALICE);
    expect(again.update).toMatchObject({ updatedExisting: true, connectionId: first.connection.id });
    expect(await listConnections(h)).toHaveLength(1);
    const bob = await h.connect(BOB);
    expect(bob.update.updatedExisting).toBe(false);
    const list = await listConnections(h);
    expect(list.map((c) => c.userEmail).sort()).toEqual(['alice@acme.test', 'bob@globex.test']);
    expect(list.find((c) => c.userEmail === 'bob@globex.test')).toMatchObject({ orgName: 'Globex' });
  });

  it('sends the user as a login hint when reauthorizing a connection', async () => {
    h = await createHarness();
    const { connection } = await h.connect(ALICE);
    const flow = await h.value<ConnectionFlow>('connections.start', { integrationId: h.integrationId, connectionId: connection.id });
    expect(new URL(flow.authorizationUrl).searchParams.get('login_hint')).toBe('alice@acme.test');
  });
});

describe('one sign-in per integration', () => {
  it('replaces a waiting sign-in of the same integration; its stale callback ends nothing', async () => {
    h = await createHarness();
    const first = await h.begin(ALICE);
    const firstListener = h.core.connections.listenerOf(first.flow.flowId)!;
    const second = await h.begin(BOB);
    // One listener per port, shared: it stays open for the newer sign-in.
    expect(h.core.connections.listenerOf(second.flow.flowId)).toBe(firstListener);
    expect(h.lastFlowUpdate(first.flow.flowId)).toMatchObject({ state: 'cancelled', message: 'Replaced by a newer sign-in.' });
    const stale = await h.deliver(first.redirectUrl);
    expect(stale.status).toBe(400);
    expect(h.lastFlowUpdate(second.flow.flowId)).toMatchObject({ state: 'waiting' });
    expect(await listConnections(h)).toEqual([]);
    expect((await h.deliver(second.redirectUrl)).status).toBe(200);
    expect(h.lastFlowUpdate(second.flow.flowId)).toMatchObject({ state: 'completed' });
    expect(firstListener.isListening).toBe(false);
  });
});
