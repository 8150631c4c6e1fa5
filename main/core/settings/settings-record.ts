import { z } from 'zod';

/** App-wide settings, stored in `settings.json`. */
export const settingsDocSchema = z.object({
  /** The host form of the Callback URL: RFC 8252 advises the literal 127.0.0.1. */
  callbackHost: z.enum(['127.0.0.1', 'localhost']),
  /** Fixed, because providers match callback URLs exactly, port included. */
  callbackPort: z.number().int().min(1).max(65535).optional(),
});

export type SettingsDoc = z.infer<typeof settingsDocSchema>;

export const defaultSettings = (): SettingsDoc => ({ callbackHost: '127.0.0.1' });
