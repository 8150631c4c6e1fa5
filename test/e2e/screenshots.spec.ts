import { startOidcFixture, type OidcFixture } from '../fixtures/oidc-fixture.js';
import { call, localSalesforceOffering } from './support/desk-calls.js';
import { expect, test } from './support/desk-app.js';
import { navigateInApp } from './support/navigate.js';
import { captureThemes } from './support/screenshots.js';

/**
 * Screenshots of every page, light and dark, written to `artifacts/screenshots/` for a human to look
 * at (acceptance 7). Each picture waits for its page's real content, never a loading state.
 */
let fixture: OidcFixture;
test.beforeAll(async () => {
  fixture = await startOidcFixture({ shape: 'salesforce' });
});
test.afterAll(async () => fixture?.stop());

test('every page, light and dark', async ({ page, context, desk }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: desk.origin });
  await page.goto(desk.url);
  await expect(page.getByText('No integrations yet')).toBeVisible();
  await captureThemes(page, 'integrations-empty');

  const offering = await call<{ id: string }>(desk, 'offerings.create', localSalesforceOffering(fixture.issuer));
  const client = fixture.clients[0]!;
  const verified = await call<{ id: string }>(desk, 'integrations.create', {
    name: 'Acme Sales Cloud',
    offeringId: offering.id,
    clientId: client.clientId,
    clientSecret: client.clientSecret,
    scopes: ['api', 'refresh_token', 'openid'],
  });
  await call(desk, 'integrations.verify', { id: verified.id });
  const names = ['Salesforce Production', 'Globex Service Cloud', 'Initech Sandbox', 'Umbrella Partner Portal', 'Hooli Marketing', 'Stark Field Service'];
  for (const [i, name] of names.entries()) {
    await call(desk, 'integrations.create', {
      name,
      offeringId: i % 2 === 0 ? 'salesforce-production' : 'salesforce-sandbox',
      clientId: `3MVG9${'x'.repeat(10)}${i}`,
      clientSecret: `screenshot-secret-${i}`,
      scopes: i % 3 === 0 ? ['api', 'refresh_token', 'web'] : ['api', 'refresh_token'],
    });
  }

  await navigateInApp(page, '/oauth');
  await expect(page.getByRole('row', { name: /Acme Sales Cloud/ })).toBeVisible();
  await captureThemes(page, 'integrations-list');

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Integrations' }).click();
  await page.getByRole('link', { name: 'Add Integration' }).click();
  await expect(page.getByRole('textbox', { name: 'Callback URL' })).toHaveAttribute('placeholder', 'Choose an Integration Offering first');
  await captureThemes(page, 'create', { tall: true });
  await page.getByRole('button', { name: 'Create Integration' }).click();
  await expect(page.locator('[data-field-error]').first()).toBeVisible();
  await captureThemes(page, 'create-errors', { tall: true });
  await page.getByLabel('Integration Name').fill('Wayne Enterprises');
  await page.getByLabel('Integration Offering').click();
  await page.getByRole('option', { name: 'Salesforce (production)' }).click();
  await page.getByLabel('Client ID').fill('3MVG9wayneEnterprisesConsumerKey');
  await page.getByLabel('Client Secret').fill('not-a-real-secret');
  await page.getByRole('checkbox', { name: 'openid', exact: true }).click();
  await expect(page.getByRole('textbox', { name: 'Callback URL' })).toHaveValue(/^http:\/\/localhost:\d+\/oauth\/callback\/int_[\w-]{12}$/);
  await page.getByRole('button', { name: 'Copy Callback URL' }).click();
  await expect(page.getByRole('button', { name: 'Copied Callback URL' })).toBeVisible();
  await captureThemes(page, 'create-filled', { tall: true });

  await navigateInApp(page, `/oauth/${verified.id}`);
  await expect(page.getByRole('heading', { name: 'Acme Sales Cloud', level: 1 })).toBeVisible();
  await expect(page.getByRole('tab', { name: /Settings/ })).toHaveAttribute('aria-selected', 'true');
  await captureThemes(page, 'detail-settings', { tall: true });
  await page.getByRole('tab', { name: /Connections/ }).click();
  await captureThemes(page, 'detail-connections');
  await page.getByRole('tab', { name: /Activity/ }).click();
  await expect(page.getByRole('list', { name: 'Activity, newest first' })).toBeVisible();
  await captureThemes(page, 'detail-activity');

  const draft = await call<Array<{ id: string; name: string }>>(desk, 'integrations.list');
  const draftId = draft.find((i) => i.name === 'Initech Sandbox')!.id;
  await navigateInApp(page, `/oauth/${draftId}?tab=connections`);
  await expect(page.getByText('Verify the credentials first')).toBeVisible();
  await captureThemes(page, 'detail-connections-draft');

  // A wrong secret: the verification says why the integration stays a draft.
  const rejected = await call<{ id: string }>(desk, 'integrations.create', {
    name: 'Tyrell Field Ops',
    offeringId: offering.id,
    clientId: client.clientId,
    clientSecret: 'an-outdated-secret',
    scopes: ['api', 'refresh_token'],
  });
  await navigateInApp(page, `/oauth/${rejected.id}`);
  await page.getByRole('button', { name: 'Verify credentials' }).click();
  await expect(page.locator('#verify-status')).toContainText('Credentials rejected');
  await captureThemes(page, 'detail-verify-rejected');

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Offerings' }).click();
  await expect(page.getByRole('rowheader', { name: /Salesforce \(local test org\)/ })).toBeVisible();
  await captureThemes(page, 'offerings');
  await page.getByRole('button', { name: 'Add offering' }).click();
  await expect(page.getByRole('dialog', { name: 'Add offering' })).toBeVisible();
  await captureThemes(page, 'offering-dialog');
});
