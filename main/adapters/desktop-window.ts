import { BrowserWindow, screen } from 'electron';
import type { InitialWindow, Rect, SavedWindow } from '../core/desktop/window-bounds.js';
import type { WindowPort } from '../core/desktop/window-port.js';
import { createMainWindow, type MainWindowOptions } from './main-window.js';

export interface DesktopWindowOptions extends MainWindowOptions {
  /** Where the window opens, given the screens' work areas (a core decision). */
  initial(workAreas: Rect[]): InitialWindow;
  /** The window is about to close: hide it (close-to-tray) or let it close (quitting). */
  closing(): 'hide' | 'close';
  boundsChanged(window: SavedWindow): void;
  flushBounds(): void;
  /** Brings the app itself to the front (macOS). */
  focusApp(): void;
}

export interface DesktopWindow extends WindowPort {
  isFocused(): boolean;
}

/**
 * The main window with desktop behaviour: opened where it was, hidden instead of closed, revealed on
 * demand at a given page. The decisions are the core's; this only connects BrowserWindow events to them.
 */
export function createDesktopWindow(options: DesktopWindowOptions): DesktopWindow {
  let current: BrowserWindow | undefined;

  const state = (window: BrowserWindow): SavedWindow => ({ ...window.getNormalBounds(), maximized: window.isMaximized() });

  const open = (): BrowserWindow => {
    const window = createMainWindow(options);
    const initial = options.initial(screen.getAllDisplays().map((d) => d.workArea));
    const { x, y, width, height } = initial.bounds;
    if (x !== undefined && y !== undefined) window.setBounds({ x, y, width, height });
    else {
      window.setSize(width, height);
      window.center();
    }
    if (initial.maximized) window.once('ready-to-show', () => window.maximize());
    for (const event of ['resize', 'move', 'maximize', 'unmaximize'] as const) {
      window.on(event as 'resize', () => options.boundsChanged(state(window)));
    }
    window.on('close', (event) => {
      options.boundsChanged(state(window));
      options.flushBounds();
      if (options.closing() === 'close') return;
      event.preventDefault();
      // A full-screen window hidden on macOS leaves an empty black Space behind.
      if (window.isFullScreen()) {
        window.once('leave-full-screen', () => window.hide());
        window.setFullScreen(false);
      } else window.hide();
    });
    window.on('closed', () => {
      if (current === window) current = undefined;
    });
    current = window;
    return window;
  };

  const routeOf = (window: BrowserWindow): string | undefined => {
    try {
      const url = new URL(window.webContents.getURL());
      return url.pathname + url.search;
    } catch {
      return undefined;
    }
  };

  /**
   * Shows `route` the way an in-app link does (history entry + popstate, which React Router follows):
   * no reload, so a half-filled form elsewhere survives, and deep routes work although the built
   * page's asset URLs are relative. Routes come from the core's `routeFor` (encoded ids); anything
   * else is refused before it reaches the page.
   */
  const navigate = (window: BrowserWindow, route: string): void => {
    if (!/^\/[A-Za-z0-9/_.~%?&=-]*$/.test(route) || routeOf(window) === route) return;
    const script = `window.history.pushState(null, '', ${JSON.stringify(route)}); window.dispatchEvent(new PopStateEvent('popstate'));`;
    void window.webContents.executeJavaScript(script).catch(() => undefined);
  };

  return {
    reveal(route) {
      if (!current || current.isDestroyed()) {
        // A new window shows itself once its page is ready (no blank flash).
        const window = open();
        if (route) window.webContents.once('did-finish-load', () => navigate(window, route));
        return;
      }
      const window = current;
      if (route) navigate(window, route);
      if (window.isMinimized()) window.restore();
      window.show();
      window.focus();
      options.focusApp();
    },
    isFocused: () => current !== undefined && !current.isDestroyed() && current.isVisible() && current.isFocused(),
  };
}
