// Store growth: start-up load time and the cost of persisting one token refresh with 100, 1,000 and
// 10,000 integrations (10 connections each), against a bare fs.writeFile + rename of the same record, and
// against the single-file layout that sharding replaced ("before").
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createAppCore } from '../main/core/app-core.js';
import { readConfig } from '../main/core/config.js';
import { connectionsDocSchema } from '../main/core/connections/connection-record.js';
import { vaultNamespace } from '../main/core/domain/integrations/integration-service.js';
import { LIST_HEAD_SIZE } from '../main/core/domain/integrations/list-head.js';
import { dispatch } from '../main/core/ipc/dispatch.js';
import type { IntegrationsPage } from '../preload/contract/models.js';
import { openJsonStore } from '../main/core/storage/json-store.js';
import { createRecoveryLog } from '../main/core/storage/recovery-log.js';
import { createLogger } from '../main/core/support/logger.js';
import { createNodeKeyCipher } from '../main/core/vault/node-key-cipher.js';
import { createVault } from '../main/core/vault/vault.js';
import { median, report, timed } from './report.js';
import { CONNECTIONS_PER_INTEGRATION, connection, seed } from './support/seed-profile.js';

const SIZES = [100, 1_000, 10_000];
const PERSIST_RUNS = 60;
const LOAD_RUNS = 3;
const bench = 'store-growth';
const pad = (n: number) => String(n).padStart(5, '0');
const integrationId = (i: number) => `int_${pad(i)}`;

async function measure(n: number) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `desk-bench-store-${n}-`));
  const seedMs = await timed(() => seed(dir, n));
  const logger = createLogger({ level: 'error' });
  const config = readConfig({ DESK_DATA_DIR: dir, DESK_VAULT_KEY_FILE: '1', DESK_CALLBACK_PORT: '1' });

  // Start-up: build the core, then the window's first rows. The first start after seeding has no list
  // head nor connection summaries yet (as after an upgrade, or a crash that came after a connection
  // write): it reads every integration and every shard once. The runs after it are the normal start-up
  // (issue 15), median of 3.
  const startup: number[] = [];
  const firstList: number[] = [];
  const wholeList: number[] = [];
  const firstTray: number[] = [];
  let upgradeStart = 0;
  for (let r = 0; r <= LOAD_RUNS; r++) {
    let core!: Awaited<ReturnType<typeof createAppCore>>;
    const coreMs = await timed(async () => (core = await createAppCore({ config, logger, mode: 'browser' })));
    // The window's first rows (issue 15: the first 100 by name, from the stored list head), then the
    // whole list it asks for right after them.
    const listMs = await timed(async () => {
      const result = await dispatch(core.handlers, 'integrations.firstPage', undefined, { transport: 'browser' }, logger);
      if (!result.ok || (result.value as IntegrationsPage).total !== n || (result.value as IntegrationsPage).rows.length !== Math.min(n, LIST_HEAD_SIZE)) {
        throw new Error('first page failed');
      }
    });
    const wholeMs = await timed(async () => {
      const result = await dispatch(core.handlers, 'integrations.list', undefined, { transport: 'browser' }, logger);
      if (!result.ok || (result.value as unknown[]).length !== n) throw new Error('list failed');
    });
    // What the desktop app does next at launch (the tray), and browser mode's header (status.headline).
    const trayMs = await timed(() => {
      if (core.status.model().status.level !== 'ok') throw new Error('unexpected tray status');
    });
    await core.dispose();
    if (r === 0) upgradeStart = coreMs + listMs + wholeMs + trayMs;
    else {
      startup.push(coreMs);
      firstList.push(listMs);
      wholeList.push(wholeMs);
      firstTray.push(trayMs);
    }
  }

  // Persisting one refresh: what the token refresher writes — the rotated refresh token, the access token
  // (vault, the integration's shard) and the connection record (the integration's connections shard).
  const recoveries = createRecoveryLog();
  const cipher = await createNodeKeyCipher({ dataDir: dir, forceKeyFile: true });
  const vault = createVault({ dir: path.join(dir, 'vault'), cipher, recoveries });
  const target = Math.floor(n / 2);
  const ns = vaultNamespace(integrationId(target));
  const shard = openJsonStore({ dir, name: `connections/${integrationId(target)}`, schema: connectionsDocSchema, defaults: { connections: [] }, version: 1, recoveries });
  const persist: number[] = [];
  const baseline: number[] = [];
  const bareFile = path.join(dir, 'bare-baseline.json');
  for (let r = 0; r < PERSIST_RUNS; r++) {
    const stamp = new Date(Date.now() + r).toISOString();
    persist.push(
      await timed(() => {
        vault.put(ns, `conn.con_${pad(target)}_3.refresh`, `rotated-${r}`.padEnd(90, 'r'));
        vault.put(ns, `conn.con_${pad(target)}_3.access`, `access-${r}`.padEnd(110, 'a'));
        shard.update((doc) => ({ connections: doc.connections.map((c) => (c.id.endsWith('_3') ? { ...c, lastRefreshedAt: stamp, expiresAt: stamp, updatedAt: stamp } : c)) }));
      }),
    );
    const record = JSON.stringify(shard.get());
    baseline.push(
      await timed(async () => {
        await fs.promises.writeFile(`${bareFile}.tmp`, record);
        await fs.promises.rename(`${bareFile}.tmp`, bareFile);
      }),
    );
  }
  fs.rmSync(dir, { recursive: true, force: true });
  return { seedMs, upgradeStart, startup: median(startup), firstList: median(firstList), wholeList: median(wholeList), firstTray: median(firstTray), persist: median(persist), baseline: median(baseline) };
}

/** The layout sharding replaced: every connection in one file, rewritten atomically on each refresh. */
async function singleFile(n: number): Promise<number> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `desk-bench-single-${n}-`));
  const store = openJsonStore({ dir, name: 'connections', schema: connectionsDocSchema, defaults: { connections: [] }, version: 1, recoveries: createRecoveryLog() });
  store.set({ connections: Array.from({ length: n }, (_, i) => Array.from({ length: CONNECTIONS_PER_INTEGRATION }, (_, j) => connection(i, j))).flat() });
  const runs: number[] = [];
  const target = `con_${pad(Math.floor(n / 2))}_3`;
  for (let r = 0; r < (n >= 10_000 ? 5 : 20); r++) {
    const stamp = new Date(Date.now() + r).toISOString();
    runs.push(await timed(() => store.update((doc) => ({ connections: doc.connections.map((c) => (c.id === target ? { ...c, updatedAt: stamp } : c)) }))));
  }
  fs.rmSync(dir, { recursive: true, force: true });
  return median(runs);
}

const results = new Map<number, Awaited<ReturnType<typeof measure>>>();
for (const n of SIZES) {
  const r = await measure(n);
  results.set(n, r);
  console.log(`${n} integrations: seeded in ${r.seedMs.toFixed(0)} ms; start-up ${r.startup.toFixed(1)} ms + first rows ${r.firstList.toFixed(1)} ms, then the whole list ${r.wholeList.toFixed(1)} ms and the tray ${r.firstTray.toFixed(1)} ms (first start without summaries, list and tray: ${r.upgradeStart.toFixed(0)} ms); persist one refresh ${r.persist.toFixed(2)} ms (bare writeFile+rename ${r.baseline.toFixed(2)} ms)`);
  report({ bench, metric: `start-up load @${n}`, value: r.startup + r.firstList, unit: 'ms' });
  report({ bench, metric: `  of which the first rows (integrations.firstPage) @${n}`, value: r.firstList, unit: 'ms' });
  report({ bench, metric: `then the whole integrations.list @${n}`, value: r.wholeList, unit: 'ms' });
  report({ bench, metric: `then the first tray summary @${n} (${n * CONNECTIONS_PER_INTEGRATION} connections)`, value: r.firstTray, unit: 'ms' });
  report({ bench, metric: `first start without summaries (upgrade, crash) @${n}`, value: r.upgradeStart, unit: 'ms' });
  report({ bench, metric: `persist one refresh @${n}`, value: r.persist, unit: 'ms' });
  report({ bench, metric: `bare writeFile+rename @${n}`, value: r.baseline, unit: 'ms' });
}
const ratio = results.get(10_000)!.persist / results.get(100)!.persist;
report({ bench, metric: 'persist ratio 10k / 100', value: ratio, unit: '×', target: '≤ 3×', met: ratio <= 3 });
const startupRatio = (results.get(10_000)!.startup + results.get(10_000)!.firstList) / (results.get(100)!.startup + results.get(100)!.firstList);
report({ bench, metric: 'start-up ratio 10k / 100', value: startupRatio, unit: '×', target: '≤ 3×', met: startupRatio <= 3 });
const listRatio = results.get(10_000)!.firstList / results.get(100)!.firstList;
report({ bench, metric: 'first-rows ratio 10k / 100', value: listRatio, unit: '×' });
for (const n of [100, 10_000]) {
  const before = await singleFile(n);
  console.log(`single-file layout (before sharding), ${n} integrations: persist one refresh ${before.toFixed(2)} ms`);
  report({ bench, metric: `before (single file) persist @${n}`, value: before, unit: 'ms' });
}
