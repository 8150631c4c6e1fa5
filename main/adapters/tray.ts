import path from 'node:path';
import { Menu, Tray, nativeImage, type MenuItemConstructorOptions, type NativeImage } from 'electron';
import type { StatusLevel } from '../../preload/contract/status-models.js';
import type { TrayAction, TrayMenuItem } from '../core/tray/tray-menu.js';
import type { TrayModel } from '../core/tray/tray-model.js';

export interface TrayAdapterOptions {
  /** Folder with `tray-<state>.png` (+ `@2x`) and the macOS `tray-<state>Template.png` images. */
  iconDir: string;
  platform: NodeJS.Platform;
  onAction(action: TrayAction): void;
  onClick(): void;
}

export interface TrayAdapter {
  render(model: TrayModel): void;
  destroy(): void;
}

/**
 * Renders the core's tray model with Electron's `Tray` and `Menu`.
 *
 * The context menu is set again after every change: on Linux (AppIndicator) a menu changed after
 * `setContextMenu` is not picked up. macOS gets template images (black and alpha, tinted by the
 * system); `nativeImage` loads the `@2x` file next to each image by itself.
 */
export function createTrayAdapter(options: TrayAdapterOptions): TrayAdapter {
  const mac = options.platform === 'darwin';
  const images = new Map<StatusLevel, NativeImage>();
  const image = (state: StatusLevel): NativeImage => {
    let loaded = images.get(state);
    if (!loaded) {
      loaded = nativeImage.createFromPath(path.join(options.iconDir, mac ? `tray-${state}Template.png` : `tray-${state}.png`));
      if (mac) loaded.setTemplateImage(true);
      images.set(state, loaded);
    }
    return loaded;
  };
  const tray = new Tray(image('ok'));
  // Windows reports clicks on the icon; macOS opens the menu, Linux reports nothing.
  tray.on('click', () => options.onClick());

  // Windows and Linux read `&` as a mnemonic marker in menu labels; `&&` is a literal ampersand.
  const text = (label: string) => (mac ? label : label.replaceAll('&', '&&'));
  const toTemplate = (item: TrayMenuItem): MenuItemConstructorOptions => {
    switch (item.type) {
      case 'separator':
        return { type: 'separator' };
      case 'label':
        return { label: text(item.label), enabled: false };
      case 'action':
        return { label: text(item.label), click: () => options.onAction(item.action) };
      case 'submenu':
        return { label: text(item.label), submenu: item.items.map(toTemplate) };
    }
  };

  return {
    render(model) {
      tray.setImage(image(model.icon));
      tray.setToolTip(model.tooltip);
      tray.setContextMenu(Menu.buildFromTemplate(model.menu.map(toTemplate)));
    },
    destroy: () => tray.destroy(),
  };
}
