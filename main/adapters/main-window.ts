import { BrowserWindow } from 'electron';
import { isAppUrl } from '../core/security/navigation-policy.js';
import { openExternalSafely } from './open-external.js';

export interface MainWindowOptions {
  preloadPath: string;
  /** Ports of the app's own loopback servers, which may be opened in the system browser. */
  ownLoopbackPorts: () => number[];
  /** The first page: `app://desk/oauth`, or the dev server in a development build. */
  startUrl: string;
  /** The dev server's origin in a development build; empty in a packaged app. */
  devOrigins: readonly string[];
  /** The window icon (Linux and Windows; macOS uses the bundle's icon). */
  icon?: string;
  /** A link the system browser could not open, or a page that failed to load. */
  warn(message: string): void;
  /** The window showed its page (at `ready-to-show`). */
  shown?(): void;
}

/**
 * Creates the app window with Electron's security defaults made explicit.
 *
 * Isolated, sandboxed renderer without Node; navigation away from the app and new windows are refused
 * (links to https pages go to the system browser instead). Permissions are the session's policy
 * (adapters/session-permissions.ts).
 */
export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const window = new BrowserWindow({
    width: 1200,
    height: 800,
    minWidth: 800,
    minHeight: 560,
    show: false,
    title: 'Integrations Desk',
    ...(options.icon ? { icon: options.icon } : {}),
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

  // In-app links are history changes, not navigations; anything that navigates away is stopped.
  const stayInApp = (event: { preventDefault(): void }, url: string) => {
    if (!isAppUrl(url, options.devOrigins)) event.preventDefault();
  };
  window.webContents.on('will-navigate', stayInApp);
  window.webContents.on('will-redirect', stayInApp);
  window.webContents.setWindowOpenHandler(({ url }) => {
    openExternalSafely(url, options.ownLoopbackPorts()).catch(() => options.warn('A link could not be opened in the system browser'));
    return { action: 'deny' };
  });
  // Told from here rather than from the window's 'show' event, which Windows does not emit for a
  // window's first show (electron/electron#30701).
  window.once('ready-to-show', () => {
    window.show();
    options.shown?.();
  });
  window.loadURL(options.startUrl).catch(() => options.warn('The app window could not load its page'));
  return window;
}
