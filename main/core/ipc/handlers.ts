import type { ChannelName, Output, ParsedInput } from '../../../preload/contract/types.js';

/** Context of one call: who sent it, for handlers that need to know (e.g. to open a URL for it). */
export interface CallContext {
  transport: 'electron' | 'browser';
}

/** One function per channel; the Electron adapter and the browser-mode server both loop over it. */
export type Handlers = {
  [K in ChannelName]: (input: ParsedInput<K>, ctx: CallContext) => Promise<Output<K>> | Output<K>;
};
