import { shell } from 'electron';
import { isAllowedExternalUrl } from '../core/security/navigation-policy.js';

/**
 * Hands a URL to the system browser, only if the navigation policy allows it.
 *
 * The one place in the app that calls `shell.openExternal` (a unit test enforces that), so the policy
 * (https:, or the app's own loopback pages) cannot be bypassed by a new call site.
 */
export function openExternalSafely(url: string, ownLoopbackPorts: number[]): boolean {
  if (!isAllowedExternalUrl(url, ownLoopbackPorts)) return false;
  void shell.openExternal(url);
  return true;
}
