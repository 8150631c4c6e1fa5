import type { EventName, EventPayload } from '../../../preload/contract/types.js';

type AnyListener = (name: EventName, payload: unknown) => void;

/** Main's side of the event channel: core emits, the transports forward to every window or page. */
export interface EventBus {
  emit<E extends EventName>(name: E, payload: EventPayload<E>): void;
  /** Subscribes to every event; returns an unsubscribe function. */
  subscribeAll(listener: AnyListener): () => void;
}

/**
 * Listeners are isolated: one that throws is reported to `failed` and the others still hear the event,
 * and `emit` never throws. The emitter has already done its work when it tells (a write is stored, a
 * usage batch is counted), so a listener's failure is not the emitter's: propagated, it made the
 * caller report an error for a change that was made, or retry (and count twice) what was done.
 */
export function createEventBus(options: { failed?(name: EventName, error: unknown): void } = {}): EventBus {
  const listeners = new Set<AnyListener>();
  return {
    emit(name, payload) {
      for (const listener of [...listeners]) {
        try {
          listener(name, payload);
        } catch (error) {
          options.failed?.(name, error);
        }
      }
    },
    subscribeAll(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
