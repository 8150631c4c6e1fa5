import type { EventName, EventPayload } from '../../../preload/contract/types.js';

type AnyListener = (name: EventName, payload: unknown) => void;

/** Main's side of the event channel: core emits, the transports forward to every window or page. */
export interface EventBus {
  emit<E extends EventName>(name: E, payload: EventPayload<E>): void;
  /** Subscribes to every event; returns an unsubscribe function. */
  subscribeAll(listener: AnyListener): () => void;
}

export function createEventBus(): EventBus {
  const listeners = new Set<AnyListener>();
  return {
    emit(name, payload) {
      for (const listener of [...listeners]) listener(name, payload);
    },
    subscribeAll(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
