import net from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { requestByAddress } from '../support/connection-harness.js';
import type { ApiKey, CreatedApiKey, LocalApiStatus } from '../../preload/contract/api-key-models.js';
import type { Connection, ConnectionFlow } from '../../preload/contract/connection-models.js';
import type { Integration, Offering } from '../../preload/contract/models.js';
import { startOidcFixture, type OidcFixture } from '../fixtures/oidc-fixture.js';
import { ALICE, freePort } from '../support/connection-harness.js';
import { freshDir, launchDesktopApp, valueOf, type DesktopApp, type LaunchOptions } from '../support/desktop-app.js';

/**
 * The built Electron main process under the double, against a real OAuth provider on 127.0.0.1: the
 * paths where the desktop app differs from browser mode (Chromium's network stack, the system browser,
 * the clipboard permission, quitting) with the same core behind them.
 */
let fixture: OidcFixture;
beforeAll(async () => {
  fixture = await startOidcFixture({ shape: 'salesforce' });
});
afterAll(async () => fixture.stop());

let apps: DesktopApp[] = [];
afterEach(async () => {
  await Promise.all(apps.map((a) => a.kill()));
  apps = [];
});

async function launch(options: LaunchOptions & { dataDir?: string; apiPort?: number } = {}) {
  const dataDir = options.dataDir ?? freshDir();
  const apiPort = options.apiPort ?? (await freePort());
  const callbackPort = await freePort();
  const app = launchDesktopApp({
    ...options,
    env: { DESK_DATA_DIR: dataDir, DESK_CALLBACK_PORT: String(callbackPort), DESK_API_PORT: String(apiPort), ...options.env },
  });
  apps.push(app);
  await app.window();
  return Object.assign(app, { dataDir, apiPort, callbackPort });
}

/** A Salesforce-shaped offering at the fixture and a verified integration, created from the app window. */
async function configuredIntegration(app: DesktopApp): Promise<Integration> {
  const offering = valueOf<Offering>(
    await app.invoke('offerings.create', {
      name: 'Fixture Salesforce',
      kind: 'salesforce',
      environment: 'production',
      loginUrl: fixture.issuer,
      requiredScopes: ['api', 'refresh_token'],
      optionalScopes: [],
    }),
  );
  const client = fixture.clients[0]!;
  const integration = valueOf<Integration>(
    await app.invoke('integrations.create', {
      name: 'Fixture Production',
      offeringId: offering.id,
      clientId: client.clientId,
      clientSecret: client.clientSecret,
      scopes: ['api', 'refresh_token'],
    }),
  );
  const verified = valueOf<{ integration: Integration }>(await app.invoke('integrations.verify', { id: integration.id }));
  expect(verified.integration.status).toBe('configured');
  return verified.integration;
}

describe('the desktop app against a real provider', () => {
  it('sends provider calls through Chromium’s network stack (net.fetch), not Node’s fetch', async () => {
    const app = await launch();
    await configuredIntegration(app);
    const { netFetch } = await app.state();
    expect(netFetch).toContain(`POST ${fixture.endpoints.token}`);
    expect(app.reports).toEqual([]);
  });

  it('opens the sign-in in the system browser and completes it', async () => {
    const app = await launch();
    const integration = await configuredIntegration(app);
    const flow = valueOf<ConnectionFlow>(await app.invoke('connections.start', { integrationId: integration.id }));
    expect(flow).toMatchObject({ opened: true });
    expect(flow.openFailed).toBeUndefined();
    expect((await app.state()).openExternal).toEqual([flow.authorizationUrl]);
    const redirect = new URL(await fixture.authorize(flow.authorizationUrl, ALICE));
    // A Salesforce Callback URL says localhost (issue 12); the browser's request is sent by address.
    expect(redirect.hostname).toBe('localhost');
    expect((await requestByAddress(redirect, '127.0.0.1')).status).toBe(200);
    const connections = valueOf<Connection[]>(await app.invoke('connections.list', { integrationId: integration.id }));
    expect(connections.map((c) => c.userEmail)).toEqual([ALICE.email]);
  });

  it('the tray’s New Connection starts a sign-in in the system browser', async () => {
    const app = await launch();
    await configuredIntegration(app);
    let state = await app.state();
    for (let i = 0; i < 100 && !JSON.stringify(state.tray?.menu ?? []).includes('New Connection'); i += 1) {
      await new Promise((r) => setTimeout(r, 20));
      state = await app.state();
    }
    await app.command({ op: 'trayClick', label: 'New Connection' });
    for (let i = 0; i < 100 && state.openExternal.length === 0; i += 1) {
      await new Promise((r) => setTimeout(r, 20));
      state = await app.state();
    }
    expect(state.openExternal).toHaveLength(1);
    expect(new URL(state.openExternal[0]!).pathname).toBe('/services/oauth2/authorize');
    expect(state.windows[0]!.url).toMatch(/^app:\/\/desk\/oauth\/int_[^/]+/);
    expect(app.reports).toEqual([]);
  });

  it('the tray’s New Connection says why when the sign-in cannot start (the callback port is taken)', async () => {
    const app = await launch();
    await configuredIntegration(app);
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(app.callbackPort, '127.0.0.1', resolve));
    try {
      let state = await app.state();
      for (let i = 0; i < 100 && !JSON.stringify(state.tray?.menu ?? []).includes('New Connection'); i += 1) {
        await new Promise((r) => setTimeout(r, 20));
        state = await app.state();
      }
      await app.command({ op: 'closeWindow' }); // not focused: notifications are shown
      await app.command({ op: 'trayClick', label: 'New Connection' });
      for (let i = 0; i < 100 && !state.notifications.some((n) => n.title === 'Could not start a new connection'); i += 1) {
        await new Promise((r) => setTimeout(r, 20));
        state = await app.state();
      }
      expect(state.notifications.find((n) => n.title === 'Could not start a new connection')?.body).toMatch(/in use/);
      expect(state.openExternal).toEqual([]);
      expect(app.reports).toEqual([]);
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });

  it('when the system browser cannot be opened, the sign-in keeps waiting and can be finished from the copied link', async () => {
    const app = await launch({ scenario: { openExternalFails: true } });
    const integration = await configuredIntegration(app);
    const flow = valueOf<ConnectionFlow>(await app.invoke('connections.start', { integrationId: integration.id }));
    expect(flow).toMatchObject({ opened: false, openFailed: true });
    const redirect = new URL(await fixture.authorize(flow.authorizationUrl, ALICE));
    // A Salesforce Callback URL says localhost (issue 12); the browser's request is sent by address.
    expect(redirect.hostname).toBe('localhost');
    expect((await requestByAddress(redirect, '127.0.0.1')).status).toBe(200);
    const connections = valueOf<Connection[]>(await app.invoke('connections.list', { integrationId: integration.id }));
    expect(connections.map((c) => c.userEmail)).toEqual([ALICE.email]);
    // A link the page asks to open is refused quietly too: no dialog, no unhandled rejection.
    expect(await app.command({ op: 'windowOpen', url: 'https://help.salesforce.com/' })).toEqual({ action: 'deny' });
    await new Promise((r) => setTimeout(r, 50));
    const state = await app.state();
    expect(state.dialogs).toEqual([]);
    expect(app.reports).toEqual([]);
  });

  it('Copy works from the app’s own page only', async () => {
    const app = await launch();
    expect(await app.command({ op: 'clipboardWrite', frame: { kind: 'main' }, text: 'http://localhost:47615/oauth/callback' })).toEqual({ written: true });
    expect(await app.command({ op: 'clipboardWrite', frame: { kind: 'sub', url: 'https://evil.example/' }, text: 'x' })).toEqual({ written: false });
    expect(await app.command({ op: 'clipboardWrite', frame: { kind: 'page', url: 'https://evil.example/' }, text: 'y' })).toEqual({ written: false });
    expect((await app.state()).clipboard).toEqual(['http://localhost:47615/oauth/callback']);
  });

  it('quitting writes the last API-key usage batch before the process ends', async () => {
    const dataDir = freshDir();
    const apiPort = await freePort();
    const app = await launch({ dataDir, apiPort });
    const integration = await configuredIntegration(app);
    const status = valueOf<LocalApiStatus>(await app.invoke('localApi.setEnabled', { enabled: true }));
    expect(status.running).toBe(true);
    const created = valueOf<CreatedApiKey>(await app.invoke('apiKeys.create', { integrationId: integration.id, name: 'CI script' }));
    const response = await fetch(`http://127.0.0.1:${apiPort}/api/v1/connections`, { headers: { Authorization: `Bearer ${created.value}` } });
    expect(response.status).toBe(200);
    // Usage is written in batches every 5 s: quitting now must still write it.
    expect(await app.quit()).toBe(0);

    const again = await launch({ dataDir, apiPort });
    const keys = valueOf<ApiKey[]>(await again.invoke('apiKeys.list', { integrationId: integration.id }));
    expect(keys[0]).toMatchObject({ requestCount: 1 });
    expect([...app.reports, ...again.reports]).toEqual([]);
  });

  for (const systemProxy of [undefined, '10.0.0.1:3128'] as const) {
    it(`the local API proxy takes ${systemProxy ? 'net.fetch when a system proxy applies' : 'its own connection pool when the route is DIRECT'}`, async () => {
      // The double only reports the proxy (session.resolveProxy); nothing is ever sent to it.
      const app = await launch({ scenario: systemProxy ? { systemProxy } : {} });
      const integration = await configuredIntegration(app);
      const flow = valueOf<ConnectionFlow>(await app.invoke('connections.start', { integrationId: integration.id }));
      expect((await fetch(new URL(await fixture.authorize(flow.authorizationUrl, ALICE)))).status).toBe(200);
      const [connection] = valueOf<Connection[]>(await app.invoke('connections.list', { integrationId: integration.id }));
      valueOf(await app.invoke('localApi.setEnabled', { enabled: true }));
      const key = valueOf<CreatedApiKey>(await app.invoke('apiKeys.create', { integrationId: integration.id, name: 'proxy' }));
      const response = await fetch(`http://127.0.0.1:${app.apiPort}/api/v1/proxy/salesforce`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${key.value}`, 'X-Connection-Id': connection!.id, 'Content-Type': 'application/json' },
        body: JSON.stringify({ method: 'GET', path: '/services/data/v59.0/query', query: { q: 'SELECT Id, Name FROM Account' } }),
      });
      expect(response.status).toBe(200);
      const throughChromium = (await app.state()).netFetch.filter((line) => line.includes('/services/data/v59.0/query') && line.includes('Account'));
      expect(throughChromium).toHaveLength(systemProxy ? 1 : 0);
      expect(app.reports).toEqual([]);
    });
  }

  it('refuses in-app navigation to another origin and allows the app’s own routes', async () => {
    const app = await launch();
    expect(await app.command({ op: 'navigate', url: 'app://desk/oauth/create' })).toMatchObject({ prevented: false });
    expect(await app.command({ op: 'navigate', url: 'https://evil.example/' })).toMatchObject({ prevented: true });
    expect(await app.command({ op: 'navigate', url: 'file:///etc/passwd' })).toMatchObject({ prevented: true });
    expect(await app.command({ op: 'navigate', url: 'app://other/oauth' })).toMatchObject({ prevented: true });
  });
});
