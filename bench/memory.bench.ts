// Memory: the app core's resident set size with 10,000 integrations and 100,000 connections, measured in
// a fresh process (`--expose-gc`, after a full collection): right after start-up and the first
// integrations list, and once every connection has been loaded (a list of all connections and the tray
// summary, what an admin's "all connections" view and the tray ask for). Baseline: the same process
// with nothing loaded.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { report } from './report.js';
import { CONNECTIONS_PER_INTEGRATION, seed } from './support/seed-profile.js';

const bench = 'memory';
const INTEGRATIONS = Number(process.env.MEMORY_INTEGRATIONS ?? 10_000);
const LIMIT_MB = 300;

if (process.argv[2] === '--measure') {
  // The measured process: nothing else loaded but the core.
  const [{ createAppCore }, { readConfig }, { dispatch }, { createLogger }] = await Promise.all([
    import('../main/core/app-core.js'),
    import('../main/core/config.js'),
    import('../main/core/ipc/dispatch.js'),
    import('../main/core/support/logger.js'),
  ]);
  const rss = () => {
    (globalThis as { gc?: () => void }).gc?.();
    return process.memoryUsage().rss / 2 ** 20;
  };
  const baseline = rss();
  const logger = createLogger({ level: 'error' });
  const config = readConfig({ DESK_DATA_DIR: process.argv[3]!, DESK_VAULT_KEY_FILE: '1', DESK_CALLBACK_PORT: '1' });
  const core = await createAppCore({ config, logger, mode: 'browser' });
  const call = async (channel: string, payload?: unknown) => {
    const result = await dispatch(core.handlers, channel, payload, { transport: 'browser' }, logger);
    if (!result.ok) throw new Error(`${channel}: ${result.message}`);
    return result.value as unknown[];
  };
  // Only the counts are kept: the views themselves are the caller's (the window's), not the core's.
  const integrations = (await call('integrations.list')).length;
  const afterList = rss();
  const connections = (await call('connections.list', {})).length;
  core.status.model();
  const afterAll = rss();
  await core.dispose();
  process.stdout.write(`${JSON.stringify({ baseline, afterList, afterAll, integrations, connections })}\n`);
  process.exit(0);
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'desk-bench-memory-'));
try {
  await seed(dir, INTEGRATIONS);
  const measure = () => {
    const run = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', 'bench/memory.bench.ts', '--measure', dir], { encoding: 'utf8', env: { ...process.env, DESK_VAULT_KEY_FILE: '1' } });
    if (run.status !== 0) throw new Error(`measuring process failed: ${run.stderr}`);
    return JSON.parse(run.stdout.trim().split('\n').at(-1)!) as { baseline: number; afterList: number; afterAll: number; integrations: number; connections: number };
  };
  // First start after an upgrade (no summaries yet: the first list reads every shard), then a normal one.
  const first = measure();
  const normal = measure();
  const total = INTEGRATIONS * CONNECTIONS_PER_INTEGRATION;
  console.log(`${normal.integrations} integrations, ${normal.connections} connections listed: RSS ${normal.baseline.toFixed(0)} MB before the core, ${normal.afterList.toFixed(0)} MB after start-up + first list (first start after upgrade: ${first.afterList.toFixed(0)} MB), ${normal.afterAll.toFixed(0)} MB with every connection loaded`);
  report({ bench, metric: 'RSS, process before the core (Node + the tsx loader)', value: normal.baseline, unit: 'MB' });
  report({ bench, metric: `RSS after start-up + first list @${INTEGRATIONS.toLocaleString('en')} integrations`, value: normal.afterList, unit: 'MB' });
  report({ bench, metric: `RSS with all ${total.toLocaleString('en')} connections loaded`, value: normal.afterAll, unit: 'MB', target: `≤ ${LIMIT_MB} MB`, met: normal.afterAll <= LIMIT_MB });
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
