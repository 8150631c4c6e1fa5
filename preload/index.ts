import { contextBridge, ipcRenderer } from 'electron';
import { buildApi } from './contract/build-api.js';
import { isEventName } from './contract/build-api.js';
import type { Result } from './contract/result.js';

/**
 * The only bridge between the renderer and main: named functions generated from the contract.
 *
 * No `ipcRenderer`, no generic `invoke(channel)`: the page can call exactly the declared channels, and
 * main validates each call again anyway. Subscriptions hand back an unsubscribe function.
 */
const api = buildApi(
  (channel, input) => ipcRenderer.invoke(channel, input) as Promise<Result<unknown>>,
  (name, listener) => {
    if (!isEventName(name)) throw new Error('Unknown event');
    const wrapped = (_event: Electron.IpcRendererEvent, payload: unknown) => listener(payload);
    ipcRenderer.on(name, wrapped);
    return () => {
      ipcRenderer.removeListener(name, wrapped);
    };
  },
);

contextBridge.exposeInMainWorld('api', api);
