import { channel, event } from './define.js';
import { noInput } from './schemas.js';
import type { StatusHeadline } from './status-models.js';

/**
 * Channels of the tray's quick status, merged into the contract's channel map in `channels.ts`.
 *
 * `status.headline` is the tray model's headline and attention list, so browser mode's page header shows
 * exactly what the tray shows; `status.changed` carries the new value whenever it changes.
 */
export const statusChannels = {
  'status.headline': channel<StatusHeadline>()(noInput),
} as const;

export const statusEvents = {
  'status.changed': event<StatusHeadline>(),
} as const;
