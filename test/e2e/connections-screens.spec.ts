import { DEFAULT_USERS, startOidcFixture, type OidcFixture } from '../fixtures/oidc-fixture.js';
import { ALICE, BOB, configuredIntegration, seedConnection } from './support/connections.js';
import { call } from './support/desk-calls.js';
import { expectNoSeriousViolations } from './support/axe.js';
import { expect, test } from './support/desk-app.js';
import { navigateInApp } from './support/navigate.js';
import { captureThemes } from './support/screenshots.js';

/**
 * The Connections tab (with rows in every status, its menu and dialogs, a waiting sign-in) and the
 * Settings page: axe-core in both themes reports no serious or critical violation, and light and dark
 * screenshots go to `artifacts/screenshots/` for a human to look at.
 */
const CAROL = { email: 'carol@acme.test', password: 'carol-password' };
const DAVE = { email: 'dave@initech.test', password: 'dave-password' };

let fixture: OidcFixture;
test.beforeAll(async () => {
  fixture = await startOidcFixture({
    shape: 'salesforce',
    users: [
      ...DEFAULT_USERS,
      { id: '005000000000003AAA', email: CAROL.email, name: 'Carol Chen', password: CAROL.password, orgId: '00D000000000001AAA', orgName: 'Acme Inc' },
      { id: '005000000000004AAA', email: DAVE.email, name: 'Dave Diaz', password: DAVE.password, orgId: '00D000000000004AAA', orgName: 'Initech' },
    ],
  });
});
test.afterAll(async () => fixture?.stop());

test('Connections tab and Settings: no serious axe violation, screenshots light and dark', async ({ page, context, desk }) => {
  test.setTimeout(180_000);
  const integrationId = await configuredIntegration(desk, fixture);
  const empty = await configuredIntegration(desk, fixture, 'Globex Service Cloud');

  // One connection in each status: connected, revoked, expired (the provider forgot the user), deleted.
  await seedConnection(desk, fixture, integrationId, ALICE);
  const bob = await seedConnection(desk, fixture, integrationId, BOB);
  const carol = await seedConnection(desk, fixture, integrationId, CAROL);
  const dave = await seedConnection(desk, fixture, integrationId, DAVE);
  await call(desk, 'connections.revoke', { id: bob });
  await fixture.revokeUser(CAROL.email);
  await call(desk, 'connections.refresh', { id: carol }).catch(() => undefined);
  await expect.poll(async () => (await call<{ status: string }>(desk, 'connections.get', { id: carol })).status).toBe('expired');
  await call(desk, 'connections.delete', { id: dave });

  await page.goto(desk.url);
  await navigateInApp(page, `/oauth/${integrationId}?tab=connections`);
  const table = page.getByRole('table', { name: 'Connections' });
  await expect(table.getByRole('row').filter({ hasText: '@' })).toHaveCount(3);
  await expect(table.getByRole('row', { name: /carol@acme\.test/ })).toContainText('Expired');
  await expect(table.getByRole('row', { name: /bob@globex\.test/ })).toContainText('Revoked');
  await expectNoSeriousViolations(page, 'connections tab with rows');
  await captureThemes(page, 'connections-tab', { tall: true });

  // The row menu, keyboard-opened.
  const aliceRow = table.getByRole('row', { name: /alice@acme\.test/ });
  await aliceRow.getByRole('button', { name: 'More actions for alice@acme.test' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('menu')).toBeVisible();
  await expect(page.getByRole('menuitem', { name: /Test connection/ })).toBeFocused();
  await expectNoSeriousViolations(page, 'row menu', '[role="menu"]');
  await captureThemes(page, 'connections-menu');

  // Test: the health ladder with each step's result and latency.
  await page.getByRole('menuitem', { name: /Test connection/ }).click();
  const health = page.getByRole('dialog', { name: 'Test alice@acme.test' });
  await expect(health.getByRole('list', { name: 'Health checks' }).getByRole('listitem')).toHaveCount(4);
  await expect(health).toContainText(/\d+ ms/);
  await expectNoSeriousViolations(page, 'health dialog', '[role="dialog"]');
  await captureThemes(page, 'connection-test');
  await health.getByRole('button', { name: 'Done' }).click();
  await expect(health).toBeHidden();
  await expect(aliceRow.getByRole('button', { name: 'More actions for alice@acme.test' })).toBeFocused();

  // The Delete confirmation names the user.
  await aliceRow.getByRole('button', { name: 'More actions for alice@acme.test' }).click();
  await page.getByRole('menuitem', { name: /Delete/ }).click();
  const confirm = page.getByRole('alertdialog', { name: 'Delete alice@acme.test’s connection?' });
  await expect(confirm).toBeVisible();
  await expectNoSeriousViolations(page, 'delete confirmation', '[role="alertdialog"]');
  await captureThemes(page, 'connection-delete-confirm');
  await confirm.getByRole('button', { name: 'Cancel' }).click();

  // Deleted connections appear only under their filter.
  await page.getByRole('search', { name: 'Filter connections' }).getByRole('radio', { name: /Deleted/ }).click();
  await expect(table.getByRole('row', { name: /dave@initech\.test/ })).toContainText('Deleted');
  await expect(table.getByRole('row').filter({ hasText: '@' })).toHaveCount(1);
  await expectNoSeriousViolations(page, 'connections tab, deleted filter');
  await page.getByRole('search', { name: 'Filter connections' }).getByRole('radio', { name: /All/ }).click();

  // A sign-in waiting for the browser, with the manual fallback open.
  const opened = context.waitForEvent('page');
  await page.getByRole('button', { name: 'New Connection' }).click();
  const providerTab = await opened;
  await page.bringToFront();
  const panel = page.getByRole('region', { name: 'Waiting for the browser…' });
  await expect(panel).toBeVisible();
  await panel.getByText('Browser can’t reach the app?').click();
  await expect(panel.getByLabel('Redirect URL')).toBeVisible();
  await expectNoSeriousViolations(page, 'connections tab, waiting for the browser');
  await captureThemes(page, 'connections-waiting', { tall: true });
  await panel.getByRole('button', { name: 'Cancel' }).click();
  await expect(panel).toBeHidden();
  await providerTab.close();

  // An integration with no connection yet: the Salesforce five-approvals note.
  await navigateInApp(page, `/oauth/${empty}?tab=connections`);
  await expect(page.getByText(/Salesforce allows each user five approvals per app/)).toBeVisible();
  await expectNoSeriousViolations(page, 'connections tab, empty');
  await captureThemes(page, 'connections-empty');

  // Settings, with the callback test's answer.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
  await expect(page.getByRole('heading', { name: 'Settings', level: 1 })).toBeVisible();
  await expect(page.getByRole('switch', { name: 'Local API' })).toBeVisible();
  await page.getByRole('button', { name: 'Test callback URL' }).click();
  await expect(page.locator('.callback-test')).toContainText('Free');
  await expectNoSeriousViolations(page, 'settings');
  await captureThemes(page, 'settings', { tall: true });
});
