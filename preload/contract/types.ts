import type { z } from 'zod';
import type { channels, events } from './channels.js';
import type { Result } from './result.js';

export type Channels = typeof channels;
export type ChannelName = keyof Channels;
export type EventName = keyof typeof events;

/** What the renderer passes (before main's parsing: defaults and trimming happen in main). */
export type Input<K extends ChannelName> = z.input<Channels[K]['input']>;
/** What a handler receives: the payload after main parsed it. */
export type ParsedInput<K extends ChannelName> = z.output<Channels[K]['input']>;
export type Output<K extends ChannelName> = NonNullable<Channels[K]['output']>;
export type EventPayload<E extends EventName> = NonNullable<(typeof events)[E]['payload']>;

type DomainOf<K> = K extends `${infer D}.${string}` ? D : never;

export type Listener<E extends EventName> = (payload: EventPayload<E>) => void;

/**
 * The API the renderer sees: `api.integrations.create(input)` for every channel, and `api.on(event, fn)`
 * which returns an unsubscribe function. There is no generic `invoke(channel)` escape hatch.
 */
export type DeskApi = {
  [D in DomainOf<ChannelName>]: {
    [K in ChannelName as K extends `${D}.${infer V}` ? V : never]: (
      ...args: OptionalIfUndefined<Input<K>>
    ) => Promise<Result<Output<K>>>;
  };
} & {
  on<E extends EventName>(name: E, listener: Listener<E>): () => void;
};

type OptionalIfUndefined<T> = undefined extends T ? [input?: T] : [input: T];

/** How a transport sends one call: Electron IPC in the app, HTTP in browser mode. */
export type Invoke = (channel: ChannelName, input: unknown) => Promise<Result<unknown>>;
/** How a transport subscribes to one event. */
export type Subscribe = (name: EventName, listener: (payload: unknown) => void) => () => void;
