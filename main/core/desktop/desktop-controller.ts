import type { TrayAction } from '../tray/tray-menu.js';
import { routeFor } from './desk-route.js';
import type { DeskNotification } from './notification-policy.js';
import type { WindowPort } from './window-port.js';

export interface DesktopControllerDeps {
  window: WindowPort;
  /** Starts a sign-in for the integration (Electron: opens the system browser); errors come back as values. */
  startConnection(integrationId: string): Promise<{ ok: true } | { ok: false; message: string }>;
  /** Tells the admin something the window is not there to show. */
  notify(notification: DeskNotification): void;
  quit(): void;
}

export interface DesktopController {
  /** Runs what a tray menu item asks for. */
  perform(action: TrayAction): Promise<void>;
  /** What a click on the tray icon itself does, where the platform reports it. */
  trayClicked(): void;
  /** A notification was clicked: show its page. */
  notificationClicked(notification: DeskNotification): void;
}

/**
 * Turns tray actions and notification clicks into window and app operations.
 *
 * Linux's tray (AppIndicator) reports no clicks and only shows the menu, so every action must be in
 * the menu; a click on the icon (Windows) simply shows the window.
 */
export function createDesktopController(deps: DesktopControllerDeps): DesktopController {
  return {
    async perform(action) {
      switch (action.kind) {
        case 'open':
          deps.window.reveal(action.route);
          return;
        case 'new-connection': {
          deps.window.reveal(routeFor({ kind: 'connections', integrationId: action.integrationId }));
          const started = await deps.startConnection(action.integrationId);
          if (!started.ok) {
            deps.notify({
              title: 'Could not start a new connection',
              body: started.message,
              route: routeFor({ kind: 'connections', integrationId: action.integrationId }),
            });
          }
          return;
        }
        case 'quit':
          deps.quit();
          return;
      }
    },
    trayClicked: () => deps.window.reveal(),
    notificationClicked: (notification) => deps.window.reveal(notification.route),
  };
}
