import { expect, test } from './support/desk-app.js';

test('the printed URL opens the Integrations page with its empty state', async ({ page, desk }) => {
  expect(desk.url).toMatch(/^http:\/\/desk-[0-9a-f]{32}\.localhost:\d+\/oauth\?token=[\w-]{43}$/);
  await page.goto(desk.url);
  await expect(page).toHaveURL(/\/oauth$/);
  await expect(page.getByRole('heading', { name: 'Integrations', level: 1 })).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Integrations' })).toBeVisible();
  await expect(page.getByText('No integrations yet')).toBeVisible();
  await page.getByRole('link', { name: 'Add Integration' }).first().click();
  await expect(page).toHaveURL(/\/oauth\/create$/);
});

test('a page opened without the token is refused with a page saying where the link is', async ({ page, desk }) => {
  const response = await page.goto(`${desk.origin}/oauth`);
  expect(response?.status()).toBe(401);
  await expect(page.getByRole('heading', { name: 'Open the link from the terminal' })).toBeVisible();
  await expect(page.getByText('npm run web')).not.toHaveCount(0);
  expect(await page.content()).not.toContain(desk.token);
});

test('the favicon is served (no 404 on every page)', async ({ page, desk }) => {
  await page.goto(desk.url);
  const icon = await page.evaluate(async () => {
    const response = await fetch('/favicon.ico');
    return { status: response.status, type: response.headers.get('content-type') };
  });
  expect(icon).toEqual({ status: 200, type: 'image/png' });
});
