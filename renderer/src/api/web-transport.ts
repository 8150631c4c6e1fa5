import { buildApi } from '../../../preload/contract/build-api.js';
import type { Result } from '../../../preload/contract/result.js';
import type { DeskApi, EventName } from '../../../preload/contract/types.js';

/**
 * The contract over HTTP, for browser mode: calls are `POST /api/rpc/<channel>` and events arrive over
 * one shared EventSource. The session cookie set by the launch URL authenticates both.
 */
export function createWebApi(): DeskApi {
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  let source: EventSource | undefined;

  const ensureStream = () => {
    if (source) return;
    source = new EventSource('/api/events');
    source.onmessage = (message: MessageEvent<string>) => {
      const { name, payload } = JSON.parse(message.data) as { name: EventName; payload: unknown };
      for (const listener of listeners.get(name) ?? []) listener(payload);
    };
  };

  return buildApi(
    async (channel, input) => {
      const response = await fetch(`/api/rpc/${encodeURIComponent(channel)}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: input === undefined ? '' : JSON.stringify(input),
        credentials: 'same-origin',
      });
      if (response.status === 401) {
        return { ok: false, code: 'FORBIDDEN', message: 'This browser tab is not signed in: open the URL Integrations Desk printed.' };
      }
      return (await response.json()) as Result<unknown>;
    },
    (name, listener) => {
      ensureStream();
      const set = listeners.get(name) ?? new Set();
      set.add(listener);
      listeners.set(name, set);
      return () => set.delete(listener);
    },
  );
}
