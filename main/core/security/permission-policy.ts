import { isAppUrl, originOf } from './navigation-policy.js';

/** What Electron tells a permission handler about the asking frame. */
export interface PermissionAsker {
  /** The asking frame's last URL (`details.requestingUrl`); absent for some checks. */
  requestingUrl?: string;
  /** The check handler's `requestingOrigin`; absent for requests. */
  requestingOrigin?: string;
  isMainFrame: boolean;
}

/** The one permission the app's page needs: writing text to the clipboard (every Copy button). */
const GRANTED = new Set(['clipboard-sanitized-write']);

/**
 * Whether a permission check or request from page content is granted.
 *
 * Everything is refused (camera, notifications, geolocation, reading the clipboard…) except
 * `clipboard-sanitized-write`, and that only for the app's own page in its top frame: a deny-all
 * handler also refused it, which broke every Copy button, the one-time API key's included.
 */
export function isPermissionGranted(permission: string, asker: PermissionAsker, devOrigins: readonly string[] = []): boolean {
  if (!GRANTED.has(permission) || !asker.isMainFrame) return false;
  const origins = [asker.requestingOrigin, asker.requestingUrl && originOf(asker.requestingUrl)].filter((o): o is string => Boolean(o));
  if (origins.length === 0) return false;
  if (asker.requestingUrl !== undefined && !isAppUrl(asker.requestingUrl, devOrigins)) return false;
  return origins.every((origin) => isAppUrl(`${origin}/`, devOrigins));
}
