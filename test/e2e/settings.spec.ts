import net from 'node:net';
import { startOidcFixture, type OidcFixture } from '../fixtures/oidc-fixture.js';
import { ALICE, configuredIntegration, signInThroughNewTab } from './support/connections.js';
import { call } from './support/desk-calls.js';
import { expect, freePort, launchDesk, test } from './support/desk-app.js';
import { navigateInApp } from './support/navigate.js';

/**
 * Settings (issue 5): the Callback URL's host form and port, Test callback URL, the token settings, and
 * the rule that `DESK_CALLBACK_PORT` wins over a saved port.
 */
let fixture: OidcFixture;
test.beforeAll(async () => {
  fixture = await startOidcFixture({ shape: 'salesforce' });
});
test.afterAll(async () => fixture?.stop());

async function holdPort(port: number): Promise<net.Server> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return server;
}

test('the host and port chosen in Settings make the Callback URL, and a sign-in comes back to it', async ({ page, context }) => {
  test.setTimeout(90_000);
  // No DESK_CALLBACK_PORT: the port is the admin's to choose.
  const desk = await launchDesk({ DESK_CALLBACK_PORT: '' });
  try {
    const integrationId = await configuredIntegration(desk, fixture);
    await page.goto(desk.url);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
    await expect(page).toHaveURL(/\/settings$/);
    await expect(page.getByRole('heading', { name: 'Settings', level: 1 })).toBeVisible();

    const port = page.getByLabel('Callback port');
    const callbackUrl = page.getByRole('textbox', { name: 'Callback URL' });
    await expect(port).toBeEnabled();
    await expect(port).toHaveValue('47615');
    await expect(callbackUrl).toHaveValue('http://localhost:47615/oauth/callback/<integration id>');
    await expect(page.getByRole('radio', { name: /Follow the provider/ })).toBeChecked();
    await expect(page.getByRole('region', { name: 'Callback URL' }).getByRole('button', { name: 'Save' })).toBeDisabled();

    // A port another program holds: Test callback URL says it is taken, before anything is saved.
    const taken = await freePort();
    const squatter = await holdPort(taken);
    try {
      await port.fill(String(taken));
      await page.getByRole('button', { name: 'Test callback URL' }).click();
      const result = page.locator('.callback-test');
      await expect(result).toContainText('Taken');
      await expect(result).toContainText(String(taken));
    } finally {
      await new Promise((resolve) => squatter.close(resolve));
    }

    // localhost and a free port: tested free, saved, and shown as the Callback URL.
    const chosen = await freePort();
    await page.getByRole('radio', { name: /Always localhost/ }).click();
    await port.fill(String(chosen));
    await expect(callbackUrl).toHaveAccessibleDescription(new RegExp(`After saving it becomes http://localhost:${chosen}/oauth/callback`));
    await page.getByRole('button', { name: 'Test callback URL' }).click();
    await expect(page.locator('.callback-test')).toContainText('Free');
    await page.getByRole('region', { name: 'Callback URL' }).getByRole('button', { name: 'Save' }).click();
    await expect(callbackUrl).toHaveValue(`http://localhost:${chosen}/oauth/callback/<integration id>`);
    await expect(page.getByRole('status').filter({ hasText: 'Callback URL saved' })).toBeVisible();
    const saved = await call<{ callbackUrl: string; callbackHost: string; callbackPort: number }>(desk, 'settings.get');
    expect(saved).toMatchObject({ callbackHost: 'localhost', callbackPort: chosen, callbackUrl: `http://localhost:${chosen}/oauth/callback/<integration id>` });

    // The integration shows the same URL, and a sign-in is delivered there.
    await navigateInApp(page, `/oauth/${integrationId}`);
    await expect(page.getByRole('textbox', { name: 'Callback URL', exact: true })).toHaveValue(`http://localhost:${chosen}/oauth/callback/${integrationId}`);
    await page.getByRole('tab', { name: /Connections/ }).click();
    const providerTab = await signInThroughNewTab(page, context, ALICE);
    await expect(providerTab.getByRole('heading', { name: 'Connected' })).toBeVisible();
    expect(new URL(providerTab.url()).origin).toBe(`http://localhost:${chosen}`);
    await providerTab.close();
    await expect(page.getByRole('table', { name: 'Connections' }).getByRole('row', { name: /alice@acme\.test/ })).toContainText('Connected');
  } finally {
    await desk.stop();
  }
});

test('DESK_CALLBACK_PORT fixes the port, and the token settings are validated and saved', async ({ page, desk }) => {
  await page.goto(desk.url);
  await navigateInApp(page, '/settings');
  const port = page.getByLabel('Callback port');
  await expect(port).toBeDisabled();
  await expect(port).toHaveValue(String(desk.callbackPort));
  await expect(port).toHaveAccessibleDescription(/Fixed to \d+ by the DESK_CALLBACK_PORT environment variable/);
  await expect(page.getByTestId('port-from-env')).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Callback URL' })).toHaveValue(`http://localhost:${desk.callbackPort}/oauth/callback/<integration id>`);

  // The env port is tested as it is.
  await page.getByRole('button', { name: 'Test callback URL' }).click();
  await expect(page.locator('.callback-test')).toContainText('Free');

  const lifetime = page.getByLabel('Assumed token lifetime (minutes)');
  const keepAlive = page.getByLabel('Keep-alive interval (minutes)');
  await expect(lifetime).toHaveValue('120');
  await lifetime.fill('90');
  await keepAlive.fill('10');
  const tokens = page.getByRole('region', { name: 'Tokens' });
  await tokens.getByRole('button', { name: 'Save' }).click();
  await expect(keepAlive).toHaveAttribute('aria-invalid', 'true');
  await expect(keepAlive).toHaveAccessibleDescription(/at least 15 minutes, or 0/);
  await keepAlive.fill('30');
  await tokens.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Token settings saved' })).toBeVisible();
  expect(await call(desk, 'settings.get')).toMatchObject({ assumedTokenLifetimeMinutes: 90, keepAliveMinutes: 30 });

  // The local API's settings live on this page too.
  await expect(page.getByRole('region', { name: 'Local API' }).getByRole('switch', { name: 'Local API' })).toBeVisible();
});
