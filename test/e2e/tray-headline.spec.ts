import type { StatusSummary } from '../../preload/contract/connection-models.js';
import type { Integration, SecurityStatus } from '../../preload/contract/models.js';
import type { StatusHeadline } from '../../preload/contract/status-models.js';
import { buildTrayModel } from '../../main/core/tray/tray-model.js';
import { traySummaryFrom } from '../../main/core/tray/tray-summary.js';
import { startOidcFixture, type OidcFixture } from '../fixtures/oidc-fixture.js';
import { call, localSalesforceOffering } from './support/desk-calls.js';
import { expect, test, type DeskApp } from './support/desk-app.js';

/**
 * Acceptance 5 of the tray issue: browser mode's page header shows the same headline (and attention
 * list) as the tray model for the same data.
 */
let fixture: OidcFixture;
test.beforeAll(async () => {
  fixture = await startOidcFixture({ shape: 'salesforce' });
});
test.afterAll(async () => fixture?.stop());

/** The tray model the Electron app would build from this profile's data, computed here in the test. */
async function trayModelOf(desk: DeskApp) {
  const summary = await call<StatusSummary>(desk, 'status.summary');
  const integrations = await call<Integration[]>(desk, 'integrations.list');
  const security = await call<SecurityStatus>(desk, 'security.status');
  return buildTrayModel(traySummaryFrom({ summary, integrations, vault: security.vault }));
}

test('the page header shows the tray model’s headline and attention list, and follows changes', async ({ page, desk }) => {
  await page.goto(desk.url);
  const header = page.getByRole('banner', { name: 'Status' });
  const headline = header.getByRole('status');

  // An empty profile.
  const empty = await trayModelOf(desk);
  expect(empty.status.headline).toBe('No connections yet');
  await expect(headline).toHaveText(empty.status.headline);
  expect(await call<StatusHeadline>(desk, 'status.headline')).toEqual(empty.status);

  // The provider rejects an integration's credentials: the header changes live, without a reload.
  const offering = await call<{ id: string }>(desk, 'offerings.create', localSalesforceOffering(fixture.issuer));
  const integration = await call<{ id: string }>(desk, 'integrations.create', {
    name: 'Acme Sandbox',
    offeringId: offering.id,
    clientId: fixture.clients[0]!.clientId,
    clientSecret: 'not-the-right-secret',
    scopes: [],
  });
  await call(desk, 'integrations.verify', { id: integration.id });

  const rejected = await trayModelOf(desk);
  expect(rejected.icon).toBe('error');
  expect(rejected.status.headline).toBe('1 needs attention');
  await expect(headline).toHaveText(rejected.status.headline);

  // The same attention items as the tray's "Needs attention" submenu, each opening its page.
  await header.getByText(`Needs attention (${rejected.status.attention.length})`).click();
  const list = header.getByRole('list', { name: 'Needs attention' });
  await expect(list.getByRole('link')).toHaveText(rejected.status.attention.map((a) => a.label));
  await list.getByRole('link', { name: 'Credentials rejected: Acme Sandbox' }).click();
  await expect(page).toHaveURL(new RegExp(`/oauth/${integration.id}$`));
  await expect(page.getByRole('heading', { name: 'Acme Sandbox', level: 1 })).toBeVisible();

  // Fixed: verified with the right secret, the header and the tray agree again.
  await call(desk, 'integrations.replaceSecret', { id: integration.id, clientSecret: fixture.clients[0]!.clientSecret });
  await call(desk, 'integrations.verify', { id: integration.id });
  const fixed = await trayModelOf(desk);
  expect(fixed.status.headline).toBe('No connections yet');
  await expect(headline).toHaveText(fixed.status.headline);
  await expect(header.getByText(/Needs attention/)).toHaveCount(0);
});
