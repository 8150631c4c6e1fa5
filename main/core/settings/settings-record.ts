import { z } from 'zod';

const callbackHost = z.enum(['127.0.0.1', 'localhost']);

/** App-wide settings, stored in `settings.json`. */
export const settingsDocSchema = z.object({
  /**
   * The host of the one app-wide Callback URL of earlier versions; integrations created then keep it.
   * New integrations follow their provider (`localhost` for Salesforce, `127.0.0.1` otherwise).
   */
  callbackHost: callbackHost.optional(),
  /** When set, every Callback URL uses this host instead of the provider's. */
  callbackHostOverride: callbackHost.optional(),
  /** Fixed, because providers match callback URLs exactly, port included. */
  callbackPort: z.number().int().min(1).max(65535).optional(),
  /** Access-token lifetime assumed when neither the token response nor introspection gives one. */
  assumedTokenLifetimeMinutes: z.number().int().min(5).max(7 * 24 * 60).optional(),
  /** Interval of the keep-alive refresh of idle connections; 0 turns it off. */
  keepAliveMinutes: z.number().int().min(0).max(30 * 24 * 60).optional(),
});

export type SettingsDoc = z.infer<typeof settingsDocSchema>;

/** Salesforce's default session timeout is 2 hours; most orgs keep it. */
export const DEFAULT_ASSUMED_TOKEN_LIFETIME_MINUTES = 120;
/** Twice a day: well inside the shortest idle-refresh-token policies orgs tend to set. */
export const DEFAULT_KEEP_ALIVE_MINUTES = 12 * 60;

export const defaultSettings = (): SettingsDoc => ({});
