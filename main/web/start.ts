import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createAppCore } from '../core/app-core.js';
import { readConfig } from '../core/config.js';
import { createLogger } from '../core/support/logger.js';
import { lastPortStore } from './last-port.js';
import { openInBrowser } from './open-browser.js';
import { startWebServer, type WebServer, type WebServerOptions } from './web-server.js';

/**
 * Browser mode: the same core and contract as the Electron app, served to a browser on loopback.
 *
 * Used where Electron cannot run (build machines, end-to-end tests) and by admins who prefer a browser tab.
 * Prints exactly one line on stdout with the URL to open (and opens it, unless `DESK_NO_OPEN=1`); logs
 * go to stderr and the profile's log file. Without `DESK_WEB_PORT`, the port of the last launch is
 * used again when it is free.
 */
async function main(): Promise<void> {
  const config = readConfig();
  const logger = createLogger({ dir: config.dataDir });
  const core = await createAppCore({ config, logger, mode: 'browser' });
  const here = path.dirname(fileURLToPath(import.meta.url));
  const portFromEnv = process.env.DESK_WEB_PORT !== undefined && process.env.DESK_WEB_PORT !== '';
  const lastPort = lastPortStore(core);
  const options: WebServerOptions = {
    core,
    staticDir: path.resolve(here, '../renderer'),
    port: config.webPort,
    onNewLink: (url) => process.stdout.write(`New sign-in link for Integrations Desk (the last one was used): ${url}\n`),
  };
  let web: WebServer;
  const remembered = portFromEnv ? undefined : lastPort.get();
  try {
    web = await startWebServer({ ...options, port: remembered ?? options.port });
  } catch (error) {
    if (remembered === undefined || (error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
    web = await startWebServer({ ...options, port: 0 });
  }
  if (!portFromEnv) lastPort.set(web.port);
  process.stdout.write(`Integrations Desk is running at ${web.url}\n`);
  openInBrowser(web.url);

  const stop = async () => {
    await web.close();
    await core.dispose();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

main().catch((e: unknown) => {
  process.stderr.write(`Integrations Desk could not start: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
