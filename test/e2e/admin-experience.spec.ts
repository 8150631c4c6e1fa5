import type { BrowserContext, Page } from '@playwright/test';
import { startOidcFixture, type OidcFixture } from '../fixtures/oidc-fixture.js';
import { expectNoSeriousViolations } from './support/axe.js';
import { ALICE, BOB, configuredIntegration, seedConnection, signInThroughNewTab } from './support/connections.js';
import { call } from './support/desk-calls.js';
import { expect, test } from './support/desk-app.js';
import { navigateInApp } from './support/navigate.js';
import { captureThemes } from './support/screenshots.js';

/**
 * Issue 14, as an admin meets the app: a frame that never moves, a connection's own page, the audit
 * trail, attention in the list, and windows as small as 800×600.
 */
let fixture: OidcFixture;
test.beforeAll(async () => {
  fixture = await startOidcFixture({ shape: 'salesforce' });
});
test.afterAll(async () => fixture?.stop());

const frame = (page: Page) =>
  page.evaluate(() => {
    const top = (selector: string) => document.querySelector(selector)?.getBoundingClientRect().top ?? Number.NaN;
    const scrolled = ['html', 'body', '#root', '.shell', '.main-column'].map((s) => document.querySelector(s)?.scrollTop ?? 0);
    return { brand: top('.brand'), header: top('.status-headline'), title: document.querySelector('#page-title') !== null, scrolled, windowY: window.scrollY };
  });

/**
 * Scrolls the page every way it can be: the wheel over the content, the content pane to its end, and
 * every visually hidden node (Radix's hidden inputs, `.sr-only` text) into view, as focusing them
 * would. The frame (sidebar brand, status header) must not move, and nothing but the pane scrolls.
 */
async function scrollToEndAndCheck(page: Page, where: string): Promise<void> {
  const before = await frame(page);
  expect(before.brand, `${where}: brand`).not.toBeNaN();
  await page.mouse.move(700, 500);
  for (let i = 0; i < 6; i += 1) await page.mouse.wheel(0, 2000);
  await page.evaluate(() => {
    const content = document.querySelector('.content')!;
    content.scrollTop = content.scrollHeight;
    for (const node of Array.from(document.querySelectorAll('.sr-only, input[aria-hidden="true"], select[aria-hidden="true"]'))) {
      node.scrollIntoView({ block: 'end' });
    }
  });
  await page.keyboard.press('End');
  const after = await frame(page);
  expect(after.brand, `${where}: the sidebar brand moved`).toBe(before.brand);
  expect(after.header, `${where}: the status header moved`).toBe(before.header);
  expect(after.scrolled, `${where}: something other than the content pane scrolled`).toEqual([0, 0, 0, 0, 0]);
  expect(after.windowY).toBe(0);
}

async function seeded(desk: Parameters<typeof configuredIntegration>[0]) {
  const integrationId = await configuredIntegration(desk, fixture);
  const aliceId = await seedConnection(desk, fixture, integrationId, ALICE);
  return { integrationId, aliceId };
}

test('acceptance 1: every page scrolled to its end leaves the sidebar brand and the header in place', async ({ page, desk }) => {
  test.setTimeout(120_000);
  const { integrationId, aliceId } = await seeded(desk);
  for (let i = 0; i < 30; i += 1) await call(desk, 'integrations.update', { id: integrationId, name: `Acme Sales Cloud ${i % 2 ? 'A' : 'B'}` });
  await page.goto(desk.url);
  await expect(page.locator('.status-headline')).toBeVisible();
  const pages: Array<[string, string]> = [
    ['/oauth', 'list'],
    ['/oauth/create', 'create'],
    [`/oauth/${integrationId}`, 'detail, settings'],
    [`/oauth/${integrationId}?tab=api-keys`, 'detail, API keys'],
    [`/oauth/${integrationId}?tab=connections`, 'detail, connections'],
    [`/oauth/${integrationId}?tab=activity`, 'detail, activity'],
    [`/oauth/${integrationId}/connections/${aliceId}`, 'connection'],
    ['/offerings', 'offerings'],
    ['/settings', 'settings'],
  ];
  for (const size of [{ width: 1280, height: 800 }, { width: 800, height: 600 }]) {
    await page.setViewportSize(size);
    for (const [path, name] of pages) {
      await navigateInApp(page, path);
      await expect(page.locator('#page-title')).toBeAttached();
      await page.waitForTimeout(150);
      await scrollToEndAndCheck(page, `${name} at ${size.width}×${size.height}`);
    }
  }
});

test('acceptance 2: a connection’s own page opens from the table and from its route, with everything about it', async ({ page, desk }) => {
  test.setTimeout(90_000);
  const { integrationId, aliceId } = await seeded(desk);
  await page.goto(desk.url);
  await navigateInApp(page, `/oauth/${integrationId}?tab=connections`);
  const row = page.getByRole('table', { name: 'Connections' }).getByRole('row', { name: /alice@acme\.test/ });
  // The identity is shown whole, not cut.
  await expect(row.getByRole('link', { name: ALICE.email })).toBeVisible();
  const cut = await row.locator('.conn-cell').evaluateAll((cells) => cells.some((c) => c.scrollWidth > c.clientWidth + 1));
  expect(cut).toBe(false);
  await row.getByRole('link', { name: ALICE.email }).click();
  await expect(page).toHaveURL(new RegExp(`/oauth/${integrationId}/connections/${aliceId}$`));

  const checkFields = async () => {
    await expect(page.getByRole('heading', { name: ALICE.email, level: 1 })).toBeVisible();
    const facts = page.locator('.connection-grid');
    for (const label of ['User', 'Org', 'Instance URL', 'Environment', 'Granted scopes', 'Connected', 'Last refreshed', 'Last used', 'Access token', 'Refresh token']) {
      await expect(facts.getByRole('term').filter({ hasText: new RegExp(`^${label}$`) })).toBeVisible();
    }
    await expect(facts).toContainText(ALICE.name);
    await expect(facts).toContainText(ALICE.org);
    await expect(facts).toContainText(/00D/);
    await expect(facts).toContainText('Sandbox');
    await expect(facts).toContainText('refresh_token');
    await expect(facts).toContainText('as Salesforce reported when asked');
    await expect(page.getByRole('heading', { name: 'Health history' })).toBeVisible();
    await expect(page.getByRole('list', { name: 'Activity of this connection, newest first' })).toContainText(`Connected ${ALICE.email}`);
  };
  await checkFields();

  // Test: the result joins the health history.
  await page.getByRole('button', { name: 'Test', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: `Test ${ALICE.email}` });
  await expect(dialog.getByText('Healthy')).toBeVisible();
  await dialog.getByRole('button', { name: 'Done' }).click();
  await expect(page.getByRole('list', { name: 'Health checks, newest first' })).toContainText('healthy');

  // From its route, as the tray and the notifications open it (main/core/desktop/desk-route.ts).
  await navigateInApp(page, '/oauth');
  await navigateInApp(page, `/oauth/${integrationId}/connections/${aliceId}`);
  await checkFields();
  await captureThemes(page, 'connection-detail', { tall: true });
  await expectNoSeriousViolations(page, 'connection page');
});

async function reauthorizeThroughNewTab(page: Page, context: BrowserContext, email: string, password: string): Promise<void> {
  const opened = context.waitForEvent('page');
  await page.getByRole('button', { name: `Reauthorize ${email}` }).click();
  const provider = await opened;
  await provider.waitForLoadState('domcontentloaded');
  await provider.getByLabel('Username').fill(email);
  await provider.getByLabel('Password').fill(password);
  await provider.getByRole('button', { name: 'Log In' }).click();
  await provider.getByRole('button', { name: 'Allow', exact: true }).click();
  await expect(provider.getByRole('heading', { name: 'Connected' })).toBeVisible();
  await provider.close();
}

test('acceptance 3: connect, reauthorize, revoke, a key generated and revoked, the local API on and off: each once in the trail', async ({ page, context, desk }) => {
  test.setTimeout(150_000);
  const integrationId = await configuredIntegration(desk, fixture);
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: desk.origin });
  await page.goto(desk.url);
  await navigateInApp(page, `/oauth/${integrationId}?tab=connections`);

  // Connect Bob, revoke him, reauthorize him.
  const bobTab = await signInThroughNewTab(page, context, BOB);
  await expect(bobTab.getByRole('heading', { name: 'Connected' })).toBeVisible();
  await bobTab.close();
  const table = page.getByRole('table', { name: 'Connections' });
  const bobRow = table.getByRole('row', { name: /bob@globex\.test/ });
  await bobRow.getByRole('button', { name: 'More actions for bob@globex.test' }).click();
  await page.getByRole('menuitem', { name: /Revoke/ }).click();
  await page.getByRole('alertdialog').getByRole('button', { name: 'Revoke connection' }).click();
  await expect(bobRow).toContainText('Revoked');
  await expect(bobRow).not.toContainText('HTTP');
  await reauthorizeThroughNewTab(page, context, BOB.email, BOB.password);
  await expect(bobRow).toContainText('Connected');

  // Generate a key (copied), revoke it; turn the local API on and off.
  await page.getByRole('tab', { name: /API Keys/ }).click();
  await page.getByRole('button', { name: 'Generate API key' }).click();
  const dialog = page.getByRole('dialog', { name: 'Generate API key' });
  await dialog.getByLabel(/API Key Name/).fill('Nightly sync');
  await dialog.getByRole('button', { name: 'Generate' }).click();
  const reveal = page.getByRole('dialog', { name: 'Copy your API key now' });
  // Escape before copying asks first; the value is still there.
  await expect(reveal.getByRole('textbox', { name: 'API key', exact: true })).toHaveValue(/^desk_sk_/);
  await page.keyboard.press('Escape');
  await expect(reveal.getByText('Close without copying?')).toBeVisible();
  await reveal.getByRole('button', { name: 'Go back' }).click();
  await reveal.getByRole('button', { name: 'Copy API key' }).click();
  await reveal.getByRole('button', { name: 'Done' }).click();
  await expect(reveal).toBeHidden();
  await page.getByRole('button', { name: 'Revoke Nightly sync' }).click();
  await page.getByRole('alertdialog').getByRole('button', { name: 'Revoke key' }).click();
  await expect(page.getByRole('row', { name: /Nightly sync/ })).toContainText('Revoked');
  await page.getByRole('checkbox', { name: /Hide revoked/ }).click();
  await expect(page.getByRole('row', { name: /Nightly sync/ })).toHaveCount(0);
  await page.getByRole('button', { name: /Local API settings \(off\)/ }).click();
  const settings = page.getByRole('dialog', { name: 'Local API' });
  await settings.getByRole('switch', { name: 'Local API' }).click();
  await expect(settings.getByText(/On · http:\/\/127\.0\.0\.1:\d+/)).toBeVisible();
  await settings.getByRole('switch', { name: 'Local API' }).click();
  await expect(settings.getByText(/On · /)).toHaveCount(0);
  await settings.getByRole('button', { name: 'Close' }).click();

  // One Verify, one entry.
  await page.getByRole('button', { name: /Verify credentials/ }).click();
  await expect(page.locator('#verify-status')).toContainText('Credentials verified');

  await page.getByRole('tab', { name: /Activity/ }).click();
  const trail = page.getByRole('list', { name: 'Activity, newest first' });
  await expect(trail).toBeVisible();
  const filters = page.getByRole('tabpanel', { name: /Activity/ });
  const expectOnce = async (filter: string, kinds: string[]) => {
    await filters.getByRole('radio', { name: filter }).click();
    for (const kind of kinds) await expect(trail.locator(`[data-kind="${kind}"]`), `${filter}: ${kind}`).toHaveCount(1);
    const categories = await trail.locator('[data-category]').evaluateAll((items) => items.map((i) => i.getAttribute('data-category')));
    expect(new Set(categories).size).toBe(1);
  };
  await expectOnce('Connections', ['connection-connected', 'connection-revoked', 'connection-reauthorized']);
  await expectOnce('API keys', ['api-key-generated', 'api-key-revoked']);
  await expectOnce('Local API', ['local-api-enabled', 'local-api-disabled']);
  await filters.getByRole('radio', { name: 'Credentials' }).click();
  // configuredIntegration verified once through the contract, and once here: two entries, no more.
  await expect(trail.locator('[data-kind^="verification-"]')).toHaveCount(2);
  await expect(trail.locator('[data-kind="status-changed"]')).toHaveCount(0);
  await filters.getByRole('radio', { name: 'All' }).click();
  await expect(trail.getByText('You').first()).toBeVisible();
  expect(await page.content()).not.toContain(fixture.clients[0]!.clientSecret);
  await captureThemes(page, 'activity-trail', { tall: true });
  await expectNoSeriousViolations(page, 'activity trail');
});

test('acceptance 4: at 800×600 the list, detail and connections pages never scroll sideways', async ({ page, desk }) => {
  test.setTimeout(90_000);
  const { integrationId, aliceId } = await seeded(desk);
  await seedConnection(desk, fixture, integrationId, BOB);
  await call(desk, 'integrations.create', {
    name: 'Globex Sandbox with a rather long name that goes on', offeringId: 'salesforce-sandbox', clientId: 'globex', clientSecret: 'globex-secret', scopes: [],
  });
  await page.setViewportSize({ width: 800, height: 600 });
  await page.goto(desk.url);
  const noSideways = async (where: string) => {
    await page.waitForTimeout(150);
    const overflow = await page.evaluate(() =>
      Array.from(document.querySelectorAll<HTMLElement>('.content, .content *'))
        .filter((el) => {
          const style = getComputedStyle(el);
          return (style.overflowX === 'auto' || style.overflowX === 'scroll' || el.classList.contains('content')) && el.scrollWidth > el.clientWidth + 1;
        })
        .map((el) => `${el.className} ${el.scrollWidth}>${el.clientWidth}`),
    );
    expect(overflow, where).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), where).toBe(true);
  };
  // The sidebar keeps only its icons; banners take one line.
  await expect(page.getByRole('row', { name: /Acme Sales Cloud/ })).toBeVisible();
  expect((await page.locator('.sidebar').boundingBox())!.width).toBeLessThan(80);
  for (const banner of await page.locator('.banners > .banner').all()) expect((await banner.boundingBox())!.height).toBeLessThan(52);
  // The list keeps its key column (the name) and the status.
  await expect(page.getByRole('row', { name: /Acme Sales Cloud/ }).getByRole('gridcell').first()).toBeVisible();
  await noSideways('list');
  await captureThemes(page, 'narrow-list');
  await navigateInApp(page, `/oauth/${integrationId}`);
  await expect(page.getByRole('heading', { name: 'Acme Sales Cloud', level: 1 })).toBeVisible();
  await noSideways('detail');
  await navigateInApp(page, `/oauth/${integrationId}?tab=connections`);
  await expect(page.getByRole('row', { name: /bob@globex\.test/ })).toBeVisible();
  await expect(page.getByRole('row', { name: /bob@globex\.test/ }).getByRole('link', { name: BOB.email })).toBeVisible();
  await noSideways('connections');
  await captureThemes(page, 'narrow-connections');
  await navigateInApp(page, `/oauth/${integrationId}/connections/${aliceId}`);
  await expect(page.getByRole('heading', { name: ALICE.email, level: 1 })).toBeVisible();
  await noSideways('connection');
  await navigateInApp(page, `/oauth/${integrationId}?tab=api-keys`);
  await noSideways('API keys');
  await navigateInApp(page, `/oauth/${integrationId}?tab=activity`);
  await noSideways('activity');
});

test('attention in the list: sub-statuses, the Needs attention filter, and a popover that closes like a menu', async ({ page, desk }) => {
  test.setTimeout(90_000);
  const { integrationId } = await seeded(desk);
  const rejected = await call<{ id: string }>(desk, 'integrations.create', {
    name: 'Globex Sandbox', offeringId: (await call<Array<{ id: string; loginUrl?: string }>>(desk, 'offerings.list')).find((o) => o.loginUrl === fixture.issuer)!.id,
    clientId: fixture.clients[0]!.clientId, clientSecret: 'not-the-secret', scopes: [],
  });
  await call(desk, 'integrations.verify', { id: rejected.id });
  await call(desk, 'integrations.create', { name: 'Initech', offeringId: 'salesforce-production', clientId: 'x', clientSecret: 'y', scopes: [] });
  await page.goto(desk.url);
  await expect(page.getByRole('row', { name: /Globex Sandbox/ })).toContainText('Draft · credentials rejected');
  await expect(page.getByRole('row', { name: /Acme Sales Cloud/ })).toContainText('Its connection is healthy');
  await expect(page.getByRole('row', { name: /Initech/ })).toContainText('Draft · not verified yet');
  await page.getByRole('radio', { name: /Needs attention/ }).click();
  await expect(page.getByRole('row', { name: /Globex Sandbox/ })).toBeVisible();
  await expect(page.getByRole('row', { name: /Acme Sales Cloud/ })).toHaveCount(0);
  await captureThemes(page, 'integrations-attention');
  await expectNoSeriousViolations(page, 'list, needs attention');

  // The header's popover closes on Escape and on a click outside.
  const header = page.getByRole('banner', { name: 'Status' });
  await header.getByText(/Needs attention \(\d+\)/).click();
  const list = header.getByRole('list', { name: 'Needs attention' });
  await expect(list).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(list).toBeHidden();
  await header.getByText(/Needs attention \(\d+\)/).click();
  await expect(list).toBeVisible();
  await page.mouse.click(700, 560);
  await expect(list).toBeHidden();

  // A stale "rejected" goes once the secret changes; Verify waits for unsaved credentials.
  await navigateInApp(page, `/oauth/${rejected.id}`);
  await expect(page.locator('#verify-status')).toContainText('Credentials rejected');
  await page.getByLabel('New Client Secret').fill(`  ${fixture.clients[0]!.clientSecret} `);
  await expect(page.getByText(/Spaces at the start or end/)).toBeVisible();
  await expect(page.locator('.verify > button').first()).toBeDisabled();
  await expect(page.getByText('Save changes to verify them')).toBeVisible();
  // Leaving with the unsaved secret asks first.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Offerings' }).click();
  await expect(page.getByRole('alertdialog', { name: 'Leave without saving?' })).toBeVisible();
  await page.getByRole('button', { name: 'Stay on this page' }).click();
  await page.getByRole('button', { name: 'Replace secret' }).click();
  await expect(page.locator('#verify-status')).not.toContainText('Credentials rejected');
  await page.getByRole('button', { name: /Verify credentials/ }).click();
  await expect(page.locator('#verify-status')).toContainText('Credentials verified');
  expect(integrationId).toBeTruthy();
});

test('forms: every field’s problem in one pass, counters where there is a limit', async ({ page, desk }) => {
  await page.goto(desk.url);
  await navigateInApp(page, '/oauth/create');
  await page.getByLabel(/Integration Name/).fill('x'.repeat(120));
  await expect(page.locator('#integration-name-count')).toHaveText(/120 \/ 100/);
  await page.getByLabel(/Client Secret/).fill(' ');
  await page.getByRole('button', { name: 'Create Integration' }).click();
  await expect(page.locator('[data-field-error]')).toHaveCount(4);
  await expect(page.locator('#integration-name-error')).toContainText('at most 100 characters (it has 120)');
  await expect(page.locator('#client-secret-error')).toContainText('cannot be only spaces');
  await captureThemes(page, 'create-form-errors', { tall: true });
  // Cancel on a half-filled form asks before discarding it.
  await page.getByRole('link', { name: 'Cancel' }).click();
  await expect(page.getByRole('alertdialog', { name: 'Leave without saving?' })).toBeVisible();
  await page.getByRole('button', { name: 'Leave and discard' }).click();
  await expect(page).toHaveURL(/\/oauth$/);
});

test('the security notice can be dismissed for good; the sidebar keeps the state in view', async ({ page, desk }) => {
  await page.goto(desk.url);
  const notice = page.getByRole('region', { name: /Secrets are protected by a key file/ });
  await expect(notice).toBeVisible();
  await notice.getByRole('button', { name: 'Dismiss this notice for good' }).click();
  await expect(notice).toBeHidden();
  await page.reload();
  await expect(page.getByTestId('vault-chip')).toContainText('Key file');
  await expect(page.getByRole('region', { name: /Secrets are protected by a key file/ })).toBeHidden();
});
