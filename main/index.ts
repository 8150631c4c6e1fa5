import { app, BrowserWindow } from 'electron';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { registerAppScheme, serveRenderer } from './adapters/app-protocol.js';
import { registerIpc } from './adapters/ipc-registration.js';
import { createMainWindow } from './adapters/main-window.js';
import { createSafeStorageCipher } from './adapters/safe-storage-cipher.js';
import { createAppCore } from './core/app-core.js';
import { readConfig } from './core/config.js';
import { createLogger } from './core/support/logger.js';

/**
 * The Electron composition root: builds the adapters and hands them to the core. No product logic here.
 */
const here = path.dirname(fileURLToPath(import.meta.url));
registerAppScheme();

async function start(): Promise<void> {
  await app.whenReady();
  const config = readConfig({ ...process.env, DESK_DATA_DIR: process.env.DESK_DATA_DIR ?? app.getPath('userData') });
  const logger = createLogger({ dir: config.dataDir });
  const core = await createAppCore({ config, logger, mode: 'electron', cipher: createSafeStorageCipher() });
  serveRenderer(path.resolve(here, '../renderer'));
  registerIpc(core, () => BrowserWindow.getAllWindows());
  const open = () =>
    createMainWindow({
      preloadPath: path.resolve(here, '../preload/index.cjs'),
      ownLoopbackPorts: () => [config.callbackPort, config.apiPort],
    });
  open();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) open();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('will-quit', () => void core.dispose());
}

void start();
