import { BrowserWindow, dialog, type OpenDialogOptions, type SaveDialogOptions } from 'electron';
import type { FileDialogs } from '../core/bundle/bundle-files.js';

const BUNDLE_FILTER = { name: 'Integrations Desk bundle', extensions: ['deskbundle'] };

/**
 * The system's save, open and folder dialogs for workspace bundles (issue 16), attached to the app's
 * window so they are modal to it. Main gets the path; the renderer only ever sees a file name.
 *
 * Electron (dialog.md): `showSaveDialog` resolves `{ canceled, filePath }` (an empty path when
 * cancelled), `showOpenDialog` resolves `{ canceled, filePaths }`.
 */
export function electronFileDialogs(): FileDialogs {
  const parent = (): BrowserWindow | undefined => BrowserWindow.getFocusedWindow() ?? BrowserWindow.getAllWindows()[0];
  const save = (options: SaveDialogOptions) => {
    const window = parent();
    return window ? dialog.showSaveDialog(window, options) : dialog.showSaveDialog(options);
  };
  const open = (options: OpenDialogOptions) => {
    const window = parent();
    return window ? dialog.showOpenDialog(window, options) : dialog.showOpenDialog(options);
  };
  return {
    async saveBundle(suggestedName) {
      const result = await save({ title: 'Save the encrypted bundle', defaultPath: suggestedName, filters: [BUNDLE_FILTER], properties: ['createDirectory', 'showOverwriteConfirmation'] });
      return result.canceled || !result.filePath ? undefined : result.filePath;
    },
    async openBundle() {
      const result = await open({ title: 'Open a bundle', filters: [BUNDLE_FILTER], properties: ['openFile'] });
      return result.canceled ? undefined : result.filePaths[0];
    },
    async chooseFolder() {
      const result = await open({ title: 'Folder for automatic backups', properties: ['openDirectory', 'createDirectory'] });
      return result.canceled ? undefined : result.filePaths[0];
    },
  };
}
