/** How long the tray waits once the window shows, so the page's first calls are answered before it. */
export const TRAY_AFTER_WINDOW_MS = 250;
/** The tray appears by then whatever happens to the window (a page that fails to load never shows). */
export const TRAY_DEADLINE_MS = 3_000;

export interface TrayLaunchDeps {
  /** Builds the tray from the status summary (and takes the notifications' first look); runs once. */
  build(): void;
  /** Runs `fn` after `ms`; returns a cancel function. */
  schedule(fn: () => void, ms: number): () => void;
  afterWindowMs?: number;
  deadlineMs?: number;
}

export interface TrayLaunch {
  /** The window showed its first page. */
  windowShown(): void;
  /** The tray is needed now (the window is hiding into it): built at once if it is not there yet. */
  now(): void;
  /** Quitting: nothing is built any more. */
  cancel(): void;
}

/**
 * When the tray is built at launch: after the window, not before it (issue 15).
 *
 * The tray's summary (and the notifications' first look, taken with it) reads every integration:
 * ~0.2 s at 10,000, which the window waited for. The window is what the admin waits for; the tray is
 * not looked at in the first quarter second. So the window shows first and the tray follows once the
 * page's first calls had their turn — or at once when the window is closed before that, since closing
 * hides the app into the tray (and its hint says to look there). A window that never shows (its page
 * failed to load) does not leave the app without a tray either: it is built at the deadline.
 */
export function createTrayLaunch(deps: TrayLaunchDeps): TrayLaunch {
  let state: 'waiting' | 'window-shown' | 'done' = 'waiting';
  const build = (): void => {
    if (state === 'done') return;
    state = 'done';
    cancelTimers();
    deps.build();
  };
  const cancelDeadline = deps.schedule(build, deps.deadlineMs ?? TRAY_DEADLINE_MS);
  let cancelAfterWindow: (() => void) | undefined;
  const cancelTimers = (): void => {
    cancelDeadline();
    cancelAfterWindow?.();
  };
  return {
    windowShown() {
      if (state !== 'waiting') return;
      state = 'window-shown';
      cancelAfterWindow = deps.schedule(build, deps.afterWindowMs ?? TRAY_AFTER_WINDOW_MS);
    },
    now: build,
    cancel() {
      state = 'done';
      cancelTimers();
    },
  };
}
