import { describe, expect, it } from 'vitest';
import { appMenuTemplate } from '../../main/core/desktop/app-menu.js';
import { createDesktopController } from '../../main/core/desktop/desktop-controller.js';
import type { DeskNotification } from '../../main/core/desktop/notification-policy.js';

function setup(start: { ok: true } | { ok: false; message: string } = { ok: true }) {
  const calls: string[] = [];
  const notes: DeskNotification[] = [];
  const controller = createDesktopController({
    window: { reveal: (route) => calls.push(route ? `reveal ${route}` : 'reveal') },
    startConnection: async (id) => (calls.push(`start ${id}`), start),
    notify: (n) => notes.push(n),
    quit: () => calls.push('quit'),
  });
  return { controller, calls, notes };
}

describe('desktop controller', () => {
  it('opens the window at the item’s page', async () => {
    const { controller, calls } = setup();
    await controller.perform({ kind: 'open', route: '/oauth/acme' });
    await controller.perform({ kind: 'open' });
    expect(calls).toEqual(['reveal /oauth/acme', 'reveal']);
  });

  it('New Connection shows the Connections tab and starts a sign-in in the system browser', async () => {
    const { controller, calls } = setup();
    await controller.perform({ kind: 'new-connection', integrationId: 'acme' });
    expect(calls).toEqual(['reveal /oauth/acme?tab=connections', 'start acme']);
  });

  it('says why when a sign-in cannot start', async () => {
    const { controller, notes } = setup({ ok: false, message: 'Port 47615 is used by another program.' });
    await controller.perform({ kind: 'new-connection', integrationId: 'acme' });
    expect(notes).toEqual([{ title: 'Could not start a new connection', body: 'Port 47615 is used by another program.', route: '/oauth/acme?tab=connections' }]);
  });

  it('Quit ends the app', async () => {
    const { controller, calls } = setup();
    await controller.perform({ kind: 'quit' });
    expect(calls).toEqual(['quit']);
  });

  it('a clicked notification opens its item', () => {
    const { controller, calls } = setup();
    controller.notificationClicked({ title: 'Connection expired', body: '', route: '/oauth/acme?tab=connections&connection=c1' });
    expect(calls).toEqual(['reveal /oauth/acme?tab=connections&connection=c1']);
  });
});

describe('application menu', () => {
  const roles = (items: ReturnType<typeof appMenuTemplate>): string[] =>
    items.flatMap((i) => [...(i.role ? [i.role] : []), ...roles(i.submenu ?? [])]);

  it('has the standard edit, view, window and help menus on every platform', () => {
    for (const platform of ['darwin', 'win32', 'linux'] as const) {
      const template = appMenuTemplate({ platform, packaged: true });
      expect(roles(template)).toEqual(expect.arrayContaining(['editMenu', 'windowMenu', 'help', 'reload', 'zoomIn', 'togglefullscreen']));
      expect(template.map((i) => i.label ?? i.role)).toEqual([...(platform === 'darwin' ? ['appMenu'] : []), 'fileMenu', 'editMenu', 'View', 'windowMenu', 'help']);
    }
  });

  it('quits through the quit role outside macOS (the macOS app menu has it)', () => {
    expect(roles(appMenuTemplate({ platform: 'linux', packaged: true }))).toContain('quit');
    expect(roles(appMenuTemplate({ platform: 'darwin', packaged: true }))).toContain('appMenu');
  });

  it('offers the developer tools only in development builds', () => {
    expect(roles(appMenuTemplate({ platform: 'linux', packaged: true }))).not.toContain('toggleDevTools');
    expect(roles(appMenuTemplate({ platform: 'linux', packaged: false }))).toContain('toggleDevTools');
  });
});
