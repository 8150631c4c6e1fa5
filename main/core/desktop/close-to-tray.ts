/** A message for the admin, shown once as an OS notification (or a tray balloon). */
export interface DesktopHint {
  title: string;
  body: string;
}

export interface CloseToTrayDeps {
  /** Whether the hint was ever shown (persisted: "one-time" means once per profile, not per launch). */
  hint: { shown(): boolean; markShown(): void };
  showHint(hint: DesktopHint): void;
  /** Makes sure the tray is there (it is built after the window at launch, and may not be yet). */
  showTray(): void;
  platform: NodeJS.Platform;
}

export interface CloseToTray {
  /** The admin chose Quit (tray, menu, Cmd+Q, OS shutdown): closing the window must now really close it. */
  quitRequested(): void;
  /** The window is about to close: `hide` keeps the app running in the tray, `close` lets it close. */
  windowClosing(): 'hide' | 'close';
}

/**
 * Closing the window keeps the app running in the tray; only Quit ends it.
 *
 * The app keeps tokens fresh and serves the local API to scripts, which must not stop because the
 * window was closed. The first time the window hides, a hint says where the app went and how to quit,
 * so that closing never looks like a crash or a hang. The tray is made to exist first: an app hidden
 * with no tray would look like one that quit, and could only be reached by launching it again.
 */
export function createCloseToTray(deps: CloseToTrayDeps): CloseToTray {
  let quitting = false;
  return {
    quitRequested() {
      quitting = true;
    },
    windowClosing() {
      if (quitting) return 'close';
      // The app goes on in the tray: it must be there before the window goes, and before the hint
      // points at it (a window closed in the instant before the tray was built, issue 15).
      deps.showTray();
      if (!deps.hint.shown()) {
        deps.hint.markShown();
        deps.showHint(closeHint(deps.platform));
      }
      return 'hide';
    },
  };
}

/** Where the tray icon lives on each platform, in the words of that platform. */
export function closeHint(platform: NodeJS.Platform): DesktopHint {
  const where = platform === 'darwin' ? 'the menu bar' : platform === 'win32' ? 'the notification area' : 'the system tray';
  return {
    title: 'Integrations Desk is still running',
    body: `It keeps your connections fresh from ${where}. Open it from there (or launch it again); choose Quit in its menu to end it.`,
  };
}
