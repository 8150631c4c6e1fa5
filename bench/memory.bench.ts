// Memory: the app core's resident set size with 10,000 integrations and 100,000 connections, measured in
// a fresh process (`--expose-gc`, after a full collection): right after start-up and the first
// integrations list, and once every connection has been loaded (a list of all connections and the tray
// summary, what an admin's "all connections" view and the tray ask for). Baseline: the same process
// with nothing loaded.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loopbackRequest } from '../test/support/loopback-request.js';
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
  // Only the counts are kept: the views themselves are the caller's (the window's), not the core's. A
  // function of its own, so that no stack slot of this module keeps the 100,000 views alive.
  const count = async (channel: string, payload?: unknown) => (await call(channel, payload)).length;
  const integrations = await count('integrations.list');
  const afterList = rss();
  const connections = await count('connections.list', {});
  core.status.model();
  const afterAll = rss();
  await core.dispose();
  process.stdout.write(`${JSON.stringify({ baseline, afterList, afterAll, integrations, connections })}\n`);
  process.exit(0);
}

/**
 * The built app as it ships (browser mode's `out/main/web.js` on plain Node: no tsx, no source maps of
 * the TypeScript sources), on the same profile: start-up, the first list, every connection listed and the
 * tray summary, asked over its own HTTP contract (the printed link's token as `X-Desk-Token`); its RSS
 * is read from /proc. Linux only; needs `npx electron-vite build`.
 */
async function measureBuiltApp(dataDir: string): Promise<{ rssMb: number; afterListMb: number; peakMb: number; connections: number } | undefined> {
  if (process.platform !== 'linux' || !fs.existsSync('out/main/web.js')) return undefined;
  const child = spawn(process.execPath, ['out/main/web.js'], {
    env: { ...process.env, DESK_DATA_DIR: dataDir, DESK_VAULT_KEY_FILE: '1', DESK_NO_OPEN: '1', DESK_WEB_PORT: '0', DESK_CALLBACK_PORT: '1' },
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  try {
    const url = await new Promise<URL>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const match = /running at (\S+)/.exec(out);
        if (match) resolve(new URL(match[1]!));
      });
      child.on('exit', (code) => reject(new Error(`the built app exited (${code}) before printing its link`)));
    });
    const token = url.searchParams.get('token') ?? '';
    const call = async (channel: string, payload?: unknown) => {
      const reply = await loopbackRequest(`${url.origin}/api/rpc/${channel}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-desk-token': token, origin: url.origin },
        body: payload === undefined ? '' : JSON.stringify(payload),
      });
      const result = JSON.parse(reply.body) as { ok: boolean; value?: unknown[]; message?: string };
      if (!result.ok) throw new Error(`${channel}: ${result.message}`);
      return result.value ?? [];
    };
    const memory = () => {
      const status = fs.readFileSync(`/proc/${child.pid}/status`, 'utf8');
      const mb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? NaN) / 1024;
      return { rss: mb('VmRSS'), peak: mb('VmHWM') };
    };
    await call('integrations.list');
    const afterListMb = memory().rss;
    const connections = (await call('connections.list', {})).length;
    await call('status.summary');
    // The RSS once the work is answered, and its high-water mark while answering (a peak that a later
    // collection hid would otherwise go unseen).
    const { rss, peak } = memory();
    return { rssMb: rss, afterListMb, peakMb: peak, connections };
  } finally {
    child.kill('SIGTERM');
  }
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
  report({ bench, metric: `RSS with all ${total.toLocaleString('en')} connections loaded (core under tsx)`, value: normal.afterAll, unit: 'MB' });
  report({ bench, metric: `the core's share (with all loaded − before the core)`, value: normal.afterAll - normal.baseline, unit: 'MB' });
  const built = await measureBuiltApp(dir);
  if (built) {
    console.log(`The built app (out/main/web.js, plain Node): RSS ${built.afterListMb.toFixed(0)} MB after start-up + first list, ${built.rssMb.toFixed(0)} MB with ${built.connections} connections listed (peak ${built.peakMb.toFixed(0)} MB)`);
    report({ bench, metric: `RSS of the built app after start-up + first list @${INTEGRATIONS.toLocaleString('en')} integrations`, value: built.afterListMb, unit: 'MB' });
    report({ bench, metric: `peak RSS of the built app (VmHWM) while listing all ${total.toLocaleString('en')} connections`, value: built.peakMb, unit: 'MB' });
    report({ bench, metric: `RSS of the built app with all ${total.toLocaleString('en')} connections loaded`, value: built.rssMb, unit: 'MB', target: `≤ ${LIMIT_MB} MB`, met: built.rssMb <= LIMIT_MB });
  } else {
    report({ bench, metric: `RSS with all ${total.toLocaleString('en')} connections loaded`, value: normal.afterAll, unit: 'MB', target: `≤ ${LIMIT_MB} MB`, met: normal.afterAll <= LIMIT_MB });
  }
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
