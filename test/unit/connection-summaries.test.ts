import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Integration } from '../../preload/contract/models.js';
import { createAppCore, type AppCore } from '../../main/core/app-core.js';
import { readConfig } from '../../main/core/config.js';
import { connectionsDocSchema, type ConnectionRecord } from '../../main/core/connections/connection-record.js';
import { integrationsDocSchema, type IntegrationRecord } from '../../main/core/domain/integrations/integration-record.js';
import { dispatch } from '../../main/core/ipc/dispatch.js';
import { openJsonStore } from '../../main/core/storage/json-store.js';
import { createRecoveryLog } from '../../main/core/storage/recovery-log.js';
import { createLogger } from '../../main/core/support/logger.js';
import { summarizeStatus } from '../../main/core/connections/status-summary.js';

/**
 * Issue 15: the integrations list shows each integration's connection count and last activity without
 * reading its connections, and those figures stay right across restarts, crashes and shards changed
 * behind the app's back.
 */
const T0 = '2026-11-01T10:00:00.000Z';
const dirs: string[] = [];
const cores: AppCore[] = [];
afterEach(async () => {
  for (const core of cores.splice(0)) await core.dispose().catch(() => undefined);
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

const integration = (i: number): IntegrationRecord => ({
  id: `int_${i}`, name: `Integration ${i}`, offeringId: 'salesforce-production', clientId: `client-${i}`,
  scopes: ['api', 'refresh_token'], status: 'configured', createdAt: T0, updatedAt: T0,
});
const connection = (i: number, j: number, lastActiveAt: string, status: ConnectionRecord['status'] = 'connected'): ConnectionRecord => ({
  id: `con_${i}_${j}`, integrationId: `int_${i}`, userEmail: `u${j}@org${i}.example`, userName: `U ${j}`, userId: `005${i}${j}`, orgId: `00D${i}`,
  instanceUrl: 'https://org.my.salesforce.com', environment: 'production', status, scopes: ['api'], tokenType: 'Bearer',
  connectedAt: T0, lastActiveAt, updatedAt: T0,
});

function profile(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'desk-summaries-'));
  dirs.push(dir);
  const recoveries = createRecoveryLog();
  openJsonStore({ dir, name: 'integrations', schema: integrationsDocSchema, defaults: { integrations: [] }, version: 1, recoveries })
    .set({ integrations: [integration(1), integration(2), integration(3)] });
  writeShard(dir, 1, [connection(1, 1, '2026-11-02T00:00:00.000Z'), connection(1, 2, '2026-11-03T00:00:00.000Z'), connection(1, 3, '2026-11-04T00:00:00.000Z', 'deleted')]);
  writeShard(dir, 2, [connection(2, 1, '2026-11-05T00:00:00.000Z')]);
  return dir;
}

function writeShard(dir: string, i: number, connections: ConnectionRecord[]): void {
  openJsonStore({ dir, name: `connections/int_${i}`, schema: connectionsDocSchema, defaults: { connections: [] }, version: 1, recoveries: createRecoveryLog() }).set({ connections });
}

async function start(dir: string): Promise<AppCore> {
  const config = readConfig({ DESK_DATA_DIR: dir, DESK_VAULT_KEY_FILE: '1', DESK_CALLBACK_PORT: '1' });
  const core = await createAppCore({ config, logger: createLogger({ level: 'error' }), mode: 'browser' });
  cores.push(core);
  return core;
}

async function figures(core: AppCore): Promise<Record<string, [number, string | undefined]>> {
  const result = await dispatch(core.handlers, 'integrations.list', undefined, { transport: 'browser' }, core.logger);
  if (!result.ok) throw new Error(result.message);
  return Object.fromEntries((result.value as Integration[]).map((i) => [i.id, [i.connectionCount, i.lastActivityAt]]));
}

const EXPECTED = {
  int_1: [2, '2026-11-04T00:00:00.000Z'],
  int_2: [1, '2026-11-05T00:00:00.000Z'],
  int_3: [0, T0],
};

async function stop(core: AppCore): Promise<void> {
  cores.splice(cores.indexOf(core), 1);
  await core.dispose();
}

/** A first run that lists the integrations and quits: the summaries are saved. */
async function firstRun(dir: string): Promise<void> {
  const core = await start(dir);
  await figures(core);
  await stop(core);
}

describe('connection figures in the integrations list (issue 15)', () => {
  it('are computed from the shards the first time, then read from the summaries without opening a shard', async () => {
    const dir = profile();
    const first = await start(dir);
    expect(await figures(first)).toEqual(EXPECTED);
    await stop(first);
    expect(fs.existsSync(path.join(dir, 'connection-summaries.json'))).toBe(true);

    const second = await start(dir);
    expect(await figures(second)).toEqual(EXPECTED);
    expect(second.connections.loadedIntegrationIds()).toEqual([]);
  });

  it('are recomputed from a shard changed after the summaries were written (restored, copied, another program)', async () => {
    const dir = profile();
    await firstRun(dir);
    writeShard(dir, 2, [connection(2, 1, '2026-11-05T00:00:00.000Z'), connection(2, 2, '2026-11-20T00:00:00.000Z')]);

    const next = await start(dir);
    expect(await figures(next)).toEqual({ ...EXPECTED, int_2: [2, '2026-11-20T00:00:00.000Z'] });
  });

  it('are right after a crash that came between a connection write and the summaries', async () => {
    const dir = profile();
    await firstRun(dir);
    const crashed = await start(dir);
    await figures(crashed);
    // A connection's activity is written; the app dies before its summaries are saved (no dispose).
    crashed.connections.bundleAccess.store.update('con_1_1', (c) => ({ ...c, lastActiveAt: '2026-11-30T00:00:00.000Z' }));
    cores.splice(cores.indexOf(crashed), 1);

    const next = await start(dir);
    expect(await figures(next)).toEqual({ ...EXPECTED, int_1: [2, '2026-11-30T00:00:00.000Z'] });
  });

  it('on a file system that stamps whole seconds, are not stamped within 2 s of a change (a later write could keep the stamp)', async () => {
    const dir = profile();
    await firstRun(dir);
    const core = await start(dir);
    await figures(core);
    core.connections.bundleAccess.store.update('con_2_1', (c) => ({ ...c, lastActiveAt: '2026-11-29T00:00:00.000Z' }));
    // As FAT/exFAT/HFS+ would stamp the write: the whole second (ctime still moves, as it would there).
    const second = new Date(Math.floor(Date.now() / 1000) * 1000);
    fs.utimesSync(path.join(dir, 'connections'), second, second);
    await stop(core);

    const next = await start(dir);
    expect(await figures(next)).toEqual({ ...EXPECTED, int_2: [1, '2026-11-29T00:00:00.000Z'] });
    // Not trusted: the figures were computed from the shards again.
    expect(next.connections.loadedIntegrationIds().length).toBeGreaterThan(0);
  });

  it('follow the app\'s own writes while it runs', async () => {
    const dir = profile();
    const core = await start(dir);
    await figures(core);
    core.connections.bundleAccess.store.update('con_2_1', (c) => ({ ...c, status: 'deleted', lastActiveAt: '2026-11-29T00:00:00.000Z' }));
    expect(await figures(core)).toEqual({ ...EXPECTED, int_2: [0, '2026-11-29T00:00:00.000Z'] });
  });
});

describe('the tray\'s status figures (issue 15)', () => {
  const DAY = 24 * 60 * 60_000;
  /** A profile whose connections need attention in every way the tray shows. */
  function troubled(): { dir: string; records: ConnectionRecord[] } {
    const dir = profile();
    const records = [
      { ...connection(1, 1, T0), expiresAt: '2030-01-01T02:00:00.000Z', expirySource: 'introspected' as const },
      { ...connection(1, 2, T0), expiresAt: '2030-01-01T01:00:00.000Z', expirySource: 'assumed' as const, refreshProblem: { at: T0, message: 'HTTP 503' } },
      { ...connection(1, 3, T0, 'expired'), statusReason: 'invalid_grant' },
      connection(1, 4, T0, 'revoked'),
      connection(1, 5, T0, 'deleted'),
      { ...connection(2, 1, T0), expiresAt: '2030-01-01T00:30:00.000Z', expirySource: 'from provider' as const },
      connection(2, 2, T0, 'moved'),
    ];
    writeShard(dir, 1, records.filter((c) => c.integrationId === 'int_1'));
    writeShard(dir, 2, records.filter((c) => c.integrationId === 'int_2'));
    return { dir, records };
  }
  const integrations = [integration(1), integration(2), integration(3)];

  it('are kept across a restart: the summary and the notable connections read no shard', async () => {
    const { dir, records } = troubled();
    const first = await start(dir);
    const expected = summarizeStatus({ integrations, connections: records });
    expect(expected.level).toBe('attention');
    expect(first.connections.summary()).toEqual(expected);
    await stop(first);

    const second = await start(dir);
    expect(second.connections.summary()).toEqual(expected);
    expect(second.connections.notifiable().connections.map((c) => [c.id, c.status]).sort()).toEqual([
      ['con_1_2', 'connected'],
      ['con_1_3', 'expired'],
      ['con_1_4', 'revoked'],
    ]);
    expect(second.status.model().tooltip).toContain('need');
    expect(second.connections.loadedIntegrationIds()).toEqual([]);
  });

  it('follow a connection that turns expired while the app runs', async () => {
    const { dir } = troubled();
    const core = await start(dir);
    core.connections.bundleAccess.store.update('con_2_1', (c) => ({ ...c, status: 'expired', statusReason: 'Expired: revoked in Setup.' }));
    const summary = core.connections.summary();
    expect(summary.counts).toEqual({ connected: 2, expired: 2, revoked: 1, deleted: 1 });
    expect(summary.attention.connections.map((c) => c.id)).toEqual(['con_1_2', 'con_1_3', 'con_2_1']);
    expect(summary.nextExpiry?.connectionId).toBe('con_1_2');
  });

  it('read the shard of an integration only when an org\'s idle policy is about to expire one of its connections', async () => {
    const dir = profile();
    const old = new Date(Date.now() - 28 * DAY).toISOString();
    const fresh = new Date(Date.now() - DAY).toISOString();
    writeShard(dir, 1, [{ ...connection(1, 1, old), connectedAt: old }, { ...connection(1, 2, fresh), connectedAt: fresh }]);
    writeShard(dir, 2, [{ ...connection(2, 1, fresh), connectedAt: fresh }]);
    const first = await start(dir);
    await dispatch(first.handlers, 'offerings.update', { id: 'salesforce-production', refreshTokenIdleDays: 30 }, { transport: 'browser' }, first.logger);
    first.connections.summary();
    await stop(first);

    const second = await start(dir);
    const summary = second.connections.summary();
    expect(summary.attention.connections).toEqual([expect.objectContaining({ id: 'con_1_1', expiresSoon: true })]);
    // int_1's oldest connection is inside the warning, so its shard was read; int_2's was not.
    expect(second.connections.loadedIntegrationIds()).toEqual(['int_1']);
  });

  it('are computed from the shards when their document is missing or stale, and saved for the next start', async () => {
    const { dir, records } = troubled();
    await stop(await start(dir).then((core) => (core.connections.summary(), core)));
    const file = path.join(dir, 'connection-status.json');
    expect(fs.existsSync(file)).toBe(true);
    fs.rmSync(file);
    fs.rmSync(`${file}.bak`, { force: true });

    const next = await start(dir);
    expect(next.connections.summary()).toEqual(summarizeStatus({ integrations, connections: records }));
    await stop(next);
    const again = await start(dir);
    expect(again.connections.summary()).toEqual(summarizeStatus({ integrations, connections: records }));
    expect(again.connections.loadedIntegrationIds()).toEqual([]);
  });

  it('a first integrations list reads only the list figures, not the status document', async () => {
    const { dir } = troubled();
    const first = await start(dir);
    first.connections.summary();
    const listed = await figures(first);
    await stop(first);
    // Made unreadable: a list that read it would find it damaged, put it aside and restore its backup.
    fs.writeFileSync(path.join(dir, 'connection-status.json'), '{ damaged');
    const next = await start(dir);
    expect(await figures(next)).toEqual(listed);
    expect(fs.readFileSync(path.join(dir, 'connection-status.json'), 'utf8')).toBe('{ damaged');
  });
});
