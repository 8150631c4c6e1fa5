import type { DeskApi } from '../../../preload/contract/types.js';
import { createWebApi } from './web-transport.js';

declare global {
  interface Window {
    /** Present inside Electron: exposed by the preload. */
    api?: DeskApi;
  }
}

let instance: DeskApi | undefined;

/** The one way the renderer reaches main: the preload's API in Electron, HTTP in browser mode. */
export function api(): DeskApi {
  instance ??= window.api ?? createWebApi();
  return instance;
}

/** Lets tests run the UI against an API of their own. */
export function setApi(value: DeskApi | undefined): void {
  instance = value;
}
