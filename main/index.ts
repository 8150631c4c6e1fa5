import { app, BrowserWindow } from 'electron';
import ElectronStore from 'electron-store';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { registerAppScheme, serveRenderer } from './adapters/app-protocol.js';
import { registerIpc } from './adapters/ipc-registration.js';
import { openExternalSafely } from './adapters/open-external.js';
import { createSafeStorageCipher } from './adapters/safe-storage-cipher.js';
import { electronInstanceLock } from './adapters/single-instance-lock.js';
import { createAppCore } from './core/app-core.js';
import { readConfig } from './core/config.js';
import { claimSingleInstance } from './core/desktop/single-instance.js';
import { startDesktopShell, type DesktopShell } from './desktop/desktop-shell.js';
import { createLogger } from './core/support/logger.js';

/**
 * The Electron composition root: builds the adapters and hands them to the core. No product logic here.
 */
const here = path.dirname(fileURLToPath(import.meta.url));
let desktop: DesktopShell | undefined;
// Before any store or port is opened: a second launch only hands over to the first instance and quits.
const firstInstance = claimSingleInstance({
  lock: electronInstanceLock(),
  window: { reveal: (route) => desktop?.window.reveal(route) },
  quit: () => app.quit(),
});
registerAppScheme();

async function start(): Promise<void> {
  await app.whenReady();
  const config = readConfig({ ...process.env, DESK_DATA_DIR: process.env.DESK_DATA_DIR ?? app.getPath('userData') });
  const logger = createLogger({ dir: config.dataDir });
  const ownLoopbackPorts = () => [config.callbackPort, config.apiPort];
  const core = await createAppCore({
    config,
    logger,
    mode: 'electron',
    cipher: createSafeStorageCipher(),
    // electron-store is conf with Electron's conveniences; the data folder is still ours (DESK_DATA_DIR).
    ConfClass: ElectronStore,
    openExternal: async (url) => {
      if (!openExternalSafely(url, ownLoopbackPorts())) throw new Error('Refused to open a URL that is not https');
    },
  });
  serveRenderer(path.resolve(here, '../renderer'));
  registerIpc(core, () => BrowserWindow.getAllWindows());
  desktop = startDesktopShell({
    core,
    preloadPath: path.resolve(here, '../preload/index.cjs'),
    ownLoopbackPorts,
    trayIconDir: app.isPackaged ? path.join(process.resourcesPath, 'tray') : path.resolve(here, '../../assets/tray'),
    platform: process.platform,
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('will-quit', () => {
    desktop?.dispose();
    void core.dispose();
  });
}

if (firstInstance) void start();
