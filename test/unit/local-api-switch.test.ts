import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import type { LocalApiStatus } from '../../preload/contract/api-key-models.js';
import type { Result } from '../../preload/contract/result.js';
import { createAppCore, type AppCore } from '../../main/core/app-core.js';
import { readConfig } from '../../main/core/config.js';
import { dispatch } from '../../main/core/ipc/dispatch.js';
import { createLogger } from '../../main/core/support/logger.js';
import { freePort } from '../support/connection-harness.js';

const cores: AppCore[] = [];
const blockers: net.Server[] = [];
afterEach(async () => {
  await Promise.all(cores.splice(0).map((c) => c.dispose()));
  await Promise.all(blockers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

/** A core on `dataDir` without `DESK_API_PORT`, so the saved port applies. */
async function openCore(dataDir: string): Promise<AppCore & { call<T>(channel: string, payload?: unknown): Promise<Result<T>> }> {
  const logger = createLogger({ level: 'silent', stream: new Writable({ write: (_c, _e, done) => done() }) });
  const config = readConfig({ DESK_DATA_DIR: dataDir, DESK_CALLBACK_PORT: String(await freePort()), DESK_VAULT_KEY_FILE: '1' });
  const core = await createAppCore({ config, logger, mode: 'browser' });
  cores.push(core);
  return { ...core, call: <T>(channel: string, payload?: unknown) => dispatch(core.handlers, channel, payload, { transport: 'browser' }, logger) as Promise<Result<T>> };
}

const reachable = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });

const profile = () => fs.mkdtempSync(path.join(os.tmpdir(), 'desk-local-api-'));

describe('the local API switch', () => {
  it('is off until turned on, then listens on 127.0.0.1 at the chosen port and stops when turned off', async () => {
    const core = await openCore(profile());
    const port = await freePort();
    const initial = await core.call<LocalApiStatus>('localApi.status');
    expect(initial).toMatchObject({ ok: true, value: { enabled: false, running: false, host: '127.0.0.1', port: 47616, rateLimitPerMinute: 100, portFromEnv: false } });

    const on = await core.call<LocalApiStatus>('localApi.setEnabled', { enabled: true, port });
    expect(on).toMatchObject({ ok: true, value: { enabled: true, running: true, port, baseUrl: `http://127.0.0.1:${port}` } });
    expect(await reachable(port)).toBe(true);
    const res = await fetch(`http://127.0.0.1:${port}/api/v1/connections`);
    expect(res.status).toBe(401);

    const off = await core.call<LocalApiStatus>('localApi.setEnabled', { enabled: false });
    expect(off).toMatchObject({ ok: true, value: { enabled: false, running: false, port } });
    expect(await reachable(port)).toBe(false);
  });

  it('starts with the app when it was left on', async () => {
    const dir = profile();
    const port = await freePort();
    const first = await openCore(dir);
    await first.call('localApi.setEnabled', { enabled: true, port });
    await first.dispose();
    expect(await reachable(port)).toBe(false);

    const second = await openCore(dir);
    expect(await second.call('localApi.status')).toMatchObject({ ok: true, value: { enabled: true, running: true, port } });
    expect(await reachable(port)).toBe(true);
  });

  it('reports a taken port (PORT_IN_USE) and saves nothing', async () => {
    const core = await openCore(profile());
    const blocker = net.createServer();
    blockers.push(blocker);
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const taken = (blocker.address() as net.AddressInfo).port;

    const refused = await core.call('localApi.setEnabled', { enabled: true, port: taken });
    expect(refused).toMatchObject({ ok: false, code: 'PORT_IN_USE' });
    expect(await core.call('localApi.status')).toMatchObject({ ok: true, value: { enabled: false, running: false } });
  });

  it('keeps serving on the old port when moved to a taken one', async () => {
    const core = await openCore(profile());
    const port = await freePort();
    await core.call('localApi.setEnabled', { enabled: true, port });
    const blocker = net.createServer();
    blockers.push(blocker);
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const taken = (blocker.address() as net.AddressInfo).port;

    expect(await core.call('localApi.setEnabled', { enabled: true, port: taken })).toMatchObject({ ok: false, code: 'PORT_IN_USE' });
    expect(await core.call('localApi.status')).toMatchObject({ ok: true, value: { enabled: true, running: true, port } });
    expect(await reachable(port)).toBe(true);
  });

  it('validates the port and the rate limit', async () => {
    const core = await openCore(profile());
    expect(await core.call('localApi.setEnabled', { enabled: true, port: 80 })).toMatchObject({ ok: false, code: 'VALIDATION' });
    expect(await core.call('localApi.setRateLimit', { perMinute: 0 })).toMatchObject({ ok: false, code: 'VALIDATION' });
    expect(await core.call('localApi.setRateLimit', { perMinute: 250 })).toMatchObject({ ok: true, value: { rateLimitPerMinute: 250 } });
  });
});
