import type { DeskConfig } from '../config.js';
import type { SettingsDoc } from './settings-record.js';

export const CALLBACK_PATH = '/oauth/callback';

/**
 * The Callback URL to register with the provider, exactly as the loopback listener will receive it.
 *
 * `DESK_CALLBACK_PORT` overrides the stored port so that a test or a second profile can run beside the
 * first; the host form follows the setting.
 */
export function callbackUrlFor(settings: SettingsDoc, config: DeskConfig): string {
  const port = config.callbackPortFromEnv ? config.callbackPort : (settings.callbackPort ?? config.callbackPort);
  return `http://${settings.callbackHost}:${port}${CALLBACK_PATH}`;
}
