import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CallbackPreview, Connection, ConnectionFlow, FlowUpdate } from '../../preload/contract/connection-models.js';
import type { Integration, Verification } from '../../preload/contract/models.js';
import { dispatch } from '../../main/core/ipc/dispatch.js';
import { startOidcFixture, type OidcFixture } from '../fixtures/oidc-fixture.js';
import { ALICE, createHarness, createTestClock, freePort, requestByAddress, type Harness } from '../support/connection-harness.js';
import { createTestCore, type TestCore } from '../support/test-core.js';

/**
 * Issue 12, acceptance 1 and 2: a Salesforce offering's Callback URL is `http://localhost:<port>/
 * oauth/callback/<id>` (Salesforce refuses http on 127.0.0.1), the sign-in completes whichever address
 * `localhost` resolves to, and Verify finds an unregistered Callback URL or an unknown client id before
 * anyone signs in. Against the Salesforce-shaped provider, whose registration is exact.
 */
let h: Harness | undefined;
const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((c) => c()));
  await h?.stop();
  h = undefined;
});

type Verified = { integration: Integration; verification: Verification };

async function coreCall<T>(core: TestCore, channel: string, payload?: unknown): Promise<T> {
  const result = await dispatch(core.handlers, channel, payload, { transport: 'browser' }, core.logger);
  if (!result.ok) throw new Error(`${channel}: ${result.code} ${result.message}`);
  return result.value as T;
}

/** A Salesforce offering whose login host is the test provider on 127.0.0.1. */
const localSalesforce = (core: TestCore, issuer: string) =>
  coreCall<{ id: string }>(core, 'offerings.create', {
    name: 'Local Salesforce', kind: 'salesforce', environment: 'production', loginUrl: issuer,
    requiredScopes: ['api', 'refresh_token'], optionalScopes: [],
  });

describe('the Callback URL of a Salesforce offering (acceptance 1)', () => {
  it('is shown on the create form as http://localhost:<port>/oauth/callback/<id>, and the integration is created with that id', async () => {
    h = await createHarness();
    const offeringId = (await h.value<Integration>('integrations.get', { id: h.integrationId })).offeringId;
    const preview = await h.value<CallbackPreview>('settings.callbackPreview', { offeringId });
    expect(preview.callbackUrl).toBe(`http://localhost:${h.callbackPort}/oauth/callback/${preview.integrationId}`);
    // The form keeps its id while the admin switches offering: the path stays, the host follows.
    const generic = await h.value<CallbackPreview>('settings.callbackPreview', { integrationId: preview.integrationId });
    expect(generic.callbackUrl).toBe(`http://127.0.0.1:${h.callbackPort}/oauth/callback/${preview.integrationId}`);
    const client = h.fixture.clients[0]!;
    const created = await h.value<Integration>('integrations.create', {
      id: preview.integrationId,
      name: 'Second',
      offeringId,
      clientId: client.clientId,
      clientSecret: client.clientSecret,
      scopes: [],
    });
    expect(created).toMatchObject({ id: preview.integrationId, callbackUrl: preview.callbackUrl });
    expect(created.callbackIssue).toBeUndefined();
  });

  it('completes a sign-in whether localhost resolves to 127.0.0.1 or to ::1 (both listeners, by address)', async () => {
    h = await createHarness();
    const emails: string[] = [];
    for (const address of ['127.0.0.1', '::1'] as const) {
      const { flow, redirectUrl } = await h.begin(ALICE);
      const url = new URL(redirectUrl);
      expect(`${url.origin}${url.pathname}`).toBe(`http://localhost:${h.callbackPort}/oauth/callback/${h.integrationId}`);
      expect(h.core.connections.listenerOf(flow.flowId)!.addresses().map((a) => a.address).sort()).toEqual(['127.0.0.1', '::1']);
      const page = await requestByAddress(url, address);
      expect(page.status, address).toBe(200);
      const done = h.lastFlowUpdate(flow.flowId);
      expect(done).toMatchObject({ state: 'completed' });
      emails.push((await h.value<Connection>('connections.get', { id: done!.connectionId })).userEmail);
    }
    expect(emails).toEqual(['alice@acme.test', 'alice@acme.test']);
  });

  it('flags an older integration whose http://127.0.0.1 URL Salesforce would refuse, with a one-click fix', async () => {
    const fixture = await startOidcFixture({ shape: 'salesforce' });
    cleanups.push(() => fixture.stop());
    const port = await freePort();
    const env = { DESK_CALLBACK_PORT: String(port) };
    let core = await createTestCore({}, env);
    const dataDir = core.dataDir;
    const offering = await localSalesforce(core, fixture.issuer);
    const made = await coreCall<Integration>(core, 'integrations.create', {
      name: 'Made last year', offeringId: offering.id, clientId: 'desk-client', clientSecret: 'desk-secret', scopes: [],
    });
    await core.dispose();
    // As stored by the previous version: no per-integration Callback URL, the app-wide 127.0.0.1 one.
    const file = path.join(dataDir, 'integrations.json');
    const doc = JSON.parse(fs.readFileSync(file, 'utf8')) as { integrations: Array<Record<string, unknown>> };
    for (const i of doc.integrations) delete i.callback;
    fs.writeFileSync(file, JSON.stringify(doc));
    fs.writeFileSync(path.join(dataDir, 'settings.json'), JSON.stringify({ callbackHost: '127.0.0.1' }));

    core = await createTestCore({}, { ...env, DESK_DATA_DIR: dataDir });
    cleanups.push(() => core.dispose());
    const old = await coreCall<Integration>(core, 'integrations.get', { id: made.id });
    expect(old.callbackUrl).toBe(`http://127.0.0.1:${port}/oauth/callback`);
    expect(old.callbackIssue).toEqual({
      message: expect.stringContaining('Salesforce refuses'),
      fixedUrl: `http://localhost:${port}/oauth/callback/${made.id}`,
    });
    const fixed = await coreCall<Integration>(core, 'integrations.fixCallbackUrl', { id: made.id });
    expect(fixed.callbackUrl).toBe(`http://localhost:${port}/oauth/callback/${made.id}`);
    expect(fixed.callbackIssue).toBeUndefined();
    expect(fixed.status).toBe('draft');
  });
});

describe('Verify checks the whole registration, without a user (acceptance 2)', () => {
  async function verifiedAgainst(fixture: OidcFixture, clientId: string, clock = createTestClock()): Promise<{ core: TestCore; result: Verified; id: string }> {
    const core = await createTestCore({ clock }, { DESK_CALLBACK_PORT: '47999' });
    cleanups.push(() => core.dispose());
    const offering = await localSalesforce(core, fixture.issuer);
    const preview = await coreCall<CallbackPreview>(core, 'settings.callbackPreview', { offeringId: offering.id });
    const created = await coreCall<Integration>(core, 'integrations.create', {
      id: preview.integrationId, name: 'Acme', offeringId: offering.id, clientId, clientSecret: 'desk-secret', scopes: [],
    });
    clock.advance(30 * 60_000); // long after the app was created: no activation delay to wait for
    return { core, result: await coreCall<Verified>(core, 'integrations.verify', { id: created.id }), id: created.id };
  }

  it('passes when the Callback URL is registered exactly and the secret is accepted', async () => {
    const fixture = await startOidcFixture({
      clients: [{ clientId: 'desk-client', clientSecret: 'desk-secret', redirectUris: ['http://localhost:47999/oauth/callback/int_AAAAAAAAAAAA'] }],
    });
    cleanups.push(() => fixture.stop());
    const core = await createTestCore({}, { DESK_CALLBACK_PORT: '47999' });
    cleanups.push(() => core.dispose());
    const offering = await localSalesforce(core, fixture.issuer);
    const created = await coreCall<Integration>(core, 'integrations.create', {
      id: 'int_AAAAAAAAAAAA', name: 'Acme', offeringId: offering.id, clientId: 'desk-client', clientSecret: 'desk-secret', scopes: [],
    });
    const { verification, integration } = await coreCall<Verified>(core, 'integrations.verify', { id: created.id });
    expect(verification).toMatchObject({ outcome: 'passed', message: expect.stringContaining('the Callback URL is registered') });
    expect(integration.status).toBe('configured');
  });

  it('says the Callback URL is not registered in the app, before anyone signs in', async () => {
    const fixture = await startOidcFixture({
      clients: [{ clientId: 'desk-client', clientSecret: 'desk-secret', redirectUris: ['http://localhost:1717/OauthRedirect'] }],
    });
    cleanups.push(() => fixture.stop());
    const { result } = await verifiedAgainst(fixture, 'desk-client');
    expect(result.verification).toMatchObject({
      outcome: 'rejected',
      problem: 'callback-not-registered',
      message: expect.stringMatching(/^This Callback URL is not registered in the app \(redirect_uri_mismatch\): add http:\/\/localhost:47999\/oauth\/callback\/int_/),
    });
    expect(result.verification.retrySoon).toBeUndefined();
    expect(result.integration.status).toBe('draft');
    expect(fixture.stats().authorizationCodeGrants).toBe(0);
  });

  it('says the client id is unknown (a Local app works only in its own org)', async () => {
    const fixture = await startOidcFixture({ shape: 'salesforce' });
    cleanups.push(() => fixture.stop());
    const { result } = await verifiedAgainst(fixture, '3MVG9-not-a-known-consumer-key');
    expect(result.verification).toMatchObject({
      outcome: 'rejected',
      problem: 'unknown-client',
      message: expect.stringContaining('Salesforce does not know this Client ID (invalid_client_id)'),
    });
    expect(result.verification.message).toContain('OAUTH_EC_APP_NOT_FOUND');
  });

  it('says to wait a few minutes and Retry when the rejection comes right after the app was created', async () => {
    const fixture = await startOidcFixture({ shape: 'salesforce' });
    cleanups.push(() => fixture.stop());
    const core = await createTestCore({}, { DESK_CALLBACK_PORT: '47999' });
    cleanups.push(() => core.dispose());
    const offering = await localSalesforce(core, fixture.issuer);
    const created = await coreCall<Integration>(core, 'integrations.create', {
      name: 'Brand new', offeringId: offering.id, clientId: '3MVG9-just-created', clientSecret: 'desk-secret', scopes: [],
    });
    const { verification } = await coreCall<Verified>(core, 'integrations.verify', { id: created.id });
    expect(verification).toMatchObject({ outcome: 'rejected', retrySoon: true, message: expect.stringContaining('2–10 minutes): wait, then Retry') });
  });
});

/** A configured integration whose provider app does not list its Callback URL (registered after Verify). */
describe('a sign-in against an app that does not list the Callback URL', () => {
  it('is reported while waiting, from the provider\'s answer to the same authorization request', async () => {
    const fixture = await startOidcFixture({ shape: 'salesforce' });
    cleanups.push(() => fixture.stop());
    const core = await createTestCore({ connectionOptions: { flowTimeoutMs: 10_000 } }, { DESK_CALLBACK_PORT: String(await freePort()) });
    cleanups.push(() => core.dispose());
    const updates: FlowUpdate[] = [];
    core.events.subscribeAll((name, payload) => {
      if (name === 'flows.changed') updates.push(payload as FlowUpdate);
    });
    const offering = await localSalesforce(core, fixture.issuer);
    const created = await coreCall<Integration>(core, 'integrations.create', {
      name: 'Acme', offeringId: offering.id, clientId: 'desk-client', clientSecret: 'desk-secret', scopes: [],
    });
    await coreCall(core, 'integrations.verify', { id: created.id });
    // Settings now force 127.0.0.1, which Salesforce refuses: its authorize endpoint shows redirect_uri_mismatch.
    await coreCall(core, 'settings.update', { callbackHost: '127.0.0.1' });
    const flow = await coreCall<ConnectionFlow>(core, 'connections.start', { integrationId: created.id });
    await expect.poll(() => updates.find((u) => u.flowId === flow.flowId && u.providerProblem)?.providerProblem, { timeout: 5_000 }).toMatchObject({
      code: 'redirect_uri_mismatch',
      message: expect.stringContaining('This Callback URL is not registered in the app'),
    });
    expect(updates.filter((u) => u.flowId === flow.flowId).at(-1)?.state).toBe('waiting');
  });
});
