import os from 'node:os';
import path from 'node:path';

/** Settings the app reads from its environment; documented in the README. */
export interface DeskConfig {
  dataDir: string;
  webPort: number;
  /** The OAuth loopback listener's port: `DESK_CALLBACK_PORT`, else the default (or the saved setting). */
  callbackPort: number;
  /** True when `DESK_CALLBACK_PORT` was given: it then wins over the port saved in Settings. */
  callbackPortFromEnv: boolean;
  /** The local credentials API's port: `DESK_API_PORT`, else the default (or the saved setting). */
  apiPort: number;
  /** True when `DESK_API_PORT` was given: it then wins over the port saved in Settings. */
  apiPortFromEnv?: boolean;
  /** `DESK_VAULT_KEY_FILE=1`: keep the vault key in a 0600 file instead of asking the OS keyring. */
  vaultKeyFile: boolean;
}

export const DEFAULT_CALLBACK_PORT = 47615;
export const DEFAULT_API_PORT = 47616;

/**
 * Reads `DESK_*` variables, falling back to the platform's app-data folder and fixed default ports.
 *
 * A fixed callback port is deliberate: providers such as Salesforce match callback URLs exactly, port
 * included, so the port must not change between launches.
 */
export function readConfig(env: NodeJS.ProcessEnv = process.env, platform = process.platform): DeskConfig {
  return {
    dataDir: env.DESK_DATA_DIR ? path.resolve(env.DESK_DATA_DIR) : defaultDataDir(env, platform),
    webPort: parsePort(env.DESK_WEB_PORT, 0, 'DESK_WEB_PORT'),
    callbackPort: parsePort(env.DESK_CALLBACK_PORT, DEFAULT_CALLBACK_PORT, 'DESK_CALLBACK_PORT'),
    callbackPortFromEnv: Boolean(env.DESK_CALLBACK_PORT),
    apiPort: parsePort(env.DESK_API_PORT, DEFAULT_API_PORT, 'DESK_API_PORT'),
    apiPortFromEnv: Boolean(env.DESK_API_PORT),
    vaultKeyFile: env.DESK_VAULT_KEY_FILE === '1',
  };
}

function defaultDataDir(env: NodeJS.ProcessEnv, platform: string): string {
  const home = os.homedir();
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'Integrations Desk');
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'Integrations Desk');
  return path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), 'integrations-desk');
}

function parsePort(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === '') return fallback;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`${name} must be a port number from 0 to 65535, not "${value}".`);
  }
  return port;
}
