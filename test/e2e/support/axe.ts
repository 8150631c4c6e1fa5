import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect } from '@playwright/test';

/**
 * axe-core on the page (or, for a modal popup, on `within`) in the light and the dark theme, expecting
 * no serious or critical violation. `within` scans a popup (dialog, open dropdown) itself: Radix marks
 * everything outside it `aria-hidden` and traps focus inside, and axe's aria-hidden-focus rule cannot
 * see the trap, so a whole-page scan would report every link behind the overlay. `AXE_VERBOSE=1` prints
 * every violation.
 */
export async function expectNoSeriousViolations(page: Page, label: string, within?: string): Promise<void> {
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    // The theme's colours change through CSS transitions (buttons: 120 ms): scanned mid-way, on a busy
    // machine, axe measured the contrast of colours half light, half dark. Scan once the running ones
    // have ended (at most a second: a transition that is not running, say on a hidden element, may never).
    await page.evaluate(() => {
      const running = document.getAnimations().filter((a) => a.constructor.name === 'CSSTransition' && a.playState === 'running');
      return Promise.race([Promise.all(running.map((a) => a.finished.catch(() => undefined))), new Promise((resolve) => setTimeout(resolve, 1_000))]);
    });
    const builder = new AxeBuilder({ page });
    if (within) builder.include(within);
    const results = await builder.analyze();
    if (process.env.AXE_VERBOSE) console.log(label, colorScheme, results.violations.map((v) => `${v.impact} ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`));
    const serious = results.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.slice(0, 5).map((n) => `${n.target.join(' ')}: ${n.failureSummary ?? ''}`) }));
    expect(serious, `${label} (${colorScheme})`).toEqual([]);
  }
  await page.emulateMedia({ colorScheme: 'light' });
}
