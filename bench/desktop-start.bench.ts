// Desktop cold start: the built Electron main process (out/main/index.js) over the Electron double,
// from process launch to the window showing its page, then to the first rows and the whole
// `integrations.list` answered to that window, and to the tray (built from the status summary after the
// window, issue 15); with an empty profile, with 1,000 integrations made through the app itself, and with
// the profile of 10,000 integrations × 10 connections (issue 15: the tray once read every connection at
// launch, and until its fifth pass was built before the window showed).
// Needs `npx electron-vite build` first (npm test and npm run build do it). `DESK_ELECTRON_MAIN` runs
// another build (e.g. an older commit's, for a before-figure).
import fs from 'node:fs';
import type { Offering } from '../preload/contract/models.js';
import { freePort } from '../test/support/connection-harness.js';
import { BUILT_MAIN, freshDir, launchDesktopApp, valueOf, type DesktopApp } from '../test/support/desktop-app.js';
import { median, report } from './report.js';
import { CONNECTIONS_PER_INTEGRATION, seed } from './support/seed-profile.js';

const bench = 'desktop-start';
const RUNS = 5;
const SEEDED = 1_000;
const LARGE = Number(process.env.DESK_START_LARGE ?? 10_000);

if (!fs.existsSync(BUILT_MAIN)) {
  console.error(`${BUILT_MAIN} is missing: run npx electron-vite build first.`);
  process.exit(1);
}

/**
 * Launch, then what the window asks for first: the first rows (issue 15), then the whole list. The tray
 * is waited for alongside (polled every 20 ms in the app's process, as the window is).
 */
async function start(dataDir: string): Promise<{ app: DesktopApp; windowMs: number; rowsMs: number; listMs: number; trayMs: number }> {
  const begin = performance.now();
  const app = launchDesktopApp({ env: { DESK_DATA_DIR: dataDir, DESK_CALLBACK_PORT: String(await freePort()), DESK_API_PORT: String(await freePort()) } });
  const tray = app.command({ op: 'waitForTray' }).then(() => performance.now() - begin);
  await app.window();
  const windowMs = performance.now() - begin;
  valueOf(await app.invoke('integrations.firstPage'));
  const rowsMs = performance.now() - begin;
  valueOf(await app.invoke('integrations.list'));
  const listMs = performance.now() - begin;
  return { app, windowMs, rowsMs, listMs, trayMs: await tray };
}

async function measure(label: string, dataDir: string): Promise<void> {
  const windows: number[] = [];
  const rows: number[] = [];
  const lists: number[] = [];
  const trays: number[] = [];
  for (let run = 0; run < RUNS; run += 1) {
    const { app, windowMs, rowsMs, listMs, trayMs } = await start(dataDir);
    windows.push(windowMs);
    rows.push(rowsMs);
    lists.push(listMs);
    trays.push(trayMs);
    await app.quit();
  }
  report({ bench, metric: `launch → window shown, ${label}`, value: median(windows), unit: 'ms' });
  report({ bench, metric: `launch → first rows (integrations.firstPage), ${label}`, value: median(rows), unit: 'ms' });
  report({ bench, metric: `launch → first integrations.list, ${label}`, value: median(lists), unit: 'ms' });
  report({ bench, metric: `launch → tray shown, ${label}`, value: median(trays), unit: 'ms' });
}

const empty = freshDir('desk-bench-start-');
await measure('empty profile', empty);

const seeded = freshDir('desk-bench-start-');
{
  const { app } = await start(seeded);
  const offering = valueOf<Offering[]>(await app.invoke('offerings.list'))[0]!;
  for (let i = 0; i < SEEDED; i += 1) {
    valueOf(await app.invoke('integrations.create', { name: `Integration ${i}`, offeringId: offering.id, clientId: `client-${i}`, clientSecret: `secret-${i}-0123456789`, scopes: ['api', 'refresh_token'] }));
  }
  await app.quit();
}
await measure(`${SEEDED.toLocaleString('en')} integrations`, seeded);

// The store-growth profile (its vault written with the browser-mode key, which the desktop app reads).
// The first launch computes the connection summaries from every shard (as after an upgrade); the
// measured ones find them.
const large = freshDir('desk-bench-start-');
await seed(large, LARGE);
await (await start(large)).app.quit();
await measure(`${LARGE.toLocaleString('en')} integrations × ${CONNECTIONS_PER_INTEGRATION} connections`, large);
for (const dir of [empty, seeded, large]) fs.rmSync(dir, { recursive: true, force: true });
