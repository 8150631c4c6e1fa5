import { DeskError } from '../support/desk-error.js';
import type { FileDialogs } from './bundle-files.js';
import type { Handlers } from '../ipc/handlers.js';
import type { Backups } from './bundle-backups.js';
import type { BundleService } from './bundle-service.js';

type BundleChannel = Extract<keyof Handlers, `bundle.${string}`>;

/**
 * The bundle channels' handlers. The passphrase arrives here, already validated, and goes no
 * further than the bundle service: no handler returns it, and no log line includes it.
 */
export function createBundleHandlers(deps: { bundles: BundleService; backups: Backups; dialogs?: FileDialogs }): Pick<Handlers, BundleChannel> {
  const { bundles, backups } = deps;
  return {
    'bundle.plan': (input) => bundles.plan(input),
    'bundle.export': ({ confirmPassphrase: _same, ...input }, ctx) => {
      // A page in browser mode has no dialog to show; the desktop window may download too.
      if (input.delivery === 'dialog' && ctx.transport !== 'electron') {
        throw new DeskError('VALIDATION', 'Browser mode downloads the bundle: choose "download".');
      }
      return bundles.export(input);
    },
    'bundle.pickFile': (_input, ctx) => {
      if (ctx.transport !== 'electron') throw new DeskError('VALIDATION', 'Browser mode uploads the bundle instead.');
      return bundles.pickFile();
    },
    'bundle.preview': (input) => bundles.preview(input, backups.folder()),
    'bundle.apply': (input) => bundles.apply(input),
    'bundle.discard': ({ previewId }) => bundles.discard(previewId),

    'bundle.backups': () => backups.status(),
    'bundle.configureBackups': ({ confirmPassphrase: _same, ...input }) => backups.configure(input),
    'bundle.pickBackupFolder': async (_input, ctx) => {
      if (ctx.transport !== 'electron' || !deps.dialogs) throw new DeskError('VALIDATION', 'Type the folder\'s full path instead.');
      const folder = await deps.dialogs.chooseFolder();
      if (!folder) throw new DeskError('CANCELLED', 'No folder chosen.');
      return { folder };
    },
    'bundle.backupNow': () => backups.backupNow(),
  };
}
