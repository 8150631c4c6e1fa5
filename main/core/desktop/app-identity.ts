/**
 * The app's identity as the operating system knows it. Must equal `appId` in `electron-builder.yml`
 * (a test checks): Windows matches notifications to the Start-menu shortcut the installer creates by
 * this id, and shows none for an app whose id does not match.
 */
export const APP_ID = 'dev.integrationsdesk.app';
