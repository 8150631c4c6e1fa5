/** The origin the renderer is served from inside Electron (a custom, privileged, standard scheme). */
export const APP_ORIGIN = 'app://desk';

/**
 * Whether a URL may be handed to the operating system's browser.
 *
 * Only `https:` pages, and the app's own loopback pages (its OAuth listener or local API) on 127.0.0.1,
 * [::1] or localhost. Anything else (`file:`, `javascript:`, custom schemes, plain http elsewhere) could run
 * a local program or leak data, so it is refused.
 */
export function isAllowedExternalUrl(raw: string, ownLoopbackPorts: number[] = []): boolean {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  if (url.username || url.password) return false;
  if (url.protocol === 'https:') return true;
  if (url.protocol !== 'http:') return false;
  const loopback = url.hostname === '127.0.0.1' || url.hostname === '[::1]' || url.hostname === 'localhost';
  return loopback && ownLoopbackPorts.includes(Number(url.port));
}

/**
 * Whether an IPC message comes from our own page in its top-level frame.
 *
 * Defends against a navigated-away window or an injected iframe calling privileged channels.
 */
export function isTrustedSender(frameUrl: string | undefined, isTopFrame: boolean): boolean {
  if (!frameUrl || !isTopFrame) return false;
  try {
    return new URL(frameUrl).origin === APP_ORIGIN;
  } catch {
    return false;
  }
}
