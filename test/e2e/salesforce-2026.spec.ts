import { startOidcFixture, type OidcFixture } from '../fixtures/oidc-fixture.js';
import { ALICE, BOB, configuredIntegration, seedConnection } from './support/connections.js';
import { call, localSalesforceOffering } from './support/desk-calls.js';
import { expect, test } from './support/desk-app.js';
import { navigateInApp } from './support/navigate.js';
import { captureThemes } from './support/screenshots.js';

/**
 * Issue 12, end to end in browser mode against the Salesforce-shaped provider: reauthorizing as
 * another user changes nothing (acceptance 3), revoking a token the provider already dropped ends as
 * revoked with no error (acceptance 4), and the create form's External Client App guide, with Copy on
 * the Callback URL (acceptance 6, with its screenshot).
 */
let fixture: OidcFixture;
test.beforeAll(async () => {
  fixture = await startOidcFixture({ shape: 'salesforce' });
});
test.afterAll(async () => fixture?.stop());

interface ConnectionView {
  id: string;
  userEmail: string;
  userId: string;
  orgId: string;
  status: string;
  statusReason?: string;
  revocation?: { outcome: string; httpStatus?: number };
}

test('reauthorizing as another user leaves the connection (id, user, tokens) unchanged, and offers to add that user', async ({ page, context, desk }) => {
  test.setTimeout(90_000);
  const integrationId = await configuredIntegration(desk, fixture);
  const aliceId = await seedConnection(desk, fixture, integrationId, ALICE);
  // Alice's grant ends at the provider; her connection expires and asks to be reauthorized.
  await fixture.revokeUser(ALICE.email);
  await call(desk, 'connections.refresh', { id: aliceId }).catch(() => undefined);
  const before = await call<ConnectionView>(desk, 'connections.get', { id: aliceId });
  expect(before.status).toBe('expired');

  await page.goto(desk.url);
  await navigateInApp(page, `/oauth/${integrationId}?tab=connections`);
  const table = page.getByRole('table', { name: 'Connections' });
  const aliceRow = table.locator(`[data-connection-id="${aliceId}"]`);
  await expect(aliceRow).toContainText('alice@acme.test');

  // Reauthorize Alice's row, but Bob signs in on the provider's page.
  const opened = context.waitForEvent('page');
  await aliceRow.getByRole('button', { name: 'Reauthorize alice@acme.test' }).click();
  const provider = await opened;
  await provider.waitForLoadState('domcontentloaded');
  await provider.getByLabel('Username').fill(BOB.email);
  await provider.getByLabel('Password').fill(BOB.password);
  await provider.getByRole('button', { name: 'Log In' }).click();
  await provider.getByRole('button', { name: 'Allow', exact: true }).click();
  await expect(provider.getByRole('heading', { name: 'Not changed' })).toBeVisible();
  expect(new URL(provider.url()).host).toBe(`localhost:${desk.callbackPort}`);
  await provider.close();

  const held = page.locator('[data-identity-mismatch="user"]');
  await expect(held).toBeVisible();
  await expect(held).toContainText('You signed in as bob@globex.test (Globex), not alice@acme.test (Acme Inc), so the connection was left unchanged.');
  // The row is still Alice's, and the stored connection is exactly as it was (no token was written:
  // an expired connection keeps none, and the refused sign-in added none).
  await expect(aliceRow).toContainText('alice@acme.test');
  await expect(aliceRow).not.toContainText('bob@globex.test');
  expect(await call<ConnectionView>(desk, 'connections.get', { id: aliceId })).toEqual(before);
  await expect(table.getByRole('row').filter({ hasText: '@' })).toHaveCount(1);

  // The admin adds Bob as a connection of his own.
  await held.getByRole('button', { name: 'Add bob@globex.test as a new connection' }).click();
  await expect(held).toBeHidden();
  const bobRow = table.getByRole('row', { name: /bob@globex\.test/ });
  await expect(bobRow).toContainText('Connected');
  const rows = await call<ConnectionView[]>(desk, 'connections.list', { integrationId });
  expect(rows.map((c) => [c.userEmail, c.status]).sort()).toEqual([
    ['alice@acme.test', 'expired'],
    ['bob@globex.test', 'connected'],
  ]);
  expect(rows.find((c) => c.userEmail === 'bob@globex.test')!.id).not.toBe(aliceId);
  expect(await call<ConnectionView>(desk, 'connections.get', { id: aliceId })).toEqual(before);
});

test('revoking a connection whose token the provider already dropped ends as revoked, with no error', async ({ page, desk }) => {
  const integrationId = await configuredIntegration(desk, fixture);
  const id = await seedConnection(desk, fixture, integrationId, BOB);
  // Revoked at Salesforce (an admin, a password change): its revoke endpoint now answers 400 invalid_token.
  await fixture.revokeUser(BOB.email);

  await page.goto(desk.url);
  await navigateInApp(page, `/oauth/${integrationId}?tab=connections`);
  const row = page.getByRole('table', { name: 'Connections' }).locator(`[data-connection-id="${id}"]`);
  await expect(row).toContainText('Connected');
  await row.getByRole('button', { name: 'More actions for bob@globex.test' }).click();
  await page.getByRole('menuitem', { name: /Revoke/ }).click();
  const confirm = page.getByRole('alertdialog', { name: 'Revoke bob@globex.test’s connection?' });
  await confirm.getByRole('button', { name: 'Revoke connection' }).click();
  await expect(confirm).toBeHidden();
  await expect(row).toContainText('Revoked');
  await expect(page.getByRole('alert').filter({ hasText: /could not|failed|error/i })).toHaveCount(0);
  expect(await call<ConnectionView>(desk, 'connections.get', { id })).toMatchObject({
    status: 'revoked',
    revocation: { outcome: 'already-invalid', httpStatus: 400 },
  });
});

test('the create form walks an External Client App, with Copy on the Callback URL (screenshot)', async ({ page, context, desk }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: desk.origin });
  const offering = await call<{ id: string }>(desk, 'offerings.create', localSalesforceOffering(fixture.issuer, 'Salesforce (local test org)'));
  await page.goto(desk.url);
  await navigateInApp(page, '/oauth/create');
  await page.getByLabel('Integration Name').fill('Acme Sales Cloud');
  await page.getByLabel('Integration Offering').click();
  await page.getByRole('option', { name: 'Salesforce (local test org)' }).click();

  const callbackField = page.getByRole('textbox', { name: 'Callback URL', exact: true });
  await expect(callbackField).toHaveValue(new RegExp(`^http://localhost:${desk.callbackPort}/oauth/callback/int_[A-Za-z0-9_-]{12}$`));
  const callbackUrl = await callbackField.inputValue();

  await page.getByText('Set up the External Client App in Salesforce').click();
  const guide = page.locator('[data-setup-guide]');
  await expect(guide).toContainText('External Client App Manager');
  await expect(guide).toContainText('Manage user data via APIs (api)');
  await expect(guide).toContainText('Perform requests at any time (refresh_token, offline_access)');
  await expect(guide).toContainText('Require Proof Key for Code Exchange (PKCE)');
  await expect(guide).toContainText('Require secret for Web Server Flow');
  await expect(guide).toContainText('Refresh Token Policy');
  await expect(guide).toContainText('Consumer Key and Secret');
  await expect(guide).toContainText('OAUTH_EC_APP_NOT_FOUND');
  await expect(guide).toContainText('2–10 minutes');
  await expect(guide).toContainText('An existing connected app keeps working');
  const pasted = guide.getByRole('textbox', { name: 'URL to paste into Salesforce' });
  await expect(pasted).toHaveValue(callbackUrl);
  await guide.getByRole('button', { name: 'Copy URL to paste into Salesforce' }).click();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(callbackUrl);
  await captureThemes(page, 'setup-guide', { tall: true });

  // Created with the id its Callback URL showed.
  await page.getByLabel('Client ID').fill('desk-client');
  await page.getByLabel('Client Secret').fill('desk-secret');
  await page.getByRole('button', { name: 'Create Integration' }).click();
  await expect(page.getByRole('heading', { name: 'Acme Sales Cloud' })).toBeVisible();
  const integrations = await call<Array<{ id: string; offeringId: string; callbackUrl: string }>>(desk, 'integrations.list');
  expect(integrations.find((i) => i.offeringId === offering.id)?.callbackUrl).toBe(callbackUrl);
});
