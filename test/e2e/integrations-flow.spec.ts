import { randomBytes } from 'node:crypto';
import type { Page } from '@playwright/test';
import { startOidcFixture, type OidcFixture } from '../fixtures/oidc-fixture.js';
import { call, localSalesforceOffering } from './support/desk-calls.js';
import { expect, test } from './support/desk-app.js';
import { navigateInApp } from './support/navigate.js';

/**
 * The seed's "Create an integration" flow, as a new user does it in browser mode, against a real OAuth
 * provider on loopback (acceptance 1–3).
 */
const CLIENT_ID = 'e2e-connected-app';
// Distinctive, so that finding it anywhere is a real leak and not a coincidence.
const CLIENT_SECRET = `sfsecret-${randomBytes(12).toString('hex')}`;

let fixture: OidcFixture;
test.beforeAll(async () => {
  fixture = await startOidcFixture({ shape: 'salesforce', clients: [{ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET }] });
});
test.afterAll(async () => fixture?.stop());

/** Everything the page received: response bodies (all of them) and Server-Sent Event messages. */
async function recordTraffic(page: Page): Promise<{ bodies(): Promise<string[]> }> {
  const pending: Array<Promise<string>> = [];
  page.on('response', (response) => {
    // The event stream never ends; its messages are read through CDP below.
    if (new URL(response.url()).pathname === '/api/events') return;
    pending.push(response.text().catch(() => ''));
  });
  const events: string[] = [];
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  cdp.on('Network.eventSourceMessageReceived', (message) => events.push(message.data));
  return { bodies: async () => [...(await Promise.all(pending)), ...events] };
}

/** The page's whole DOM (text and attributes) and the value of every input. */
const pageContent = (page: Page) =>
  page.evaluate(() => ({
    html: document.documentElement.outerHTML,
    text: document.body.innerText,
    values: Array.from(document.querySelectorAll('input, textarea, select')).map((el) => (el as HTMLInputElement).value),
  }));

test('a new user creates an integration, copies the Callback URL and verifies it to configured', async ({ page, context, desk }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: desk.origin });
  const traffic = await recordTraffic(page);
  await page.goto(desk.url);
  const nav = page.getByRole('navigation', { name: 'Main' });

  // A platform admin first adds the offering for the local "Salesforce" org, in Offerings.
  await nav.getByRole('link', { name: 'Offerings' }).click();
  await page.getByRole('button', { name: 'Add offering' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add offering' });
  await dialog.getByLabel('Name').fill('Salesforce (local test org)');
  await dialog.getByRole('radio', { name: 'Sandbox' }).check();
  await dialog.getByLabel('Login URL').fill(fixture.issuer);
  await dialog.getByRole('button', { name: 'Add offering' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('rowheader', { name: /Salesforce \(local test org\)/ })).toBeVisible();

  // Sidebar → OAuth → Integrations → Add Integration → /oauth/create.
  await nav.getByRole('link', { name: 'Integrations' }).click();
  await expect(page).toHaveURL(/\/oauth$/);
  await page.getByRole('link', { name: 'Add Integration' }).first().click();
  await expect(page).toHaveURL(/\/oauth\/create$/);
  await expect(page.getByRole('heading', { name: 'Add Integration', level: 1 })).toBeVisible();

  // Fill in the Settings form by its labels.
  await page.getByLabel('Integration Name').fill('Salesforce Production');
  await page.getByLabel('Integration Offering').click();
  await page.getByRole('option', { name: 'Salesforce (local test org)' }).click();
  await expect(page.getByLabel('Integration Offering')).toHaveText(/Salesforce \(local test org\)/);
  await page.getByLabel('Client ID').fill(CLIENT_ID);
  const secretField = page.getByLabel('Client Secret');
  await expect(secretField).toHaveAttribute('type', 'password');
  await secretField.fill(CLIENT_SECRET);

  // OAuth Scopes: api and refresh_token checked and locked; web and openid optional.
  const scopes = page.getByRole('group', { name: 'OAuth Scopes' });
  for (const required of ['api', 'refresh_token']) {
    await expect(scopes.getByRole('checkbox', { name: required, exact: true })).toBeChecked();
    await expect(scopes.getByRole('checkbox', { name: required, exact: true })).toBeDisabled();
  }
  for (const optional of ['web', 'openid']) {
    await expect(scopes.getByRole('checkbox', { name: optional, exact: true })).not.toBeChecked();
    await expect(scopes.getByRole('checkbox', { name: optional, exact: true })).toBeEnabled();
  }
  await scopes.getByRole('checkbox', { name: 'openid', exact: true }).click();
  await expect(scopes.getByRole('checkbox', { name: 'openid', exact: true })).toBeChecked();

  // Copy the Callback URL: the clipboard holds exactly the URL shown, which is the app's loopback listener.
  // Salesforce: localhost (Setup refuses http on 127.0.0.1), and this integration's own path (issue 12).
  const callbackField = page.getByRole('textbox', { name: 'Callback URL', exact: true });
  await expect(callbackField).toHaveValue(new RegExp(`^http://localhost:${desk.callbackPort}/oauth/callback/int_[A-Za-z0-9_-]{12}$`));
  const callbackUrl = await callbackField.inputValue();
  await expect(callbackField).toHaveAttribute('readonly', '');
  await page.getByRole('button', { name: 'Copy Callback URL' }).click();
  await expect(page.getByRole('button', { name: 'Copied Callback URL' })).toHaveText('Copied');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(callbackUrl);

  // Create Integration → the detail page, as a draft.
  await page.getByRole('button', { name: 'Create Integration' }).click();
  await expect(page).toHaveURL(/\/oauth\/int_[A-Za-z0-9_-]+$/);
  const integrationId = new URL(page.url()).pathname.split('/').pop()!;
  await expect(page.getByRole('heading', { name: 'Salesforce Production', level: 1 })).toBeVisible();
  const header = page.locator('.detail-header');
  await expect(header.getByText('Draft', { exact: true })).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: 'Integration created' })).toBeVisible();

  // While draft, New Connection is disabled and says why.
  await page.getByRole('tab', { name: /Connections/ }).click();
  const newConnection = page.getByRole('button', { name: 'New Connection' });
  await expect(newConnection).toBeDisabled();
  await expect(newConnection).toHaveAccessibleDescription('Verify the credentials first');

  // Verify credentials: progress while the provider answers, then the result and its reason.
  await page.route('**/api/rpc/integrations.verify', async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 400));
    await route.continue();
  });
  await page.getByRole('button', { name: 'Verify credentials' }).click();
  await expect(page.getByRole('button', { name: 'Verifying…' })).toBeDisabled();
  await expect(page.locator('#verify-status')).toContainText('Contacting the provider');
  await expect(page.locator('#verify-status')).toContainText('Credentials verified');
  await expect(page.locator('#verify-status')).toContainText('The provider accepted the client ID and secret, and the Callback URL is registered.');
  await expect(header.getByText('Configured', { exact: true })).toBeVisible();
  await expect(newConnection).toBeEnabled();
  expect((await call<{ status: string }>(desk, 'integrations.get', { id: integrationId })).status).toBe('configured');

  // The Activity tab tells the story, newest first.
  await page.getByRole('tab', { name: /Activity/ }).click();
  const activity = page.getByRole('list', { name: 'Activity, newest first' }).locator(':scope > li');
  // One entry for the Verify, carrying the status change it caused.
  await expect(activity.first()).toContainText('Verified the credentials');
  await expect(activity.first()).toContainText('Status: draft → configured');
  await expect(activity.last()).toContainText('for Salesforce (local test org)');

  // The Settings tab shows the secret only as "Set · last replaced …".
  await page.getByRole('tab', { name: /Settings/ }).click();
  await expect(page.getByText(/Set\s*· last replaced/)).toBeVisible();
  await expect(page.getByLabel('New Client Secret')).toHaveValue('');

  // After creation the secret is nowhere: not in the DOM, not in an input, not in anything received.
  const content = await pageContent(page);
  expect(content.html).not.toContain(CLIENT_SECRET);
  expect(content.text).not.toContain(CLIENT_SECRET);
  expect(content.values).not.toContain(CLIENT_SECRET);
  const received = await traffic.bodies();
  expect(received.length).toBeGreaterThan(10);
  for (const body of received) expect(body).not.toContain(CLIENT_SECRET);
  expect(desk.output()).not.toContain(CLIENT_SECRET);
});

test('an empty form shows one message per missing field, and a duplicate name is refused without losing anything', async ({ page, desk }) => {
  await call(desk, 'integrations.create', {
    name: 'Salesforce Production',
    offeringId: 'salesforce-production',
    clientId: 'existing-client',
    clientSecret: 'existing-secret',
    scopes: [],
  });
  await page.goto(desk.url);
  await page.getByRole('link', { name: 'Add Integration' }).first().click();
  await expect(page).toHaveURL(/\/oauth\/create$/);

  // Empty submit: one message per missing field, each tied to its field.
  await page.getByRole('button', { name: 'Create Integration' }).click();
  const messages = page.locator('[data-field-error]');
  await expect(messages).toHaveCount(4);
  await expect(messages).toHaveText(['Integration Name is required', 'Choose an Integration Offering', 'Client ID is required', 'Client Secret is required']);
  await expect(page.getByLabel('Integration Name')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByLabel('Integration Name')).toHaveAccessibleDescription(/Integration Name is required/);
  await expect(page.getByLabel('Client Secret')).toHaveAccessibleDescription(/Client Secret is required/);
  await expect(page.getByLabel('Integration Name')).toBeFocused();
  await expect(page).toHaveURL(/\/oauth\/create$/);

  // Partly filled: only the missing fields complain, and what was typed stays.
  await page.getByLabel('Integration Name').fill('salesforce production');
  await page.getByLabel('Client ID').fill('3MVG9-new-client');
  await page.getByRole('button', { name: 'Create Integration' }).click();
  await expect(messages).toHaveText(['Choose an Integration Offering', 'Client Secret is required']);
  await expect(page.getByLabel('Integration Name')).toHaveValue('salesforce production');
  await expect(page.getByLabel('Client ID')).toHaveValue('3MVG9-new-client');

  // A duplicate name (names are compared without case) is refused next to the name; nothing is lost.
  await page.getByLabel('Integration Offering').click();
  await page.getByRole('option', { name: 'Salesforce (sandbox)' }).click();
  await page.getByLabel('Client Secret').fill('a-new-secret-value');
  await page.getByRole('checkbox', { name: 'web', exact: true }).click();
  await page.getByRole('button', { name: 'Create Integration' }).click();
  await expect(messages).toHaveCount(1);
  await expect(messages).toHaveText('An integration named "salesforce production" already exists');
  await expect(page.getByLabel('Integration Name')).toHaveAccessibleDescription(/already exists/);
  await expect(page.getByLabel('Integration Name')).toHaveValue('salesforce production');
  await expect(page.getByLabel('Integration Offering')).toHaveText(/Salesforce \(sandbox\)/);
  await expect(page.getByLabel('Client ID')).toHaveValue('3MVG9-new-client');
  await expect(page.getByLabel('Client Secret')).toHaveValue('a-new-secret-value');
  await expect(page.getByRole('checkbox', { name: 'web', exact: true })).toBeChecked();
  await expect(page).toHaveURL(/\/oauth\/create$/);
  expect(await call<unknown[]>(desk, 'integrations.list')).toHaveLength(1);

  // Renamed, it is created, with the scopes chosen.
  await page.getByLabel('Integration Name').fill('Salesforce Sandbox');
  await expect(messages).toHaveCount(0);
  await page.getByRole('button', { name: 'Create Integration' }).click();
  await expect(page.getByRole('heading', { name: 'Salesforce Sandbox', level: 1 })).toBeVisible();
  const created = (await call<Array<{ name: string; scopes: string[] }>>(desk, 'integrations.list')).find((i) => i.name === 'Salesforce Sandbox');
  expect(created?.scopes).toEqual(['api', 'refresh_token', 'web']);
});

test('the create form shows no Callback URL to copy until an offering is chosen (its host follows the offering)', async ({ page, desk }) => {
  await page.goto(desk.url);
  await navigateInApp(page, '/oauth/create');
  const callbackField = page.getByRole('textbox', { name: 'Callback URL', exact: true });
  // Salesforce takes plain http only for localhost: a 127.0.0.1 URL copied before choosing it is refused.
  await expect(callbackField).toHaveValue('');
  await expect(callbackField).toHaveAttribute('placeholder', 'Choose an Integration Offering first');
  await expect(page.getByRole('button', { name: 'Copy Callback URL' })).toBeDisabled();
  await page.getByLabel('Integration Offering').click();
  await page.getByRole('option', { name: 'Salesforce (production)' }).click();
  await expect(callbackField).toHaveValue(new RegExp(`^http://localhost:${desk.callbackPort}/oauth/callback/int_[A-Za-z0-9_-]{12}$`));
  await expect(page.getByRole('button', { name: 'Copy Callback URL' })).toBeEnabled();
});
