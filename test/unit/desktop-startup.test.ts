import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Integration, Offering } from '../../preload/contract/models.js';
import type { LinuxKeyStore, Scenario } from '../electron-double/scenario.js';
import type { Snapshot } from '../electron-double/protocol.js';
import { freePort } from '../support/connection-harness.js';
import { freshDir, launchDesktopApp, valueOf, type DesktopApp, type LaunchOptions } from '../support/desktop-app.js';

/**
 * The built Electron main process (`out/main/index.js`) started over the Electron double, in each
 * start-up scenario the issue lists. Each must open its window, answer the contract from the app's own
 * frame, refuse every other frame, and leave no unhandled rejection.
 *
 * On the code before this change every scenario failed at the first call (FORBIDDEN: Node's URL gives
 * origin "null" for app://), and `unavailable` / `basic_text` never opened a window.
 */
let apps: DesktopApp[] = [];
afterEach(async () => {
  await Promise.all(apps.map((a) => a.kill()));
  apps = [];
});

async function launch(options: LaunchOptions & { dataDir?: string } = {}): Promise<DesktopApp & { dataDir: string }> {
  const dataDir = options.dataDir ?? freshDir();
  const app = launchDesktopApp({
    ...options,
    env: { DESK_DATA_DIR: dataDir, DESK_CALLBACK_PORT: String(await freePort()), DESK_API_PORT: String(await freePort()), ...options.env },
  });
  apps.push(app);
  return Object.assign(app, { dataDir });
}

/** The four calls the acceptance names, from the app window; returns the created integration. */
async function answersTheContract(app: DesktopApp): Promise<Integration> {
  const info = valueOf<{ mode: string }>(await app.invoke('app.info'), 'app.info');
  expect(info.mode).toBe('electron');
  const offerings = valueOf<Offering[]>(await app.invoke('offerings.list'), 'offerings.list');
  const salesforce = offerings.find((o) => o.kind === 'salesforce')!;
  const created = valueOf<Integration>(
    await app.invoke('integrations.create', {
      name: 'Acme Production',
      offeringId: salesforce.id,
      clientId: '3MVG9desktop.client.id',
      clientSecret: 'desktop-client-secret-0123456789',
      scopes: ['api', 'refresh_token'],
    }),
    'integrations.create',
  );
  const list = valueOf<Integration[]>(await app.invoke('integrations.list'), 'integrations.list');
  expect(list.map((i) => i.id)).toContain(created.id);
  return created;
}

async function refusesOtherFrames(app: DesktopApp): Promise<void> {
  for (const frame of [
    { kind: 'sub', url: 'app://desk/oauth' },
    { kind: 'sub', url: 'https://evil.example/frame' },
    { kind: 'page', url: 'https://evil.example/' },
    { kind: 'page', url: 'data:text/html,<script>1</script>' },
    { kind: 'page', url: 'app://other/oauth' },
  ] as const) {
    const result = (await app.invoke('app.info', undefined, frame)) as { ok: boolean; code?: string };
    expect(result, `${frame.kind} ${frame.url}`).toMatchObject({ ok: false, code: 'FORBIDDEN' });
  }
}

const keyStores: Array<{ keyStore: LinuxKeyStore; protection: string }> = [
  { keyStore: 'gnome_libsecret', protection: 'os' },
  { keyStore: 'kwallet6', protection: 'os' },
  { keyStore: 'basic_text', protection: 'key-file' },
  { keyStore: 'unavailable', protection: 'key-file' },
];

describe('Electron start-up under the double', () => {
  for (const { keyStore, protection } of keyStores) {
    it(`with the ${keyStore} key store: opens the window, answers the contract, refuses other frames`, async () => {
      const app = await launch({ scenario: { keyStore } });
      const state = await app.window();
      expect(state.windows).toHaveLength(1);
      expect(state.windows[0]!.url).toBe('app://desk/oauth');
      expect(state.windows[0]!.origin).toBe('app://desk');
      await answersTheContract(app);
      await refusesOtherFrames(app);
      // Main's events reach the window (every window stays in sync).
      expect((await app.state()).windows[0]!.sent).toContain('integrations.changed');
      // The protection choice is on screen: what protects secrets, and the passphrase on offer.
      const security = valueOf<{ vault: { protection: string; state: string; message: string } }>(await app.invoke('security.status'));
      expect(security.vault.protection).toBe(protection);
      expect(security.vault.state).toBe('ready');
      if (protection === 'key-file') expect(security.vault.message).toMatch(/key file|vault\.key/i);
      expect(app.reports).toEqual([]);
    });
  }

  it('serves the renderer from app:// with a fresh CSP nonce per page, and 404 for what is not there', async () => {
    const app = await launch();
    await app.window();
    type Page = { status: number; headers: Record<string, string>; body: string };
    const first = await app.command<Page>({ op: 'fetchPage', path: '/oauth/create' });
    const second = await app.command<Page>({ op: 'fetchPage', path: '/oauth' });
    const nonceOf = (page: Page) => /'nonce-([A-Za-z0-9+/=]+)'/.exec(page.headers['content-security-policy'] ?? '')?.[1];
    expect(first.status).toBe(200);
    expect(nonceOf(first)).toBeTruthy();
    expect(first.body).toContain(nonceOf(first));
    expect(nonceOf(second)).not.toBe(nonceOf(first));
    expect(first.headers['content-security-policy']).not.toContain('unsafe-inline');
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(first.body)?.[1];
    const asset = await app.command<Page>({ op: 'fetchPage', path: script! });
    expect(asset.status).toBe(200);
    expect(asset.headers['content-type']).toMatch(/javascript/);
    expect(asset.headers['x-content-type-options']).toBe('nosniff');
    expect((await app.command<Page>({ op: 'fetchPage', path: '/assets/not-there.js' })).status).toBe(404);
    expect((await app.command<Page>({ op: 'fetchPage', path: '/%2e%2e/%2e%2e/package.json' })).status).toBe(404);
    expect(app.reports).toEqual([]);
  });

  it('a development build loads the dev server and trusts only its origin; a packaged app ignores it', async () => {
    const http = await import('node:http');
    const server = http.createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>dev</title>'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const devUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    try {
      const dev = await launch({ env: { ELECTRON_RENDERER_URL: devUrl } });
      expect((await dev.window()).windows[0]!.url).toBe(`${devUrl}/oauth`);
      expect(valueOf<{ mode: string }>(await dev.invoke('app.info')).mode).toBe('electron');
      expect(await dev.command({ op: 'navigate', url: `${devUrl}/oauth/create` })).toMatchObject({ prevented: false });
      expect(await dev.command({ op: 'navigate', url: 'http://127.0.0.1:1/' })).toMatchObject({ prevented: true });

      const packaged = await launch({ scenario: { packaged: true }, env: { ELECTRON_RENDERER_URL: devUrl } });
      expect((await packaged.window()).windows[0]!.url).toBe('app://desk/oauth');
      expect(await packaged.command({ op: 'navigate', url: `${devUrl}/oauth` })).toMatchObject({ prevented: true });
      expect(await packaged.invoke('app.info', undefined, { kind: 'page', url: `${devUrl}/oauth` })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('a second instance hands over and quits without opening anything', async () => {
    const app = await launch({ scenario: { lockHeld: true } });
    expect(await app.exited).toBe(0);
    expect(app.reports).toEqual([]);
    expect(fs.existsSync(path.join(app.dataDir, 'integrations.json'))).toBe(false);
  });

  it('the first instance shows its window again when launched a second time', async () => {
    const app = await launch();
    await app.window();
    const hidden = await app.command<{ windows: Array<{ visible: boolean }> }>({ op: 'closeWindow' });
    expect(hidden.windows[0]!.visible).toBe(false); // closed to the tray, still running
    const shown = await app.command<{ windows: Array<{ visible: boolean }> }>({ op: 'secondInstance' });
    expect(shown.windows[0]!.visible).toBe(true);
    await answersTheContract(app);
  });

  it('shows the tray with the status and its Quit item ends the app', async () => {
    const app = await launch();
    await app.window();
    // The tray follows the window (issue 15).
    const state = await app.command<Snapshot>({ op: 'waitForTray' });
    expect(state.tray?.tooltip).toBe('Integrations Desk: No connections yet');
    expect(fs.existsSync(state.tray!.image)).toBe(true);
    expect(state.windows[0]!.icon && fs.existsSync(state.windows[0]!.icon)).toBe(true);
    expect(state.appMenu?.map((m) => m.role ?? m.label)).toContain('help');
    app.command({ op: 'trayClick', label: 'Quit' }).catch(() => undefined);
    expect(await app.exited).toBe(0);
    expect(app.reports).toEqual([]);
  });

  it('the tray opens an integration’s page in the window, and a notification click brings the window back', async () => {
    const app = await launch();
    await app.window();
    const created = await answersTheContract(app);
    let state = await app.state();
    for (let i = 0; i < 100 && !JSON.stringify(state.tray?.menu ?? []).includes('Acme Production'); i += 1) {
      await new Promise((r) => setTimeout(r, 20));
      state = await app.state();
    }
    state = await app.command({ op: 'trayClick', label: 'Open' });
    expect(state.windows[0]!.url).toBe(`app://desk/oauth/${created.id}`);
    // Closing to the tray the first time shows a one-time hint; clicking it shows the window again.
    state = await app.command({ op: 'closeWindow' });
    expect(state.windows[0]!.visible).toBe(false);
    expect(state.notifications).toHaveLength(1);
    state = await app.command({ op: 'notificationClick', index: 0 });
    expect(state.windows[0]!.visible).toBe(true);
    expect(app.reports).toEqual([]);
  });

  it('a full-screen window closed to the tray leaves full screen first, then hides', async () => {
    const app = await launch();
    await app.window();
    await app.command({ op: 'setFullScreen', flag: true });
    const state = await app.command<{ windows: Array<{ visible: boolean; destroyed: boolean }> }>({ op: 'closeWindow' });
    expect(state.windows[0]).toMatchObject({ visible: false, destroyed: false });
    expect(valueOf<{ mode: string }>(await app.invoke('app.info')).mode).toBe('electron');
  });

  it('reopens a window saved on a display that is gone on the display that remains', async () => {
    const stateDir = freshDir('desk-machine-');
    const dataDir = freshDir();
    const twoScreens: Scenario['displays'] = [
      { x: 0, y: 0, width: 1920, height: 1080 },
      { x: 1920, y: 0, width: 1920, height: 1080 },
    ];
    const first = await launch({ stateDir, dataDir, scenario: { displays: twoScreens } });
    await first.window();
    await first.command({ op: 'moveWindow', bounds: { x: 2200, y: 100, width: 1200, height: 800 } });
    expect(await first.quit()).toBe(0);

    const second = await launch({ stateDir, dataDir, scenario: { displays: [twoScreens[0]!] } });
    const state = await second.window();
    const { x, y, width, height } = state.windows[0]!.bounds;
    expect(x).toBeGreaterThanOrEqual(0);
    expect(y).toBeGreaterThanOrEqual(0);
    expect(x + width).toBeLessThanOrEqual(1920);
    expect(y + height).toBeLessThanOrEqual(1080);
    await answersTheContract(second);
    await refusesOtherFrames(second);
    expect([...first.reports, ...second.reports]).toEqual([]);
  });

  it('a start-up failure shows a dialog and exits non-zero', async () => {
    // A data folder that is a file: nothing can be stored, so the start fails.
    const notAFolder = path.join(freshDir(), 'file');
    fs.writeFileSync(notAFolder, 'not a folder');
    const app = await launch({ dataDir: notAFolder });
    expect(await app.exited).toBe(1);
    expect(app.reports).toEqual([
      { report: 'dialog', kind: 'error', title: 'Integrations Desk could not start', content: expect.stringMatching(/.+/) },
    ]);
  });

  it('uses one data folder for both modes: the default is browser mode’s, not Electron’s userData', async () => {
    const config = freshDir('desk-xdg-');
    const app = launchDesktopApp({ env: { XDG_CONFIG_HOME: config, DESK_CALLBACK_PORT: String(await freePort()), DESK_API_PORT: String(await freePort()) } });
    apps.push(app);
    await app.window();
    const info = valueOf<{ dataDir: string }>(await app.invoke('app.info'));
    expect(info.dataDir).toBe(path.join(config, 'integrations-desk'));
  });
});
