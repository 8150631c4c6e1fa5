import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { _electron as electron, expect, test } from '@playwright/test';
import { startOidcFixture, type OidcFixture } from '../fixtures/oidc-fixture.js';
import { freePort } from '../support/connection-harness.js';

/**
 * The real Electron app, end to end: start → create an integration → verify → copy the Callback URL →
 * quit. Runs wherever the Electron binary is installed (`npx install-electron`, or a first `npm start`
 * on a machine that reaches GitHub) and is skipped otherwise: these build machines cannot download it,
 * and the same path is covered there by the Electron double (test/unit/desktop-*.test.ts).
 */
const require = createRequire(import.meta.url);

function electronBinary(): string | undefined {
  try {
    const dir = path.dirname(require.resolve('electron/package.json'));
    const binary = path.join(dir, 'dist', fs.readFileSync(path.join(dir, 'path.txt'), 'utf8').trim());
    return fs.existsSync(binary) ? binary : undefined;
  } catch {
    return undefined;
  }
}

const binary = electronBinary();
test.skip(!binary, 'The Electron binary is not installed here (run `npx install-electron` where GitHub is reachable).');

let fixture: OidcFixture;
test.beforeAll(async () => {
  if (binary) fixture = await startOidcFixture({ shape: 'salesforce', clients: [{ clientId: 'electron-e2e', clientSecret: 'electron-e2e-secret-0123456789' }] });
});
test.afterAll(async () => fixture?.stop());

test('start, create an integration, verify it, copy the Callback URL, quit', async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'desk-electron-e2e-'));
  const callbackPort = await freePort();
  const app = await electron.launch({
    executablePath: binary,
    args: [path.resolve('out/main/index.js')],
    env: { ...process.env, DESK_DATA_DIR: dataDir, DESK_CALLBACK_PORT: String(callbackPort), DESK_API_PORT: String(await freePort()) },
  });
  const page = await app.firstWindow();
  await expect(page).toHaveURL('app://desk/oauth');

  const nav = page.getByRole('navigation', { name: 'Main' });
  await nav.getByRole('link', { name: 'Offerings' }).click();
  await page.getByRole('button', { name: 'Add offering' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add offering' });
  await dialog.getByLabel('Name').fill('Salesforce (local test org)');
  await dialog.getByLabel('Login URL').fill(fixture.issuer);
  await dialog.getByRole('button', { name: 'Add offering' }).click();
  await expect(dialog).toBeHidden();

  await nav.getByRole('link', { name: 'Integrations' }).click();
  await page.getByRole('link', { name: 'Add Integration' }).first().click();
  await page.getByLabel('Integration Name').fill('Salesforce Production');
  await page.getByLabel('Integration Offering').click();
  await page.getByRole('option', { name: 'Salesforce (local test org)' }).click();
  await page.getByLabel('Client ID').fill('electron-e2e');
  await page.getByLabel('Client Secret').fill('electron-e2e-secret-0123456789');

  const callbackUrl = await page.getByRole('textbox', { name: 'Callback URL' }).inputValue();
  expect(callbackUrl).toContain(`:${callbackPort}/oauth/callback`);
  await page.getByRole('button', { name: 'Copy Callback URL' }).click();
  await expect(page.getByRole('button', { name: 'Copied Callback URL' })).toHaveText('Copied');
  expect(await app.evaluate(({ clipboard }) => clipboard.readText())).toBe(callbackUrl);

  await page.getByRole('button', { name: 'Create Integration' }).click();
  await expect(page).toHaveURL(/\/oauth\/int_[A-Za-z0-9_-]+$/);
  await page.getByRole('button', { name: 'Verify credentials' }).click();
  await expect(page.locator('#verify-status')).toContainText('Credentials verified');
  await expect(page.locator('.detail-header').getByText('Configured', { exact: true })).toBeVisible();

  // Quit as the tray's Quit does; the process ends by itself after its last writes.
  await app.evaluate(({ app: electronApp }) => electronApp.quit());
  await app.waitForEvent('close');
});
