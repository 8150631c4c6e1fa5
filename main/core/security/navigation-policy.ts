/** The origin the renderer is served from inside Electron (a custom, privileged, standard scheme). */
export const APP_ORIGIN = 'app://desk';

/**
 * Whether a URL may be handed to the operating system's browser.
 *
 * Only `https:` pages, and the app's own loopback pages (its OAuth listener or local API) on 127.0.0.1,
 * [::1] or localhost. Anything else (`file:`, `javascript:`, custom schemes, plain http elsewhere) could run
 * a local program or leak data, so it is refused. `'any'` allows every loopback port: for a sign-in page
 * the core built from an offering that passed the provider-URL rule (https, or http on loopback).
 */
export function isAllowedExternalUrl(raw: string, ownLoopbackPorts: readonly number[] | 'any' = []): boolean {
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
  return loopback && (ownLoopbackPorts === 'any' || ownLoopbackPorts.includes(Number(url.port)));
}

/**
 * The origin of a URL as Chromium serializes it (RFC 6454), for the schemes the app meets.
 *
 * Node's WHATWG `URL` gives `"null"` as the origin of every non-special scheme, `app:` included, while
 * Chromium gives `app://desk` for a scheme registered as `standard` (which `app:` is, see
 * adapters/app-protocol.ts). Comparing `new URL(url).origin` with `APP_ORIGIN` therefore never matched
 * and refused every IPC call: this function is the one place that knows the difference.
 */
export function originOf(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'null';
  }
  if (url.protocol === 'app:') return url.host ? `app://${url.host}` : 'null';
  return url.origin;
}

/**
 * Whether a URL belongs to the app's own pages: `app://desk/…`, or the dev server in a development
 * build (`devOrigins`, never set in a packaged app).
 */
export function isAppUrl(raw: string, devOrigins: readonly string[] = []): boolean {
  const origin = originOf(raw);
  return origin === APP_ORIGIN || (origin !== 'null' && devOrigins.includes(origin));
}

/** The calling frame of an IPC message, as Electron's `event.senderFrame` describes it. */
export interface SenderFrame {
  url: string;
  /** Chromium's serialized origin of the frame (`WebFrameMain.origin`). */
  origin: string;
  /** The frame is its page's top frame (`frame.parent === null`). */
  isTopFrame: boolean;
}

/**
 * Whether an IPC message comes from our own page in its top-level frame.
 *
 * Both the origin Chromium reports and the URL must be ours: a subframe, a page the window was
 * navigated to, or an opaque origin (`"null"`, e.g. a sandboxed iframe or `data:`) is refused.
 */
export function isTrustedSender(frame: SenderFrame | null | undefined, devOrigins: readonly string[] = []): boolean {
  if (!frame || !frame.isTopFrame || !frame.url) return false;
  const trusted = (origin: string) => origin === APP_ORIGIN || (origin !== 'null' && devOrigins.includes(origin));
  return trusted(frame.origin) && frame.origin === originOf(frame.url) && isAppUrl(frame.url, devOrigins);
}
