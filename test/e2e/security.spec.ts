import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { call } from './support/desk-calls.js';
import { expect, launchDesk, test } from './support/desk-app.js';
import { captureThemes } from './support/screenshots.js';

/**
 * The security banner: weaker-than-keyring protection says so and offers a passphrase; a passphrase
 * protected vault starts locked and is unlocked from the banner.
 */
test('a key-file vault is flagged, a passphrase is set from the banner, and the next start is unlocked from it', async ({ page }) => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'desk-e2e-vault-'));
  const passphrase = `correct horse ${Date.now()}`;
  let desk = await launchDesk({}, { dataDir });
  try {
    await page.goto(desk.url);
    const advisory = page.getByRole('region', { name: 'Secrets are protected by a key file' });
    await expect(advisory).toBeVisible();
    await expect(advisory).toContainText('anyone who can read that folder can decrypt them');
    await expect(page.getByRole('navigation', { name: 'Main' })).toContainText('Secrets: Key file');

    await advisory.getByRole('button', { name: 'Set a passphrase' }).click();
    const dialog = page.getByRole('dialog', { name: 'Set a vault passphrase' });
    await dialog.getByLabel(/^Passphrase/).fill(passphrase);
    await dialog.getByLabel('Confirm passphrase').fill(`${passphrase}!`);
    await dialog.getByRole('button', { name: 'Set passphrase' }).click();
    await expect(dialog.getByText('The two passphrases differ')).toBeVisible();
    await dialog.getByLabel('Confirm passphrase').fill(passphrase);
    await dialog.getByRole('button', { name: 'Set passphrase' }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByRole('status').filter({ hasText: 'Vault passphrase set' })).toBeVisible();
    await expect(advisory).toBeHidden();
    await expect(page.getByRole('navigation', { name: 'Main' })).toContainText('Secrets: Passphrase');
    await call(desk, 'integrations.create', { name: 'Acme', offeringId: 'salesforce-production', clientId: 'acme', clientSecret: 'acme-secret', scopes: [] });
    await desk.stop();

    // Next start: locked until the passphrase is entered in the banner.
    desk = await launchDesk({}, { dataDir });
    await page.goto(desk.url);
    const locked = page.getByRole('region', { name: 'Secrets are locked' });
    await expect(locked).toBeVisible();
    await expect(page.getByRole('navigation', { name: 'Main' })).toContainText('Secrets: Locked');
    await captureThemes(page, 'security-locked');
    await locked.getByLabel('Vault passphrase').fill('not the passphrase');
    await locked.getByRole('button', { name: 'Unlock' }).click();
    await expect(locked.locator('#unlock-error')).toBeVisible();
    await expect(locked.getByLabel('Vault passphrase')).toHaveValue('');
    await locked.getByLabel('Vault passphrase').fill(passphrase);
    await locked.getByRole('button', { name: 'Unlock' }).click();
    await expect(locked).toBeHidden();
    await expect(page.getByRole('navigation', { name: 'Main' })).toContainText('Secrets: Passphrase');
    // The passphrase is nowhere in the page afterwards.
    expect(await page.content()).not.toContain(passphrase);
  } finally {
    await desk.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
