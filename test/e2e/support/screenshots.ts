import fs from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';

export const SCREENSHOT_DIR = path.resolve('artifacts/screenshots');

/**
 * Writes `artifacts/screenshots/<name>-light.png` and `-dark.png`: the page as the OS themes it, with
 * animations settled, the caret hidden and the pointer parked outside, so two runs give comparable
 * pictures.
 *
 * `tall`: the app scrolls inside its content pane (the window never scrolls), so Playwright's
 * `fullPage` would still cut a long form; the viewport is grown to the pane's full height instead.
 */
export async function captureThemes(page: Page, name: string, options: { tall?: boolean } = {}): Promise<void> {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const original = page.viewportSize();
  await page.mouse.move(1, 799);
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    if (options.tall && original) {
      const needed = await page.evaluate(() => {
        const content = document.querySelector('.content');
        if (!content) return 0;
        return content.scrollHeight + content.getBoundingClientRect().top;
      });
      await page.setViewportSize({ width: original.width, height: Math.max(original.height, Math.ceil(needed)) });
    }
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}-${colorScheme}.png`), animations: 'disabled', caret: 'hide' });
    if (original) await page.setViewportSize(original);
  }
  await page.emulateMedia({ colorScheme: 'light' });
}
