import type { statusChannels } from '../../../preload/contract/status-channels.js';
import type { Handlers } from '../ipc/handlers.js';
import type { StatusFeed } from './status-feed.js';

export type StatusHandlers = Pick<Handlers, keyof typeof statusChannels>;

/** The handlers of the status channels, spread into the main handler table. */
export function createStatusHandlers(status: Pick<StatusFeed, 'headline'>): StatusHandlers {
  return {
    'status.headline': () => status.headline(),
  };
}
