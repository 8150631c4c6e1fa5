/** How long quitting may wait for the last writes before the app ends anyway. */
export const QUIT_DEADLINE_MS = 5_000;

export interface QuitGuardDeps {
  /** Ends the flows, stops the servers, writes the last usage batch. */
  dispose(): Promise<void>;
  /** Asks to quit again once the writes are done (Electron: `app.quit()`). */
  quit(): void;
  /** Reports a dispose that failed or ran out of time; the app quits all the same. */
  warn(message: string): void;
  deadlineMs?: number;
  schedule?(fn: () => void, ms: number): () => void;
}

/**
 * Quitting that finishes its writes first, within a bounded time.
 *
 * Electron's `will-quit` listeners are synchronous: an async `dispose()` started there is cut off when
 * the process ends right after. So the first `will-quit` is cancelled (`preventDefault`), `dispose()`
 * runs, and then quit is asked again, which this time goes through. A dispose that hangs (a provider
 * that never answers a revoke) cannot keep the app from quitting: after the deadline it quits anyway.
 */
export function createQuitGuard(deps: QuitGuardDeps) {
  const deadline = deps.deadlineMs ?? QUIT_DEADLINE_MS;
  const schedule =
    deps.schedule ??
    ((fn: () => void, ms: number) => {
      const handle = setTimeout(fn, ms);
      return () => clearTimeout(handle);
    });
  let phase: 'running' | 'disposing' | 'done' = 'running';
  return {
    /** Call from `will-quit` with the event's `preventDefault`. */
    willQuit(preventDefault: () => void): void {
      if (phase === 'done') return;
      preventDefault();
      if (phase === 'disposing') return;
      phase = 'disposing';
      let finished = false;
      const finish = () => {
        if (finished) return;
        finished = true;
        cancelTimer();
        phase = 'done';
        deps.quit();
      };
      const cancelTimer = schedule(() => {
        deps.warn(`Quitting without waiting longer than ${deadline} ms for the last writes`);
        finish();
      }, deadline);
      deps.dispose().then(finish, (error: unknown) => {
        deps.warn(`Closing down failed (${error instanceof Error ? error.name : 'unknown error'}); quitting anyway`);
        finish();
      });
    },
    get phase() {
      return phase;
    },
  };
}
