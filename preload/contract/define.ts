import type { z } from 'zod';

/** A request/response channel: the schema main validates the payload with, and the response type. */
export interface ChannelSpec<S extends z.ZodType = z.ZodType, Out = unknown> {
  input: S;
  /** Phantom field carrying the response type; never read at run time. */
  output?: Out;
}

/**
 * Declares a channel whose response type is `Out`.
 *
 * Curried so the output type can be given explicitly while the input type is inferred from the schema.
 */
export const channel =
  <Out>() =>
  <S extends z.ZodType>(input: S): ChannelSpec<S, Out> => ({ input });

/** A main → renderer event carrying `Payload`. */
export interface EventSpec<Payload = unknown> {
  payload?: Payload;
}

export const event = <Payload>(): EventSpec<Payload> => ({});
