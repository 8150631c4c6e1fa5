import { call } from './support/desk-calls.js';
import { expect, test } from './support/desk-app.js';

/** Admin → Offerings: add (with main's field errors), edit, disable/enable and delete. */
test('an admin adds, edits, disables and deletes offerings, and the create form follows', async ({ page, desk }) => {
  await page.goto(desk.url);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Offerings' }).click();
  await expect(page.getByRole('rowheader', { name: /Salesforce \(production\)/ })).toBeVisible();

  // A generic provider with explicit endpoints: main's rules come back next to their fields.
  await page.getByRole('button', { name: 'Add offering' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add offering' });
  await dialog.getByLabel('Name').fill('Okta (staging)');
  await dialog.getByRole('radio', { name: 'Generic OAuth 2.0 / OIDC' }).check();
  await dialog.getByRole('radio', { name: 'Sandbox' }).check();
  await dialog.getByRole('radio', { name: 'Enter them explicitly' }).check();
  await dialog.getByLabel('Authorization endpoint').fill('http://idp.example.com/authorize');
  await dialog.getByLabel('Required scopes').fill('openid offline_access');
  await dialog.getByLabel('Optional scopes').fill('profile openid');
  await dialog.getByRole('button', { name: 'Add offering' }).click();
  await expect(dialog.getByLabel('Authorization endpoint')).toHaveAccessibleDescription(/must use https/);
  await expect(dialog.getByLabel('Token endpoint')).toHaveAccessibleDescription(/Token endpoint is required/);
  await expect(dialog.getByLabel('Optional scopes')).toHaveAccessibleDescription(/both required and optional: openid/);
  // Nothing typed was lost.
  await expect(dialog.getByLabel('Name')).toHaveValue('Okta (staging)');

  await dialog.getByLabel('Authorization endpoint').fill('https://idp.example.com/authorize');
  await dialog.getByLabel('Token endpoint').fill('https://idp.example.com/token');
  await dialog.getByLabel('Optional scopes').fill('profile');
  await dialog.getByRole('button', { name: 'Add offering' }).click();
  await expect(dialog).toBeHidden();
  const row = page.getByRole('row', { name: /Okta \(staging\)/ });
  await expect(row).toContainText('https://idp.example.com/token');
  await expect(row).toContainText('Generic OAuth 2.0 / OIDC');

  // Edit: rename.
  await row.getByRole('button', { name: 'Edit Okta (staging)' }).click();
  const edit = page.getByRole('dialog', { name: 'Edit Okta (staging)' });
  await expect(edit.getByLabel('Token endpoint')).toHaveValue('https://idp.example.com/token');
  await edit.getByLabel('Name').fill('Okta (QA)');
  await edit.getByRole('button', { name: 'Save offering' }).click();
  await expect(edit).toBeHidden();
  const renamed = page.getByRole('row', { name: /Okta \(QA\)/ });
  await expect(renamed).toBeVisible();

  // Disabled offerings leave the create form's dropdown; enabled again, they come back.
  await page.getByRole('switch', { name: 'Enabled: Salesforce (sandbox)' }).click();
  await expect(page.getByRole('switch', { name: 'Enabled: Salesforce (sandbox)' })).not.toBeChecked();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Integrations' }).click();
  await page.getByRole('link', { name: 'Add Integration' }).first().click();
  await page.getByLabel('Integration Offering').click();
  await expect(page.getByRole('option', { name: 'Salesforce (production)' })).toBeVisible();
  await expect(page.getByRole('option', { name: 'Okta (QA)' })).toBeVisible();
  await expect(page.getByRole('option', { name: 'Salesforce (sandbox)' })).toHaveCount(0);
  await page.getByRole('option', { name: 'Okta (QA)' }).click();
  // The scopes follow the selected offering.
  await expect(page.getByRole('checkbox', { name: 'offline_access', exact: true })).toBeDisabled();
  await expect(page.getByRole('checkbox', { name: 'profile', exact: true })).toBeEnabled();
  await expect(page.getByRole('checkbox', { name: 'api', exact: true })).toHaveCount(0);

  // Delete: built-in offerings cannot be deleted; an unused custom one can, after confirming.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Offerings' }).click();
  await page.getByRole('switch', { name: 'Enabled: Salesforce (sandbox)' }).click();
  await expect(page.getByRole('switch', { name: 'Enabled: Salesforce (sandbox)' })).toBeChecked();
  await expect(page.getByRole('button', { name: /Delete Salesforce \(production\)/ })).toHaveCount(0);
  await renamed.getByRole('button', { name: 'Delete Okta (QA)' }).click();
  const confirm = page.getByRole('alertdialog', { name: 'Delete “Okta (QA)”?' });
  await confirm.getByRole('button', { name: 'Delete offering' }).click();
  await expect(confirm).toBeHidden();
  await expect(page.getByRole('row', { name: /Okta \(QA\)/ })).toHaveCount(0);
  expect((await call<Array<{ name: string }>>(desk, 'offerings.list')).map((o) => o.name)).toEqual(['Salesforce (production)', 'Salesforce (sandbox)']);
});
