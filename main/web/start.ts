import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createAppCore } from '../core/app-core.js';
import { readConfig } from '../core/config.js';
import { createLogger } from '../core/support/logger.js';
import { startWebServer } from './web-server.js';

/**
 * Browser mode: the same core and contract as the Electron app, served to a browser on 127.0.0.1.
 *
 * Used where Electron cannot run (build machines, end-to-end tests) and by admins who prefer a browser tab.
 * Prints exactly one line on stdout with the URL to open; logs go to stderr and the profile's log file.
 */
async function main(): Promise<void> {
  const config = readConfig();
  const logger = createLogger({ dir: config.dataDir });
  const core = await createAppCore({ config, logger, mode: 'browser' });
  const here = path.dirname(fileURLToPath(import.meta.url));
  const web = await startWebServer({ core, staticDir: path.resolve(here, '../renderer'), port: config.webPort });
  process.stdout.write(`Integrations Desk is running at ${web.url}\n`);

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
