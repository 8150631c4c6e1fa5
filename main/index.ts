import { app, BrowserWindow, dialog } from 'electron';
import ElectronStore from 'electron-store';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { registerAppScheme, serveRenderer } from './adapters/app-protocol.js';
import { chromiumFetch } from './adapters/chromium-fetch.js';
import { systemProxyRoute } from './adapters/system-proxy-route.js';
import { registerIpc } from './adapters/ipc-registration.js';
import { openExternalSafely } from './adapters/open-external.js';
import { electronFileDialogs } from './adapters/file-dialogs.js';
import { desktopCipher } from './adapters/safe-storage-cipher.js';
import { installPermissionPolicy } from './adapters/session-permissions.js';
import { electronInstanceLock } from './adapters/single-instance-lock.js';
import { createAppCore } from './core/app-core.js';
import { createFetchTransport } from './core/local-api/fetch-transport.js';
import { createPooledTransport } from './core/local-api/pooled-transport.js';
import { createRoutedTransport } from './core/local-api/routed-transport.js';
import { readConfig, type DeskConfig } from './core/config.js';
import { createQuitGuard } from './core/desktop/quit-guard.js';
import { claimSingleInstance } from './core/desktop/single-instance.js';
import { startupFailure } from './core/desktop/startup-failure.js';
import { devServerOrigin } from './core/security/dev-server-origin.js';
import { rendererStartUrl } from './core/security/renderer-start-url.js';
import { createLogger, type Logger } from './core/support/logger.js';
import { startDesktopShell, type DesktopShell } from './desktop/desktop-shell.js';

/**
 * The Electron composition root: builds the adapters and hands them to the core. No product logic here.
 */
const here = path.dirname(fileURLToPath(import.meta.url));
let desktop: DesktopShell | undefined;
let config: DeskConfig | undefined;
let logger: Logger | undefined;
// Before any store or port is opened: a second launch only hands over to the first instance and quits.
const firstInstance = claimSingleInstance({
  lock: electronInstanceLock(),
  window: { reveal: (route) => desktop?.window.reveal(route) },
  quit: () => app.quit(),
});
registerAppScheme();

async function start(): Promise<void> {
  await app.whenReady();
  // One data folder for both modes (browser mode reads the same variable and default), not Electron's
  // `userData`, which keeps Chromium's own caches.
  config = readConfig(process.env);
  const log = createLogger({ dir: config.dataDir });
  logger = log;
  const ports = config;
  const ownLoopbackPorts = () => [ports.callbackPort, ports.apiPort];
  const dev = app.isPackaged ? undefined : devServerOrigin(process.env.ELECTRON_RENDERER_URL);
  const devOrigins = dev ? [dev] : [];
  installPermissionPolicy(devOrigins);

  const { choice, cipher } = desktopCipher();
  if (choice.kind === 'app-key') log.info({ reason: choice.reason }, 'vault uses the app key, as browser mode does');
  const core = await createAppCore({
    config,
    logger: log,
    mode: 'electron',
    cipher,
    // electron-store is conf with Electron's conveniences; the data folder is still ours (DESK_DATA_DIR).
    ConfClass: ElectronStore,
    fetch: chromiumFetch,
    // The local API's proxy: undici's keep-alive pool for instance hosts Chromium reaches directly,
    // net.fetch where a system/PAC proxy applies, so the pool never bypasses a corporate proxy (issue 15).
    upstream: createRoutedTransport({ direct: createPooledTransport(), proxied: createFetchTransport(chromiumFetch), route: systemProxyRoute }),
    // The core opens only sign-in pages it built from a checked offering (https, or a loopback provider).
    openExternal: (url) => openExternalSafely(url, 'any'),
    // Workspace bundles (issue 16): the save/open dialogs choose the files.
    dialogs: electronFileDialogs(),
  });
  serveRenderer(path.resolve(here, '../renderer'));
  registerIpc(core, () => BrowserWindow.getAllWindows(), devOrigins);
  const resources = app.isPackaged ? process.resourcesPath : path.resolve(here, '../../assets');
  desktop = startDesktopShell({
    core,
    page: {
      preloadPath: path.resolve(here, '../preload/index.cjs'),
      ownLoopbackPorts,
      startUrl: rendererStartUrl(process.env, app.isPackaged),
      devOrigins,
      icon: path.join(resources, app.isPackaged ? 'icon.png' : 'icons/512x512.png'),
    },
    trayIconDir: path.join(resources, 'tray'),
    platform: process.platform,
  });

  const shell = desktop;
  const quitGuard = createQuitGuard({
    async dispose() {
      shell.dispose();
      await core.dispose();
    },
    quit: () => app.quit(),
    warn: (message) => log.warn(message),
  });
  app.on('will-quit', (event) => quitGuard.willQuit(() => event.preventDefault()));
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
}

/** A start that failed says why in a dialog and ends with a non-zero code, releasing the instance lock. */
function failStart(error: unknown): void {
  const logFile = config ? path.join(config.dataDir, 'logs', 'desk.log') : undefined;
  logger?.error({ reason: error instanceof Error ? error.name : typeof error }, 'start-up failed');
  const failure = startupFailure(error, logFile);
  dialog.showErrorBox(failure.title, failure.content);
  app.exit(failure.exitCode);
}

if (firstInstance) start().catch(failStart);
