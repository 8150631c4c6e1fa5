import { call } from './support/desk-calls.js';
import { expect, test } from './support/desk-app.js';

/**
 * Issue 15: at start-up the window shows the first rows by name (`integrations.firstPage`, a small
 * stored page) before the whole list has arrived, says so, and then shows every integration. Here the
 * whole list is held back until the first rows have been checked.
 */
const COUNT = 150;

test('the list shows its first rows while the whole list is on its way, then every integration', async ({ page, desk }) => {
  for (let i = 0; i < COUNT; i += 1) {
    await call(desk, 'integrations.create', { name: `Integration ${i}`, offeringId: 'salesforce-production', clientId: `client-${i}`, clientSecret: `secret-${i}`, scopes: [] });
  }
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route('**/api/rpc/integrations.list', async (route) => {
    await held;
    await route.continue();
  });

  await page.goto(desk.url);
  const grid = page.getByRole('grid');
  // The first 100 by name ("Integration 0" … "Integration 99", numbers compared as numbers).
  await expect(page.getByRole('status').filter({ hasText: `First 100 of ${COUNT} by name, loading the rest…` })).toBeVisible();
  await expect(grid).toHaveAttribute('aria-rowcount', String(100 + 1));
  await expect(page.getByRole('row', { name: /^Integration 0\b/ })).toBeVisible();
  // The status filter's counts are of every integration: not shown from the first rows.
  await expect(page.getByRole('radiogroup', { name: 'Filter by status' })).not.toContainText('100');

  release();
  await expect(page.getByRole('status').filter({ hasText: `${COUNT} integrations` })).toBeVisible();
  await expect(grid).toHaveAttribute('aria-rowcount', String(COUNT + 1));
  await page.getByLabel('Search integrations by name').fill('Integration 149');
  await expect(page.getByRole('row', { name: /^Integration 149\b/ })).toBeVisible();
});

test('the first rows are the first thing the page asks of main (before the header’s status, which reads every integration)', async ({ page, desk }) => {
  await call(desk, 'integrations.create', { name: 'Acme', offeringId: 'salesforce-production', clientId: 'client-acme', clientSecret: 'secret-acme', scopes: [] });
  const asked: string[] = [];
  page.on('request', (request) => {
    const match = /\/api\/rpc\/([^?]+)/.exec(request.url());
    if (match) asked.push(decodeURIComponent(match[1]!));
  });
  await page.goto(desk.url);
  await expect(page.getByRole('row', { name: /^Acme\b/ })).toBeVisible();
  await expect.poll(() => asked.includes('status.headline')).toBe(true);
  // Main answers in order: whatever is asked first is computed first.
  expect(asked[0]).toBe('integrations.firstPage');
});
