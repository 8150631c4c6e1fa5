import { defineConfig } from '@playwright/test';
import { chromiumLaunchOptions } from './test/e2e/support/find-chromium.js';

// Browser mode started by a test (and everything it spawns) must never open the system browser.
process.env.DESK_NO_OPEN = '1';

export default defineConfig({
  testDir: 'test/e2e',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 2,
  retries: 0,
  reporter: [['list'], ['json', { outputFile: 'test-results/playwright.json' }]],
  outputDir: 'test-results/playwright',
  use: {
    launchOptions: chromiumLaunchOptions(),
    viewport: { width: 1280, height: 800 },
    trace: 'retain-on-failure',
  },
});
