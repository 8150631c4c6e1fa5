import { z } from 'zod';
import { channel } from './define.js';
import { noInput } from './schemas.js';

/** What the window remembers for the admin, kept in the data folder (so both modes share it). */
export interface UiPreferences {
  /** Advisory notices dismissed for good, e.g. `vault-advisory:key-file`. */
  dismissedNotices: string[];
}

export const noticeIdSchema = z.object({ notice: z.string().regex(/^[a-z0-9:-]{1,64}$/, 'Not a valid notice') });

/** Channels of the window's remembered choices; merged into the contract's channel map in `channels.ts`. */
export const preferencesChannels = {
  'preferences.get': channel<UiPreferences>()(noInput),
  /** Dismisses an advisory notice for good (only advice: notices that need action are never dismissible). */
  'preferences.dismissNotice': channel<UiPreferences>()(noticeIdSchema),
} as const;
