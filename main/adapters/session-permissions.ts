import { session } from 'electron';
import { isPermissionGranted } from '../core/security/permission-policy.js';

/**
 * Installs the permission policy on the app's session: once, after `ready`, before any window loads.
 *
 * Both handlers are needed: Chromium asks the check handler first and makes a request when the check
 * says no (session.md, setPermissionCheckHandler). The decision is the core's.
 */
export function installPermissionPolicy(devOrigins: readonly string[]): void {
  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((_wc, permission, callback, details) => {
    callback(isPermissionGranted(permission, { requestingUrl: details.requestingUrl, isMainFrame: details.isMainFrame }, devOrigins));
  });
  ses.setPermissionCheckHandler((_wc, permission, requestingOrigin, details) =>
    isPermissionGranted(permission, { requestingOrigin, requestingUrl: details.requestingUrl, isMainFrame: details.isMainFrame }, devOrigins),
  );
}
