import { app } from 'electron';
import type { InstanceLock } from '../core/desktop/single-instance.js';

/** Electron's single-instance lock as the core's `InstanceLock` port. */
export function electronInstanceLock(): InstanceLock {
  return {
    acquire: () => app.requestSingleInstanceLock(),
    onSecondLaunch(listener) {
      app.on('second-instance', () => listener());
    },
  };
}
