import type { DisplayRect } from './scenario.js';

/** A frame that sends an IPC message or asks for a permission, as the test describes it. */
export type FrameSpec =
  /** The window's main frame, at whatever page it has loaded. */
  | { kind: 'main' }
  /** A subframe (iframe) of the main frame, showing `url`. */
  | { kind: 'sub'; url: string }
  /** The main frame after it was made to show another page (a navigation the app failed to stop). */
  | { kind: 'page'; url: string };

/** What the test asks the double (in the app's process) to do or to tell. */
export type Command =
  | { op: 'state' }
  | { op: 'invoke'; frame: FrameSpec; channel: string; payload?: unknown }
  | { op: 'navigate'; url: string }
  | { op: 'windowOpen'; url: string }
  | { op: 'clipboardWrite'; frame: FrameSpec; text: string }
  | { op: 'closeWindow' }
  | { op: 'quit' }
  | { op: 'secondInstance' }
  | { op: 'moveWindow'; bounds: DisplayRect }
  | { op: 'trayClick'; label: string }
  | { op: 'fetchPage'; path: string }
  /** The user makes the window full screen (F11 / the green button). */
  | { op: 'setFullScreen'; flag: boolean }
  /** The user clicks the notification shown at `index` (in the order shown). */
  | { op: 'notificationClick'; index: number }
  | { op: 'waitForWindow' }
  /** Waits until the tray is there with its menu. */
  | { op: 'waitForTray' }
  /** The user closes the window the moment it shows (before anything else runs in main). */
  | { op: 'closeWindowWhenShown' };

export interface WindowSnapshot {
  id: number;
  url: string;
  origin: string;
  visible: boolean;
  destroyed: boolean;
  bounds: DisplayRect;
  title: string;
  icon?: string;
  webPreferences: Record<string, unknown>;
  /** The channels main sent to this window (`webContents.send`), oldest first. */
  sent: string[];
}

export interface MenuSnapshot {
  label?: string;
  role?: string;
  type?: string;
  enabled?: boolean;
  submenu?: MenuSnapshot[];
}

export interface Snapshot {
  ready: boolean;
  windows: WindowSnapshot[];
  tray: { image: string; tooltip: string; menu: MenuSnapshot[] } | null;
  appMenu: MenuSnapshot[] | null;
  notifications: Array<{ title: string; body: string }>;
  dialogs: Array<{ kind: 'error' | 'message'; title: string; content: string; buttons?: string[] }>;
  openExternal: string[];
  netFetch: string[];
  clipboard: string[];
  ipcHandlers: string[];
  permissionHandlers: { check: boolean; request: boolean };
  schemes: string[];
  quitting: boolean;
  /** Window and tray events in order, with their wall-clock times (ms since the epoch). */
  timeline: Array<{ event: string; at: number }>;
}

export type Reply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: string };

/** Sent by the double without being asked. */
export type Report =
  | { report: 'exit'; code: number }
  | { report: 'unhandledRejection'; message: string }
  | { report: 'uncaughtException'; message: string }
  /** A dialog the app showed; reported as it happens, since an error box often comes right before exit. */
  | { report: 'dialog'; kind: 'error' | 'message'; title: string; content: string };
