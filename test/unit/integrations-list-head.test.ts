import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Integration, IntegrationsPage } from '../../preload/contract/models.js';
import { createAppCore, type AppCore } from '../../main/core/app-core.js';
import { readConfig } from '../../main/core/config.js';
import { connectionsDocSchema, type ConnectionRecord } from '../../main/core/connections/connection-record.js';
import { integrationsDocSchema, type IntegrationRecord } from '../../main/core/domain/integrations/integration-record.js';
import { firstByName, LIST_HEAD_SIZE } from '../../main/core/domain/integrations/list-head.js';
import { dispatch } from '../../main/core/ipc/dispatch.js';
import { openJsonStore } from '../../main/core/storage/json-store.js';
import { createRecoveryLog } from '../../main/core/storage/recovery-log.js';
import { createLogger } from '../../main/core/support/logger.js';

/**
 * Issue 15: the window's first rows at start-up (`integrations.firstPage`) come from the stored list
 * head, without reading the integrations document (3.5 MB at 10,000 integrations), and are the same
 * rows the whole list gives, whatever changed since the head was saved.
 */
const T0 = '2026-11-01T10:00:00.000Z';
const COUNT = 130; // more than one page
const dirs: string[] = [];
const cores: AppCore[] = [];
afterEach(async () => {
  vi.restoreAllMocks();
  for (const core of cores.splice(0)) await core.dispose().catch(() => undefined);
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

// Names out of order, and numbered (the collator orders "Integration 9" before "Integration 10").
const integration = (i: number): IntegrationRecord => ({
  id: `int_${i}`, name: `Integration ${(i * 37) % COUNT}`, offeringId: 'salesforce-production', clientId: `client-${i}`,
  scopes: ['api', 'refresh_token'], status: 'configured', createdAt: T0, updatedAt: T0,
});
const connection = (i: number, j: number, lastActiveAt: string): ConnectionRecord => ({
  id: `con_${i}_${j}`, integrationId: `int_${i}`, userEmail: `u${j}@org${i}.example`, userName: `U ${j}`, userId: `005${i}${j}`, orgId: `00D${i}`,
  instanceUrl: 'https://org.my.salesforce.com', environment: 'production', status: 'connected', scopes: ['api'], tokenType: 'Bearer',
  connectedAt: T0, lastActiveAt, updatedAt: T0,
});

const integrationsStore = (dir: string) =>
  openJsonStore({ dir, name: 'integrations', schema: integrationsDocSchema, defaults: { integrations: [] }, version: 1, recoveries: createRecoveryLog() });
const writeShard = (dir: string, i: number, connections: ConnectionRecord[]) =>
  openJsonStore({ dir, name: `connections/int_${i}`, schema: connectionsDocSchema, defaults: { connections: [] }, version: 1, recoveries: createRecoveryLog() }).set({ connections });

function profile(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'desk-list-head-'));
  dirs.push(dir);
  integrationsStore(dir).set({ integrations: Array.from({ length: COUNT }, (_, i) => integration(i)) });
  // Integration 0 is named "Integration 0": first by name, with two connections.
  writeShard(dir, 0, [connection(0, 1, '2026-11-02T00:00:00.000Z'), connection(0, 2, '2026-11-03T00:00:00.000Z')]);
  return dir;
}

async function start(dir: string): Promise<AppCore> {
  const config = readConfig({ DESK_DATA_DIR: dir, DESK_VAULT_KEY_FILE: '1', DESK_CALLBACK_PORT: '1' });
  const core = await createAppCore({ config, logger: createLogger({ level: 'error' }), mode: 'browser' });
  cores.push(core);
  return core;
}

async function stop(core: AppCore): Promise<void> {
  cores.splice(cores.indexOf(core), 1);
  await core.dispose();
}

async function call<T>(core: AppCore, channel: string): Promise<T> {
  const result = await dispatch(core.handlers, channel, undefined, { transport: 'browser' }, core.logger);
  if (!result.ok) throw new Error(result.message);
  return result.value as T;
}

/** What the whole list says the first page must be: its first rows by name, and its length. */
async function expectedPage(core: AppCore): Promise<IntegrationsPage> {
  const all = await call<Integration[]>(core, 'integrations.list');
  const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });
  return { rows: all.slice().sort((a, b) => collator.compare(a.name, b.name)).slice(0, LIST_HEAD_SIZE), total: all.length };
}

/** Counts reads of the integrations document from here on. */
function countIntegrationReads(dir: string): () => number {
  const file = path.join(dir, 'integrations.json');
  const read = vi.spyOn(fs, 'readFileSync');
  return () => read.mock.calls.filter(([target]) => target === file).length;
}

describe('the first rows of the integrations list (issue 15)', () => {
  it('come from the stored head after a restart, without reading the integrations, and match the whole list', async () => {
    const dir = profile();
    const first = await start(dir);
    const page = await call<IntegrationsPage>(first, 'integrations.firstPage');
    expect(page).toEqual(await expectedPage(first));
    expect(page.rows[0]).toMatchObject({ name: 'Integration 0', connectionCount: 2, lastActivityAt: '2026-11-03T00:00:00.000Z' });
    await stop(first);

    const reads = countIntegrationReads(dir);
    const second = await start(dir);
    const again = await call<IntegrationsPage>(second, 'integrations.firstPage');
    expect(reads()).toBe(0);
    expect(second.connections.loadedIntegrationIds()).toEqual([]);
    expect(again).toEqual(page);
    expect(again).toEqual(await expectedPage(second));
  });

  it('follow an integration renamed behind the app\'s back (a restore, another program)', async () => {
    const dir = profile();
    await stop(await start(dir).then(async (core) => (await call(core, 'integrations.firstPage'), core)));
    const store = integrationsStore(dir);
    store.update((doc) => ({ integrations: doc.integrations.map((i) => (i.id === 'int_5' ? { ...i, name: 'AAA first now' } : i)) }));

    const next = await start(dir);
    const page = await call<IntegrationsPage>(next, 'integrations.firstPage');
    expect(page.rows[0]?.name).toBe('AAA first now');
    expect(page).toEqual(await expectedPage(next));
  });

  it('follow connections written after the head was saved, by a run that then crashed', async () => {
    const dir = profile();
    await stop(await start(dir).then(async (core) => (await call(core, 'integrations.firstPage'), core)));
    const crashed = await start(dir);
    crashed.connections.bundleAccess.store.update('con_0_1', (c) => ({ ...c, status: 'deleted', lastActiveAt: '2026-11-30T00:00:00.000Z' }));
    cores.splice(cores.indexOf(crashed), 1); // dies: no dispose, so no head or summaries saved

    const next = await start(dir);
    const page = await call<IntegrationsPage>(next, 'integrations.firstPage');
    expect(page.rows[0]).toMatchObject({ name: 'Integration 0', connectionCount: 1, lastActivityAt: '2026-11-30T00:00:00.000Z' });
    expect(page).toEqual(await expectedPage(next));
  });

  it('follow the app\'s own changes: an integration added while it runs is in the next start\'s head', async () => {
    const dir = profile();
    const core = await start(dir);
    await call(core, 'integrations.firstPage');
    const created = await dispatch(core.handlers, 'integrations.create', { name: '0 comes first', offeringId: 'salesforce-production', clientId: 'c', clientSecret: 's', scopes: ['api', 'refresh_token'] }, { transport: 'browser' }, core.logger);
    expect(created.ok).toBe(true);
    const live = await call<IntegrationsPage>(core, 'integrations.firstPage');
    expect(live.total).toBe(COUNT + 1);
    expect(live.rows[0]?.name).toBe('0 comes first');
    await stop(core);

    const reads = countIntegrationReads(dir);
    const next = await start(dir);
    const page = await call<IntegrationsPage>(next, 'integrations.firstPage');
    expect(reads()).toBe(0);
    expect(page).toEqual(live);
  });

  it('are all the integrations when there are fewer than a page, and none in an empty profile', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'desk-list-head-'));
    dirs.push(dir);
    const empty = await start(dir);
    expect(await call(empty, 'integrations.firstPage')).toEqual({ rows: [], total: 0 });
    await stop(empty);
    // Nothing is written at quit for an empty profile (the defaults say it already).
    expect(fs.existsSync(path.join(dir, 'integrations-head.json'))).toBe(false);
    integrationsStore(dir).set({ integrations: [integration(3), integration(1)] });
    const core = await start(dir);
    const page = await call<IntegrationsPage>(core, 'integrations.firstPage');
    expect(page.total).toBe(2);
    expect(page.rows.map((r) => r.id)).toEqual((await expectedPage(core)).rows.map((r) => r.id));
  });
});

describe('the first rows when the integrations file is missing', () => {
  it('are not "none" while its backup is there to restore it (the defaults say "no file" only of no file at all)', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'desk-list-head-'));
    dirs.push(dir);
    integrationsStore(dir).set({ integrations: [integration(3), integration(1)] });
    // The file vanished on its own (its backup stays: the store restores from it), no head saved yet,
    // no connection ever made (no connections folder).
    fs.rmSync(path.join(dir, 'integrations.json'));
    const core = await start(dir);
    const page = await call<IntegrationsPage>(core, 'integrations.firstPage');
    expect(page.total).toBe(2);
    expect(page).toEqual(await expectedPage(core));
  });
});

describe('firstByName', () => {
  it('is the start of a full sort by the window\'s collator, equal names in stored order', () => {
    const names = ['b', 'A', 'a', 'item 10', 'item 9', 'Ä', 'c', 'B', 'item 100', 'z', 'a'];
    const records = names.map((name, i) => ({ ...integration(i), name }));
    const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });
    const sorted = records.slice().sort((x, y) => collator.compare(x.name, y.name));
    for (const n of [0, 1, 3, 5, names.length, names.length + 2]) expect(firstByName(records, n)).toEqual(sorted.slice(0, n));
  });
});
