import { startOidcFixture, type OidcFixture } from '../fixtures/oidc-fixture.js';
import { call, localSalesforceOffering } from './support/desk-calls.js';
import { expect, test } from './support/desk-app.js';
import { navigateInApp } from './support/navigate.js';

/**
 * A keyboard user's focus after an action that disables or removes the control it was on: it stays on
 * a control of the page, never falls back to <body> (where the next Tab starts again from the top).
 */
let fixture: OidcFixture;
test.beforeAll(async () => {
  fixture = await startOidcFixture({ shape: 'salesforce' });
});
test.afterAll(async () => fixture?.stop());

async function draftIntegration(desk: Parameters<typeof call>[0]): Promise<string> {
  const offering = await call<{ id: string }>(desk, 'offerings.create', localSalesforceOffering(fixture.issuer));
  const client = fixture.clients[0]!;
  const integration = await call<{ id: string }>(desk, 'integrations.create', {
    name: 'Acme Sandbox', offeringId: offering.id, clientId: client.clientId, clientSecret: client.clientSecret, scopes: [],
  });
  return integration.id;
}

test('Verify credentials by keyboard keeps focus on the button while it runs and after', async ({ page, desk }) => {
  const id = await draftIntegration(desk);
  await page.goto(desk.url);
  await navigateInApp(page, `/oauth/${id}`);
  // The provider takes a moment, as a real one does.
  await page.route('**/api/rpc/integrations.verify', async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 400));
    await route.continue();
  });
  const verify = page.getByRole('button', { name: 'Verify credentials' });
  await verify.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('button', { name: 'Verifying…' })).toBeFocused();
  await expect(page.getByRole('button', { name: 'Verifying…' })).toBeDisabled();
  await expect(page.locator('#verify-status')).toContainText('Credentials verified');
  await expect(page.getByRole('button', { name: 'Verify credentials' })).toBeFocused();
});

test('revoking an API key returns focus to Generate API key, not to the page', async ({ page, desk }) => {
  const id = await draftIntegration(desk);
  await call(desk, 'integrations.verify', { id });
  await call(desk, 'apiKeys.create', { integrationId: id, name: 'Nightly sync' });
  await page.goto(desk.url);
  await navigateInApp(page, `/oauth/${id}?tab=api-keys`);
  const revoke = page.getByRole('button', { name: 'Revoke Nightly sync' });
  await revoke.focus();
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('alertdialog', { name: 'Revoke “Nightly sync”?' });
  await dialog.getByRole('button', { name: 'Revoke key' }).focus();
  await page.keyboard.press('Enter');
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('row', { name: /Nightly sync/ })).toContainText('Revoked');
  await expect(page.getByRole('button', { name: 'Generate API key' })).toBeFocused();
});

test('Import’s “Choose a file…” shows a focus ring when the keyboard reaches it (browser mode)', async ({ page, desk }) => {
  await page.goto(desk.url);
  await navigateInApp(page, '/settings');
  await page.getByRole('button', { name: 'Import…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Import a bundle' });
  // The dialog opens on its first control; Tab from there until the file input has focus.
  const file = dialog.getByLabel('Bundle file');
  for (let i = 0; i < 5 && !(await file.evaluate((el) => el === document.activeElement)); i++) await page.keyboard.press('Tab');
  await expect(file).toBeFocused();
  // The input itself is visually hidden: the visible “Choose a file…” button must show the focus.
  const chooser = dialog.locator('label.button', { hasText: 'Choose a file…' });
  expect(await chooser.evaluate((el) => getComputedStyle(el).outlineStyle)).not.toBe('none');
});

test('Replace secret and Save changes by keyboard keep focus on their button once done', async ({ page, desk }) => {
  const id = await draftIntegration(desk);
  await page.goto(desk.url);
  await navigateInApp(page, `/oauth/${id}`);

  // The secret field is emptied once replaced, which leaves the button unable to act.
  await page.getByLabel('New Client Secret').fill('a-new-secret-value');
  const replace = page.getByRole('button', { name: 'Replace secret' });
  await replace.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByText('Client Secret replaced', { exact: true })).toBeVisible();
  await expect(page.getByLabel('New Client Secret')).toHaveValue('');
  await expect(replace).toBeDisabled();
  await expect(replace).toBeFocused();

  // Saved: nothing left to save or reset.
  await page.getByLabel('Integration Name').fill('Acme Sandbox (renamed)');
  const save = page.getByRole('button', { name: 'Save changes' });
  await save.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByText('All changes saved')).toBeVisible();
  await expect(save).toBeDisabled();
  await expect(save).toBeFocused();
  // An unable button does nothing when pressed.
  await page.keyboard.press('Enter');
  await expect(page.getByText('All changes saved')).toBeVisible();
});
