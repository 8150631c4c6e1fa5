import fs from 'node:fs';
import { chromium } from '@playwright/test';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];

/**
 * Finds a Chromium to drive: `DESK_CHROMIUM`, Debian's `/usr/bin/chromium`, or Playwright's own build
 * where `npx playwright install chromium` worked. Throws with instructions when there is none.
 */
export function findChromium(): string {
  const fromEnv = process.env.DESK_CHROMIUM;
  if (fromEnv && fs.existsSync(fromEnv)) return fromEnv;
  for (const candidate of CANDIDATES) if (fs.existsSync(candidate)) return candidate;
  try {
    const bundled = chromium.executablePath();
    if (bundled && fs.existsSync(bundled)) return bundled;
  } catch {
    // Playwright has no browser of its own here.
  }
  throw new Error(
    'No Chromium found. Install one: `sudo apt-get install chromium` (Debian/Ubuntu), or `npx playwright install chromium`, or set DESK_CHROMIUM to a Chromium binary.',
  );
}

/** Launch options for a headless Chromium that makes no network calls of its own. */
export function chromiumLaunchOptions() {
  return {
    executablePath: findChromium(),
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-dev-shm-usage',
    ],
  };
}
