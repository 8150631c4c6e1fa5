import { shell } from 'electron';
import { isAllowedExternalUrl } from '../core/security/navigation-policy.js';

/**
 * Hands a URL to the system browser, only if the navigation policy allows it.
 *
 * The one place in the app that calls `shell.openExternal` (a unit test enforces that), so the policy
 * (https:, or the app's own loopback pages) cannot be bypassed by a new call site. Resolves once the OS
 * has taken the URL (`'any'` loopback port: a provider's sign-in page, see isAllowedExternalUrl); rejects when the policy refuses it or no browser could be opened (no default
 * browser, a missing `xdg-open`, a sandbox that blocks it), so the caller can offer the link instead.
 */
export async function openExternalSafely(url: string, ownLoopbackPorts: readonly number[] | 'any'): Promise<void> {
  if (!isAllowedExternalUrl(url, ownLoopbackPorts)) throw new Error('Refused to open a URL that is not https or one of the app\'s own loopback pages');
  await shell.openExternal(url);
}
