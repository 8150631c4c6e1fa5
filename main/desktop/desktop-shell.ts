import { appLifecycle } from '../adapters/app-lifecycle.js';
import { installAppMenu } from '../adapters/app-menu.js';
import { createDesktopWindow } from '../adapters/desktop-window.js';
import type { MainWindowOptions } from '../adapters/main-window.js';
import { createOsNotifications } from '../adapters/os-notifications.js';
import { createTrayAdapter, type TrayAdapter } from '../adapters/tray.js';
import type { AppCore } from '../core/app-core.js';
import { appMenuTemplate } from '../core/desktop/app-menu.js';
import { APP_ID } from '../core/desktop/app-identity.js';
import { createCloseToTray } from '../core/desktop/close-to-tray.js';
import { routeFor } from '../core/desktop/desk-route.js';
import { createDesktopController } from '../core/desktop/desktop-controller.js';
import { createDesktopState, defaultDesktopDoc, desktopDocSchema } from '../core/desktop/desktop-state.js';
import { createNotifier, type DeskNotification } from '../core/desktop/notification-policy.js';
import { createTrayLaunch } from '../core/desktop/tray-launch.js';
import { createBoundsKeeper, initialWindow } from '../core/desktop/window-bounds.js';
import type { WindowPort } from '../core/desktop/window-port.js';
import { dispatch } from '../core/ipc/dispatch.js';
import { systemClock } from '../core/support/clock.js';

export interface DesktopShellDeps {
  core: AppCore;
  /** The window's page, preload and icon (see adapters/main-window.ts). */
  page: Omit<MainWindowOptions, 'warn' | 'shown'>;
  /** Folder of the tray images: `assets/tray` in development, `<resources>/tray` once installed. */
  trayIconDir: string;
  platform: NodeJS.Platform;
}

export interface DesktopShell {
  window: WindowPort;
  dispose(): void;
}

const WINDOW_SIZE = { width: 1200, height: 800, minWidth: 800, minHeight: 560 };
const CONNECTION_EVENTS = new Set(['connections.changed', 'integrations.changed']);

const timer = (fn: () => void, ms: number): (() => void) => {
  const handle = setTimeout(fn, ms);
  handle.unref();
  return () => clearTimeout(handle);
};

/**
 * The Electron app's desktop side, composed: window, tray, notifications, application menu.
 *
 * Composition only — the decisions are in `main/core/desktop` and `main/core/tray`, the Electron calls
 * in `main/adapters`. Call after `app.whenReady()` and after the single-instance lock was claimed.
 * The window comes first; the tray and the notifications' first look, which read every integration,
 * follow it (`tray-launch.ts`, issue 15).
 */
export function startDesktopShell(deps: DesktopShellDeps): DesktopShell {
  const { core } = deps;
  const state = createDesktopState(core.openStore('desktop', desktopDocSchema, defaultDesktopDoc()));
  installAppMenu(appMenuTemplate({ platform: deps.platform, packaged: appLifecycle.isPackaged() }));
  appLifecycle.setAppUserModelId(APP_ID);

  // Late-bound: a notification can only be clicked after the window and controller exist.
  let clicked: (notification: DeskNotification) => void = () => {};
  const showNotification = createOsNotifications((n) => clicked(n));

  // Late-bound too: the tray is built from the controller, after the window.
  let buildTray: () => void = () => {};
  const trayLaunch = createTrayLaunch({ build: () => buildTray(), schedule: timer });

  const closeToTray = createCloseToTray({
    hint: state.closeHint,
    showHint: (hint) => showNotification({ ...hint, route: routeFor({ kind: 'home' }) }),
    showTray: () => trayLaunch.now(),
    platform: deps.platform,
  });
  appLifecycle.onBeforeQuit(() => closeToTray.quitRequested());

  const bounds = createBoundsKeeper({ save: (w) => state.saveWindow(w), schedule: timer });
  const window = createDesktopWindow({
    ...deps.page,
    warn: (message) => core.logger.warn(message),
    initial: (workAreas) => initialWindow(state.window(), workAreas, WINDOW_SIZE),
    closing: () => closeToTray.windowClosing(),
    boundsChanged: (w) => bounds.changed(w),
    flushBounds: () => bounds.flush(),
    focusApp: () => appLifecycle.focus(),
    shown: () => trayLaunch.windowShown(),
  });

  const controller = createDesktopController({
    window,
    async startConnection(integrationId) {
      const result = await dispatch(core.handlers, 'connections.start', { integrationId }, { transport: 'electron' }, core.logger);
      return result.ok ? { ok: true } : { ok: false, message: result.message };
    },
    notify: showNotification,
    quit: () => appLifecycle.quit(),
  });
  clicked = (n) => controller.notificationClicked(n);
  appLifecycle.onActivate(() => window.reveal());

  const notifier = createNotifier({ show: showNotification, isWindowFocused: () => window.isFocused(), clock: systemClock, schedule: timer });
  // What is worth a notification comes from each integration's kept figures (issue 15): a change to one
  // connection no longer lists every connection, nor builds every integration's view.
  const observe = (): void => {
    try {
      notifier.observe(core.connections.notifiable());
    } catch (error) {
      core.logger.warn({ reason: error instanceof Error ? error.name : 'unknown' }, 'notification check failed');
    }
  };
  // A change before the first look is seen from then on (that look is then taken at the change).
  const stopEvents = core.events.subscribeAll((name) => {
    if (CONNECTION_EVENTS.has(name)) observe();
  });

  let tray: TrayAdapter | undefined;
  let stopTray = (): void => {};
  buildTray = () => {
    const built = createTrayAdapter({
      iconDir: deps.trayIconDir,
      platform: deps.platform,
      onAction: (action) => void controller.perform(action),
      onClick: () => {
        if (deps.platform === 'win32') controller.trayClicked();
      },
    });
    tray = built;
    // The summary as it is now: the feed computes it on this first read, then follows every change.
    built.render(core.status.model());
    stopTray = core.status.subscribe((model) => built.render(model));
    // The notifications' first look learns what was already wrong (the tray shows it): with the tray,
    // so it reads the integrations after the window too.
    observe();
  };

  window.reveal();
  return {
    window,
    dispose() {
      trayLaunch.cancel();
      bounds.flush();
      stopEvents();
      stopTray();
      notifier.dispose();
      tray?.destroy();
    },
  };
}
