import { startOidcFixture, type OidcFixture } from '../fixtures/oidc-fixture.js';
import { ALICE, BOB, configuredIntegration, signInThroughNewTab } from './support/connections.js';
import { call } from './support/desk-calls.js';
import { expect, test } from './support/desk-app.js';
import { navigateInApp } from './support/navigate.js';

/**
 * Issue 5, acceptance 1: end to end in browser mode, through the UI, against a Salesforce-shaped
 * provider on loopback. New Connection opens the provider's login and consent pages in a new tab; the
 * provider redirects to the app's loopback listener; the Connections tab shows the connection.
 */
let fixture: OidcFixture;
test.beforeAll(async () => {
  fixture = await startOidcFixture({ shape: 'salesforce' });
});
test.afterAll(async () => fixture?.stop());

interface ConnectionView {
  id: string;
  userEmail: string;
  status: string;
}

test('two users connect through the provider’s pages, and one is revoked', async ({ page, context, desk }) => {
  test.setTimeout(90_000);
  const integrationId = await configuredIntegration(desk, fixture);
  await page.goto(desk.url);
  await navigateInApp(page, `/oauth/${integrationId}?tab=connections`);
  await expect(page.getByRole('tab', { name: /Connections/ })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByRole('tabpanel', { name: /Connections/ }).getByText('No connections yet')).toBeVisible();
  // Before the first connection of a Salesforce integration, the five-approvals limit is explained.
  await expect(page.getByText(/Salesforce allows each user five approvals per app/)).toBeVisible();

  // Alice signs in and allows access in the provider's pages, in the tab the app opened.
  const aliceTab = await signInThroughNewTab(page, context, ALICE);
  await expect(aliceTab.getByRole('heading', { name: 'Connected' })).toBeVisible();
  expect(new URL(aliceTab.url()).origin).toBe(`http://localhost:${desk.callbackPort}`);
  await aliceTab.close();

  const table = page.getByRole('table', { name: 'Connections' });
  const aliceRow = table.getByRole('row', { name: /alice@acme\.test/ });
  await expect(aliceRow).toBeVisible();
  await expect(aliceRow).toContainText(ALICE.name);
  await expect(aliceRow).toContainText(ALICE.org);
  await expect(aliceRow).toContainText('Connected');
  await expect(aliceRow).toContainText('Sandbox');
  await expect(aliceRow).toContainText('renews automatically');
  await expect(page.getByRole('status').filter({ hasText: 'Connected alice@acme.test' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Waiting for the browser…' })).toBeHidden();
  await expect(page.getByRole('tab', { name: /Connections/ })).toContainText('1');

  // A second user adds a second row (prompt=login: the provider asks again, whoever signed in before).
  const bobTab = await signInThroughNewTab(page, context, BOB);
  await expect(bobTab.getByRole('heading', { name: 'Connected' })).toBeVisible();
  await bobTab.close();
  const bobRow = table.getByRole('row', { name: /bob@globex\.test/ });
  await expect(bobRow).toContainText(BOB.name);
  await expect(bobRow).toContainText(BOB.org);
  await expect(bobRow).toContainText('Connected');
  await expect(table.getByRole('row').filter({ hasText: '@' })).toHaveCount(2);
  await expect(page.getByRole('tab', { name: /Connections/ })).toContainText('2');

  // Revoke Bob, after a confirmation naming him: the row shows revoked, Alice stays connected.
  await bobRow.getByRole('button', { name: 'More actions for bob@globex.test' }).click();
  await page.getByRole('menuitem', { name: /Revoke/ }).click();
  const confirm = page.getByRole('alertdialog', { name: 'Revoke bob@globex.test’s connection?' });
  await expect(confirm).toContainText(BOB.name);
  await confirm.getByRole('button', { name: 'Revoke connection' }).click();
  await expect(confirm).toBeHidden();
  await expect(bobRow).toContainText('Revoked');
  await expect(bobRow.getByRole('button', { name: 'Reauthorize bob@globex.test' })).toBeVisible();
  await expect(aliceRow).toContainText('Connected');
  // Focus came back to the row's actions.
  await expect(bobRow.getByRole('button', { name: 'More actions for bob@globex.test' })).toBeFocused();

  const stored = await call<ConnectionView[]>(desk, 'connections.list', { integrationId });
  expect(stored.map((c) => [c.userEmail, c.status]).sort()).toEqual([
    ['alice@acme.test', 'connected'],
    ['bob@globex.test', 'revoked'],
  ]);

  // The status filter narrows the list to the revoked one.
  await page.getByRole('search', { name: 'Filter connections' }).getByRole('radio', { name: /Revoked/ }).click();
  await expect(table.getByRole('row').filter({ hasText: '@' })).toHaveCount(1);
  await expect(table.getByRole('row', { name: /bob@globex\.test/ })).toBeVisible();
});

test('Deny on the provider’s consent page: the UI says the user denied access and adds no row', async ({ page, context, desk }) => {
  const integrationId = await configuredIntegration(desk, fixture);
  await page.goto(desk.url);
  await navigateInApp(page, `/oauth/${integrationId}?tab=connections`);
  await expect(page.getByRole('tabpanel', { name: /Connections/ }).getByText('No connections yet')).toBeVisible();

  const providerTab = await signInThroughNewTab(page, context, ALICE, 'Deny');
  await expect(providerTab.getByRole('heading', { name: 'Sign-in failed' })).toBeVisible();
  await providerTab.close();

  const outcome = page.locator('[data-flow-outcome="failed"]');
  await expect(outcome).toBeVisible();
  await expect(outcome).toHaveAttribute('role', 'alert');
  await expect(outcome).toContainText('Sign-in failed');
  await expect(outcome).toContainText('The user denied access');
  await expect(page.getByRole('heading', { name: 'Waiting for the browser…' })).toBeHidden();
  await expect(page.getByRole('tabpanel', { name: /Connections/ }).getByText('No connections yet')).toBeVisible();
  await expect(page.getByRole('table', { name: 'Connections' })).toHaveCount(0);
  expect(await call<ConnectionView[]>(desk, 'connections.list', { integrationId })).toEqual([]);
});

test('a taken callback port is reported before anything opens', async ({ page, context, desk }) => {
  const integrationId = await configuredIntegration(desk, fixture);
  // Another program holds the callback port.
  const net = await import('node:net');
  const squatter = net.createServer();
  await new Promise<void>((resolve) => squatter.listen(desk.callbackPort, '127.0.0.1', resolve));
  try {
    await page.goto(desk.url);
    await navigateInApp(page, `/oauth/${integrationId}?tab=connections`);
    let opened = 0;
    context.on('page', () => (opened += 1));
    await page.getByRole('button', { name: 'New Connection' }).click();
    const alert = page.getByRole('alert').filter({ hasText: 'The callback port is taken' });
    await expect(alert).toBeVisible();
    await expect(alert).toContainText(String(desk.callbackPort));
    await expect(alert.getByRole('link', { name: 'Settings' })).toBeVisible();
    await expect(page.getByRole('heading', { name: 'Waiting for the browser…' })).toBeHidden();
    expect(opened).toBe(0);
    expect(context.pages()).toHaveLength(1);
  } finally {
    await new Promise((resolve) => squatter.close(resolve));
  }
});

test('Cancel closes a waiting sign-in', async ({ page, context, desk }) => {
  const integrationId = await configuredIntegration(desk, fixture);
  await page.goto(desk.url);
  await navigateInApp(page, `/oauth/${integrationId}?tab=connections`);
  const opened = context.waitForEvent('page');
  await page.getByRole('button', { name: 'New Connection' }).click();
  const providerTab = await opened;
  const panel = page.getByRole('region', { name: 'Waiting for the browser…' });
  await expect(panel).toBeVisible();
  await expect(panel).toContainText(/[45]:\d\d/);
  await panel.getByRole('button', { name: 'Cancel' }).click();
  await expect(panel).toBeHidden();
  await expect(page.getByRole('status').filter({ hasText: 'Sign-in cancelled' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'New Connection' })).toBeFocused();
  // The listener is closed: the provider's redirect would find nobody.
  await expect
    .poll(async () => {
      try {
        await fetch(`http://127.0.0.1:${desk.callbackPort}/oauth/callback?code=x&state=y`);
        return 'open';
      } catch {
        return 'closed';
      }
    })
    .toBe('closed');
  await providerTab.close();
});
