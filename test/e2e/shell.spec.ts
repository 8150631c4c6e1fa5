import { expect, test } from './support/desk-app.js';

test('the printed URL opens the Integrations page with its empty state', async ({ page, desk }) => {
  expect(desk.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
  await page.goto(desk.url);
  await expect(page).toHaveURL(/\/oauth$/);
  await expect(page.getByRole('heading', { name: 'Integrations', level: 1 })).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Integrations' })).toBeVisible();
  await expect(page.getByText('No integrations yet')).toBeVisible();
  await page.getByRole('link', { name: 'Add Integration' }).first().click();
  await expect(page).toHaveURL(/\/oauth\/create$/);
});

test('a page opened without the token is refused', async ({ page, desk }) => {
  const response = await page.goto(`${desk.origin}/oauth`);
  expect(response?.status()).toBe(401);
});
