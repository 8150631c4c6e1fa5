import { startOidcFixture, type OidcFixture } from '../fixtures/oidc-fixture.js';
import { call, localSalesforceOffering } from './support/desk-calls.js';
import { expect, test } from './support/desk-app.js';

/**
 * API keys and the local API as an admin uses them in browser mode: turn the local API on, generate a
 * key (its value shown once), use it from a script, watch its usage, revoke it (issue 7).
 */
let fixture: OidcFixture;
test.beforeAll(async () => {
  fixture = await startOidcFixture({ shape: 'salesforce' });
});
test.afterAll(async () => fixture?.stop());

test('generate an API key, use it against the local API, revoke it', async ({ page, context, desk }) => {
  const offering = await call<{ id: string }>(desk, 'offerings.create', localSalesforceOffering(fixture.issuer));
  const client = fixture.clients[0]!;
  const integration = await call<{ id: string }>(desk, 'integrations.create', {
    name: 'Acme Sandbox', offeringId: offering.id, clientId: client.clientId, clientSecret: client.clientSecret, scopes: [],
  });
  await call(desk, 'integrations.verify', { id: integration.id });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: desk.origin });

  // The local API is off until turned on (Settings, or the button under the API Keys tab).
  await page.goto(desk.url);
  await page.goto(`${desk.origin}/oauth/${integration.id}`);
  await page.getByRole('tab', { name: /API Keys/ }).click();
  await expect(page.getByText('The local API is off: keys work once it is turned on.')).toBeVisible();
  await page.getByRole('button', { name: /Local API settings \(off\)/ }).click();
  const settings = page.getByRole('dialog', { name: 'Local API' });
  await settings.getByRole('switch', { name: 'Local API' }).click();
  await expect(settings.getByText(/On · http:\/\/127\.0\.0\.1:\d+/)).toBeVisible();
  const baseUrl = /http:\/\/127\.0\.0\.1:\d+/.exec((await settings.getByText(/On · /).textContent()) ?? '')![0];
  await page.screenshot({ path: 'test-results/api-keys-local-api.png' });
  await settings.getByRole('button', { name: 'Close' }).click();

  // Generate a key on the integration's API Keys tab; the value is shown once.
  await page.getByRole('button', { name: 'Generate API key' }).click();
  const dialog = page.getByRole('dialog', { name: 'Generate API key' });
  await dialog.getByLabel(/API Key Name/).fill('Nightly sync');
  await dialog.getByRole('button', { name: 'Generate' }).click();
  const reveal = page.getByRole('dialog', { name: 'Copy your API key now' });
  const value = await reveal.getByRole('textbox', { name: 'API key', exact: true }).inputValue();
  expect(value).toMatch(/^desk_sk_[A-Za-z0-9_-]{43}$/);
  await expect(reveal.getByRole('textbox', { name: 'Public key' })).toHaveValue(/^desk_pk_/);
  await reveal.getByRole('button', { name: 'Copy API key' }).click();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(value);
  await page.screenshot({ path: 'test-results/api-keys-reveal.png' });
  await reveal.getByRole('button', { name: 'Done' }).click();
  await expect(reveal).toBeHidden();
  expect(await page.content()).not.toContain(value);

  // A script uses it.
  const listed = await fetch(`${baseUrl}/api/v1/connections`, { headers: { Authorization: `Bearer ${value}` } });
  expect(listed.status).toBe(200);
  expect(await listed.json()).toEqual({ connections: [], totalCount: 0 });
  const row = page.getByRole('row', { name: /Nightly sync/ });
  // Usage is written in batches (every 5 s) and the list follows.
  await expect(row.locator('td.numeric')).toHaveText('1', { timeout: 15_000 });
  await page.screenshot({ path: 'test-results/api-keys-list.png' });

  // Revoke, with a confirmation; the key stops working at once.
  await row.getByRole('button', { name: 'Revoke Nightly sync' }).click();
  const confirm = page.getByRole('alertdialog', { name: /Revoke “Nightly sync”\?/ });
  await confirm.getByRole('button', { name: 'Revoke key' }).click();
  await expect(row.getByText('Revoked')).toBeVisible();
  const refused = await fetch(`${baseUrl}/api/v1/connections`, { headers: { Authorization: `Bearer ${value}` } });
  expect(refused.status).toBe(401);
});
