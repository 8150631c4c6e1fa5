import type { WindowPort } from './window-port.js';

/** The operating system's single-instance lock (Electron: `requestSingleInstanceLock` and `second-instance`). */
export interface InstanceLock {
  /** True when this process holds the lock, false when another instance already runs. */
  acquire(): boolean;
  /** Called in the first instance each time the app is launched again. */
  onSecondLaunch(listener: () => void): void;
}

export interface SingleInstanceDeps {
  lock: InstanceLock;
  window: Pick<WindowPort, 'reveal'>;
  /** Ends this process without opening anything. */
  quit(): void;
}

/**
 * Makes the app single-instance: a second launch hands over to the first, which shows its window.
 *
 * Two instances would each run the OAuth loopback listener and the local API on the same fixed ports
 * and write the same stores; the second would fail half-way. So the second one quits at once, and the
 * first brings its window forward (also from the tray, where the admin may not see it). Returns whether
 * this process should go on starting.
 */
export function claimSingleInstance(deps: SingleInstanceDeps): boolean {
  if (!deps.lock.acquire()) {
    deps.quit();
    return false;
  }
  deps.lock.onSecondLaunch(() => deps.window.reveal());
  return true;
}
