// Store growth: start-up load time and the cost of persisting one token refresh with 100, 1,000 and
// 10,000 integrations (10 connections each), against a bare fs.writeFile + rename of the same record, and
// against the single-file layout that sharding replaced ("before").
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createAppCore } from '../main/core/app-core.js';
import { readConfig } from '../main/core/config.js';
import { connectionsDocSchema, type ConnectionRecord } from '../main/core/connections/connection-record.js';
import { integrationsDocSchema, type IntegrationRecord } from '../main/core/domain/integrations/integration-record.js';
import { vaultNamespace } from '../main/core/domain/integrations/integration-service.js';
import { dispatch } from '../main/core/ipc/dispatch.js';
import { openJsonStore } from '../main/core/storage/json-store.js';
import { createRecoveryLog } from '../main/core/storage/recovery-log.js';
import { createLogger } from '../main/core/support/logger.js';
import { createNodeKeyCipher } from '../main/core/vault/node-key-cipher.js';
import { createVault } from '../main/core/vault/vault.js';
import { median, report, timed } from './report.js';

const SIZES = [100, 1_000, 10_000];
const CONNECTIONS_PER_INTEGRATION = 10;
const PERSIST_RUNS = 60;
const LOAD_RUNS = 3;
const bench = 'store-growth';
const now = new Date().toISOString();
const pad = (n: number) => String(n).padStart(5, '0');
const integrationId = (i: number) => `int_${pad(i)}`;

function connection(i: number, j: number): ConnectionRecord {
  return {
    id: `con_${pad(i)}_${j}`,
    integrationId: integrationId(i),
    userEmail: `user${j}@org${i}.example`,
    userName: `User ${j}`,
    userId: `005${pad(i)}${pad(j)}AAA`,
    orgId: `00D${pad(i)}AAAAAA`,
    orgName: `Org ${i}`,
    instanceUrl: `https://org${i}.my.salesforce.com`,
    environment: 'production',
    status: 'connected',
    scopes: ['api', 'refresh_token'],
    tokenType: 'Bearer',
    connectedAt: now,
    lastActiveAt: now,
    expiresAt: now,
    expirySource: 'introspected',
    updatedAt: now,
  };
}

function integration(i: number): IntegrationRecord {
  return {
    id: integrationId(i), name: `Integration ${i}`, offeringId: 'salesforce-production', clientId: `client-${i}`,
    scopes: ['api', 'refresh_token'], status: 'configured', secretReplacedAt: now, createdAt: now, updatedAt: now,
  };
}

/** Seeds a profile: the real store and vault write the first shard of each kind; copies make the rest. */
async function seed(dir: string, n: number): Promise<void> {
  const recoveries = createRecoveryLog();
  openJsonStore({ dir, name: 'integrations', schema: integrationsDocSchema, defaults: { integrations: [] }, version: 1, recoveries })
    .set({ integrations: Array.from({ length: n }, (_, i) => integration(i)) });
  const cipher = await createNodeKeyCipher({ dataDir: dir, forceKeyFile: true });
  const vault = createVault({ dir: path.join(dir, 'vault'), cipher, recoveries });
  for (let i = 0; i < n; i++) {
    const shard = openJsonStore({ dir, name: `connections/${integrationId(i)}`, schema: connectionsDocSchema, defaults: { connections: [] }, version: 1, recoveries });
    if (i === 0) {
      shard.set({ connections: Array.from({ length: CONNECTIONS_PER_INTEGRATION }, (_, j) => connection(i, j)) });
      vault.put(vaultNamespace(integrationId(i)), 'clientSecret', 'seed-secret');
      for (let j = 0; j < CONNECTIONS_PER_INTEGRATION; j++) {
        vault.put(vaultNamespace(integrationId(i)), `conn.con_${pad(i)}_${j}.refresh`, `refresh-${j}`.padEnd(90, 'r'));
        vault.put(vaultNamespace(integrationId(i)), `conn.con_${pad(i)}_${j}.access`, `access-${j}`.padEnd(110, 'a'));
      }
      continue;
    }
    // Same bytes as the store would write, with this integration's ids (ciphertext stays valid: same key).
    const swap = (text: string) => text.replaceAll(pad(0), pad(i)).replaceAll('Org 0', `Org ${i}`).replaceAll('org0.', `org${i}.`).replaceAll('@org0', `@org${i}`);
    for (const [from, to] of [
      [`connections/int_${pad(0)}.json`, `connections/${integrationId(i)}.json`],
      [`connections/int_${pad(0)}.json.bak`, `connections/${integrationId(i)}.json.bak`],
      [`vault/integration-int_${pad(0)}.json`, `vault/integration-${integrationId(i)}.json`],
      [`vault/integration-int_${pad(0)}.json.bak`, `vault/integration-${integrationId(i)}.json.bak`],
    ] as const) {
      const source = path.join(dir, from);
      if (fs.existsSync(source)) fs.writeFileSync(path.join(dir, to), swap(fs.readFileSync(source, 'utf8')), { mode: 0o600 });
    }
  }
}

async function measure(n: number) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `desk-bench-store-${n}-`));
  const seedMs = await timed(() => seed(dir, n));
  const logger = createLogger({ level: 'error' });
  const config = readConfig({ DESK_DATA_DIR: dir, DESK_VAULT_KEY_FILE: '1', DESK_CALLBACK_PORT: '1' });

  // Start-up: build the core, then the first integrations list (which reads every connection shard for counts).
  const startup: number[] = [];
  const firstList: number[] = [];
  for (let r = 0; r < LOAD_RUNS; r++) {
    let core!: Awaited<ReturnType<typeof createAppCore>>;
    startup.push(await timed(async () => (core = await createAppCore({ config, logger, mode: 'browser' }))));
    firstList.push(
      await timed(async () => {
        const result = await dispatch(core.handlers, 'integrations.list', undefined, { transport: 'browser' }, logger);
        if (!result.ok || (result.value as unknown[]).length !== n) throw new Error('list failed');
      }),
    );
    await core.dispose();
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
  return { seedMs, startup: median(startup), firstList: median(firstList), persist: median(persist), baseline: median(baseline) };
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
  console.log(`${n} integrations: seeded in ${r.seedMs.toFixed(0)} ms; start-up ${r.startup.toFixed(1)} ms + first list ${r.firstList.toFixed(1)} ms; persist one refresh ${r.persist.toFixed(2)} ms (bare writeFile+rename ${r.baseline.toFixed(2)} ms)`);
  report({ bench, metric: `start-up load @${n}`, value: r.startup + r.firstList, unit: 'ms' });
  report({ bench, metric: `persist one refresh @${n}`, value: r.persist, unit: 'ms' });
  report({ bench, metric: `bare writeFile+rename @${n}`, value: r.baseline, unit: 'ms' });
}
const ratio = results.get(10_000)!.persist / results.get(100)!.persist;
report({ bench, metric: 'persist ratio 10k / 100', value: ratio, unit: '×', target: '≤ 3×', met: ratio <= 3 });
report({ bench, metric: 'start-up ratio 10k / 100', value: (results.get(10_000)!.startup + results.get(10_000)!.firstList) / (results.get(100)!.startup + results.get(100)!.firstList), unit: '×' });
for (const n of [100, 10_000]) {
  const before = await singleFile(n);
  console.log(`single-file layout (before sharding), ${n} integrations: persist one refresh ${before.toFixed(2)} ms`);
  report({ bench, metric: `before (single file) persist @${n}`, value: before, unit: 'ms' });
}
