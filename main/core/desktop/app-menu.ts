/**
 * The application menu as data, in the shape of Electron's `MenuItemConstructorOptions` (core does not
 * import Electron's types, so this is a structural subset the adapter passes straight through).
 */
export interface AppMenuItem {
  role?: string;
  label?: string;
  type?: 'separator';
  submenu?: AppMenuItem[];
}

export interface AppMenuOptions {
  platform: NodeJS.Platform;
  /** Development builds keep the developer tools in the View menu; installed ones do not offer them. */
  packaged: boolean;
}

/**
 * The standard menus (app on macOS, File, Edit, View, Window, Help), built from Electron's roles.
 *
 * Roles give each platform its native labels, shortcuts and behaviour (copy and paste in the secret
 * fields, Cmd+Q, Window › Minimise…) for free. Quit is the role, so it passes through the same
 * quit path as the tray's Quit: closing the window only hides it.
 */
export function appMenuTemplate(options: AppMenuOptions): AppMenuItem[] {
  const mac = options.platform === 'darwin';
  const sep: AppMenuItem = { type: 'separator' };
  const view: AppMenuItem[] = [
    { role: 'reload' },
    ...(options.packaged ? [] : [{ role: 'toggleDevTools' }]),
    sep,
    { role: 'resetZoom' },
    { role: 'zoomIn' },
    { role: 'zoomOut' },
    sep,
    { role: 'togglefullscreen' },
  ];
  return [
    ...(mac ? [{ role: 'appMenu' }] : []),
    { role: 'fileMenu', submenu: [mac ? { role: 'close' } : { role: 'quit' }] },
    { role: 'editMenu' },
    { label: 'View', submenu: view },
    { role: 'windowMenu' },
    { role: 'help', submenu: mac ? [] : [{ role: 'about' }] },
  ];
}
