import type { Page } from '@playwright/test';

/**
 * Moves the open app to `path` (e.g. `/oauth/int_…?tab=activity`) the way an in-app link does: a
 * history entry and a popstate that React Router follows. No page load.
 *
 * Why not `page.goto(origin + path)`: electron-vite forces `base: './'` on production renderer builds
 * (its renderer preset overrides the config's `base: '/'`), so the built index.html asks for
 * `./assets/…`, which a deep route such as `/oauth/create` resolves to `/oauth/assets/…` (a 404). A
 * reload on a deep route is therefore broken until the build config is fixed; tests open the launch
 * URL once and navigate inside the app.
 */
export async function navigateInApp(page: Page, path: string): Promise<void> {
  await page.evaluate((target) => {
    window.history.pushState(null, '', target);
    window.dispatchEvent(new PopStateEvent('popstate'));
  }, path);
}
