import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { BundlePreview, ExportResult, ImportResult, PickedFile } from '../../preload/contract/bundle-models.js';
import type { Integration, Offering } from '../../preload/contract/models.js';
import type { Result } from '../../preload/contract/result.js';
import { freePort } from '../support/connection-harness.js';
import { freshDir, launchDesktopApp, valueOf, type DesktopApp, type LaunchOptions } from '../support/desktop-app.js';

/**
 * Issue 16 under the Electron double: the built main chooses bundle files through Electron's save and
 * open dialogs (main/adapters/file-dialogs.ts), writes and reads them itself, and the window only
 * ever sees a file name.
 */
let apps: DesktopApp[] = [];
afterEach(async () => {
  await Promise.all(apps.map((a) => a.kill()));
  apps = [];
});

async function launch(options: LaunchOptions = {}) {
  const dataDir = freshDir();
  const app = launchDesktopApp({ ...options, env: { DESK_DATA_DIR: dataDir, DESK_CALLBACK_PORT: String(await freePort()), DESK_API_PORT: String(await freePort()), ...options.env } });
  apps.push(app);
  await app.window();
  return app;
}

const PASSPHRASE = 'desktop passphrase 1';

describe('workspace bundles in the desktop app', () => {
  it('saves where the save dialog says, and imports what the open dialog picked', async () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'desk-dialog-'));
    const chosen = path.join(folder, 'moved'); // typed without the extension
    const source = await launch({ scenario: { fileDialogs: { savePath: chosen } } });
    const offering = valueOf<Offering[]>(await source.invoke('offerings.list'))[0]!;
    valueOf<Integration>(await source.invoke('integrations.create', { name: 'Acme', offeringId: offering.id, clientId: 'client-acme', clientSecret: 'secret-acme', scopes: ['api', 'refresh_token'] }));
    const exported = valueOf<ExportResult>(
      await source.invoke('bundle.export', { integrationIds: [], mode: 'configuration', passphrase: PASSPHRASE, confirmPassphrase: PASSPHRASE, operationId: 'op', delivery: 'dialog' }),
    );
    expect(exported.savedTo).toBe(`${chosen}.deskbundle`);
    expect(exported.download).toBeUndefined();
    expect(fs.readFileSync(`${chosen}.deskbundle`).subarray(0, 22).toString()).toBe('age-encryption.org/v1\n');

    const target = await launch({ scenario: { fileDialogs: { openPaths: [`${chosen}.deskbundle`] } } });
    const picked = valueOf<PickedFile>(await target.invoke('bundle.pickFile'));
    expect(picked).toEqual({ fileId: expect.any(String), fileName: 'moved.deskbundle' });
    expect(JSON.stringify(picked)).not.toContain(folder); // the path stays in main
    const preview = valueOf<BundlePreview>(await target.invoke('bundle.preview', { source: { fileId: picked.fileId }, passphrase: PASSPHRASE, operationId: 'op' }));
    const result = valueOf<ImportResult>(await target.invoke('bundle.apply', { previewId: preview.previewId, choices: {}, applySettings: false, operationId: 'op' }));
    expect(result.added).toBe(1);
    expect(valueOf<Integration[]>(await target.invoke('integrations.list')).map((i) => [i.name, i.status])).toEqual([['Acme', 'draft']]);
  }, 60_000);

  it('saves nothing when the save dialog is cancelled', async () => {
    const app = await launch();
    const result = await app.invoke<Result<ExportResult>>('bundle.export', { integrationIds: [], mode: 'move', passphrase: PASSPHRASE, confirmPassphrase: PASSPHRASE, operationId: 'op', delivery: 'dialog' });
    expect(result).toMatchObject({ ok: false, code: 'CANCELLED' });
    expect(await app.invoke<Result<PickedFile>>('bundle.pickFile')).toMatchObject({ ok: false, code: 'CANCELLED' });
  }, 60_000);
});
