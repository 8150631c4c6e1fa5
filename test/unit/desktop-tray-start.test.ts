import { afterEach, describe, expect, it } from 'vitest';
import { integrationsDocSchema } from '../../main/core/domain/integrations/integration-record.js';
import { openJsonStore } from '../../main/core/storage/json-store.js';
import { createRecoveryLog } from '../../main/core/storage/recovery-log.js';
import type { Integration, Offering } from '../../preload/contract/models.js';
import type { MenuSnapshot, Snapshot } from '../electron-double/protocol.js';
import { integration, seed } from '../../bench/support/seed-profile.js';
import { freePort } from '../support/connection-harness.js';
import { freshDir, launchDesktopApp, valueOf, type DesktopApp } from '../support/desktop-app.js';

/**
 * Issue 15, desktop cold start: the built main process under the Electron double shows its window
 * before it builds the tray, whose status summary reads every integration; the tray follows at once,
 * built from the stores as they are, and the app never ends up hidden without one.
 *
 * On the code before this change the first two fail: the tray was created (and its menu set) before
 * the window's `ready-to-show`.
 */
let apps: DesktopApp[] = [];
afterEach(async () => {
  await Promise.all(apps.map((a) => a.kill()));
  apps = [];
});

async function launch(dataDir = freshDir(), env: NodeJS.ProcessEnv = {}): Promise<DesktopApp> {
  const app = launchDesktopApp({ env: { DESK_DATA_DIR: dataDir, DESK_CALLBACK_PORT: String(await freePort()), DESK_API_PORT: String(await freePort()), ...env } });
  apps.push(app);
  return app;
}

/** 20 integrations of 10 healthy connections each; the provider rejected the credentials of "Integration 3". */
async function profileWithOneProblem(): Promise<string> {
  const dir = freshDir();
  await seed(dir, 20);
  openJsonStore({ dir, name: 'integrations', schema: integrationsDocSchema, defaults: { integrations: [] }, version: 1, recoveries: createRecoveryLog() }).set({
    integrations: Array.from({ length: 20 }, (_, i) =>
      i === 3 ? { ...integration(i), verification: { at: new Date().toISOString(), outcome: 'rejected' as const, message: 'invalid_client' } } : integration(i),
    ),
  });
  return dir;
}

const when = (state: Snapshot, event: string): number => state.timeline.findIndex((e) => e.event === event);
const labels = (items: MenuSnapshot[]): string[] => items.flatMap((i) => [i.label ?? '', ...labels(i.submenu ?? [])]).filter(Boolean);
const waitForMenu = async (app: DesktopApp, label: string): Promise<Snapshot> => {
  let state = await app.state();
  for (let i = 0; i < 100 && !labels(state.tray?.menu ?? []).includes(label); i += 1) {
    await new Promise((r) => setTimeout(r, 20));
    state = await app.state();
  }
  expect(labels(state.tray?.menu ?? [])).toContain(label);
  return state;
};

describe('desktop start: the window before the tray (issue 15)', () => {
  it('shows the window before it builds the tray, whose summary is the stores’ once built, and follows changes', async () => {
    const app = await launch(await profileWithOneProblem());
    await app.window();
    const state = await app.command<Snapshot>({ op: 'waitForTray' });
    expect(when(state, 'window.ready-to-show')).toBeGreaterThanOrEqual(0);
    expect(when(state, 'window.show')).toBeGreaterThan(when(state, 'window.ready-to-show'));
    expect(when(state, 'tray.created')).toBeGreaterThan(when(state, 'window.show'));
    expect(when(state, 'tray.menu')).toBeGreaterThan(when(state, 'window.show'));

    // Honest from its first menu: the rejected credentials, every connection counted.
    expect(state.tray!.image).toMatch(/tray-error\.png$/);
    expect(state.tray!.tooltip).toBe('Integrations Desk: 1 needs attention');
    const menu = labels(state.tray!.menu);
    expect(menu[0]).toBe('1 needs attention');
    expect(menu).toContain('Needs attention (1)');
    expect(menu).toContain('Credentials rejected: Integration 3');
    expect(menu).toContain('All integrations… (5 more)');
    // What was already wrong at launch is in the tray, not a notification.
    expect(state.notifications).toEqual([]);

    // And it follows changes made after it was built.
    const offering = valueOf<Offering[]>(await app.invoke('offerings.list'))[0]!;
    valueOf<Integration>(
      await app.invoke('integrations.create', { name: 'Acme Production', offeringId: offering.id, clientId: 'client-acme', clientSecret: 'secret-acme-0123456789', scopes: ['api'] }),
    );
    const changed = await waitForMenu(app, 'Acme Production (draft)');
    expect(labels(changed.tray!.menu)).toContain('All integrations… (6 more)');
    expect(changed.timeline.filter((e) => e.event === 'tray.created')).toHaveLength(1);
    expect(app.reports).toEqual([]);
  });

  it('a window closed the moment it shows hides into a tray built there and then; the app keeps running', async () => {
    const app = await launch();
    const state = await app.command<Snapshot>({ op: 'closeWindowWhenShown' });
    expect(state.windows[0]).toMatchObject({ visible: false, destroyed: false });
    expect(when(state, 'tray.created')).toBeGreaterThan(when(state, 'window.close'));
    expect(state.tray?.tooltip).toBe('Integrations Desk: No connections yet');
    expect(state.notifications.map((n) => n.title)).toEqual(['Integrations Desk is still running']);
    // Still running: it answers, and the tray built at the close is the only one.
    expect(valueOf<{ mode: string }>(await app.invoke('app.info')).mode).toBe('electron');
    await new Promise((r) => setTimeout(r, 400));
    expect((await app.state()).timeline.filter((e) => e.event === 'tray.created')).toHaveLength(1);
    app.command({ op: 'trayClick', label: 'Quit' }).catch(() => undefined);
    expect(await app.exited).toBe(0);
    expect(app.reports).toEqual([]);
  });

  it('a window whose page never loads still leaves a tray to open it from or quit', async () => {
    // A development build whose dev server is not there: the page fails, the window never shows.
    const app = await launch(freshDir(), { ELECTRON_RENDERER_URL: `http://127.0.0.1:${await freePort()}` });
    const state = await app.command<Snapshot>({ op: 'waitForTray' });
    expect(state.windows.map((w) => w.visible)).toEqual([false]);
    expect(when(state, 'window.show')).toBe(-1);
    expect(labels(state.tray!.menu)).toEqual(expect.arrayContaining(['Open Integrations Desk', 'Quit']));
    app.command({ op: 'trayClick', label: 'Quit' }).catch(() => undefined);
    expect(await app.exited).toBe(0);
    expect(app.reports).toEqual([]);
  });

  it('quitting before the tray is built ends the app cleanly', async () => {
    const app = await launch();
    await app.window();
    expect(await app.quit()).toBe(0);
    expect(app.reports).toEqual([]);
  });
});
