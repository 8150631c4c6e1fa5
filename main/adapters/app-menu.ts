import { Menu, type MenuItemConstructorOptions } from 'electron';
import type { AppMenuItem } from '../core/desktop/app-menu.js';

/** Installs the application menu the core describes (standard roles only). */
export function installAppMenu(template: AppMenuItem[]): void {
  // The core's items are a structural subset of Electron's, with roles spelled as Electron spells them.
  Menu.setApplicationMenu(Menu.buildFromTemplate(template as MenuItemConstructorOptions[]));
}
