import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { call } from './support/desk-calls.js';
import { expect, launchDesk, test } from './support/desk-app.js';

/**
 * The security finding, end to end: a deleted `vault.key` is not silently replaced. The banner says the
 * key is missing, nothing is saved, and restoring the file brings the secrets back.
 */
test('deleting vault.key: the banner says the key is missing, nothing is saved, and the restored key brings the secrets back', async ({ page }) => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'desk-e2e-keymissing-'));
  const keyFile = path.join(dataDir, 'vault.key');
  let desk = await launchDesk({}, { dataDir });
  try {
    await call(desk, 'integrations.create', { name: 'Acme', offeringId: 'salesforce-production', clientId: 'acme', clientSecret: 'acme-secret', scopes: [] });
    await desk.stop();
    const originalKey = fs.readFileSync(keyFile);
    fs.rmSync(keyFile);

    desk = await launchDesk({}, { dataDir });
    await page.goto(desk.url);
    const banner = page.getByRole('region', { name: 'The vault key is missing' });
    await expect(banner).toBeVisible();
    await expect(banner).toContainText('Restore the original vault.key (or keyring entry) and restart; nothing new is saved until then.');
    await expect(page.getByRole('navigation', { name: 'Main' })).toContainText('Secrets: Key missing');
    await expect(
      call(desk, 'integrations.create', { name: 'Globex', offeringId: 'salesforce-production', clientId: 'globex', clientSecret: 'globex-secret', scopes: [] }),
    ).rejects.toThrow(/missing or different/);
    expect(fs.existsSync(keyFile)).toBe(false);
    await desk.stop();

    fs.writeFileSync(keyFile, originalKey, { mode: 0o600 });
    desk = await launchDesk({}, { dataDir });
    await page.goto(desk.url);
    await expect(page.getByRole('navigation', { name: 'Main' })).toContainText('Secrets: Key file');
    await expect(banner).toBeHidden();
    await call(desk, 'integrations.replaceSecret', {
      id: (await call<Array<{ id: string }>>(desk, 'integrations.list'))[0]!.id,
      clientSecret: 'acme-secret-2',
    });
  } finally {
    await desk.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
