import { devServerOrigin } from './dev-server-origin.js';
import { APP_ORIGIN } from './navigation-policy.js';

/**
 * The URL the main window loads first: `app://desk/oauth`, or the Vite dev server in a dev build.
 *
 * `electron-vite dev` serves the renderer with hot reload and names its server in
 * `ELECTRON_RENDERER_URL`. A packaged app never honours that variable, and an unpackaged one only when it
 * is a loopback http URL: an environment variable must not be able to point the app's privileged window
 * (the one with `window.api`) at a page on the network.
 */
export function rendererStartUrl(env: Readonly<Record<string, string | undefined>>, isPackaged: boolean): string {
  const dev = isPackaged ? undefined : devServerOrigin(env.ELECTRON_RENDERER_URL);
  return `${dev ?? APP_ORIGIN}/oauth`;
}
