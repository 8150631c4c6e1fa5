import { Notification } from 'electron';
import type { DeskNotification } from '../core/desktop/notification-policy.js';

/**
 * Shows the core's notifications with Electron's `Notification`; a click reports back which one.
 *
 * Notifications are kept referenced until closed: a garbage-collected `Notification` loses its click
 * handler. Where the OS has no notification support, nothing is shown (the tray still tells).
 */
export function createOsNotifications(onClick: (notification: DeskNotification) => void): (notification: DeskNotification) => void {
  const open = new Set<Notification>();
  return (notification) => {
    if (!Notification.isSupported()) return;
    const shown = new Notification({ title: notification.title, body: notification.body, silent: false });
    open.add(shown);
    shown.on('click', () => onClick(notification));
    shown.on('close', () => open.delete(shown));
    shown.show();
  };
}
