/**
 * What one start of the app under the Electron double looks like: the machine it pretends to be.
 *
 * Passed from the test to the child process as JSON in `ELECTRON_DOUBLE_SCENARIO`.
 */
export type LinuxKeyStore = 'gnome_libsecret' | 'kwallet' | 'kwallet5' | 'kwallet6' | 'basic_text' | 'unavailable';

export interface DisplayRect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface Scenario {
  /** Folder for the double's own state across restarts (its safeStorage key, `userData`). */
  stateDir: string;
  /** Linux key store behind safeStorage; `unavailable` = no secret store at all (isEncryptionAvailable false). */
  keyStore: LinuxKeyStore;
  /** Another instance holds the single-instance lock. */
  lockHeld?: boolean;
  /** `shell.openExternal` rejects (no browser registered, xdg-open missing, a sandboxed snap…). */
  openExternalFails?: boolean;
  /** `host:port` of a system proxy that `session.resolveProxy` reports for every URL (issue 15). */
  systemProxy?: string;
  /** The screens' work areas; one 1920×1080 screen by default. */
  displays?: DisplayRect[];
  /** `app.isPackaged`. */
  packaged?: boolean;
  /** Index of the button `dialog.showMessageBox` answers with (0 by default). */
  messageBoxResponse?: number;
  /**
   * What the file dialogs answer: `showSaveDialog` the `savePath`, `showOpenDialog` the `openPaths`
   * (files or folders); cancelled when the answer is absent, as when the user presses Cancel.
   */
  fileDialogs?: { savePath?: string; openPaths?: string[] };
}

export const SCENARIO_ENV = 'ELECTRON_DOUBLE_SCENARIO';

export function readScenario(env: NodeJS.ProcessEnv = process.env): Scenario {
  const raw = env[SCENARIO_ENV];
  if (!raw) throw new Error(`The Electron double needs ${SCENARIO_ENV}`);
  return JSON.parse(raw) as Scenario;
}
