import { BrowserWindow, session } from 'electron';
import { APP_ORIGIN } from '../core/security/navigation-policy.js';
import { openExternalSafely } from './open-external.js';

export interface MainWindowOptions {
  preloadPath: string;
  /** Ports of the app's own loopback servers, which may be opened in the system browser. */
  ownLoopbackPorts: () => number[];
}

/**
 * Creates the app window with Electron's security defaults made explicit.
 *
 * Isolated, sandboxed renderer without Node; navigation away from the app and new windows are refused
 * (links to https pages go to the system browser instead); no permission (camera, notifications…) is
 * ever granted to page content.
 */
export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const window = new BrowserWindow({
    width: 1200,
    height: 800,
    minWidth: 800,
    minHeight: 560,
    show: false,
    title: 'Integrations Desk',
    webPreferences: {
      // Electronegativity's PRELOAD_JS_CHECK asks for a review: the preload exposes only named functions
      // generated from the contract (no ipcRenderer, no generic invoke), and main validates every call's
      // sender and payload again. The suppression must sit on the same line; `@preserve` keeps it in the
      // bundle that Electronegativity scans.
      preload: /* eng-disable PRELOAD_JS_CHECK @preserve */ options.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      // Middle-click (auxclick) could open links in new windows, bypassing will-navigate.
      disableBlinkFeatures: 'Auxclick',
      webviewTag: false,
      safeDialogs: true,
      navigateOnDragDrop: false,
      spellcheck: false,
    },
  });

  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);

  window.webContents.on('will-navigate', (event, url) => {
    if (new URL(url).origin !== APP_ORIGIN) event.preventDefault();
  });
  window.webContents.on('will-redirect', (event, url) => {
    if (new URL(url).origin !== APP_ORIGIN) event.preventDefault();
  });
  window.webContents.setWindowOpenHandler(({ url }) => {
    openExternalSafely(url, options.ownLoopbackPorts());
    return { action: 'deny' };
  });
  window.once('ready-to-show', () => window.show());
  void window.loadURL(`${APP_ORIGIN}/oauth`);
  return window;
}
