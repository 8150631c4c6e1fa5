import { app } from 'electron';

/** The few `app` facts and events the desktop shell needs, so that composition stays free of Electron. */
export const appLifecycle = {
  isPackaged: (): boolean => app.isPackaged,
  /** Where `extraResources` land in an installed app (`process.resourcesPath`). */
  resourcesPath: (): string => process.resourcesPath,
  quit: (): void => app.quit(),
  /** Quit was asked for (menu, tray, Cmd+Q, OS logout), before any window closes. */
  onBeforeQuit(listener: () => void): void {
    app.on('before-quit', () => listener());
  },
  /** macOS: the dock icon was clicked. */
  onActivate(listener: () => void): void {
    app.on('activate', () => listener());
  },
  /** Windows: ties notifications to the installed shortcut (without it, they are not shown). */
  setAppUserModelId(id: string): void {
    if (process.platform === 'win32') app.setAppUserModelId(id);
  },
  /** Brings the app to the front on macOS, where showing a window alone may leave it behind. */
  focus(): void {
    if (process.platform === 'darwin') app.focus({ steal: true });
  },
};
