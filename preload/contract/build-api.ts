import { channels, events } from './channels.js';
import { err } from './result.js';
import type { ChannelName, DeskApi, EventName, Invoke, Subscribe } from './types.js';

/**
 * Builds the renderer's API object from the channel map and one transport.
 *
 * Used by the preload (over ipcRenderer) and by browser mode (over HTTP), so both expose exactly the
 * same named functions. A transport failure becomes an error value, never an exception.
 */
export function buildApi(invoke: Invoke, subscribe: Subscribe): DeskApi {
  const api: Record<string, Record<string, unknown>> = {};
  for (const name of Object.keys(channels) as ChannelName[]) {
    const [domain, verb] = name.split('.') as [string, string];
    api[domain] ??= {};
    api[domain][verb] = async (input?: unknown) => {
      try {
        return await invoke(name, input);
      } catch {
        return err('INTERNAL', 'Integrations Desk did not answer. Is it still running?');
      }
    };
  }
  const on = (name: EventName, listener: (payload: unknown) => void) => {
    if (!Object.hasOwn(events, name)) throw new Error(`Unknown event: ${String(name)}`);
    return subscribe(name, listener);
  };
  return Object.assign(api, { on }) as unknown as DeskApi;
}

export const isChannelName = (name: string): name is ChannelName => Object.hasOwn(channels, name);
export const isEventName = (name: string): name is EventName => Object.hasOwn(events, name);
