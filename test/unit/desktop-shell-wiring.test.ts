import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createTestCore, type TestCore } from '../support/test-core.js';

/**
 * The desktop shell composed with its real adapters and a real core, over a stand-in for Electron's
 * main-process API (the Electron binary cannot run here). Checks the wiring the unit tests of the
 * decisions cannot see: which Electron calls the tray, window, menu and notifications make.
 */
const electron = await vi.hoisted(async () => {
  const { EventEmitter: Emitter } = await import('node:events');
  const log: string[] = [];
  const app = Object.assign(new Emitter(), {
    isPackaged: false,
    lockHeld: true,
    requestSingleInstanceLock: () => app.lockHeld,
    quit: () => {
      log.push('app.quit');
      app.emit('before-quit');
      for (const w of [...windows]) w.close();
    },
    focus: () => undefined,
    setAppUserModelId: () => undefined,
  });
  const windows: FakeWindow[] = [];
  class FakeWebContents extends Emitter {
    url = '';
    scripts: string[] = [];
    getURL = () => this.url;
    executeJavaScript = async (script: string) => void this.scripts.push(script);
    setWindowOpenHandler = () => undefined;
  }
  class FakeWindow extends Emitter {
    webContents = new FakeWebContents();
    visible = false;
    destroyed = false;
    bounds = { x: 0, y: 0, width: 0, height: 0 };
    constructor(public options: Record<string, unknown>) {
      super();
      windows.push(this);
    }
    loadURL = async (url: string) => {
      this.webContents.url = url;
      this.emit('ready-to-show');
      this.webContents.emit('did-finish-load');
    };
    show = () => void (this.visible = true);
    hide = () => void (this.visible = false);
    focus = () => undefined;
    isFocused = () => this.visible;
    isVisible = () => this.visible;
    isMinimized = () => false;
    restore = () => undefined;
    isDestroyed = () => this.destroyed;
    isMaximized = () => false;
    maximize = () => undefined;
    isFullScreen = () => false;
    setFullScreen = () => undefined;
    setBounds = (b: typeof this.bounds) => void (this.bounds = { ...this.bounds, ...b });
    setSize = (width: number, height: number) => void (this.bounds = { ...this.bounds, width, height });
    center = () => undefined;
    getNormalBounds = () => this.bounds;
    close = () => {
      let prevented = false;
      this.emit('close', { preventDefault: () => void (prevented = true) });
      if (prevented) return;
      this.destroyed = true;
      windows.splice(windows.indexOf(this), 1);
      this.emit('closed');
    };
  }
  const trays: FakeTray[] = [];
  class FakeTray extends Emitter {
    image = '';
    tooltip = '';
    menus: Array<Array<Record<string, any>>> = [];
    constructor(image: { path: string }) {
      super();
      this.image = image.path;
      trays.push(this);
    }
    setImage = (image: { path: string }) => void (this.image = image.path);
    setToolTip = (text: string) => void (this.tooltip = text);
    setContextMenu = (menu: Array<Record<string, any>>) => void this.menus.push(menu);
    destroy = () => undefined;
  }
  const notifications: Array<{ title: string; body: string; click(): void }> = [];
  class FakeNotification extends Emitter {
    static isSupported = () => true;
    constructor(public options: { title: string; body: string }) {
      super();
    }
    show = () => void notifications.push({ ...this.options, click: () => this.emit('click') });
  }
  const applicationMenus: unknown[] = [];
  return {
    log,
    app,
    windows,
    trays,
    notifications,
    applicationMenus,
    module: {
      app,
      BrowserWindow: FakeWindow,
      Tray: FakeTray,
      Notification: FakeNotification,
      Menu: { buildFromTemplate: (t: unknown) => t, setApplicationMenu: (m: unknown) => void applicationMenus.push(m) },
      nativeImage: { createFromPath: (p: string) => ({ path: p, setTemplateImage: () => undefined }) },
      screen: { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }] },
      session: { defaultSession: { setPermissionRequestHandler: () => undefined, setPermissionCheckHandler: () => undefined } },
      shell: { openExternal: async () => undefined },
    },
  };
});
vi.mock('electron', () => ({ ...electron.module, default: electron.module }));

const { startDesktopShell } = await import('../../main/desktop/desktop-shell.js');
const { electronInstanceLock } = await import('../../main/adapters/single-instance-lock.js');
const { claimSingleInstance } = await import('../../main/core/desktop/single-instance.js');

const trayDir = path.resolve(import.meta.dirname, '../../assets/tray');
let core: TestCore | undefined;
afterEach(async () => {
  await core?.dispose();
  electron.windows.length = 0;
  electron.trays.length = 0;
  electron.notifications.length = 0;
  electron.app.removeAllListeners();
});

/** Starts the shell; the tray follows the window (issue 15), and is waited for unless `tray: false`. */
async function start(options: { tray?: boolean } = {}) {
  core = await createTestCore();
  const shell = startDesktopShell({
    core,
    page: { preloadPath: '/preload.cjs', ownLoopbackPorts: () => [], startUrl: 'app://desk/oauth', devOrigins: [] },
    trayIconDir: trayDir, platform: 'linux' });
  if (options.tray !== false) await waitFor(() => electron.trays.length > 0);
  return { core, shell, tray: electron.trays[0]!, window: () => electron.windows[0]! };
}

const flatten = (items: Array<Record<string, any>>): Array<Record<string, any>> => items.flatMap((i) => [i, ...flatten(i.submenu ?? [])]);
const waitFor = async (check: () => boolean) => {
  for (let i = 0; i < 100 && !check(); i += 1) await new Promise((r) => setTimeout(r, 20));
  expect(check()).toBe(true);
};

describe('desktop shell wiring', () => {
  it('shows the tray with the model’s icon, tooltip and menu, the window, and the standard menus', async () => {
    const { tray, window } = await start();
    expect(path.basename(tray.image)).toBe('tray-ok.png');
    expect(fs.existsSync(tray.image)).toBe(true);
    expect(tray.tooltip).toBe('Integrations Desk: No connections yet');
    expect(flatten(tray.menus.at(-1)!).map((i) => i.label).filter(Boolean)).toContain('Open Integrations Desk');
    expect(window().visible).toBe(true);
    expect(electron.applicationMenus).toHaveLength(1);
  });

  it('sets the context menu again after each change (Linux needs it)', async () => {
    const { core: c, tray } = await start();
    const before = tray.menus.length;
    const offering = (await c.handlers['offerings.list'](undefined, { transport: 'electron' }))[0]!;
    await c.handlers['integrations.create'](
      { name: 'Acme', offeringId: offering.id, clientId: 'id', clientSecret: 'secret-value', scopes: [] } as never,
      { transport: 'electron' },
    );
    await waitFor(() => tray.menus.length > before);
    expect(flatten(tray.menus.at(-1)!).map((i) => i.label)).toContain('Acme (draft)');
    expect(JSON.stringify(tray.menus.at(-1))).not.toContain('secret-value');
  });

  it('a tray item shows the window at its page, in-app (no reload)', async () => {
    const { tray, window } = await start();
    window().hide();
    const add = flatten(tray.menus.at(-1)!).find((i) => i.label === 'Add Integration…')!;
    add.click();
    expect(window().visible).toBe(true);
    expect(window().webContents.scripts.at(-1)).toBe(
      `window.history.pushState(null, '', "/oauth/create"); window.dispatchEvent(new PopStateEvent('popstate'));`,
    );
  });

  it('shows the window first; closing it before the tray is there builds the tray at once (issue 15)', async () => {
    const { window } = await start({ tray: false });
    expect(window().visible).toBe(true);
    expect(electron.trays).toHaveLength(0);
    window().close();
    expect(window().visible).toBe(false);
    expect(electron.trays).toHaveLength(1);
    expect(electron.trays[0]!.tooltip).toBe('Integrations Desk: No connections yet');
    expect(electron.notifications.map((n) => n.title)).toEqual(['Integrations Desk is still running']);
    await new Promise((r) => setTimeout(r, 300));
    expect(electron.trays).toHaveLength(1);
  });

  it('closing the window hides it with a one-time hint; Quit really closes it', async () => {
    const { window } = await start();
    const w = window();
    w.close();
    w.show();
    w.close();
    expect(w.destroyed).toBe(false);
    expect(w.visible).toBe(false);
    expect(electron.notifications.map((n) => n.title)).toEqual(['Integrations Desk is still running']);
    electron.app.quit();
    expect(w.destroyed).toBe(true);
  });

  it('a connection that expires while the window is hidden is notified once, from the kept figures (issue 15)', async () => {
    const { core: c, window } = await start();
    const offering = (await c.handlers['offerings.list'](undefined, { transport: 'electron' }))[0]!;
    const integration = await c.handlers['integrations.create'](
      { name: 'Acme', offeringId: offering.id, clientId: 'id', clientSecret: 'secret-value', scopes: [] } as never,
      { transport: 'electron' },
    );
    const at = new Date().toISOString();
    const { store, changed } = c.connections.bundleAccess;
    changed(store.insert({
      id: 'con_1', integrationId: integration.id, userEmail: 'ada@acme.example', userName: 'Ada', userId: '005', orgId: '00D',
      instanceUrl: 'https://acme.my.salesforce.com', environment: 'production', status: 'connected', scopes: ['api'], tokenType: 'Bearer',
      connectedAt: at, lastActiveAt: at, updatedAt: at,
    }));
    window().hide();
    await new Promise((r) => setTimeout(r, 50));
    changed(store.update('con_1', (record) => ({ ...record, status: 'expired', statusReason: 'invalid_grant' })));
    await waitFor(() => electron.notifications.some((n) => n.title === 'Connection expired'));
    expect(electron.notifications.filter((n) => n.title === 'Connection expired').map((n) => n.body)).toEqual(['ada@acme.example (Acme) must be reauthorized to work again.']);
  });

  it('remembers the window’s placement in the profile', async () => {
    const { core: c, window } = await start();
    const w = window();
    w.setBounds({ x: 40, y: 50, width: 1000, height: 700 });
    w.emit('move');
    w.close();
    const saved = JSON.parse(fs.readFileSync(path.join(c.dataDir, 'desktop.json'), 'utf8')) as Record<string, unknown>;
    expect(saved.window).toEqual({ x: 40, y: 50, width: 1000, height: 700, maximized: false });
    expect(saved.closeHintShown).toBe(true);
  });

  it('a second launch quits, and the first one shows its window', async () => {
    const { shell, window } = await start();
    window().hide();
    electron.app.lockHeld = true;
    const first = claimSingleInstance({ lock: electronInstanceLock(), window: shell.window, quit: () => electron.log.push('first quit') });
    expect(first).toBe(true);
    electron.app.lockHeld = false;
    const quits: string[] = [];
    expect(claimSingleInstance({ lock: electronInstanceLock(), window: shell.window, quit: () => quits.push('second quit') })).toBe(false);
    expect(quits).toEqual(['second quit']);
    electron.app.emit('second-instance');
    expect(window().visible).toBe(true);
  });
});
