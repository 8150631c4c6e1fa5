import { ipcMain, type BrowserWindow } from 'electron';
import { channels } from '../../preload/contract/channels.js';
import { err } from '../../preload/contract/result.js';
import type { AppCore } from '../core/app-core.js';
import { dispatch } from '../core/ipc/dispatch.js';
import { isTrustedSender } from '../core/security/navigation-policy.js';

/**
 * Registers one `ipcMain.handle` per contract channel and forwards core events to every window.
 *
 * Each call is checked twice before a handler runs: the sender must be our own page's top frame, and the
 * payload must parse against the channel's schema (in `dispatch`).
 */
export function registerIpc(core: AppCore, windows: () => BrowserWindow[], devOrigins: readonly string[] = []): void {
  for (const name of Object.keys(channels)) {
    ipcMain.handle(name, (event, payload: unknown) => {
      // `senderFrame` is null once the frame navigated away or was destroyed (ipc-main-event.md).
      const frame = event.senderFrame;
      const sender = frame && { url: frame.url, origin: frame.origin, isTopFrame: frame.parent === null };
      if (!isTrustedSender(sender, devOrigins)) {
        return err('FORBIDDEN', 'This call is only accepted from the Integrations Desk window.');
      }
      return dispatch(core.handlers, name, payload, { transport: 'electron' }, core.logger);
    });
  }
  // For the app's lifetime: the handlers and the subscription end with the process.
  core.events.subscribeAll((name, payload) => {
    for (const window of windows()) {
      if (!window.isDestroyed()) window.webContents.send(name, payload);
    }
  });
}
