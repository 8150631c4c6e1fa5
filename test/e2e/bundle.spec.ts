import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startOidcFixture, type OidcFixture } from '../fixtures/oidc-fixture.js';
import { ALICE, configuredIntegration, seedConnection } from './support/connections.js';
import { call } from './support/desk-calls.js';
import { expect, launchDesk, test } from './support/desk-app.js';
import { navigateInApp } from './support/navigate.js';

/**
 * Issue 16, acceptance 1, end to end in browser mode through the UI: export with "move connections
 * too" from one data folder (a download), import it into a fresh one (an upload) with the passphrase,
 * and find the offering, the integration (a draft), its client secret and a connection whose tokens
 * still work against the provider. The source shows the connection moved, greyed, with the date.
 */
let fixture: OidcFixture;
test.beforeAll(async () => {
  fixture = await startOidcFixture({ shape: 'salesforce' });
});
test.afterAll(async () => fixture?.stop());

const PASSPHRASE = 'e2e bundle passphrase';

test('a workspace moves to a fresh data folder and keeps working there', async ({ page, desk }) => {
  test.setTimeout(120_000);
  const integrationId = await configuredIntegration(desk, fixture);
  const connectionId = await seedConnection(desk, fixture, integrationId, ALICE);

  // Export from Settings, moving the connection: the dialog says what a move does before confirming.
  await page.goto(desk.url);
  await navigateInApp(page, '/settings');
  await page.getByRole('button', { name: 'Export…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Export integrations' });
  await dialog.getByRole('radio', { name: 'Move connections too' }).click();
  await expect(dialog.getByTestId('move-warning')).toContainText('1 connection will be moved: after the export it stops working on this computer');
  await dialog.getByLabel(/^Passphrase/).fill(PASSPHRASE);
  await dialog.getByLabel('Confirm passphrase').fill(PASSPHRASE);
  const downloading = page.waitForEvent('download');
  await dialog.getByRole('button', { name: 'Export and move' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/\.deskbundle$/);
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'desk-e2e-bundle-')), download.suggestedFilename());
  await download.saveAs(file);
  await expect(page.getByText('Bundle exported', { exact: true })).toBeVisible();
  // The page cannot tell the app that the download reached the disk: the app kept a copy first, and says where.
  await expect(page.locator('.toast-description')).toContainText(/A copy is kept on this computer: .*moved-bundles/);

  // The source: moved, greyed, dated; never refreshed again.
  await navigateInApp(page, `/oauth/${integrationId}?tab=connections`);
  const row = page.getByRole('table', { name: 'Connections' }).getByRole('row').filter({ hasText: ALICE.email });
  await expect(row.getByText('Moved', { exact: true })).toBeVisible();
  await expect(row).toContainText(/Moved to another computer on \w+/);
  await expect(row).toHaveCSS('opacity', '0.55');

  // A fresh data folder imports it, through the preview.
  const target = await launchDesk();
  try {
    const targetPage = await page.context().newPage();
    await targetPage.goto(target.url);
    await navigateInApp(targetPage, '/settings');
    await targetPage.getByRole('button', { name: 'Import…' }).click();
    const importDialog = targetPage.getByRole('dialog', { name: 'Import a bundle' });
    await importDialog.getByLabel('Bundle file').setInputFiles(file);
    await expect(importDialog.getByTestId('bundle-file-name')).toHaveText(path.basename(file));

    await importDialog.getByLabel(/^Passphrase/).fill('not the passphrase');
    await importDialog.getByRole('button', { name: 'Open bundle' }).click();
    await expect(importDialog.getByRole('alert')).toContainText('Wrong passphrase');

    await importDialog.getByLabel(/^Passphrase/).fill(PASSPHRASE);
    await importDialog.getByRole('button', { name: 'Open bundle' }).click();
    const preview = importDialog.getByRole('table', { name: 'What the bundle holds' });
    await expect(preview.getByRole('row').filter({ hasText: 'Acme Sales Cloud' })).toContainText('New');
    await expect(preview).toContainText('1 connection');
    await importDialog.getByRole('button', { name: 'Import', exact: true }).click();
    await expect(targetPage.getByText('Bundle imported', { exact: true })).toBeVisible();

    const integrations = await call<Array<{ id: string; name: string; status: string }>>(target, 'integrations.list');
    expect(integrations.map((i) => [i.name, i.status])).toEqual([['Acme Sales Cloud', 'draft']]);
    const offerings = await call<Array<{ loginUrl?: string }>>(target, 'offerings.list');
    expect(offerings.some((o) => o.loginUrl === fixture.issuer)).toBe(true);
    // The client secret came along: the provider accepts the credentials here.
    const verified = await call<{ integration: { status: string } }>(target, 'integrations.verify', { id: integrations[0]!.id });
    expect(verified.integration.status).toBe('configured');
    // The moved tokens work here: a refresh succeeds and the health check passes.
    const refreshed = await call<{ status: string }>(target, 'connections.refresh', { id: connectionId });
    expect(refreshed.status).toBe('connected');
    // The source never presented the moved refresh token again: no token was ever presented twice.
    expect([...fixture.stats().refreshAttemptsByToken.values()].every((n) => n === 1)).toBe(true);
    const source = await call<{ status: string }>(desk, 'connections.get', { id: connectionId });
    expect(source.status).toBe('moved');
    await targetPage.close();
  } finally {
    await target.stop();
  }
});
