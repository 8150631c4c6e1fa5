import type { Page } from '@playwright/test';
import { expect, test } from './support/desk-app.js';

/**
 * Collects every Content-Security-Policy violation the page reports, both ways Chromium reports them: the
 * `securitypolicyviolation` DOM event (installed before any page script runs) and the console error.
 */
async function watchCspViolations(page: Page): Promise<() => Promise<string[]>> {
  const console: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) console.push(message.text());
  });
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __cspViolations: string[] }).__cspViolations = seen;
    document.addEventListener('securitypolicyviolation', (event) => {
      seen.push(`${event.effectiveDirective} blocked ${event.blockedURI || 'inline'} (${event.sample}) at ${event.sourceFile}:${event.lineNumber}:${event.columnNumber}`);
    });
  });
  return async () => [...console, ...(await page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations))];
}

test('a Radix dialog opens without any Content-Security-Policy violation', async ({ page, desk }) => {
  const violations = await watchCspViolations(page);
  await page.goto(desk.url);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Offerings' }).click();
  await page.getByRole('button', { name: 'Add offering' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add offering' });
  await expect(dialog).toBeVisible();
  // react-remove-scroll has injected its <style> element (it locks the page's scroll while the dialog is open).
  await expect(page.locator('head style')).not.toHaveCount(0);
  expect(await violations()).toEqual([]);
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();
  expect(await violations()).toEqual([]);
});

test('the page is served with a fresh style nonce on every load, and no unsafe-inline', async ({ page, desk }) => {
  const first = await page.goto(desk.url);
  const policy = first!.headers()['content-security-policy'] ?? '';
  expect(policy).not.toContain('unsafe-inline');
  expect(policy).toContain("script-src 'self';");
  const nonceOf = (csp: string) => /'nonce-([^']+)'/.exec(csp)?.[1];
  const nonce = nonceOf(policy);
  expect(nonce).toBeTruthy();
  // Where the renderer reads it (browsers hide the attribute's value, not the property's).
  expect(await page.evaluate(() => document.querySelector<HTMLMetaElement>('meta[property="csp-nonce"]')?.nonce)).toBe(nonce);
  const again = await page.reload();
  const next = nonceOf(again!.headers()['content-security-policy'] ?? '');
  expect(next).toBeTruthy();
  expect(next).not.toBe(nonce);
});
