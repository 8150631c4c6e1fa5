import { startOidcFixture, type OidcFixture } from '../fixtures/oidc-fixture.js';
import { call, localSalesforceOffering } from './support/desk-calls.js';
import { expectNoSeriousViolations } from './support/axe.js';
import { expect, test } from './support/desk-app.js';
import { navigateInApp } from './support/navigate.js';

/**
 * axe-core on every page and tab, in both themes (colour contrast differs), reporting no serious or
 * critical violation (acceptance 4).
 */
let fixture: OidcFixture;
test.beforeAll(async () => {
  fixture = await startOidcFixture({ shape: 'salesforce' });
});
test.afterAll(async () => fixture?.stop());

test('list, create, detail tabs and offerings have no serious or critical axe violations', async ({ page, desk }) => {
  test.setTimeout(180_000);
  await page.goto(desk.url);
  await expect(page.getByText('No integrations yet')).toBeVisible();
  await expectNoSeriousViolations(page, 'integrations list, empty');

  const offering = await call<{ id: string }>(desk, 'offerings.create', localSalesforceOffering(fixture.issuer));
  const client = fixture.clients[0]!;
  const configured = await call<{ id: string }>(desk, 'integrations.create', {
    name: 'Acme Sales Cloud',
    offeringId: offering.id,
    clientId: client.clientId,
    clientSecret: client.clientSecret,
    scopes: ['openid'],
  });
  await call(desk, 'integrations.verify', { id: configured.id });
  const draft = await call<{ id: string }>(desk, 'integrations.create', {
    name: 'Globex Sandbox',
    offeringId: 'salesforce-sandbox',
    clientId: 'globex-client',
    clientSecret: 'globex-secret',
    scopes: [],
  });

  await expect(page.getByRole('row', { name: /Acme Sales Cloud/ })).toBeVisible();
  await expectNoSeriousViolations(page, 'integrations list');
  await page.getByLabel('Search integrations by name').fill('zzz');
  await expect(page.getByText('No integrations match')).toBeVisible();
  await expectNoSeriousViolations(page, 'integrations list, no match');

  await page.getByRole('link', { name: 'Add Integration' }).click();
  await expect(page.getByRole('textbox', { name: 'Callback URL' })).toHaveAttribute('placeholder', 'Choose an Integration Offering first');
  await expectNoSeriousViolations(page, 'create form');
  await page.getByRole('button', { name: 'Create Integration' }).click();
  await expect(page.locator('[data-field-error]').first()).toBeVisible();
  await expectNoSeriousViolations(page, 'create form with errors');
  await page.getByLabel('Integration Offering').click();
  await expect(page.getByRole('listbox')).toBeVisible();
  await expectNoSeriousViolations(page, 'create form, offering dropdown open', '[role="listbox"]');
  await page.keyboard.press('Escape');

  for (const id of [configured.id, draft.id]) {
    await navigateInApp(page, `/oauth/${id}`);
    await expect(page.getByRole('tab', { name: /Settings/ })).toHaveAttribute('aria-selected', 'true');
    await expectNoSeriousViolations(page, `detail ${id}, Settings`);
    await page.getByRole('tab', { name: /Connections/ }).click();
    await expect(page.getByRole('button', { name: 'New Connection' })).toBeVisible();
    await expectNoSeriousViolations(page, `detail ${id}, Connections`);
    await page.getByRole('tab', { name: /Activity/ }).click();
    await expect(page.getByRole('list', { name: 'Activity, newest first' })).toBeVisible();
    await expectNoSeriousViolations(page, `detail ${id}, Activity`);
  }
  await page.getByRole('tab', { name: /Settings/ }).click();
  await page.getByRole('button', { name: 'Delete integration' }).click();
  await expect(page.getByRole('alertdialog')).toBeVisible();
  await expectNoSeriousViolations(page, 'delete confirmation', '[role="alertdialog"]');
  await page.getByRole('button', { name: 'Cancel' }).click();

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Offerings' }).click();
  await expect(page.getByRole('rowheader', { name: /Salesforce \(local test org\)/ })).toBeVisible();
  await expectNoSeriousViolations(page, 'offerings');
  await page.getByRole('button', { name: 'Add offering' }).click();
  await expect(page.getByRole('dialog', { name: 'Add offering' })).toBeVisible();
  await expectNoSeriousViolations(page, 'add offering dialog', '[role="dialog"]');
  await page.getByRole('radio', { name: 'Generic OAuth 2.0 / OIDC' }).check();
  await page.getByRole('radio', { name: 'Enter them explicitly' }).check();
  await page.getByRole('button', { name: 'Add offering', exact: true }).last().click();
  await expect(page.locator('[data-field-error]').first()).toBeVisible();
  await expectNoSeriousViolations(page, 'add offering dialog with errors', '[role="dialog"]');
});

test('the list is usable from the keyboard alone', async ({ page, desk }) => {
  for (const name of ['Alpha', 'Bravo', 'Charlie']) {
    await call(desk, 'integrations.create', { name, offeringId: 'salesforce-production', clientId: `${name}-id`, clientSecret: 's3cret', scopes: [] });
  }
  await page.goto(desk.url);
  await expect(page.getByRole('row', { name: /Charlie/ })).toBeVisible();
  const search = page.getByLabel('Search integrations by name');
  await search.focus();
  await page.keyboard.press('ArrowDown');
  await expect(page.getByRole('row', { name: /Alpha/ })).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(page.getByRole('row', { name: /Bravo/ })).toBeFocused();
  await page.keyboard.press('End');
  await expect(page.getByRole('row', { name: /Charlie/ })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Charlie', level: 1 })).toBeVisible();

  // Back to the list: typing narrows it, Escape clears the search.
  await page.getByRole('link', { name: 'Integrations' }).first().click();
  await search.focus();
  await page.keyboard.type('rav');
  await expect(page.getByRole('row', { name: /Bravo/ })).toBeVisible();
  await expect(page.getByRole('row', { name: /Alpha/ })).toHaveCount(0);
  await page.keyboard.press('Escape');
  await expect(page.getByRole('row', { name: /Alpha/ })).toBeVisible();
});
