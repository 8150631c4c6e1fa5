import { channel, event } from './define.js';

/**
 * Channels of the connections domain (the loopback OAuth flow, tokens, revocation, health) and the
 * app-wide settings they depend on. Merged into the contract's single channel map in `channels.ts`.
 */
export const connectionChannels = {} as const;

export const connectionEvents = {} as const;

// Keep the imports referenced until channels are declared here.
void channel;
void event;
